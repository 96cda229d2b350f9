"""Setting a cycle up: its categories, criteria tree, rubric descriptors and stage dates.

Each verb validates what it is given field by field (a `SetupError` names the field and says
what is wrong, in Bahasa Indonesia) and writes one audit entry with the values before and
after. What judging rests on locks once the round's verification stage has opened (the same
rule as `assessment.domain.locks`, which the admin applies to rows): categories, criteria,
weights and rubric. A stage's dates lock once the stage is closed.

The weights of a category's criteria tree: the top-level criteria add up to 100; a criterion's
children are normalised among themselves when totals are computed (`weight_problems`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models, transaction
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy

from paritrana.awards.bahasa import bahasa
from paritrana.awards.domain.audit import audited, log_action
from paritrana.awards.domain.stages import ensure_editable
from paritrana.awards.models import (
    Category,
    Criterion,
    Cycle,
    RubricLevel,
    Stage,
    StageKind,
    StageStatus,
)
from paritrana.coverage.models import EmployerMetric, RegionMetric
from paritrana.errors import DomainError, Locked
from paritrana.regions.models import Region
from paritrana.rules.labels import date_words

HUNDRED = Decimal(100)


def number_words(value: Decimal) -> str:
    """A decimal as people write it here: 105, 12,5 (no trailing zeros, a decimal comma)."""
    return format(value.normalize(), "f").replace(".", ",")


class SetupError(DomainError):
    """A value refused by the cycle's set-up; `field` names the form field it belongs to."""

    code = "invalid"
    http_status = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, details={"field": field})
        self.field = field


# -- what locks -----------------------------------------------------------------------------


def verification_opened(cycle: Cycle, level: str) -> Stage | None:
    """The round's verification stage once it has opened (judging began), else None."""
    return (
        Stage.objects.filter(cycle=cycle, level=level, kind=StageKind.VERIFICATION)
        .exclude(status=StageStatus.DRAFT)
        .first()
    )


def criteria_lock_reason(cycle: Cycle, level: str) -> str | None:
    """Why the round's categories, criteria, weights and rubric can no longer change, or None."""
    stage = verification_opened(cycle, level)
    if stage is None:
        return None
    return (
        f"Tahap verifikasi {bahasa(stage.get_level_display).lower()} "
        "sudah dibuka: kategori, kriteria, "
        "bobot dan rubrik babak ini tidak dapat diubah lagi."
    )


def stage_lock_reason(stage: Stage) -> str | None:
    if stage.is_closed:
        return (
            f"Tahap '{bahasa(stage.get_kind_display)}' "
            "sudah ditutup: tanggalnya tidak dapat diubah."
        )
    return None


def _ensure_unlocked(category: Category) -> None:
    reason = criteria_lock_reason(category.cycle, category.level)
    if reason is not None:
        raise Locked(reason)


# -- eligibility and shortlist rules in words -------------------------------------------------


def metric_choices(entity: str) -> dict[str, str]:
    """The coverage metrics a shortlist can rank by, with their labels, for an entity kind."""
    model: type[models.Model] = EmployerMetric if entity == "perusahaan" else RegionMetric
    return {
        field.name: str(field.verbose_name)
        for field in model._meta.get_fields()
        if isinstance(field, models.FloatField | models.BigIntegerField)
    }


# Who may compete and the size classes, in the reader's language (Bahasa: the words of
# `eligibility.ENTITY_NAMES`, which the domain's messages use).
ENTITY_LABELS: dict[str, Promise] = {
    "kabkota": pgettext_lazy("eligibility", "regency and city governments"),
    "provinsi": pgettext_lazy("eligibility", "provincial governments"),
    "desa": pgettext_lazy("eligibility", "village governments"),
    "perusahaan": pgettext_lazy("eligibility", "companies"),
}


def eligibility_words(category: Category) -> str:
    """Who may compete, in words in the reader's language (never the stored codes: region
    codes are given by their names). Sectors are shown as the secretariat typed them."""
    rule = category.eligibility
    entity = rule.get("entity", "")
    words = str(ENTITY_LABELS.get(entity, entity or "-"))
    if rule.get("size_classes"):
        sizes = ", ".join(str(SIZE_CLASSES.get(c, c)) for c in rule["size_classes"])
        words = gettext("%(who)s of size %(sizes)s") % {"who": words, "sizes": sizes}
    if rule.get("sectors"):
        words += gettext(", sectors %(sectors)s") % {"sectors": ", ".join(rule["sectors"])}
    if rule.get("regions"):
        names = dict(Region.objects.filter(code__in=rule["regions"]).values_list("code", "name"))
        regions = ", ".join(names.get(code, code) for code in rule["regions"])
        words += gettext(", only in %(regions)s") % {"regions": regions}
    if rule.get("per_zone"):
        words += gettext(", judged per zone")
    return words[:1].upper() + words[1:]


def minimum_words(value: float, *, grouping: bool = True) -> str:
    """A stored float (a shortlist minimum) as people write it, in the reader's language, to
    two decimals at most: 50.0 reads "50", 60.5 "60,5", 1250.0 "1.250" (Bahasa). Without
    `grouping`, for a form field, whose parser takes a comma for the decimal mark."""
    exact = Decimal(str(round(float(value), 2))).normalize()
    if exact == exact.to_integral_value():
        exact = exact.quantize(Decimal(1))
    return number_format(exact, use_l10n=True, force_grouping=grouping)


def shortlist_words(category: Category) -> str:
    """The shortlist rule in words, in the reader's language."""
    rule = category.shortlist or {}
    if not rule.get("metric"):
        return gettext("No shortlist rule yet.")
    labels = metric_choices(category.eligibility.get("entity", ""))
    words = gettext("Top %(count)s by %(metric)s") % {
        "count": rule.get("top_n", "?"),
        "metric": labels.get(rule["metric"], rule["metric"]),
    }
    for metric, value in (rule.get("minimum") or {}).items():
        words += gettext(", with %(metric)s at least %(value)s") % {
            "metric": labels.get(metric, metric),
            "value": minimum_words(value),
        }
    return words


# -- categories -----------------------------------------------------------------------------


def _name(value: str, field: str = "name") -> str:
    value = (value or "").strip()
    if not value:
        raise SetupError(field, "Nama wajib diisi.")
    if len(value) > 160:
        raise SetupError(field, "Nama paling panjang 160 karakter.")
    return value


SIZE_CLASSES: dict[str, Promise] = {
    "besar": pgettext_lazy("size class", "large"),
    "menengah": pgettext_lazy("size class", "medium"),
    "kecil": pgettext_lazy("size class", "small"),
    "mikro": pgettext_lazy("size class", "micro"),
}


def _eligibility(
    category: Category, size_classes: list[str] | None, sectors: list[str] | None
) -> dict[str, Any]:
    """The category's eligibility with its employers' size classes and sectors changed (only
    a category of employers has them; an empty list means every size or sector)."""
    rule = dict(category.eligibility or {})
    if rule.get("entity") != "perusahaan":
        raise SetupError("eligibility", "Skala dan sektor hanya untuk kategori perusahaan.")
    if size_classes is not None:
        unknown = [s for s in size_classes if s not in SIZE_CLASSES]
        if unknown:
            raise SetupError(
                "size_classes",
                f"Skala '{unknown[0]}' tidak dikenal: pilih besar, menengah, kecil atau mikro.",
            )
        chosen = [s for s in SIZE_CLASSES if s in size_classes]
        if chosen:
            rule["size_classes"] = chosen
        else:
            rule.pop("size_classes", None)
    if sectors is not None:
        cleaned: list[str] = []
        for sector in sectors:
            sector = sector.strip().lower()
            if len(sector) > 80:
                raise SetupError("sectors", "Nama sektor paling panjang 80 karakter.")
            if sector and sector not in cleaned:
                cleaned.append(sector)
        if cleaned:
            rule["sectors"] = cleaned
        else:
            rule.pop("sectors", None)
    return rule


def _shortlist_rule(category: Category, metric: str, top_n: Any, minimum: Any) -> dict[str, Any]:
    choices = metric_choices(category.eligibility.get("entity", ""))
    if metric not in choices:
        raise SetupError("metric", "Pilih ukuran cakupan dari daftar.")
    try:
        top = int(top_n)
    except (TypeError, ValueError):
        raise SetupError("top_n", "Jumlah kandidat harus bilangan bulat.") from None
    if not 1 <= top <= 100:
        raise SetupError("top_n", "Jumlah kandidat harus antara 1 dan 100.")
    rule: dict[str, Any] = {"metric": metric, "top_n": top}
    if minimum:
        for key, value in dict(minimum).items():
            if key not in choices:
                raise SetupError("minimum", f"Ukuran '{key}' tidak dikenal untuk kategori ini.")
            if not isinstance(value, int | float):
                raise SetupError("minimum", "Nilai minimal harus berupa angka.")
        rule["minimum"] = dict(minimum)
    return rule


def _category_name(category: Category, typed: str) -> str:
    """The category's new name; refused when another category of its round bears it (in any
    letters' case), as adding one under a taken name is (`cycle_setup.add_category`). Its
    own name, unchanged, is kept even if a twin was saved before this check existed: the
    rest of its form still saves."""
    name = _name(typed)
    if name == category.name:
        return name
    same = (
        Category.objects.filter(cycle_id=category.cycle_id, level=category.level, name__iexact=name)
        .exclude(pk=category.pk)
        .first()
    )
    if same is not None:
        raise SetupError(
            "name",
            f"Kategori '{same.name}' sudah ada di "
            f"{bahasa(category.get_level_display).lower()}: pilih nama lain.",
        )
    return name


def update_category(
    *,
    category: Category,
    user: Any = None,
    name: str | None = None,
    enabled: bool | None = None,
    metric: str | None = None,
    top_n: int | None = None,
    minimum: dict[str, float] | None = None,
    size_classes: list[str] | None = None,
    sectors: list[str] | None = None,
) -> Category:
    """Change a category's name, whether it is in use, who may compete (an employers'
    category: the size classes and sectors) and its shortlist rule (the metric it ranks by, how
    many, the minimum values kept): a value left None stays."""
    _ensure_unlocked(category)
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = _category_name(category, name)
    if enabled is not None:
        changes["enabled"] = bool(enabled)
    if size_classes is not None or sectors is not None:
        changes["eligibility"] = _eligibility(category, size_classes, sectors)
    if metric is not None or top_n is not None or minimum is not None:
        current = category.shortlist or {}
        changes["shortlist"] = _shortlist_rule(
            category,
            metric if metric is not None else current.get("metric", ""),
            top_n if top_n is not None else current.get("top_n"),
            minimum if minimum is not None else current.get("minimum"),
        )
    with (
        transaction.atomic(),
        audited(category, user=user, action="category.update", cycle=category.cycle),
    ):
        for key, value in changes.items():
            setattr(category, key, value)
        category.save()
    return category


# -- criteria and their weights -------------------------------------------------------------


def _decimal(value: Any, field: str, message: str) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        raise SetupError(field, message) from None
    if not number.is_finite():
        raise SetupError(field, message)
    return number


def _criterion_name(criterion: Criterion, typed: str) -> str:
    """The criterion's new name; refused when a sibling (a criterion of its category under the
    same parent: score sheets and results list them side by side) bears it, in any letters'
    case. Sub-criteria of different parents may share a name. Its own name, unchanged, is
    kept (see `_category_name`)."""
    name = _name(typed)
    if name == criterion.name:
        return name
    same = (
        Criterion.objects.filter(
            category_id=criterion.category_id, parent_id=criterion.parent_id, name__iexact=name
        )
        .exclude(pk=criterion.pk)
        .select_related("parent")
        .first()
    )
    if same is None:
        return name
    if same.parent is None:
        message = f"Kriteria '{same.name}' sudah ada di kategori ini: pilih nama lain."
    else:
        message = (
            f"Sub-kriteria '{same.name}' sudah ada di bawah '{same.parent.name}': pilih nama lain."
        )
    raise SetupError("name", message)


def update_criterion(
    *,
    criterion: Criterion,
    user: Any = None,
    name: str | None = None,
    weight: Any = None,
    description: str | None = None,
) -> Criterion:
    """Change a criterion's name, description or weight. A weight given by hand is no longer
    the template's assumption. The tree's sums are checked before a stage opens
    (`weight_problems`), not here: an edit moves one weight at a time."""
    category = criterion.category
    _ensure_unlocked(category)
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = _criterion_name(criterion, name)
    if description is not None:
        changes["description"] = description.strip()
    if weight is not None:
        number = _decimal(weight, "weight", "Bobot harus berupa angka, misalnya 25 atau 12,5.")
        if number < 0 or number > HUNDRED:
            raise SetupError("weight", "Bobot harus antara 0 dan 100.")
        if number != number.quantize(Decimal("0.01")):
            raise SetupError("weight", "Bobot paling banyak dua angka di belakang koma.")
        if number != criterion.weight:
            changes["weight"] = number.quantize(Decimal("0.01"))
            changes["weight_is_assumption"] = False
    with (
        transaction.atomic(),
        audited(criterion, user=user, action="criterion.update", cycle=category.cycle),
    ):
        for key, value in changes.items():
            setattr(criterion, key, value)
        criterion.save()
    return criterion


def update_rubric(
    *, criterion: Criterion, descriptors: dict[Any, str], user: Any = None
) -> Criterion:
    """Set the rubric descriptors of a criterion: score -> the words assessors read. Every
    score must lie on the criterion's scale; an empty text removes that level."""
    category = criterion.category
    _ensure_unlocked(category)
    cleaned: dict[Decimal, str] = {}
    for score, text in descriptors.items():
        value = _decimal(score, "rubric", f"Skor rubrik '{score}' bukan angka.")
        if not criterion.scale_min <= value <= criterion.scale_max:
            raise SetupError(
                "rubric",
                f"Skor {number_words(value)} di luar skala kriteria "
                f"({number_words(criterion.scale_min)}-{number_words(criterion.scale_max)}).",
            )
        cleaned[value] = (text or "").strip()
    before = {number_words(r.score): r.descriptor for r in criterion.rubric.all()}
    with transaction.atomic():
        for value, text in cleaned.items():
            if text:
                RubricLevel.objects.update_or_create(
                    criterion=criterion, score=value, defaults={"descriptor": text}
                )
            else:
                RubricLevel.objects.filter(criterion=criterion, score=value).delete()
        after = {number_words(r.score): r.descriptor for r in criterion.rubric.all()}
        log_action(
            user=user,
            action="rubric.update",
            obj=criterion,
            cycle=category.cycle,
            before={"code": criterion.code, "rubric": before},
            after={"code": criterion.code, "rubric": after},
        )
    return criterion


@dataclass(frozen=True)
class WeightProblem:
    category: Category
    parent: Criterion | None  # None: the top level
    total: Decimal
    expected: Decimal

    @property
    def message(self) -> str:
        where = f"sub-kriteria '{self.parent.name}'" if self.parent else "kriteria utama"
        return (
            f"{self.category.name} ({bahasa(self.category.get_level_display).lower()}): bobot "
            f"{where} berjumlah {number_words(self.total)}, seharusnya "
            f"{number_words(self.expected)}"
        )


def level_sums(criteria: list[Criterion]) -> dict[int | None, Decimal]:
    """The sum of the weights under each parent (None: the top level)."""
    sums: dict[int | None, Decimal] = {}
    for criterion in criteria:
        sums[criterion.parent_id] = sums.get(criterion.parent_id, Decimal(0)) + criterion.weight
    return sums


def weight_problems(
    category: Category, criteria: list[Criterion] | None = None
) -> list[WeightProblem]:
    """Where the category's weights do not add up: the top-level criteria must add up to 100.
    (A criterion's children are normalised among themselves when totals are computed, so
    their sum only needs to be positive; the set-up page shows it beside the parent's.)"""
    if criteria is None:
        criteria = list(category.criteria.all())
    by_id = {c.pk: c for c in criteria}
    problems = []
    for parent_id, total in level_sums(criteria).items():
        parent = by_id.get(parent_id) if parent_id is not None else None
        if parent is None and total != HUNDRED:
            problems.append(WeightProblem(category, None, total, HUNDRED))
        elif parent is not None and total <= 0:
            problems.append(WeightProblem(category, parent, total, parent.weight))
    return problems


# -- stage dates ----------------------------------------------------------------------------


def stage_words(stage: Stage) -> str:
    """'Penyaringan data' (tingkat provinsi): a stage as a message names it."""
    return f"'{bahasa(stage.get_kind_display)}' ({bahasa(stage.get_level_display).lower()})"


def _out_of_order(
    stage: Stage, starts_on: dt.date | None, ends_on: dt.date | None
) -> SetupError | None:
    """Why the dates break the round's order of stages, or None. A stage may overlap its
    neighbours (provinces at different paces share the open stages), but it may neither start
    nor end before the stage before it does, nor after the stage after it does."""
    if starts_on and ends_on and ends_on < starts_on:
        return SetupError(
            "ends_on",
            f"Tahap {stage_words(stage)} selesai {date_words(ends_on)}, sebelum tanggal "
            f"mulainya {date_words(starts_on)}. "
            "Tanggal selesai tidak boleh sebelum tanggal mulai.",
        )
    others = list(
        Stage.objects.filter(cycle_id=stage.cycle_id, level=stage.level)
        .exclude(pk=stage.pk)
        .order_by("order")
    )
    before = [s for s in others if s.order < stage.order]
    after = [s for s in others if s.order > stage.order]
    for field, day, verb in (("starts_on", starts_on, "mulai"), ("ends_on", ends_on, "selesai")):
        if day is None:
            continue
        earlier = next((s for s in reversed(before) if getattr(s, field)), None)
        if earlier is not None and day < getattr(earlier, field):
            return SetupError(
                field,
                f"Tahap {stage_words(stage)} {verb} {date_words(day)}, sebelum tahap "
                f"sebelumnya, '{bahasa(earlier.get_kind_display)}', {verb} "
                f"{date_words(getattr(earlier, field))}. "
                "Tanggal tahap harus mengikuti urutan tahap.",
            )
        later = next((s for s in after if getattr(s, field)), None)
        if later is not None and day > getattr(later, field):
            return SetupError(
                field,
                f"Tahap {stage_words(stage)} {verb} {date_words(day)}, sesudah tahap "
                f"berikutnya, '{bahasa(later.get_kind_display)}', {verb} "
                f"{date_words(getattr(later, field))}. "
                "Tanggal tahap harus mengikuti urutan tahap.",
            )
    return None


def schedule_stage(
    *, stage: Stage, starts_on: dt.date | None, ends_on: dt.date | None, user: Any = None
) -> Stage:
    """Set a stage's planned dates (both may be empty); refused when the end comes before the
    start or the dates break the round's order of stages (`_out_of_order`), and once the stage
    is closed (as stored: the row is locked while it is checked, so a close cannot slip in
    between)."""
    with transaction.atomic():
        stage = Stage.objects.select_for_update().select_related("cycle").get(pk=stage.pk)
        ensure_editable(stage)
        refusal = _out_of_order(stage, starts_on, ends_on)
        if refusal is not None:
            raise refusal
        with audited(stage, user=user, action="stage.schedule", cycle=stage.cycle):
            stage.starts_on, stage.ends_on = starts_on, ends_on
            stage.save(update_fields=["starts_on", "ends_on"])
    return stage
