"""Who has work waiting, and reminding them.

Waiting work is read from the open stages: an assessor with score sheets not submitted in an
open scoring stage; a candidate (its representatives) without a submitted self-assessment while
the self-assessment stage is open; a panel chair with groups whose Juara are not confirmed
while the decision stage is open. It is late once the stage's end date has passed
(`progress.overdue`, the progress board's and the home page's definition too), and `late_tally`
counts what is late in the board's words, so the home page's "2 score sheets late" is what the
reminders page lists.

Everybody sees what waits for them in the app in any case; `send` also records a `Reminder`
per person and kind (shown on their reminders page), and emails it when the site has an SMTP
host configured (`settings.EMAIL_HOST`) and the person an address. Nobody is reminded of the
same kind of work twice within a day unless the sender insists (`force`).
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Max, Q
from django.utils import timezone

from paritrana.assessment.domain.progress import Figures, overdue, sheet_submitted
from paritrana.assessment.domain.results import NATION, group_code, group_name, zone_map
from paritrana.assessment.models import (
    Assignment,
    DecidedRanking,
    Decision,
    MemberRole,
    Panel,
    Reminder,
    ReminderKind,
)
from paritrana.awards.domain.audit import log_action
from paritrana.awards.labels import group_label
from paritrana.awards.models import (
    Cycle,
    Level,
    Nomination,
    NominationStatus,
    Representative,
    Stage,
    StageKind,
    StageStatus,
)

AGAIN_AFTER = dt.timedelta(days=1)
WHAT = {
    ReminderKind.SHEETS: "lembar nilai belum dikirim",
    ReminderKind.SELF_ASSESSMENT: "penilaian mandiri belum dikirim",
    ReminderKind.DECISION: "kelompok menunggu konfirmasi Juara",
}
NOBODY = {
    ReminderKind.SHEETS: "(tanpa akun)",
    ReminderKind.SELF_ASSESSMENT: "(belum ada wakil kandidat)",
    ReminderKind.DECISION: "(belum ada ketua tim)",
}
WHERE = {
    ReminderKind.SHEETS: "/penilaian/",
    ReminderKind.SELF_ASSESSMENT: "/kandidat/",
    ReminderKind.DECISION: "/hasil/",
}


@dataclass
class Waiting:
    """One person's waiting work of one kind in one cycle (`user` None: nobody to remind, e.g.
    a candidate without a representative account)."""

    cycle: Cycle
    kind: str
    user: Any
    province: str  # "" for the national round
    items: list[str] = field(default_factory=list)
    # per item, what it points at where there is a page for it: (category id, group) of a
    # group waiting for its Juara (the ranking page); None otherwise
    targets: list[tuple[int, str] | None] = field(default_factory=list)
    # per item, as pages show it: a group's category and zone in the reader's language
    # (`items` stay as the Bahasa Indonesia reminder mail writes them)
    shown: list[str] = field(default_factory=list)
    # per item, what it is (a sheet's assignment, a candidate, a group: one candidate with two
    # representatives is one self-assessment) and whether it is late, for `late_tally`
    keys: list[tuple[Any, ...]] = field(default_factory=list)
    items_late: list[bool] = field(default_factory=list)
    due: dt.date | None = None  # the earliest end date of the stages concerned
    late: bool = False
    last_sent: dt.datetime | None = None

    @property
    def person(self) -> str:
        if self.user is None:
            return NOBODY[ReminderKind(self.kind)]
        full = self.user.get_full_name() if hasattr(self.user, "get_full_name") else ""
        return full or self.user.get_username()

    @property
    def kind_label(self) -> str:
        return str(ReminderKind(self.kind).label)

    @property
    def province_name(self) -> str:
        return group_name(self.province) if self.province else "Nasional"

    @property
    def province_label(self) -> str:
        """The round's place for the reader: a province's name, or "National"."""
        if not self.province:
            return group_label("", "Nasional", national=True)
        return group_label(self.province, self.province_name)

    @property
    def summary(self) -> str:
        """What waits, in a sentence (Bahasa Indonesia)."""
        text = f"{len(self.items)} {WHAT[ReminderKind(self.kind)]}: {', '.join(self.items)}"
        if self.due is not None:
            text += f" (batas {self.due:%d/%m/%Y}" + (", terlambat)" if self.late else ")")
        return text


def _open_stages(cycles: Iterable[Cycle] | None, kinds: Iterable[str]) -> list[Stage]:
    stages = Stage.objects.filter(status=StageStatus.OPEN, kind__in=list(kinds))
    if cycles is not None:
        stages = stages.filter(cycle__in=list(cycles))
    return list(stages.select_related("cycle"))


def waiting(
    *,
    cycle: Cycle | None = None,
    provinces: Iterable[str] | None = None,
    user: Any = None,
    today: dt.date | None = None,
    kinds: Iterable[str] | None = None,
) -> list[Waiting]:
    """Everybody's waiting work (or `user`'s only), in `cycle` (None: every cycle), in the
    given provinces' rounds (None: every round, the national one included), of the given
    kinds (`ReminderKind`; None: every kind)."""
    today = today or timezone.localdate()
    wanted_kinds = set(kinds) if kinds is not None else set(ReminderKind.values)
    wanted = set(provinces) if provinces is not None else None
    cycles = [cycle] if cycle is not None else None
    found: dict[tuple[int, str, int | None, str], Waiting] = {}

    def note(
        cycle: Cycle,
        kind: str,
        who: Any,
        province: str,
        item: str,
        stage: Stage,
        target: tuple[int, str] | None = None,
        shown: str | None = None,
        *,
        what: tuple[Any, ...],
    ) -> None:
        key = (cycle.pk, kind, getattr(who, "pk", None), province)
        if who is None:
            key = (*key[:3], f"{province}:{item}")
        entry = found.setdefault(key, Waiting(cycle, kind, who, province))
        entry.items.append(item)
        entry.targets.append(target)
        entry.shown.append(item if shown is None else shown)
        if stage.ends_on is not None and (entry.due is None or stage.ends_on < entry.due):
            entry.due = stage.ends_on
        late = overdue(stage, today)
        entry.keys.append(what)
        entry.items_late.append(late)
        entry.late = entry.late or late

    def in_scope(level: str, province: str) -> bool:
        return wanted is None or (level == Level.PROVINCIAL and province in wanted)

    def open_for(kind: str, stage_kinds: list[str]) -> list[Stage]:
        return _open_stages(cycles, stage_kinds) if kind in wanted_kinds else []

    scoring = open_for(ReminderKind.SHEETS, [StageKind.VERIFICATION, StageKind.INTERVIEW])
    if scoring:
        open_sheets = (
            Assignment.objects.filter(
                stage__in=scoring, nomination__status=NominationStatus.NOMINATED
            )
            .exclude(sheet_submitted())
            .select_related("stage__cycle", "member__user", "member__panel", "nomination__category")
            .order_by("nomination__name")
        )
        if user is not None:
            open_sheets = open_sheets.filter(member__user=user)
        # A decided group's sheets are closed (scores.ensure_undecided): nothing to remind of.
        decided = set(
            DecidedRanking.objects.filter(
                category__cycle__in={stage.cycle_id for stage in scoring}, current=True
            ).values_list("category_id", "group")
        )
        zones = zone_map() if decided else {}
        for a in open_sheets:
            if decided and (a.nomination.category_id, group_code(a.nomination, zones)) in decided:
                continue
            province = a.member.panel.province
            if in_scope(a.stage.level, province):
                note(
                    a.stage.cycle,
                    ReminderKind.SHEETS,
                    a.member.user,
                    province,
                    a.nomination.name,
                    a.stage,
                    what=("sheet", a.pk),
                )

    for stage in open_for(ReminderKind.SELF_ASSESSMENT, [StageKind.SELF_ASSESSMENT]):
        missing = (
            Nomination.objects.filter(
                category__cycle=stage.cycle,
                category__level=stage.level,
                category__enabled=True,
                status=NominationStatus.NOMINATED,
            )
            .filter(Q(self_assessment__isnull=True) | Q(self_assessment__submitted_at__isnull=True))
            .order_by("name")
        )
        if wanted is not None:
            missing = (
                missing.filter(province__in=wanted)
                if stage.level == Level.PROVINCIAL
                else missing.none()
            )
        links: dict[int, list[Any]] = defaultdict(list)
        reps = Representative.objects.filter(nomination__in=missing).select_related("user")
        if user is not None:
            reps = reps.filter(user=user)
            missing = missing.filter(representatives__user=user)
        for link in reps:
            links[link.nomination_id].append(link.user)
        # A decided group's candidates: nothing of theirs is waited for any more (as on the
        # progress board), whatever the self-assessment stage's dates.
        settled = decided_groups(stage.cycle, stage.level)
        zones = zone_map() if settled and stage.level == Level.NATIONAL else {}
        for nomination in missing.select_related("category"):
            if settled and (nomination.category_id, group_code(nomination, zones)) in settled:
                continue
            province = nomination.province if stage.level == Level.PROVINCIAL else ""
            for who in links.get(nomination.pk) or [None]:
                note(
                    stage.cycle,
                    ReminderKind.SELF_ASSESSMENT,
                    who,
                    province,
                    nomination.name,
                    stage,
                    what=("candidate", nomination.pk),
                )

    for stage in open_for(ReminderKind.DECISION, [StageKind.DECISION]):
        _undecided(stage, wanted, user, note)

    result = sorted(
        found.values(),
        key=lambda w: (w.cycle.pk, w.province, w.kind, w.person.lower()),
    )
    _last_sent(result)
    return result


def late_tally(entries: Iterable[Waiting]) -> Figures:
    """What of `entries` is late, counted as the progress board counts it (a sheet per
    assignment, a self-assessment per candidate, a decision per group), so `Figures.late` says
    it in the board's (and the home page's) words."""
    late: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
    for entry in entries:
        for key, is_late in zip(entry.keys, entry.items_late, strict=True):
            if is_late:
                late[entry.kind].add(key)
    return Figures(
        submissions_late=len(late[ReminderKind.SELF_ASSESSMENT]),
        sheets_late=len(late[ReminderKind.SHEETS]),
        decisions_late=len(late[ReminderKind.DECISION]),
    )


def decided_groups(cycle: Cycle, level: str) -> set[tuple[int, str]]:
    """The (category id, group) of the round whose Juara are decided: confirmed places (as the
    progress board counts them), or a current decided ranking."""
    confirmed = Decision.objects.filter(category__cycle=cycle, category__level=level)
    recorded = DecidedRanking.objects.filter(
        category__cycle=cycle, category__level=level, current=True
    )
    return set(confirmed.values_list("category_id", "group").distinct()) | set(
        recorded.values_list("category_id", "group")
    )


def _undecided(stage: Stage, wanted: set[str] | None, user: Any, note: Any) -> None:
    """Groups of the stage's round with candidates and no confirmed Juara, for their chair."""
    nominations = Nomination.objects.filter(
        category__cycle=stage.cycle,
        category__level=stage.level,
        category__enabled=True,
        status=NominationStatus.NOMINATED,
    ).select_related("category")
    if wanted is not None:
        if stage.level != Level.PROVINCIAL:
            return
        nominations = nominations.filter(province__in=wanted)
    panels_of = Panel.objects.filter(cycle=stage.cycle, level=stage.level)
    if user is not None:
        # One person's groups only: those of the panels they chair or are secretary of (the
        # others' are never theirs), so one person's list does not read the whole round.
        panels_of = panels_of.filter(
            members__user=user, members__role__in=[MemberRole.CHAIR, MemberRole.SECRETARY]
        ).distinct()
    panels = list(panels_of)
    if user is not None:
        if not panels:
            return
        if stage.level == Level.PROVINCIAL:
            nominations = nominations.filter(province__in={p.province for p in panels})
    decided = set(
        Decision.objects.filter(category__cycle=stage.cycle, category__level=stage.level)
        .values_list("category_id", "group")
        .distinct()
    )
    groups: dict[tuple[int, str], Any] = {}
    for nomination in nominations:
        key = (nomination.category_id, group_code(nomination))
        if key not in decided:
            groups.setdefault(key, nomination.category)
    chairs = {(p.province if p.level == Level.PROVINCIAL else ""): p for p in panels}
    seats: dict[int, Any] = {}
    for run in chairs.values():
        members = {m.role: m for m in run.members.select_related("user")}
        seat = members.get(MemberRole.CHAIR) or members.get(MemberRole.SECRETARY)
        if seat is not None:
            seats[run.pk] = seat.user
    for (_category_id, group), category in sorted(
        groups.items(), key=lambda g: (g[0][1], g[1].order)
    ):
        panel = chairs.get(group if stage.level == Level.PROVINCIAL else "")
        who = seats.get(panel.pk) if panel is not None else None
        if user is not None and (who is None or who.pk != user.pk):
            continue
        province = group if stage.level == Level.PROVINCIAL else ""
        note(
            stage.cycle,
            ReminderKind.DECISION,
            who,
            province,
            f"{category.name} {group_name(group)}",
            stage,
            (category.pk, group),
            shown=f"{category.display_name} {_group_shown(group)}",
            what=("group", category.pk, group),
        )


def _group_shown(group: str) -> str:
    return group_label(group, group_name(group), national=group == NATION)


def _last_sent(entries: list[Waiting]) -> None:
    """When each person was last reminded of each kind of work (one query)."""
    users = {w.user.pk for w in entries if w.user is not None}
    cycles = {w.cycle.pk for w in entries}
    if not users:
        return
    last = {
        (row["cycle_id"], row["user_id"], row["kind"]): row["last"]
        for row in Reminder.objects.filter(user_id__in=users, cycle_id__in=cycles)
        .values("cycle_id", "user_id", "kind")
        .annotate(last=Max("sent_at"))
        .order_by()
    }
    for entry in entries:
        if entry.user is not None:
            entry.last_sent = last.get((entry.cycle.pk, entry.user.pk, entry.kind))


# -- sending ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """What a send did (the command's result, recorded in its audit entry)."""

    reminded: int  # reminders recorded (shown in the app)
    emailed: int
    skipped_recent: int  # reminded of the same within a day already
    without_account: int  # waiting work with nobody to remind
    email_failed: int


def reminded_lately(entry: Waiting, now: dt.datetime) -> bool:
    """Reminded of this within a day: `send` skips it unless the sender insists (`force`)."""
    return entry.last_sent is not None and now - entry.last_sent < AGAIN_AFTER


@dataclass(frozen=True)
class Planned:
    """What `send` would do now with these entries, for the sender to confirm before sending
    to everyone (hundreds of people at once)."""

    reminders: int  # reminders it would record, one per person, kind and round
    people: int  # different people among them
    by_kind: list[tuple[str, int]]  # (ReminderKind, people reminded of it), in the kinds' order
    skipped_recent: int
    without_account: int


def plan(
    entries: Iterable[Waiting], *, force: bool = False, now: dt.datetime | None = None
) -> Planned:
    """Who `send` would remind, and of what, without sending anything."""
    now = now or timezone.now()
    entries = list(entries)
    nobody = [e for e in entries if e.user is None]
    reached = [e for e in entries if e.user is not None]
    chosen = [e for e in reached if force or not reminded_lately(e, now)]
    people: dict[str, set[Any]] = defaultdict(set)
    for entry in chosen:
        people[entry.kind].add(entry.user.pk)
    return Planned(
        reminders=len(chosen),
        people=len({e.user.pk for e in chosen}),
        by_kind=[(kind, len(people[kind])) for kind in ReminderKind.values if people[kind]],
        skipped_recent=len(reached) - len(chosen),
        without_account=len(nobody),
    )


def email_configured() -> bool:
    """Is an SMTP host configured (settings.EMAIL_HOST)? Otherwise reminders stay in the app."""
    return bool(getattr(settings, "EMAIL_HOST", ""))


def _message(entry: Waiting) -> tuple[str, str]:
    year = entry.cycle.ceremony_year  # the award's name: "Paritrana Award 2026" (assessing 2025)
    subject = (
        f"Pengingat Paritrana Award {year}: {len(entry.items)} {WHAT[ReminderKind(entry.kind)]}"
    )
    lines = [
        f"Yth. {entry.person},",
        "",
        f"Di {entry.cycle.name} ({entry.province_name}) masih ada pekerjaan yang menunggu Anda:",
        "",
        *[f"- {item}" for item in entry.items],
        "",
    ]
    if entry.due is not None:
        lines.append(
            f"Batas waktu tahap ini {entry.due:%d/%m/%Y}"
            + (": sudah terlambat." if entry.late else ".")
        )
    lines += [
        f"Silakan masuk ke Paritrana, halaman {WHERE[ReminderKind(entry.kind)]} "
        "(semua pengingat Anda ada di halaman /pengingat/).",
        "",
        "Sekretariat Paritrana Award",
    ]
    return subject[:200], "\n".join(lines)


def send(
    *,
    cycle: Cycle,
    entries: Iterable[Waiting],
    user: Any,
    force: bool = False,
    now: dt.datetime | None = None,
) -> Sent:
    """Record (and email, when configured) a reminder for each person's waiting work."""
    now = now or timezone.now()
    entries = list(entries)
    reminded = emailed = skipped = nobody = failed = 0
    sender = user.get_username() if hasattr(user, "get_username") else str(user)
    by = user if getattr(user, "pk", None) else None
    recipients = []
    for entry in entries:
        if entry.user is None:
            nobody += 1
            continue
        if not force and reminded_lately(entry, now):
            skipped += 1
            continue
        subject, body = _message(entry)
        reminder = Reminder(
            cycle=entry.cycle,
            user=entry.user,
            kind=entry.kind,
            province=entry.province,
            subject=subject,
            body=body,
            late=entry.late,
            sent_at=now,
            sent_by=by,
            sender=sender,
        )
        if email_configured() and entry.user.email:
            try:
                send_mail(subject, body, None, [entry.user.email])
                reminder.emailed = True
                emailed += 1
            except (smtplib.SMTPException, OSError) as exc:
                reminder.email_error = f"Email gagal dikirim: {exc}"[:300]
                failed += 1
        reminder.save()
        entry.last_sent = now
        reminded += 1
        recipients.append(entry.user.get_username())
    result = Sent(reminded, emailed, skipped, nobody, failed)
    log_action(
        user=user,
        action="reminders.send",
        obj=cycle,
        cycle=cycle,
        after={
            "pengingat": reminded,
            "email": emailed,
            "dilewati_sudah_diingatkan": skipped,
            "tanpa_akun": nobody,
            "email_gagal": failed,
            "penerima": sorted(set(recipients)),
            "paksa": force,
        },
    )
    return result
