"""Why each candidate is in or out of a shortlist, in words a secretariat reads.

The ranking is `nominations.standings`, the very function the draw nominates from; this module
only puts it into words beside the round's nominations: "masuk: peringkat 3 dari 14 menurut
cakupan UCJ 25,38%", "tidak masuk: di luar 5 teratas (peringkat 8 dari 14)", "tidak masuk:
ketepatan bayar 42% di bawah minimum 50%", "ditambahkan dengan tangan: <alasan>",
"dikeluarkan: <alasan>". Metrics by their labels, regions by their names, numbers the Indonesian
way (25,38; 1.234).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paritrana.awards.domain.eligibility import Candidate, candidate_of, check
from paritrana.awards.domain.metric_words import (  # noqa: F401 (the names callers use)
    METRICS,
    metric_label,
    metric_value,
    number_id,
)
from paritrana.awards.domain.nominations import (
    NATION,
    NominationError,
    Standing,
    province_of,
    standings,
)
from paritrana.awards.models import (
    AuditEntry,
    Category,
    Cycle,
    Level,
    Nomination,
    NominationSource,
    NominationStatus,
)
from paritrana.errors import Missing
from paritrana.regions.models import Region, Zone

# What each state of a row is called on the page, the API and the command line.
STATES = {
    "in": "masuk, belum ditarik",
    "drawn": "dinominasikan dari data",
    "added": "ditambahkan dengan tangan",
    "promoted": "promosi dari babak provinsi",
    "removed": "dikeluarkan",
    "out": "tidak masuk",
}


def rule_in_words(category: Category) -> str:
    """'cakupan UCJ tertinggi, 7 teratas; minimum pekerja terlapor yang terdaftar 50%'."""
    rule = category.shortlist
    metric = rule.get("metric", "")
    words = f"{metric_label(metric)} tertinggi"
    if rule.get("top_n"):
        words += f", {rule['top_n']} teratas"
    for key, minimum in (rule.get("minimum") or {}).items():
        words += f"; minimum {metric_label(key)} {metric_value(key, minimum)}"
    return words


@dataclass(frozen=True)
class Row:
    """One candidate of the round as the shortlist page shows it."""

    key: str
    name: str
    place: str  # the kab/kota a company or village is in; the province of a region
    province: str
    value: float | None
    value_text: str  # as the round's column of values shows it: metric_value(column=True)
    position: int | None
    of: int
    state: str  # a key of STATES
    reason: str
    nomination: Nomination | None
    candidate: Candidate | None

    @property
    def state_text(self) -> str:
        return STATES[self.state]

    @property
    def nominated(self) -> bool:
        return self.state in ("drawn", "added", "promoted")


@dataclass
class Shortlist:
    category: Category
    province: str  # a province code, or NATION
    year: int
    rule: str
    rows: list[Row] = field(default_factory=list)
    drawn: AuditEntry | None = None  # the last draw

    @property
    def nominated(self) -> list[Row]:
        return [r for r in self.rows if r.nominated]

    @property
    def metric(self) -> str:
        return metric_label(self.category.shortlist.get("metric", ""))

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def by_data(self) -> int:
        return self.count("drawn")

    @property
    def by_hand(self) -> int:
        return self.count("added") + self.count("promoted")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def waiting(self) -> int:
        """In by the rule, not drawn yet."""
        return self.count("in")

    def addable(self, query: str = "") -> list[Row]:
        """Eligible candidates not nominated, whose name holds `query`: who may be added."""
        needle = query.strip().lower()
        return [
            r
            for r in self.rows
            if not r.nominated and r.candidate is not None and needle in r.name.lower()
        ]

    def candidate(self, key: str) -> Candidate:
        for row in self.rows:
            if row.key == key and row.candidate is not None:
                return row.candidate
        raise Missing(
            f"Tidak ada kandidat '{key}' yang memenuhi syarat {self.category.name} di babak ini."
        )

    def nomination(self, key: str) -> Nomination:
        for row in self.rows:
            if row.key == key and row.nomination is not None and row.nominated:
                return row.nomination
        raise Missing(f"'{key}' tidak sedang dinominasikan di {self.category.name} babak ini.")


def _computed(standing: Standing, category: Category, group_name: str) -> str:
    """The rule's verdict on one standing, in words."""
    rule = category.shortlist
    metric = rule.get("metric", "")
    label = metric_label(metric)
    where = f" di {group_name}" if group_name else ""
    if standing.shortfalls:
        return "tidak masuk: " + "; ".join(
            f"{metric_label(s.metric)} {metric_value(s.metric, s.value)} di bawah minimum "
            f"{metric_value(s.metric, s.minimum)}"
            if s.value is not None
            else f"{metric_label(s.metric)} tidak tersedia (minimum "
            f"{metric_value(s.metric, s.minimum)})"
            for s in standing.shortfalls
        )
    if standing.value is None:
        return f"tidak masuk: {label} tidak tersedia"
    ranked = f"peringkat {standing.position} dari {standing.of}{where}"
    if standing.selected:
        return f"masuk: {ranked} menurut {label} {metric_value(metric, standing.value)}"
    return f"tidak masuk: di luar {rule.get('top_n')} teratas ({ranked})"


def _verdict(
    computed: str, standing: Standing | None, nomination: Nomination | None
) -> tuple[str, str]:
    """(state, reason): a nomination's own record wins over the rule's verdict."""
    if nomination is not None:
        if nomination.status == NominationStatus.REMOVED:
            return "removed", f"dikeluarkan: {nomination.reason}"
        if nomination.source == NominationSource.MANUAL:
            return "added", f"ditambahkan dengan tangan: {nomination.reason}"
        if nomination.source == NominationSource.PROMOTED:
            return "promoted", "promosi dari babak provinsi"
        if standing is not None and standing.selected:
            return "drawn", computed
        now = computed.removeprefix("tidak masuk: ") if computed else "tidak ada datanya"
        return "drawn", f"masuk pada penarikan sebelumnya ({nomination.basis_in_words}); kini {now}"
    if standing is not None and standing.selected:
        return "in", computed
    return "out", computed


def _round_nominations(category: Category, province: str) -> dict[str, Nomination]:
    rows = Nomination.objects.filter(category=category).select_related("category")
    if province != NATION:
        rows = rows.filter(province=province)
    return {n.key: n for n in rows}


def last_draw(category: Category, province: str) -> AuditEntry | None:
    """The round's last draw (a national category drawn province by province counts too)."""
    entries = AuditEntry.objects.filter(
        action="shortlist.draw", model=Category._meta.label, object_id=str(category.pk)
    )
    if province != NATION:
        entries = entries.filter(after__province=province)
    return entries.order_by("-at", "-id").first()


def explain(
    *, category: Category, province: str, year: int, base_kind: str = "sakernas_bekerja"
) -> Shortlist:
    """Every eligible candidate of the round and every nomination in it, each with its reason:
    those the rule ranks first, in rank order, then the rest."""
    ranked = standings(category, province, year, base_kind)
    nominations = _round_nominations(category, province)
    metric = category.shortlist.get("metric", "")
    codes = {s.candidate.region_code for s in ranked} | {
        n.region_code for n in nominations.values()
    }
    places = {c[:5] for c in codes} | {c[:2] for c in codes}
    names = dict(Region.objects.filter(code__in=places).values_list("code", "name"))
    zones = dict(Zone.objects.values_list("code", "name"))
    shortlist = Shortlist(category, province, year, rule_in_words(category))

    def place(code: str, entity: str) -> str:
        inner = code[:5] if entity in ("perusahaan", "desa") else code[:2]
        return names.get(inner, inner)

    for standing in ranked:
        candidate = standing.candidate
        key = candidate.employer_id or candidate.region_code
        group = "" if standing.group in (province, NATION) else f"zona {zones.get(standing.group)}"
        nomination = nominations.pop(key, None)
        state, reason = _verdict(_computed(standing, category, group), standing, nomination)
        shortlist.rows.append(
            Row(
                key,
                candidate.name,
                place(candidate.region_code, candidate.entity),
                province_of(candidate),
                standing.value,
                metric_value(metric, standing.value, column=True),
                standing.position,
                standing.of,
                state,
                reason,
                nomination,
                candidate,
            )
        )
    for nomination in sorted(nominations.values(), key=lambda n: n.name):
        # Nominated without an eligible metric row: by hand, promoted, or data since changed.
        candidate = candidate_of(nomination)
        state, reason = _verdict("", None, nomination)
        shortlist.rows.append(
            Row(
                nomination.key,
                nomination.name,
                place(nomination.region_code, nomination.entity),
                nomination.province,
                None,
                metric_value(metric, None),
                None,
                0,
                state,
                reason,
                nomination,
                candidate if check(category, candidate).eligible else None,
            )
        )
    shortlist.drawn = last_draw(category, province)
    return shortlist


def ensure_province(category: Category, province: str) -> str:
    """The round's province as the URL gives it: a province's code (the provincial round, or
    one province of the national round) or NATION; anything else is refused."""
    if province == NATION:
        if category.level != Level.NATIONAL:
            raise NominationError(
                f"{category.name} babak provinsi ditarik per provinsi: pilih satu provinsi."
            )
        return province
    known = len(province) == 2 and province.isdigit()
    if not known or not Region.objects.filter(code=province, level="provinsi").exists():
        raise Missing(f"Tidak ada provinsi dengan kode '{province}'.")
    return province


@dataclass(frozen=True)
class RoundSummary:
    """One round of the overview: a category in one province (the national round: all)."""

    category: Category
    province: str
    province_name: str
    by_data: int
    by_hand: int  # added by hand or promoted
    removed: int
    drawn: bool

    @property
    def nominated(self) -> int:
        return self.by_data + self.by_hand


def rounds(
    cycle: Cycle, *, provinces: list[str] | None = None, categories: list[int] | None = None
) -> list[RoundSummary]:
    """Every round of the cycle's categories in use: a provincial category per province, a
    national category once (NATION), with its counts and whether it was drawn; in a few
    queries, whatever the number of candidates."""
    all_provinces = list(
        Region.objects.filter(level="provinsi").order_by("code").values_list("code", "name")
    )
    wanted = [p for p in all_provinces if provinces is None or p[0] in provinces]
    chosen = cycle.categories.filter(enabled=True).order_by("-level", "order")
    if categories is not None:
        chosen = chosen.filter(pk__in=categories)
    counts: dict[tuple[int, str, str, str], int] = {}
    for category_id, province, source, status in Nomination.objects.filter(
        category__cycle=cycle
    ).values_list("category_id", "province", "source", "status"):
        for where in (province, NATION):
            slot = (category_id, where, source, status)
            counts[slot] = counts.get(slot, 0) + 1
    drawn: set[tuple[str, str]] = set()
    for object_id, after in AuditEntry.objects.filter(
        action="shortlist.draw", cycle=cycle
    ).values_list("object_id", "after"):
        drawn |= {(object_id, (after or {}).get("province", "")), (object_id, NATION)}

    def count(category: Category, where: str, source: str | None, status: str) -> int:
        return sum(
            n
            for (c, p, s, st), n in counts.items()
            if c == category.pk and p == where and st == status and (source is None or s == source)
        )

    summaries = []
    for category in chosen:
        places = [(NATION, "babak nasional")] if category.level == Level.NATIONAL else wanted
        if category.level == Level.NATIONAL and provinces is not None:
            places = []  # the national round is not a province's
        for code, name in places:
            nominated = NominationStatus.NOMINATED
            summaries.append(
                RoundSummary(
                    category,
                    code,
                    name,
                    by_data=count(category, code, NominationSource.DATA, nominated),
                    by_hand=count(category, code, None, nominated)
                    - count(category, code, NominationSource.DATA, nominated),
                    removed=count(category, code, None, NominationStatus.REMOVED),
                    drawn=(str(category.pk), code) in drawn,
                )
            )
    return summaries
