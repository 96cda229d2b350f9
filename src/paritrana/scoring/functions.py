"""Scoring functions: a metric value becomes a score on a criterion's scale, with the sum shown.

A criterion stored in a database names its function and parameters as JSON (``"linear"``,
``{"lower": 20, "upper": 60}``); :func:`validate` checks them when the criterion is configured
and :func:`score` applies them to one candidate's value. Every score comes with a sentence in
Bahasa Indonesia that shows the computation with its numbers, so a jury can check it by hand.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FUNCTIONS: Mapping[str, str] = {
    "linear": "Linear di antara batas bawah dan batas atas",
    "rank_within": "Peringkat persentil di antara kandidat pembanding",
    "against_target": "Capaian terhadap target",
    "threshold_levels": "Tingkat menurut ambang batas",
}
"""Function name -> label for the configuration screen."""

_ALLOWED_PARAMS: Mapping[str, frozenset[str]] = {
    "linear": frozenset({"lower", "upper", "reverse"}),
    "rank_within": frozenset({"reverse"}),
    "against_target": frozenset({"target"}),
    "threshold_levels": frozenset({"thresholds", "levels", "reverse"}),
}


class ScoringError(ValueError):
    """A scoring function cannot be applied: unknown name, bad parameters or bad input.

    The message is in Bahasa Indonesia. `field` names the faulty input in English (``function``,
    ``params.lower``, ``value``, ``peers``, ``target``, ``scale``, ``scores``...) or is None.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _number(value: object, field: str) -> float:
    """A finite real number, or ScoringError (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScoringError(f"{field} harus berupa angka, bukan {value!r}.", field=field)
    number = float(value)
    if not math.isfinite(number):
        raise ScoringError(f"{field} harus berupa angka terhingga, bukan {value!r}.", field=field)
    return number


def _numbers(value: object, field: str) -> tuple[float, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise ScoringError(f"{field} harus berupa daftar angka.", field=field)
    return tuple(_number(item, f"{field}[{index}]") for index, item in enumerate(value))


def fmt(value: float, decimals: int = 2) -> str:
    """Indonesian style: 1234.5 -> '1.234,50'."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _plain(value: float) -> str:
    """Without trailing zeros: 100.0 -> '100', 2.5 -> '2,5'."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def round2(value: float) -> float:
    """Round half up to two decimals, on the number as written (2.675 -> 2.68)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Scale:
    """The range a criterion is scored on, e.g. 0..100, or rubric levels 1, 2, 3, 4, 5.

    With `levels`, the first and last level are the minimum and maximum, and automatic scores
    are rounded to the nearest level (halfway goes to the higher one).
    """

    minimum: float
    maximum: float
    levels: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        minimum = _number(self.minimum, "scale.min")
        maximum = _number(self.maximum, "scale.max")
        if minimum >= maximum:
            raise ScoringError(
                f"Skala tidak sah: minimum {_plain(minimum)} harus lebih kecil dari maksimum "
                f"{_plain(maximum)}.",
                field="scale",
            )
        levels = _numbers(self.levels, "scale.levels")
        if levels:
            if any(b <= a for a, b in itertools.pairwise(levels)):
                raise ScoringError("Tingkat skala harus urut naik tanpa duplikat.", field="scale")
            if levels[0] != minimum or levels[-1] != maximum:
                raise ScoringError(
                    "Tingkat skala pertama dan terakhir harus sama dengan minimum dan maksimum.",
                    field="scale",
                )
        object.__setattr__(self, "minimum", minimum)
        object.__setattr__(self, "maximum", maximum)
        object.__setattr__(self, "levels", levels)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Scale:
        """``{"min": 0, "max": 100}``, ``{"levels": [1, 2, 3, 4, 5]}`` or both."""
        if not isinstance(data, Mapping):
            raise ScoringError("Skala harus berupa objek {min, max, levels}.", field="scale")
        levels = _numbers(data.get("levels", ()), "scale.levels")
        minimum = data.get("min", levels[0] if levels else None)
        maximum = data.get("max", levels[-1] if levels else None)
        if minimum is None or maximum is None:
            raise ScoringError("Skala perlu min dan max, atau daftar levels.", field="scale")
        return cls(_number(minimum, "scale.min"), _number(maximum, "scale.max"), levels)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"min": self.minimum, "max": self.maximum}
        if self.levels:
            data["levels"] = list(self.levels)
        return data

    def at(self, fraction: float) -> float:
        """The point `fraction` (0..1) of the way from minimum to maximum."""
        return self.minimum + fraction * (self.maximum - self.minimum)

    def normalise(self, score: float) -> float:
        """A score on this scale as 0..100."""
        return (score - self.minimum) / (self.maximum - self.minimum) * 100

    def contains(self, score: float) -> bool:
        return self.minimum <= score <= self.maximum

    def nearest_level(self, score: float) -> float:
        if not self.levels:
            return score
        return min(reversed(self.levels), key=lambda level: abs(level - score))

    def describe(self) -> str:
        if self.minimum == 0:
            return f"dari {_plain(self.maximum)}"
        return f"pada skala {_plain(self.minimum)}–{_plain(self.maximum)}"


PERCENT = Scale(0, 100)


@dataclass(frozen=True)
class Scored:
    """A score on the criterion's scale rounded to two decimals (None: no data) and the sum."""

    score: float | None
    explanation: str


def _check_keys(function: str, params: Mapping[str, object]) -> None:
    unknown = sorted(set(params) - _ALLOWED_PARAMS[function])
    if unknown:
        allowed = ", ".join(sorted(_ALLOWED_PARAMS[function])) or "tidak ada"
        raise ScoringError(
            f"Parameter tidak dikenal untuk fungsi {function}: {', '.join(unknown)} "
            f"(yang boleh: {allowed}).",
            field=f"params.{unknown[0]}",
        )


def _reverse(params: Mapping[str, object]) -> bool:
    reverse = params.get("reverse", False)
    if not isinstance(reverse, bool):
        raise ScoringError("Parameter reverse harus true atau false.", field="params.reverse")
    return reverse


def _required(params: Mapping[str, object], key: str, function: str) -> object:
    if key not in params:
        raise ScoringError(f"Fungsi {function} memerlukan parameter {key}.", field=f"params.{key}")
    return params[key]


def _positive_target(value: object, field: str) -> float:
    target = _number(value, field)
    if target <= 0:
        raise ScoringError(f"Target harus lebih besar dari nol, bukan {fmt(target)}.", field=field)
    return target


def _threshold_params(
    params: Mapping[str, object], scale: Scale | None
) -> tuple[tuple[float, ...], tuple[float, ...] | None]:
    thresholds = _numbers(_required(params, "thresholds", "threshold_levels"), "params.thresholds")
    if not thresholds:
        raise ScoringError("Daftar ambang batas tidak boleh kosong.", field="params.thresholds")
    if any(b <= a for a, b in itertools.pairwise(thresholds)):
        raise ScoringError(
            "Ambang batas harus urut naik tanpa duplikat.", field="params.thresholds"
        )
    levels: tuple[float, ...] | None = None
    if "levels" in params:
        levels = _numbers(params["levels"], "params.levels")
        if len(levels) != len(thresholds) + 1:
            raise ScoringError(
                f"{len(thresholds)} ambang batas membentuk {len(thresholds) + 1} pita, "
                f"jadi perlu {len(thresholds) + 1} tingkat, bukan {len(levels)}.",
                field="params.levels",
            )
    if scale is not None:
        _band_levels(thresholds, levels, scale, reverse=False)
    return thresholds, levels


def _band_levels(
    thresholds: tuple[float, ...],
    levels: tuple[float, ...] | None,
    scale: Scale,
    *,
    reverse: bool,
) -> tuple[float, ...]:
    """The level of each band: given, the scale's own, or spread evenly over the scale."""
    bands = len(thresholds) + 1
    if levels is None:
        if scale.levels and len(scale.levels) != bands:
            raise ScoringError(
                f"{bands} pita tidak cocok dengan {len(scale.levels)} tingkat skala; "
                "isi parameter levels.",
                field="params.levels",
            )
        levels = scale.levels or tuple(scale.at(i / (bands - 1)) for i in range(bands))
    for level in levels:
        if not scale.contains(level) or (scale.levels and level not in scale.levels):
            raise ScoringError(
                f"Tingkat {_plain(level)} tidak ada pada skala "
                f"{_plain(scale.minimum)}–{_plain(scale.maximum)}.",
                field="params.levels",
            )
    return tuple(reversed(levels)) if reverse else levels


def validate(function: str, params: Mapping[str, object], *, scale: Scale | None = None) -> None:
    """Raise ScoringError unless `function` exists and `params` suit it (and `scale`, if given)."""
    if function not in FUNCTIONS:
        raise ScoringError(
            f"Fungsi penilaian tidak dikenal: {function!r} (yang tersedia: "
            f"{', '.join(FUNCTIONS)}).",
            field="function",
        )
    if not isinstance(params, Mapping):
        raise ScoringError("Parameter harus berupa objek JSON.", field="params")
    _check_keys(function, params)
    _reverse(params)
    if function == "linear":
        lower = _number(_required(params, "lower", function), "params.lower")
        upper = _number(_required(params, "upper", function), "params.upper")
        if lower >= upper:
            raise ScoringError(
                f"Batas bawah ({fmt(lower)}) harus lebih kecil dari batas atas ({fmt(upper)}).",
                field="params.lower",
            )
    elif function == "against_target":
        if "target" in params:
            _positive_target(params["target"], "params.target")
    elif function == "threshold_levels":
        _threshold_params(params, scale)


# A label ending in "terhadap target" (against the target), any case.
_TARGET_WORDS = re.compile(r"\s+terhadap\s+target\s*$", re.IGNORECASE)


def score(
    function: str,
    params: Mapping[str, object],
    value: float | None,
    *,
    scale: Scale,
    peers: Sequence[float | None] | None = None,
    target: float | None = None,
    label: str = "Nilai",
    unit: str = "",
) -> Scored:
    """Score one candidate's `value` on `scale` with the named function.

    `peers` (rank_within) are the values of every candidate in the group, this one included;
    candidates without data (None) are left out. `target` (against_target) is the candidate's
    own target and takes precedence over ``params["target"]``. `label` and `unit` only shape
    the explanation: ``label="UCJ", unit="%"`` gives "UCJ 31,00% ...".
    """
    if not isinstance(scale, Scale):
        raise ScoringError("Skala penilaian wajib diisi.", field="scale")
    validate(function, params, scale=scale)
    if value is None:
        return Scored(None, f"{label}: tidak ada data -> tidak dinilai")
    value = _number(value, "value")
    shown = f"{label} {fmt(value)}{unit}"
    reverse = _reverse(params)
    if function == "linear":
        return _linear(params, value, scale, shown, reverse)
    if function == "rank_within":
        return _rank_within(value, peers, scale, shown, reverse)
    if function == "against_target":
        # The sentence names the target itself: a criterion called "UCJ terhadap target" reads
        # "UCJ 21,47% terhadap target 52,15%", not "... terhadap target 21,47% terhadap target".
        named = _TARGET_WORDS.sub("", label).strip() or label
        return _against_target(params, value, target, scale, f"{named} {fmt(value)}{unit}", unit)
    return _threshold_levels(params, value, scale, shown, reverse)


def _finish(raw: float, scale: Scale, sentence: str, position: float | None = None) -> Scored:
    """Round to the scale's levels (if any) and two decimals, and end the sentence."""
    result = round2(scale.nearest_level(raw))
    if position is not None and (scale.minimum, scale.maximum) != (0, 100):
        sentence += f" (posisi {fmt(position * 100)}% dari rentang)"
    if scale.levels and result != round2(raw):
        sentence += f" -> {fmt(raw)}, dibulatkan ke tingkat terdekat"
    return Scored(result, f"{sentence} -> {fmt(result)} {scale.describe()}")


def _linear(
    params: Mapping[str, object], value: float, scale: Scale, shown: str, reverse: bool
) -> Scored:
    lower = _number(params["lower"], "params.lower")
    upper = _number(params["upper"], "params.upper")
    direction = ", makin rendah makin baik" if reverse else ""
    if value <= lower:
        position, where = 0.0, f"pada atau di bawah batas bawah {fmt(lower)}"
    elif value >= upper:
        position, where = 1.0, f"pada atau di atas batas atas {fmt(upper)}"
    else:
        position = (value - lower) / (upper - lower)
        where = f"di antara batas {fmt(lower)} dan {fmt(upper)}"
    if reverse:
        position = 1.0 - position
    return _finish(scale.at(position), scale, f"{shown} {where}{direction}", position)


def _average_ranks(values: Sequence[float], *, descending: bool) -> dict[float, float]:
    """Value -> rank (1 = first), tied values sharing the average of the ranks they span."""
    ordered = sorted(values, reverse=descending)
    ranks: dict[float, float] = {}
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[start]:
            end += 1
        ranks[ordered[start]] = (start + 1 + end + 1) / 2
        start = end + 1
    return ranks


def _rank_within(
    value: float,
    peers: Sequence[float | None] | None,
    scale: Scale,
    shown: str,
    reverse: bool,
) -> Scored:
    if peers is None:
        raise ScoringError(
            "Fungsi rank_within memerlukan nilai semua kandidat pembanding.", field="peers"
        )
    group = [_number(peer, "peers") for peer in peers if peer is not None]
    if value not in group:
        raise ScoringError(
            f"Nilai kandidat ({fmt(value)}) harus termasuk dalam daftar pembanding.",
            field="peers",
        )
    count = len(group)
    if count == 1:
        return _finish(scale.maximum, scale, f"{shown}, satu-satunya kandidat pembanding")
    # Rank 1 is the best: the highest value, or the lowest when lower is better.
    rank = _average_ranks(group, descending=not reverse)[value]
    position = (count - rank) / (count - 1)
    direction = ", makin rendah makin baik" if reverse else ""
    sentence = (
        f"{shown} peringkat {_plain(rank)} dari {count} kandidat{direction} "
        f"(nilai sama berbagi peringkat rata-rata): persentil ({count} − {_plain(rank)}) / "
        f"({count} − 1) = {fmt(position * 100)}%"
    )
    return _finish(scale.at(position), scale, sentence)


def _against_target(
    params: Mapping[str, object],
    value: float,
    target: float | None,
    scale: Scale,
    shown: str,
    unit: str,
) -> Scored:
    if target is not None:
        goal = _positive_target(target, "target")
    elif "target" in params:
        goal = _positive_target(params["target"], "params.target")
    else:
        # No target for this candidate (none imported for its region, none in the criterion):
        # like a figure missing, nothing to score against. Not an error: one region without its
        # target must not stop the candidate's page, nor its group's ranking.
        return Scored(None, f"{shown}: tidak ada target -> tidak dinilai")
    attainment = value / goal
    sentence = f"{shown} terhadap target {fmt(goal)}{unit}: capaian {fmt(attainment * 100)}%"
    if attainment > 1:
        sentence += ", dibatasi 100%"
    elif attainment < 0:
        sentence += ", dibatasi 0%"
    position = min(max(attainment, 0.0), 1.0)
    return _finish(scale.at(position), scale, sentence, position)


def _threshold_levels(
    params: Mapping[str, object], value: float, scale: Scale, shown: str, reverse: bool
) -> Scored:
    thresholds, given = _threshold_params(params, None)
    levels = _band_levels(thresholds, given, scale, reverse=reverse)
    # A value equal to a threshold belongs to the band above it.
    band = sum(1 for threshold in thresholds if value >= threshold)
    if band == 0:
        where = f"di bawah ambang {fmt(thresholds[0])}"
    elif band == len(thresholds):
        where = f"pada atau di atas ambang {fmt(thresholds[-1])}"
    else:
        where = f"dari {fmt(thresholds[band - 1])} sampai di bawah {fmt(thresholds[band])}"
    sentence = f"{shown} {where} (pita {band + 1} dari {len(levels)})"
    return _finish(levels[band], scale, sentence)
