"""Rankings as decided: the record a confirmation stores, reading it back, and drift.

Confirming the Juara freezes the group's `Result` (`assessment.domain.results.compute`) into a
`DecidedRanking`: the declared rules in force, every candidate's totals, its components per
criterion and per assessor (raw and severity-normalised), its data-based scores, robustness,
disagreement and the tie-break that placed it. `ranking_of` gives that record back as a
`Result` (a `DecidedResult`), so pages, PDFs, workbooks and the API read a decided group exactly
as it was decided, whatever was imported or recomputed since; an undecided group is computed.

Exactness: the rules' and the criteria's decimals are stored as strings ("0.20"); the computed
figures are JSON numbers, which give back the same float (Python writes the shortest text that
reads back identically; PostgreSQL's jsonb keeps those digits); a missing figure (NaN) is null.

`drift` compares a decided ranking with what today's data would give, for the notice its
panel and the national admin see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from paritrana import versions
from paritrana.assessment.domain.results import Group, Result, Row, compute, group_name
from paritrana.assessment.models import DecidedRanking, JudgingRules, PanelMember
from paritrana.awards.domain.auto_scoring import AutoScore
from paritrana.awards.models import Category, Criterion, Nomination
from paritrana.scoring import Aggregation
from paritrana.scoring.aggregate import Severity

RULE_DECIMALS = ("data_weight", "assessor_weight", "disagreement_threshold", "robustness_band")
CRITERION_FIELDS = ("code", "name", "stage", "kind", "metric", "function", "order")
CRITERION_DECIMALS = ("weight", "scale_min", "scale_max")


@dataclass(frozen=True)
class DecidedResult(Result):
    """A ranking read back from its `DecidedRanking` (the version it came from)."""

    decided: DecidedRanking | None = None


def decision_of(result: Result) -> DecidedRanking | None:
    """The decision `result` was read back from; None for a ranking computed now."""
    return result.decided if isinstance(result, DecidedResult) else None


@dataclass(frozen=True)
class DecidedMember:
    """An assessor of a decided ranking whose panel seat no longer exists."""

    pk: int
    display_name: str


# -- writing ------------------------------------------------------------------------------


def _num(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) or math.isinf(number) else number


def _nums(values: Any) -> list[Any]:
    """A numpy array as nested lists, NaN as None."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        return _num(array)  # type: ignore[return-value]
    return [_nums(item) if array.ndim > 1 else _num(item) for item in array]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def rules_record(rules: JudgingRules) -> dict[str, Any]:
    record: dict[str, Any] = {
        "method": rules.method,
        "rank_normalised": rules.rank_normalised,
        "tie_rules": list(rules.tie_rules),
        "robustness_draws": rules.robustness_draws,
        "declared_at": rules.declared_at.isoformat() if rules.declared_at else None,
    }
    for name in RULE_DECIMALS:
        record[name] = _text(getattr(rules, name))
    return record


def _criterion_record(criterion: Criterion) -> dict[str, Any]:
    record: dict[str, Any] = {"id": criterion.pk}
    record.update({name: getattr(criterion, name) for name in CRITERION_FIELDS})
    record.update({name: _text(getattr(criterion, name)) for name in CRITERION_DECIMALS})
    return record


def _row_record(result: Result, row: Row) -> dict[str, Any]:
    explained = result.explain(row.nomination)
    return {
        "nomination": row.nomination.pk,
        "key": row.nomination.key,
        "name": row.nomination.name,
        "province": row.nomination.province,
        "rank": row.rank,
        "place": row.place,
        "total": _num(row.total),
        "final_raw": _num(row.final_raw),
        "final_normalised": _num(row.final_normalised),
        "assessor_raw": _num(row.assessor_raw),
        "assessor_normalised": _num(row.assessor_normalised),
        "data_total": _num(row.data_total),
        "stage_totals": {kind: _num(value) for kind, value in row.stage_totals.items()},
        "broken_by": row.broken_by,
        "keep_share": row.keep_share,
        "top_share": row.top_share,
        "rank_low": row.rank_low,
        "rank_high": row.rank_high,
        "spread": _num(row.spread),
        "flagged": row.flagged,
        "assessors": row.assessors,
        "criteria": {
            item.code: {
                "raw": {key: _num(v) for key, v in item.raw.items()},
                "normalised": {key: _num(v) for key, v in item.normalised.items()},
                "combined_raw": _num(item.combined_raw),
                "combined_normalised": _num(item.combined_normalised),
                "percent_raw": _num(item.percent_raw),
                "percent_normalised": _num(item.percent_normalised),
            }
            for item in explained.criteria
        },
        "data": [
            {
                "criterion": a.criterion,
                "metric": a.metric,
                "value": _num(a.value),
                "score": _num(a.score),
                "explanation": a.explanation,
            }
            for a in result.auto.get(row.nomination.pk, [])
        ],
    }


def record_of(result: Result) -> dict[str, Any]:
    """The fields of a `DecidedRanking` holding `result` (rules, rows, detail)."""
    aggregation = result.aggregation
    severity = aggregation.severity
    return {
        "rules": rules_record(result.rules),
        "rows": [_row_record(result, row) for row in result.rows],
        "detail": {
            "group_name": result.group.name,
            "criteria": [_criterion_record(c) for c in result.criteria],
            "data_criteria": [_criterion_record(c) for c in result.data_criteria],
            "shares": {code: _num(share) for code, share in result.shares.items()},
            "alpha": {kind: _num(value) for kind, value in result.alpha.items()},
            "members": {key: member.display_name for key, member in result.members.items()},
            "assessors": list(aggregation.assessors),
            "weights": _nums(aggregation.weights),
            "severity": {
                "means": _nums(severity.means),
                "stds": _nums(severity.stds),
                "unscaled": [bool(v) for v in severity.unscaled],
                "pooled_mean": _num(severity.pooled_mean),
                "pooled_std": _num(severity.pooled_std),
            },
            "data_weight": result.data_weight,
            "assessor_weight": result.assessor_weight,
            "skipped_rules": list(result.skipped_rules),
        },
    }


# -- reading ------------------------------------------------------------------------------


def _float(value: Any) -> float:
    return math.nan if value is None else float(value)


def _optional(value: Any) -> float | None:
    return None if value is None else float(value)


def _rules(record: DecidedRanking) -> JudgingRules:
    """The rules in force when decided, as an unsaved JudgingRules (never stored)."""
    stored = dict(record.rules)
    values = {name: stored.get(name) for name in ("method", "rank_normalised", "tie_rules")}
    values["robustness_draws"] = stored.get("robustness_draws")
    for name in RULE_DECIMALS:
        values[name] = None if stored.get(name) is None else Decimal(stored[name])
    rules = JudgingRules(cycle=record.category.cycle, level=record.category.level, **values)
    return rules


def _criteria(records: list[dict[str, Any]], category: Category) -> list[Criterion]:
    found = []
    for item in records:
        values = {name: item.get(name) for name in CRITERION_FIELDS}
        values.update({name: Decimal(item[name]) for name in CRITERION_DECIMALS if item.get(name)})
        found.append(Criterion(id=item["id"], category=category, **values))
    return found


def _nominations(record: DecidedRanking) -> dict[int, Nomination]:
    ids = [row["nomination"] for row in record.rows]
    found = {
        n.pk: n for n in Nomination.objects.filter(pk__in=ids).select_related("category__cycle")
    }
    for row in record.rows:  # a candidate since deleted keeps its decided name
        if row["nomination"] not in found:
            found[row["nomination"]] = Nomination(
                id=row["nomination"],
                category=record.category,
                key=row["key"],
                name=row["name"],
                province=row["province"],
            )
    return found


def _members(detail: dict[str, Any]) -> dict[str, Any]:
    names: dict[str, str] = detail.get("members", {})
    seats = PanelMember.objects.filter(pk__in=[int(k) for k in names]).select_related("user")
    members: dict[str, Any] = {str(m.pk): m for m in seats}
    for key, name in names.items():
        members.setdefault(key, DecidedMember(int(key), name))
    return members


def _aggregation(record: DecidedRanking, criteria: list[Criterion]) -> Aggregation:
    """The assessors' aggregation rebuilt from each row's components (rows in rank order)."""
    detail, rows = record.detail, record.rows
    codes = [c.code for c in criteria]
    assessors = list(detail["assessors"])
    shape = (len(rows), len(codes), len(assessors))
    raw, normalised = np.full(shape, np.nan), np.full(shape, np.nan)
    per_criterion = {
        name: np.full(shape[:2], np.nan)
        for name in ("combined_raw", "combined_normalised", "percent_raw", "percent_normalised")
    }
    column = {key: a for a, key in enumerate(assessors)}
    for i, row in enumerate(rows):
        for j, code in enumerate(codes):
            item = row["criteria"].get(code, {})
            for key, value in item.get("raw", {}).items():
                raw[i, j, column[key]] = _float(value)
            for key, value in item.get("normalised", {}).items():
                normalised[i, j, column[key]] = _float(value)
            for name, array in per_criterion.items():
                array[i, j] = _float(item.get(name))

    def totals(name: str) -> np.ndarray:
        return np.array([_float(row[name]) for row in rows])

    severity = detail["severity"]
    return Aggregation(
        candidates=tuple(str(row["nomination"]) for row in rows),
        criteria=tuple(codes),
        assessors=tuple(assessors),
        weights=np.array([_float(w) for w in detail["weights"]]),
        raw=raw,
        severity=Severity(
            scores=normalised,
            means=np.array([_float(v) for v in severity["means"]]),
            stds=np.array([_float(v) for v in severity["stds"]]),
            unscaled=np.array(severity["unscaled"], dtype=bool),
            pooled_mean=_float(severity["pooled_mean"]),
            pooled_std=_float(severity["pooled_std"]),
        ),
        criterion_raw=per_criterion["combined_raw"],
        criterion_normalised=per_criterion["combined_normalised"],
        percent_raw=per_criterion["percent_raw"],
        percent_normalised=per_criterion["percent_normalised"],
        total_raw=totals("assessor_raw"),
        total_normalised=totals("assessor_normalised"),
        data_totals=totals("data_total") if detail["data_criteria"] else None,
        final_raw=totals("final_raw"),
        final_normalised=totals("final_normalised"),
    )


def _row(item: dict[str, Any], nomination: Nomination) -> Row:
    return Row(
        nomination=nomination,
        rank=item["rank"],
        total=_optional(item["total"]),
        final_raw=_optional(item["final_raw"]),
        final_normalised=_optional(item["final_normalised"]),
        assessor_raw=_optional(item["assessor_raw"]),
        assessor_normalised=_optional(item["assessor_normalised"]),
        data_total=_optional(item["data_total"]),
        stage_totals={k: _optional(v) for k, v in item["stage_totals"].items()},
        broken_by=item["broken_by"],
        keep_share=float(item["keep_share"]),
        top_share=float(item["top_share"]),
        rank_low=item["rank_low"],
        rank_high=item["rank_high"],
        spread=_optional(item["spread"]),
        flagged=item["flagged"],
        assessors=item["assessors"],
        place=item["place"],
    )


def _auto_scores(row: dict[str, Any]) -> list[AutoScore]:
    return [
        AutoScore(
            d["criterion"],
            d["metric"],
            _optional(d["value"]),
            _optional(d["score"]),
            d["explanation"],
        )
        for d in row["data"]
    ]


def decided_scores(nomination: Nomination) -> tuple[list[AutoScore], DecidedRanking] | None:
    """The data-based scores of `nomination` as its group's current decision stored them, with
    that decision; None while no decision ranks it. Found by the candidate in the decided rows,
    not by the group today's province and zones would give it."""
    records = DecidedRanking.objects.filter(category_id=nomination.category_id, current=True)
    for record in records.order_by("-decided_at"):
        for row in record.rows:
            if row["nomination"] == nomination.pk:
                return _auto_scores(row), record
    return None


def thaw(record: DecidedRanking) -> DecidedResult:
    """The ranking exactly as decided in `record`."""
    detail = record.detail
    category = record.category
    criteria = _criteria(detail["criteria"], category)
    nominations = _nominations(record)
    return DecidedResult(
        category=category,
        group=Group(record.group, detail.get("group_name") or group_name(record.group)),
        rules=_rules(record),
        rows=[_row(item, nominations[item["nomination"]]) for item in record.rows],
        criteria=criteria,
        data_criteria=_criteria(detail["data_criteria"], category),
        shares={code: _float(share) for code, share in detail["shares"].items()},
        alpha={kind: _optional(value) for kind, value in detail["alpha"].items()},
        members=_members(detail),
        aggregation=_aggregation(record, criteria),
        auto={row["nomination"]: _auto_scores(row) for row in record.rows},
        data_weight=float(detail["data_weight"]),
        assessor_weight=float(detail["assessor_weight"]),
        skipped_rules=list(detail["skipped_rules"]),
        decided=record,
    )


def current_record(category: Category, group: str) -> DecidedRanking | None:
    return (
        DecidedRanking.objects.filter(category=category, group=group, current=True)
        .select_related("category__cycle", "decided_by")
        .first()
    )


def decided_result(category: Category, group: str) -> DecidedResult | None:
    record = current_record(category, group)
    return thaw(record) if record is not None else None


def ranking_of(category: Category, group: str) -> Result:
    """The group's ranking as decided when it has been decided, else computed from today's
    scores and data (ResultError when it cannot be)."""
    return decided_result(category, group) or compute(category=category, group=group)


def kept_ranking(category: Category, group: str, *, stamp: int | None = None) -> Result:
    """`ranking_of`, kept in this process until the data changes (`paritrana.versions`): the
    group's ranking is the same for every reader. Who may see which of its rows (a conflict of
    interest withholds a candidate) is `access.scopes.visible_rows`, asked on every request;
    never change the object returned."""
    return versions.remembered(
        "ranking", (category.pk, group), lambda: ranking_of(category, group), stamp=stamp
    )


def kept_computation(category: Category, group: str, *, stamp: int | None = None) -> Result:
    """Today's computation of a group (`results.compute`, the drift of a decided group), kept
    like `kept_ranking`. A command that decides computes afresh, inside its transaction."""
    return versions.remembered(
        "ranking.today",
        (category.pk, group),
        lambda: compute(category=category, group=group),
        stamp=stamp,
    )


# -- drift --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One candidate ranked or totalled differently by today's data than as decided."""

    name: str
    decided_rank: int | None  # None: not in the decided ranking
    decided_total: float | None
    today_rank: int | None  # None: no longer in today's ranking
    today_total: float | None


def _rounded(value: float | None) -> Decimal | None:
    """To the hundredth as shown (half up on the number as written, as every page and PDF)."""
    return None if value is None else Decimal(repr(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def drift(decided: Result, today: Result) -> list[Difference]:
    """The candidates whose rank or total (to the hundredth shown) differs today."""
    then = {row.nomination.pk: row for row in decided.rows}
    now = {row.nomination.pk: row for row in today.rows}
    found = []
    for pk in [*then, *(pk for pk in now if pk not in then)]:
        old, new = then.get(pk), now.get(pk)
        same = (
            old is not None
            and new is not None
            and old.rank == new.rank
            and _rounded(old.total) == _rounded(new.total)
        )
        if not same:
            row = old or new
            assert row is not None
            found.append(
                Difference(
                    name=row.nomination.name,
                    decided_rank=old.rank if old else None,
                    decided_total=old.total if old else None,
                    today_rank=new.rank if new else None,
                    today_total=new.total if new else None,
                )
            )
    return found
