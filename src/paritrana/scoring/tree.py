"""A criteria tree with weights, and the weighted total of a candidate's scores on it.

Leaf scores, each on its own scale, are normalised to 0..100; each node's score is the weighted
mean of its children's, with weights relative among siblings (they need not sum to 100). The
result keeps every node's share and contribution, so a total can be explained down to each
criterion: the leaves' contributions add up to the total.

Missing leaf scores follow a policy: ``"reweight"`` (the default) drops them and shares their
weight among the scored siblings; ``"zero"`` counts them as 0. Under ``"reweight"`` a node with
no scored leaf below it is itself missing, and the total of a candidate with no score is None.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from paritrana.scoring.functions import PERCENT, Scale, ScoringError, fmt

MissingPolicy = Literal["reweight", "zero"]
MISSING_POLICIES: tuple[MissingPolicy, ...] = ("reweight", "zero")


@dataclass(frozen=True)
class Criterion:
    """A node of the tree. Leaves carry a scale (None means 0..100); inner nodes carry children.

    `weight` is relative to the node's siblings; the root's own weight is not used.
    """

    code: str
    name: str
    weight: float = 1.0
    children: tuple[Criterion, ...] = ()
    scale: Scale | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code.strip():
            raise ScoringError("Kode kriteria wajib diisi.", field="code")
        if not isinstance(self.name, str):
            raise ScoringError(f"Nama kriteria {self.code} harus berupa teks.", field="name")
        weight = self.weight
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise ScoringError(f"Bobot kriteria {self.code} harus berupa angka.", field="weight")
        if not math.isfinite(weight) or weight < 0:
            raise ScoringError(
                f"Bobot kriteria {self.code} harus angka nol atau lebih, bukan {weight!r}.",
                field="weight",
            )
        object.__setattr__(self, "weight", float(weight))
        children = tuple(self.children)
        object.__setattr__(self, "children", children)
        if not children:
            return
        if self.scale is not None:
            raise ScoringError(
                f"Kriteria {self.code} punya sub-kriteria, jadi tidak boleh punya skala sendiri.",
                field="scale",
            )
        if sum(child.weight for child in children) <= 0:
            raise ScoringError(
                f"Jumlah bobot sub-kriteria {self.code} nol: tidak ada yang bisa dinormalkan.",
                field="weight",
            )
        seen: set[str] = set()
        for node in self.walk():
            if node.code in seen:
                raise ScoringError(f"Kode kriteria ganda: {node.code}.", field="code")
            seen.add(node.code)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def leaf_scale(self) -> Scale:
        return self.scale or PERCENT

    def walk(self) -> Iterator[Criterion]:
        """This node and every node below it, depth first, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator[Criterion]:
        return (node for node in self.walk() if node.is_leaf)

    def find(self, code: str) -> Criterion:
        for node in self.walk():
            if node.code == code:
                return node
        raise KeyError(code)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Criterion:
        """Build from ``{"code", "name", "weight"?, "children"?: [...], "scale"?: {...}}``.

        Other keys (rubric descriptors, metric bindings...) are ignored, so a stored template
        can be passed whole.
        """
        if not isinstance(data, Mapping):
            raise ScoringError("Kriteria harus berupa objek.", field="criteria")
        children = data.get("children") or ()
        if isinstance(children, str | bytes) or not isinstance(children, Sequence):
            raise ScoringError(
                f"Sub-kriteria {data.get('code')} harus berupa daftar.", field="children"
            )
        scale = data.get("scale")
        weight = data.get("weight", 1.0)
        return cls(
            code=data.get("code"),  # type: ignore[arg-type]  # checked in __post_init__
            name=data.get("name", ""),  # type: ignore[arg-type]
            weight=weight,  # type: ignore[arg-type]
            children=tuple(cls.from_dict(child) for child in children),
            scale=None if scale is None else Scale.from_dict(scale),  # type: ignore[arg-type]
        )

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"code": self.code, "name": self.name, "weight": self.weight}
        if self.children:
            data["children"] = [child.to_dict() for child in self.children]
        if self.scale is not None:
            data["scale"] = self.scale.to_dict()
        return data


@dataclass(frozen=True)
class NodeScore:
    """One criterion's place in a candidate's total.

    `configured_share` is the weight divided by the sibling weights; `share` is what was used
    after the missing-score policy; `global_share` is the product of shares up to the root, i.e.
    the node's weight in the total. `score` is 0..100 (None: missing under "reweight");
    `raw_score` is a leaf's score on its own scale. `contribution` = global_share x score.
    """

    code: str
    name: str
    depth: int
    parent: str | None
    weight: float
    configured_share: float
    share: float
    global_share: float
    score: float | None
    raw_score: float | None
    contribution: float
    missing: bool
    is_leaf: bool


@dataclass(frozen=True)
class Evaluation:
    """The total (0..100, None when nothing was scored) and every node, depth first."""

    total: float | None
    policy: MissingPolicy
    breakdown: tuple[NodeScore, ...]
    _index: dict[str, NodeScore] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {node.code: node for node in self.breakdown})

    def node(self, code: str) -> NodeScore:
        return self._index[code]

    def leaves(self) -> tuple[NodeScore, ...]:
        return tuple(node for node in self.breakdown if node.is_leaf)

    def explain(self) -> list[str]:
        """One line per criterion in Bahasa Indonesia, indented by depth."""
        lines = []
        for node in self.breakdown:
            indent = "  " * node.depth
            if node.score is None:
                lines.append(f"{indent}{node.code} {node.name}: tidak ada nilai, bobot dialihkan")
                continue
            shown = f"{fmt(node.score)}" + (
                " (tidak ada nilai, dihitung 0)" if node.missing else ""
            )
            lines.append(
                f"{indent}{node.code} {node.name}: skor {shown} x bobot "
                f"{fmt(node.global_share * 100)}% = {fmt(node.contribution)}"
            )
        return lines


def _leaf_score(node: Criterion, raw: object) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise ScoringError(f"Nilai {node.code} harus berupa angka, bukan {raw!r}.", field="scores")
    scale = node.leaf_scale
    if not scale.contains(raw):
        raise ScoringError(
            f"Nilai {node.code} ({fmt(raw)}) di luar skala "
            f"{fmt(scale.minimum)}–{fmt(scale.maximum)}.",
            field="scores",
        )
    return scale.normalise(raw)


def evaluate(
    root: Criterion,
    scores: Mapping[str, float | None],
    *,
    missing: MissingPolicy = "reweight",
) -> Evaluation:
    """Weighted total of leaf `scores` (code -> score on the leaf's scale, or None) under `root`.

    Leaves absent from `scores` count as missing. A code that is not a leaf of the tree, or a
    score outside its leaf's scale, raises ScoringError.
    """
    if missing not in MISSING_POLICIES:
        raise ScoringError(
            f"Kebijakan nilai kosong tidak dikenal: {missing!r} (pilih reweight atau zero).",
            field="missing",
        )
    leaf_codes = {leaf.code for leaf in root.leaves()}
    unknown = sorted(set(scores) - leaf_codes)
    if unknown:
        raise ScoringError(
            f"Nilai untuk kriteria yang bukan daun pohon ini: {', '.join(unknown)}.",
            field="scores",
        )
    node_scores: dict[str, float | None] = {}
    shares: dict[str, tuple[float, float]] = {root.code: (1.0, 1.0)}
    _score_node(root, scores, missing, node_scores, shares)
    breakdown: list[NodeScore] = []
    _collect(root, None, 0, 1.0, scores, node_scores, shares, breakdown)
    return Evaluation(node_scores[root.code], missing, tuple(breakdown))


def _score_node(
    node: Criterion,
    scores: Mapping[str, float | None],
    missing: MissingPolicy,
    node_scores: dict[str, float | None],
    shares: dict[str, tuple[float, float]],
) -> float | None:
    """Fill node_scores bottom-up and shares (configured, used) for the node's children."""
    result: float | None
    if node.is_leaf:
        raw = scores.get(node.code)
        missing_score = 0.0 if missing == "zero" else None
        result = missing_score if raw is None else _leaf_score(node, raw)
        node_scores[node.code] = result
        return result
    child_scores = [
        _score_node(child, scores, missing, node_scores, shares) for child in node.children
    ]
    configured_total = sum(child.weight for child in node.children)
    used_total = sum(
        child.weight
        for child, child_score in zip(node.children, child_scores, strict=True)
        if child_score is not None
    )
    result = None
    if used_total > 0:
        result = 0.0
        for child, child_score in zip(node.children, child_scores, strict=True):
            used = child.weight / used_total if child_score is not None else 0.0
            shares[child.code] = (child.weight / configured_total, used)
            result += used * (child_score or 0.0)
    else:
        # Every weighted child is missing: the node is missing, and so is its share.
        for child in node.children:
            shares[child.code] = (child.weight / configured_total, 0.0)
    node_scores[node.code] = result
    return result


def _collect(
    node: Criterion,
    parent: str | None,
    depth: int,
    parent_global: float,
    scores: Mapping[str, float | None],
    node_scores: Mapping[str, float | None],
    shares: Mapping[str, tuple[float, float]],
    out: list[NodeScore],
) -> None:
    configured, used = shares[node.code]
    global_share = parent_global * used
    node_score = node_scores[node.code]
    has_data = (
        scores.get(node.code) is not None
        if node.is_leaf
        else any(scores.get(leaf.code) is not None for leaf in node.leaves())
    )
    out.append(
        NodeScore(
            code=node.code,
            name=node.name,
            depth=depth,
            parent=parent,
            weight=node.weight,
            configured_share=configured,
            share=used,
            global_share=global_share,
            score=node_score,
            raw_score=scores.get(node.code) if node.is_leaf else None,
            contribution=global_share * (node_score or 0.0),
            missing=not has_data,
            is_leaf=node.is_leaf,
        )
    )
    for child in node.children:
        _collect(child, node.code, depth + 1, global_share, scores, node_scores, shares, out)
