"""Juara I-III confirmed by the chair (stored with the ranking as decided, one version per
decision), re-decisions with a reason, and the provincial first place promoted to the nation."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from paritrana.assessment.domain.conflicts import barred_pairs
from paritrana.assessment.domain.decided import current_record, record_of
from paritrana.assessment.domain.results import (
    Result,
    as_decimal,
    compute,
    group_code,
    group_name,
    nominees,
)
from paritrana.assessment.models import (
    Assignment,
    DecidedRanking,
    Decision,
    MemberRole,
    Panel,
    PanelMember,
    ScoreSheet,
)
from paritrana.awards.bahasa import bahasa
from paritrana.awards.domain import representatives
from paritrana.awards.domain.audit import log_action, snapshot
from paritrana.awards.domain.eligibility import candidate_of
from paritrana.awards.domain.nominations import described
from paritrana.awards.models import (
    Category,
    Level,
    Nomination,
    NominationSource,
    NominationStatus,
    StageKind,
    StageStatus,
)
from paritrana.errors import Forbidden, Missing

PLACES = ("Juara I", "Juara II", "Juara III")


class DecisionRefused(Forbidden):
    """A decision that cannot be taken (message in Bahasa Indonesia)."""


class DecisionMissing(Missing):
    """A re-decision of a group never decided (message in Bahasa Indonesia)."""


def panel_for(category: Category, group: str) -> Panel | None:
    province = group if category.level == Level.PROVINCIAL else ""
    return Panel.objects.filter(
        cycle_id=category.cycle_id, level=category.level, province=province
    ).first()


def results_released(nomination: Nomination) -> bool:
    """Has the candidate's round a result it may read: a confirmed Juara in its group, or the
    round's decision stage closed?"""
    category = nomination.category
    if Decision.objects.filter(category=category, group=group_code(nomination)).exists():
        return True
    return category.cycle.stages.filter(
        level=category.level, kind=StageKind.DECISION, status=StageStatus.CLOSED
    ).exists()


def confirmer(category: Category, group: str, chosen: Sequence[Nomination]) -> PanelMember | None:
    """Who confirms: the chair, or the secretary when the chair is conflicted with a winner."""
    panel = panel_for(category, group)
    if panel is None:
        return None
    seats = {
        m.role: m for m in panel.members.filter(role__in=[MemberRole.CHAIR, MemberRole.SECRETARY])
    }
    for role in (MemberRole.CHAIR, MemberRole.SECRETARY):
        member = seats.get(role)
        if member is not None and not barred_pairs([member], chosen):
            return member
    return None


@dataclass(frozen=True)
class Choice:
    """Juara I-III proposed for `category` in `group`: what `access.confirm_decision` asks
    about (the chair confirms, or the secretary when the chair is conflicted with a winner)."""

    category: Category
    group: str
    chosen: tuple[Nomination, ...]

    @property
    def name(self) -> str:
        return f"{self.category.name} {group_name(self.group)}"


def confirm(
    *,
    category: Category,
    group: str,
    chosen: Sequence[Nomination],
    user: Any,
    reason: str = "",
    seen: str | None = None,
) -> list[Decision]:
    """Confirm Juara I, II, III (in that order) of `category` in `group`.

    The ranking is computed here, from the scores as they are now, and stored as decided. `seen`
    is the fingerprint (`fingerprint`) of the ranking the person confirming was shown: when the
    ranking has changed since (a score sheet sent in between), nothing is decided and they are
    asked to look again, so no one confirms Juara on totals they did not see.

    The ranking's top three are expected; any other choice needs a reason. The group's ranking
    is stored as decided (a `DecidedRanking`, version 1). Once decided, confirming again is a
    re-decision (`redecide`): a reason is required and a new version is made. In the
    provincial round Juara I goes on to the national round of the same category. Who may
    confirm is the access policy's (`access.confirm_decision`), asked by the command.
    """
    if current_record(category, group) is not None:
        return redecide(
            category=category, group=group, chosen=chosen, user=user, reason=reason, seen=seen
        )
    stage = category.cycle.stages.get(level=category.level, kind=StageKind.DECISION)
    if stage.status != StageStatus.OPEN:
        raise DecisionRefused(
            f"Tahap keputusan {bahasa(stage.get_level_display).lower()} tidak sedang dibuka."
        )
    return _decide(category, group, list(chosen), user, reason, seen)


def redecide(
    *,
    category: Category,
    group: str,
    chosen: Sequence[Nomination],
    user: Any,
    reason: str,
    seen: str | None = None,
) -> list[Decision]:
    """Decide a decided group again, on today's ranking: a new version, with its reason (shown
    on the public page as a correction). The earlier version is kept, marked superseded."""
    earlier = current_record(category, group)
    if earlier is None:
        raise DecisionMissing(
            f"Juara {category.name} {group_name(group)} belum pernah dikonfirmasi: konfirmasi "
            "dahulu, keputusan ulang hanya untuk mengoreksi keputusan yang sudah ada."
        )
    stage = category.cycle.stages.get(level=category.level, kind=StageKind.DECISION)
    if stage.status == StageStatus.DRAFT:
        raise DecisionRefused(
            f"Tahap keputusan {bahasa(stage.get_level_display).lower()} belum dibuka."
        )
    if not reason.strip():
        raise DecisionRefused(
            f"Juara {category.name} {group_name(group)} sudah diputuskan pada "
            f"{timezone.localtime(earlier.decided_at):%d/%m/%Y %H:%M} (versi {earlier.version}). "
            "Keputusan ulang membuat versi baru: alasan wajib diisi dan diumumkan sebagai "
            "koreksi."
        )
    return _decide(category, group, list(chosen), user, reason, seen, earlier=earlier)


def fingerprint(result: Result) -> str:
    """What a ranking says, in a few characters: each row's candidate, rank and total, in order.
    A page showing `result` sends it with the confirmation (`confirm`'s `seen`)."""
    rows = "|".join(
        f"{row.nomination.pk}:{row.rank}:{'' if row.total is None else f'{row.total:.6f}'}"
        for row in result.rows
    )
    return hashlib.sha256(rows.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class OpenSheets:
    """One assessor's score sheets of one stage still to be sent in a group."""

    assessor: str
    stage: str
    candidates: list[str]

    def __str__(self) -> str:
        return f"{self.assessor} ({self.stage}: {', '.join(self.candidates)})"


def open_sheets(category: Category, group: str) -> list[OpenSheets]:
    """The score sheets of the group's candidates still to be sent, per assessor and stage."""
    sent = ScoreSheet.objects.filter(
        stage_id=OuterRef("stage_id"),
        member_id=OuterRef("member_id"),
        nomination_id=OuterRef("nomination_id"),
        submitted_at__isnull=False,
    )
    assigned = (
        Assignment.objects.filter(
            nomination__in=nominees(category, group),
            stage__kind__in=[StageKind.VERIFICATION, StageKind.INTERVIEW],
        )
        .exclude(Exists(sent))
        .select_related("member__user", "stage", "nomination")
        .order_by("member__user__first_name", "member__user__username", "stage__order")
    )
    rows = list(assigned)
    barred = barred_pairs({a.member for a in rows}, {a.nomination for a in rows})
    found: dict[tuple[int, int], OpenSheets] = {}
    for a in rows:
        if (a.member_id, a.nomination_id) in barred:
            continue  # a conflicted assessor's sheet is not waited for
        key = (a.member_id, a.stage_id)
        if key not in found:
            who = a.member.user.get_full_name() or a.member.user.get_username()
            found[key] = OpenSheets(who, bahasa(a.stage.get_kind_display), [])
        found[key].candidates.append(a.nomination.name)
    return list(found.values())


def open_sheets_refusal(category: Category, group: str, waiting: list[OpenSheets]) -> str:
    count = sum(len(each.candidates) for each in waiting)
    return (
        f"Masih ada {count} lembar nilai {category.name} {group_name(group)} yang belum dikirim: "
        f"{'; '.join(str(each) for each in waiting)}. Tunggu sampai semuanya terkirim, atau "
        "tuliskan alasan memutuskan tanpa lembar tersebut (alasan dicatat bersama keputusan; "
        "bila pilihan juga berbeda dari urutan peringkat, tuliskan pula alasannya); setelah "
        "Juara diputuskan, lembar yang belum dikirim tidak lagi diterima."
    )


RANKING_MOVED = (
    "Peringkat berubah sejak halaman ini dibuka (ada nilai yang masuk atau berubah): belum ada "
    "yang diputuskan. Periksa peringkat terbaru di bawah, lalu konfirmasi lagi."
)


def _checked(
    category: Category, group: str, chosen: list[Nomination], reason: str, seen: str | None
) -> Result:
    """Today's ranking of the group, computed here, once the choice is checked against it (and
    against the ranking the person was shown, `seen`)."""
    if not 1 <= len(chosen) <= len(PLACES) or len({n.pk for n in chosen}) != len(chosen):
        raise DecisionRefused("Pilih satu sampai tiga kandidat yang berbeda, urut Juara I-III.")
    result = compute(category=category, group=group)
    if seen is not None and seen != fingerprint(result):
        raise DecisionRefused(RANKING_MOVED)
    waiting = open_sheets(category, group)
    if waiting and not reason.strip():
        raise DecisionRefused(open_sheets_refusal(category, group, waiting))
    rows = {row.nomination.pk: row for row in result.rows}
    for nomination in chosen:
        row = rows.get(nomination.pk)
        if row is None or row.total is None:
            raise DecisionRefused(f"{nomination.name} belum memiliki nilai akhir di peringkat ini.")
    expected = [row.nomination.pk for row in result.top(len(chosen))]
    if [n.pk for n in chosen] != expected and not reason.strip():
        raise DecisionRefused(
            "Pilihan berbeda dari urutan peringkat; alasan wajib diisi dan dicatat."
        )
    return result


def _with_places(result: Result, chosen: list[Nomination]) -> Result:
    """`result` with the chosen places on its rows (as they will be stored)."""
    places = {n.pk: place for place, n in enumerate(chosen, start=1)}
    rows = [replace(row, place=places.get(row.nomination.pk)) for row in result.rows]
    return replace(result, rows=rows)


def _decide(
    category: Category,
    group: str,
    chosen: list[Nomination],
    user: Any,
    reason: str,
    seen: str | None,
    earlier: DecidedRanking | None = None,
) -> list[Decision]:
    result = _with_places(_checked(category, group, chosen, reason, seen), chosen)
    rows = {row.nomination.pk: row for row in result.rows}
    with transaction.atomic():
        old = list(Decision.objects.filter(category=category, group=group))
        before = [snapshot(d) for d in old]
        Decision.objects.filter(category=category, group=group).delete()
        if earlier is not None:
            earlier.current = False
            earlier.save(update_fields=["current"])
        record = DecidedRanking.objects.create(
            category=category,
            group=group,
            version=earlier.version + 1 if earlier is not None else 1,
            decided_by=user,
            reason=reason.strip(),
            **record_of(result),
        )
        if earlier is not None:
            earlier.superseded_by = record
            earlier.save(update_fields=["superseded_by"])
        decisions = [
            Decision.objects.create(
                category=category,
                group=group,
                place=place,
                nomination=nomination,
                total=as_decimal(rows[nomination.pk].total),
                computed_rank=rows[nomination.pk].rank,
                reason=reason.strip(),
                confirmed_by=user,
                ranking=record,
            )
            for place, nomination in enumerate(chosen, start=1)
        ]
        log_action(
            user=user,
            action="decision.redecide" if earlier is not None else "decision.confirm",
            obj=record,
            cycle=category.cycle,
            before={
                "decisions": before,
                "version": earlier.version if earlier is not None else None,
            },
            after={
                "decisions": [snapshot(d) for d in decisions],
                "version": record.version,
                "reason": record.reason,
            },
        )
        if category.level == Level.PROVINCIAL:
            promote(winner=chosen[0], province=group, user=user)
    return decisions


def national_category(category: Category) -> Category | None:
    return Category.objects.filter(
        cycle_id=category.cycle_id, level=Level.NATIONAL, code=category.code, enabled=True
    ).first()


def promote(*, winner: Nomination, province: str, user: Any) -> Nomination | None:
    """Juara I of a province enters the national round, with its representatives; a replaced
    winner leaves it."""
    national = national_category(winner.category)
    if national is None:
        return None
    label = f"Juara I Provinsi {group_name(province)}"
    for earlier in national.nominations.filter(
        source=NominationSource.PROMOTED, province=province, status=NominationStatus.NOMINATED
    ).exclude(key=winner.key):
        before = snapshot(earlier)
        earlier.status = NominationStatus.REMOVED
        earlier.reason = f"Keputusan {label} diubah."
        earlier.save()
        log_action(
            user=user,
            action="nomination.demote",
            obj=earlier,
            cycle=national.cycle,
            before=before,
            after=snapshot(earlier),
        )
    nomination, _ = Nomination.objects.update_or_create(
        category=national,
        key=winner.key,
        defaults={
            **described(candidate_of(winner), province, user),
            "source": NominationSource.PROMOTED,
            "status": NominationStatus.NOMINATED,
            "basis": label,
        },
    )
    # Its representatives go on with it, to fill in the national self-assessment.
    carried = representatives.carry_over(source=winner, target=nomination)
    log_action(
        user=user,
        action="nomination.promote",
        obj=nomination,
        cycle=national.cycle,
        after={**snapshot(nomination), "representatives": carried},
    )
    return nomination
