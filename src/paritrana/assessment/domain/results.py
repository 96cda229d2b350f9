"""From stored scores to a ranking: totals, normalisation, reliability, ties and robustness.

For one category and one group (a province in the provincial round; a zone or the nation in
the national round) this gathers the submitted scores of every assessor who is not barred by a
conflict, the data-based scores of the quantitative criteria, and hands them to the pure maths
in `paritrana.scoring`. Nothing here is stored: results are recomputed from the scores, so they
can never disagree with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction

from paritrana.assessment.domain.conflicts import barred_pairs
from paritrana.assessment.models import (
    DEFAULT_TIE_RULES,
    NATION,
    Decision,
    JudgingRules,
    PanelMember,
    Score,
    group_name,
)
from paritrana.awards.bahasa import bahasa
from paritrana.awards.domain.audit import audited
from paritrana.awards.domain.auto_scoring import AutoScore, auto_scores, auto_scores_many
from paritrana.awards.domain.eligibility import candidate_of
from paritrana.awards.domain.templates import leaves
from paritrana.awards.labels import group_label
from paritrana.awards.models import (
    Category,
    Criterion,
    CriterionKind,
    Cycle,
    Level,
    Nomination,
    NominationStatus,
    StageKind,
    StageStatus,
)
from paritrana.errors import DomainError, Forbidden
from paritrana.regions.models import Region
from paritrana.scoring import (
    PERCENT,
    Aggregation,
    Breakdown,
    Scale,
    aggregate,
    disagreement,
    stability,
    weighted_totals,
)
from paritrana.scoring import krippendorff_alpha as alpha_of

BASIC_RULES = ("total", "assessor", "data", "key")


class RulesLocked(Forbidden):
    """Judging rules changed after judging began (message in Bahasa Indonesia)."""


class ResultError(DomainError):
    """A ranking that cannot be computed (message in Bahasa Indonesia)."""


# -- judging rules ------------------------------------------------------------------------


def rules_for(cycle: Cycle, level: str) -> JudgingRules:
    """The round's declared judging rules; the defaults, unsaved, while none were declared (a
    reader never writes them: their declaration is `declare_rules`, a command)."""
    found = JudgingRules.objects.filter(cycle=cycle, level=level).first()
    if found is None:
        return JudgingRules(cycle=cycle, level=level, tie_rules=list(DEFAULT_TIE_RULES))
    return found


def _valid_rule(name: object, codes: set[str]) -> bool:
    if not isinstance(name, str):
        return False
    return name in BASIC_RULES or (name.startswith("criterion:") and name[10:] in codes)


def ensure_unlocked(cycle: Cycle, level: str) -> None:
    """Rules are declared before judging: refused once the round's verification has opened."""
    verification = cycle.stages.get(level=level, kind=StageKind.VERIFICATION)
    if verification.status != StageStatus.DRAFT:
        raise RulesLocked(
            "Aturan penilaian dan pemecah nilai seri harus dinyatakan sebelum penilaian dimulai; "
            f"tahap verifikasi {bahasa(verification.get_level_display).lower()} sudah dibuka."
        )


def check_tie_rules(cycle: Cycle, level: str, tie_rules: Any) -> None:
    codes = {
        c.code
        for c in Criterion.objects.filter(category__cycle=cycle, category__level=level)
        if c.kind == CriterionKind.QUALITATIVE
    }
    if not isinstance(tie_rules, list):
        tie_rules = [tie_rules]
    bad = [str(name) for name in tie_rules if not _valid_rule(name, codes)]
    if bad or not tie_rules:
        raise ResultError(
            f"Aturan pemecah nilai seri tidak dikenal: {', '.join(bad) or '(kosong)'}. Gunakan "
            "total, assessor, data, key atau criterion:KODE."
        )


def check_combination(data_weight: Any, assessor_weight: Any) -> None:
    """Both weights empty (the tree's own), or both set, not negative, not both zero."""
    if data_weight is None and assessor_weight is None:
        return
    if data_weight is None or assessor_weight is None:
        raise ResultError("Isi kedua bobot (data dan penilai), atau kosongkan keduanya.")
    if float(data_weight) < 0 or float(assessor_weight) < 0:
        raise ResultError("Bobot data dan bobot penilai tidak boleh negatif.")
    if float(data_weight) + float(assessor_weight) <= 0:
        raise ResultError("Bobot data dan bobot penilai tidak boleh keduanya nol.")


def declare_rules(*, cycle: Cycle, level: str, user: Any = None, **changes: Any) -> JudgingRules:
    """Set the round's judging rules; refused once its verification stage has opened."""
    ensure_unlocked(cycle, level)
    rules, _ = JudgingRules.objects.get_or_create(
        cycle=cycle, level=level, defaults={"tie_rules": list(DEFAULT_TIE_RULES)}
    )
    check_tie_rules(cycle, level, changes.get("tie_rules", rules.tie_rules))
    if changes.get("method", rules.method) not in ("median", "mean"):
        raise ResultError("Cara menggabungkan penilai harus median atau mean.")
    check_combination(
        changes.get("data_weight", rules.data_weight),
        changes.get("assessor_weight", rules.assessor_weight),
    )
    with transaction.atomic(), audited(rules, user=user, action="rules.declare", cycle=cycle):
        for name, value in changes.items():
            if not hasattr(rules, name) or name in ("id", "cycle", "level"):
                raise ResultError(f"Aturan {name!r} tidak dikenal.")
            setattr(rules, name, value)
        rules.save()
    return rules


# -- groups -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    code: str
    name: str  # as official documents write it, in Bahasa Indonesia

    @property
    def label(self) -> str:
        """The name for the reader: "Nasional" and the zones in the reader's language."""
        return group_label(self.code, self.name, national=self.code == NATION)


def zone_map() -> dict[str, str]:
    """Each province's zone, read once for many `group_code` calls."""
    return dict(Region.objects.filter(level="provinsi").values_list("code", "zone_id"))


def group_code(nomination: Nomination, zones: dict[str, str] | None = None) -> str:
    category = nomination.category
    if category.level == Level.PROVINCIAL:
        return nomination.province
    if category.eligibility.get("per_zone"):
        return (zones if zones is not None else zone_map()).get(nomination.province) or NATION
    return NATION


def groups(category: Category) -> list[Group]:
    zones = zone_map()
    codes = {
        group_code(n, zones)
        for n in category.nominations.filter(status=NominationStatus.NOMINATED).select_related(
            "category"
        )
    }
    return [Group(code, group_name(code)) for code in sorted(codes)]


# -- the computation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    nomination: Nomination
    rank: int
    total: float | None  # the ranked figure (normalised or raw, by the declared rules)
    final_raw: float | None
    final_normalised: float | None
    assessor_raw: float | None
    assessor_normalised: float | None
    data_total: float | None
    stage_totals: dict[str, float | None]
    broken_by: str | None
    keep_share: float
    top_share: float
    rank_low: int
    rank_high: int
    spread: float | None
    flagged: bool
    assessors: int
    place: int | None


@dataclass(frozen=True)
class Result:
    category: Category
    group: Group
    rules: JudgingRules
    rows: list[Row]
    criteria: list[Criterion]  # scored by assessors
    data_criteria: list[Criterion]  # scored from data
    shares: dict[str, float]  # each leaf's share of the total
    alpha: dict[str, float | None]  # per stage kind
    members: dict[str, PanelMember]
    aggregation: Aggregation
    auto: dict[int, list[AutoScore]]
    data_weight: float
    assessor_weight: float
    skipped_rules: list[str] = field(default_factory=list)

    def row(self, nomination: Nomination) -> Row:
        for row in self.rows:
            if row.nomination.pk == nomination.pk:
                return row
        raise ResultError(f"{nomination.name} tidak ada dalam peringkat ini.")

    def top(self, count: int = 3) -> list[Row]:
        return [row for row in self.rows if row.total is not None][:count]

    def explain(self, nomination: Nomination) -> Breakdown:
        return self.aggregation.explain(str(nomination.pk))


def _shares(category: Category) -> dict[str, float]:
    """Each criterion's share of the whole tree (weights normalised among siblings)."""
    criteria = list(category.criteria.all())
    children: dict[int | None, list[Criterion]] = {}
    for criterion in criteria:
        children.setdefault(criterion.parent_id, []).append(criterion)
    shares: dict[str, float] = {}

    def walk(parent: int | None, share: float) -> None:
        siblings = children.get(parent, [])
        total = sum(float(c.weight) for c in siblings)
        for criterion in siblings:
            own = share * float(criterion.weight) / total if total else 0.0
            shares[criterion.code] = own
            walk(criterion.pk, own)

    walk(None, 1.0)
    return shares


def nominees(
    category: Category, group: str, zones: dict[str, str] | None = None
) -> list[Nomination]:
    """The nominated candidates of `category` in `group`: the peers one ranking compares."""
    zones = zones if zones is not None else zone_map()
    rows = category.nominations.filter(status=NominationStatus.NOMINATED)
    if category.level == Level.PROVINCIAL:
        rows = rows.filter(province=group)  # a provincial group is its province
    return [
        n
        for n in rows.select_related("category__cycle").order_by("key")
        if group_code(n, zones) == group
    ]


def candidate_scores(nomination: Nomination) -> list[AutoScore]:
    """One candidate's data-based scores as its group's ranking computes them: a ranking
    criterion (`rank_within`) places it among the group's nominees, itself included even
    before it is nominated."""
    category = nomination.category
    peers = [candidate_of(n) for n in nominees(category, group_code(nomination))]
    own = candidate_of(nomination)
    if own not in peers:
        peers.append(own)
    return auto_scores(
        category=category, candidate=own, year=category.cycle.assessment_year, peers=peers
    )


def _number(value: Any) -> float | None:
    return None if value is None or np.isnan(value) else float(value)


def _data_scores(
    category: Category, nominations: list[Nomination], quantitative: list[Criterion]
) -> tuple[np.ndarray, dict[int, list[AutoScore]]]:
    """Candidates x quantitative criteria on 0..100 (NaN: no data), and the scores behind it."""
    year = category.cycle.assessment_year
    candidates = [candidate_of(n) for n in nominations]
    # Peers are read for every candidate; only ranking functions need them.
    ranked = any(c.function == "rank_within" for c in quantitative)
    column = {c.code: j for j, c in enumerate(quantitative)}
    matrix = np.full((len(nominations), len(quantitative)), np.nan)
    auto: dict[int, list[AutoScore]] = {}
    # The whole group at once: a fixed number of queries, however many candidates.
    everyone = auto_scores_many(
        category=category, candidates=candidates, year=year, peers=candidates if ranked else ()
    )
    for i, (nomination, scored) in enumerate(zip(nominations, everyone, strict=True)):
        auto[nomination.pk] = scored
        for item in scored:
            if item.score is not None:
                criterion = quantitative[column[item.criterion]]
                low, high = float(criterion.scale_min), float(criterion.scale_max)
                matrix[i, column[item.criterion]] = (item.score - low) / (high - low) * 100
    return matrix, auto


def compute(*, category: Category, group: str) -> Result:
    """The ranking of `category` in `group`, everything behind it, and its robustness."""
    zones = zone_map()
    nominations = nominees(category, group, zones)
    if not nominations:
        raise ResultError(f"Tidak ada kandidat {category.name} di {group_name(group)}.")
    rules = rules_for(category.cycle, category.level)
    shares = _shares(category)
    all_leaves = leaves(category)
    qualitative = [c for c in all_leaves if c.kind == CriterionKind.QUALITATIVE]
    quantitative = [c for c in all_leaves if c.kind == CriterionKind.QUANTITATIVE]
    if not qualitative:
        raise ResultError(f"Kategori {category.name} tidak punya kriteria yang dinilai penilai.")
    data_scores, auto = _data_scores(category, nominations, quantitative)
    # The data-based total: the quantitative leaves weighted by their shares, a missing one
    # left out and the others renormalised.
    data = (
        weighted_totals(data_scores, [shares[c.code] for c in quantitative], PERCENT)
        if quantitative
        else np.full(len(nominations), np.nan)
    )

    rows = list(
        Score.objects.filter(
            sheet__nomination__in=nominations,
            sheet__submitted_at__isnull=False,
            criterion__in=qualitative,
        ).values_list("sheet__nomination_id", "sheet__member_id", "criterion_id", "value")
    )
    members = {
        str(m.pk): m
        for m in PanelMember.objects.filter(pk__in={r[1] for r in rows}).select_related(
            "user", "panel"
        )
    }
    barred = barred_pairs(members.values(), nominations)
    assessors = sorted(members, key=lambda k: members[k].display_name) or ["-"]
    n_index = {n.pk: i for i, n in enumerate(nominations)}
    c_index = {c.pk: j for j, c in enumerate(qualitative)}
    a_index = {int(k): a for a, k in enumerate(assessors) if k != "-"}
    array = np.full((len(nominations), len(qualitative), len(assessors)), np.nan)
    for nomination_id, member_id, criterion_id, value in rows:
        if (member_id, nomination_id) in barred:
            continue  # a conflict declared after scoring still removes the score
        array[n_index[nomination_id], c_index[criterion_id], a_index[member_id]] = float(value)

    scales = [Scale(float(c.scale_min), float(c.scale_max)) for c in qualitative]
    quantitative_share = sum(shares[c.code] for c in quantitative)
    data_weight = float(rules.data_weight) if rules.data_weight is not None else quantitative_share
    assessor_weight = (
        float(rules.assessor_weight)
        if rules.assessor_weight is not None
        else sum(shares[c.code] for c in qualitative)
    )
    if not quantitative:
        data_weight = 0.0
    result = aggregate(
        array,
        weights=[shares[c.code] for c in qualitative],
        scales=scales,
        candidates=[str(n.pk) for n in nominations],
        criteria=[c.code for c in qualitative],
        assessors=assessors,
        method=rules.method,
        data_totals=data if quantitative else None,
        data_weight=data_weight,
        assessor_weight=assessor_weight,
    )
    names, skipped = [], []
    for name in rules.tie_rules or DEFAULT_TIE_RULES:
        usable = _valid_rule(name, {c.code for c in qualitative}) and not (
            name == "data" and not quantitative
        )
        (names if usable else skipped).append(name)
    if "key" not in names:
        names.append("key")  # the order must be total
    normalised = rules.rank_normalised
    ranking = result.rank(names, normalised=normalised)
    final = result.final_normalised if normalised else result.final_raw
    criterion_scores = result.percent_normalised if normalised else result.percent_raw

    robust = _robustness(
        result,
        criterion_scores,
        final,
        data_scores,
        [shares[c.code] for c in quantitative],
        shares,
        data_weight,
        assessor_weight,
        rules,
        ranking.order,
    )
    spread = disagreement(array, scales, threshold=float(rules.disagreement_threshold))
    stage_totals = _stage_totals(result, qualitative, shares, scales, normalised)
    alpha = {}
    for kind in dict.fromkeys(c.stage for c in qualitative):
        columns = [j for j, c in enumerate(qualitative) if c.stage == kind]
        units = array[:, columns, :].reshape(-1, array.shape[2])
        alpha[kind] = _number(alpha_of(units, "interval"))
    places = dict(
        Decision.objects.filter(category=category, group=group).values_list(
            "nomination_id", "place"
        )
    )
    counted = (~np.isnan(array)).any(axis=1).sum(axis=1)
    ordered = []
    for position in ranking.order:
        i = int(position)
        nomination = nominations[i]
        ordered.append(
            Row(
                nomination=nomination,
                rank=int(ranking.rank[i]),
                total=_number(final[i]),
                final_raw=_number(result.final_raw[i]),
                final_normalised=_number(result.final_normalised[i]),
                assessor_raw=_number(result.total_raw[i]),
                assessor_normalised=_number(result.total_normalised[i]),
                data_total=_number(data[i]) if quantitative else None,
                stage_totals={kind: _number(t[i]) for kind, t in stage_totals.items()},
                broken_by=ranking.broken_by[i],
                keep_share=float(robust.keep_share[i]),
                top_share=float(robust.top_share[i]),
                rank_low=int(robust.rank_low[i]),
                rank_high=int(robust.rank_high[i]),
                spread=_number(spread.per_candidate[i]),
                flagged=bool(spread.flagged[i]),
                assessors=int(counted[i]),
                place=places.get(nomination.pk),
            )
        )
    return Result(
        category=category,
        group=Group(group, group_name(group)),
        rules=rules,
        rows=ordered,
        criteria=qualitative,
        data_criteria=quantitative,
        shares=shares,
        alpha=alpha,
        members=members,
        aggregation=result,
        auto=auto,
        data_weight=data_weight,
        assessor_weight=assessor_weight,
        skipped_rules=skipped,
    )


def _stage_totals(
    result: Aggregation,
    qualitative: list[Criterion],
    shares: dict[str, float],
    scales: list[Scale],
    normalised: bool,
) -> dict[str, np.ndarray]:
    scores = result.criterion_normalised if normalised else result.criterion_raw
    totals = {}
    for kind in dict.fromkeys(c.stage for c in qualitative):
        columns = [j for j, c in enumerate(qualitative) if c.stage == kind]
        totals[kind] = weighted_totals(
            scores[:, columns],
            [shares[qualitative[j].code] for j in columns],
            [scales[j] for j in columns],
        )
    return totals


def _robustness(
    result: Aggregation,
    criterion_scores: np.ndarray,
    final: np.ndarray,
    data_scores: np.ndarray,
    data_shares: list[float],
    shares: dict[str, float],
    data_weight: float,
    assessor_weight: float,
    rules: JudgingRules,
    order: np.ndarray,
) -> Any:
    """Every leaf's 0..100 score weighted so the base totals are the ranked totals."""
    total_weight = data_weight + assessor_weight
    qualitative = np.array([shares[code] for code in result.criteria])
    columns = [criterion_scores]
    weights = [qualitative / qualitative.sum() * assessor_weight / total_weight]
    if data_shares and data_weight > 0:
        quantitative = np.array(data_shares)
        columns.append(data_scores)
        weights.append(quantitative / quantitative.sum() * data_weight / total_weight)
    matrix = np.hstack(columns)
    matrix[np.isnan(final)] = np.nan  # unranked candidates stay last in every draw
    return stability(
        matrix,
        np.concatenate(weights),
        band=float(rules.robustness_band),
        draws=int(rules.robustness_draws),
        seed=rules.cycle.assessment_year,
        base_order=order,
        top=3,
    )


def as_decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.6f}")
