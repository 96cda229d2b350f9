"""Rankings as workbooks: one category in one group, or every ranking of a panel.

The figures are the ranking as decided once the group's Juara are confirmed
(`paritrana.assessment.domain.decided`), else `results.compute`'s, recomputed from the submitted
scores when the file is built, so the workbook always agrees with the ranking page. As on that
page, the rows are the reader's (`paritrana.access.policy.visible_rows`): a candidate a conflict
of interest bars them from is listed last by name only, its totals, rank and place withheld.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from django.utils import timezone, translation

from paritrana.access.policy import visible_rows
from paritrana.assessment.domain.decided import decision_of, ranking_of
from paritrana.assessment.domain.decisions import PLACES
from paritrana.assessment.domain.results import Group, Result, ResultError, groups
from paritrana.assessment.models import Panel
from paritrana.awards.models import Category, Level, StageKind
from paritrana.reports.numbers import percent_id, whole_id
from paritrana.reports.workbooks.style import Book, Column, Kind, SheetWriter

N = Kind.NUMBER
SOURCE = (
    "Dihitung ulang dari lembar nilai yang sudah dikirim dan metrik cakupan, saat berkas dibuat"
)
# The cover's source when every ranking, or some, are decided; each sheet says its own.
ALL_DECIDED = (
    "Setiap peringkat sebagaimana diputuskan (versi dan waktunya di lembarnya); impor dan "
    "hitung ulang sesudahnya tidak mengubahnya"
)
SOME_DECIDED = (
    "Peringkat yang sudah diputuskan sebagaimana diputuskan (versi dan waktunya di lembarnya); "
    "yang belum, dihitung ulang dari lembar nilai yang sudah dikirim dan metrik cakupan saat "
    "berkas dibuat"
)
RULE_LABELS = {
    "total": "nilai akhir",
    "assessor": "total penilai",
    "data": "total berbasis data",
    "key": "kode kandidat (urutan tetap)",
}


def source_of(result: Result) -> str:
    """Where the figures of a ranking come from: the decision, or a computation now."""
    decided = decision_of(result)
    if decided is not None:
        return (
            f"Peringkat sebagaimana diputuskan (versi {decided.version}, "
            f"{timezone.localtime(decided.decided_at):%d/%m/%Y %H:%M}); impor dan hitung ulang "
            "sesudahnya tidak mengubahnya"
        )
    return SOURCE


def rule_label(name: str, result: Result) -> str:
    if name in RULE_LABELS:
        return RULE_LABELS[name]
    code = name.removeprefix("criterion:")
    names = {c.code: c.name for c in result.criteria}
    return f"kriteria {names.get(code, code)}"


def _stage_kinds(result: Result) -> list[str]:
    return list(dict.fromkeys(c.stage for c in result.criteria))


def columns(result: Result) -> list[Column]:
    stages = [
        Column(f"Total {str(StageKind(kind).label).lower()}", N, 12, "Total penilai tahap ini")
        for kind in _stage_kinds(result)
    ]
    return [
        Column("Peringkat", Kind.INT, 9),
        Column("Juara", width=10, note="Keputusan yang dikonfirmasi ketua"),
        Column("Kode kandidat", width=15),
        Column("Kandidat", width=32),
        Column("Total data", N, 11, "Kriteria kuantitatif dari metrik cakupan, 0-100"),
        *stages,
        Column("Total penilai (mentah)", N, 12, "Kriteria yang dinilai penilai, 0-100"),
        Column("Total penilai (dinormalisasi)", N, 12, "Setelah koreksi kemurahan penilai"),
        Column("Nilai akhir (mentah)", N, 12),
        Column("Nilai akhir (dinormalisasi)", N, 12),
        Column("Nilai yang diperingkat", N, 12, "Mentah atau dinormalisasi, sesuai aturan"),
        Column("Pemecah nilai seri", width=24, note="Aturan yang menempatkannya di bawah"),
        Column("Jumlah penilai", Kind.INT, 9),
        Column(
            "Peringkat tetap",
            Kind.PERCENT,
            11,
            "Bagian undian bobot (±band) yang peringkatnya sama",
        ),
        Column("Masuk tiga besar", Kind.PERCENT, 11, "Bagian undian bobot: tiga besar"),
        Column("Peringkat terbaik", Kind.INT, 10, "Rentang peringkat dalam undian bobot"),
        Column("Peringkat terburuk", Kind.INT, 10),
        Column("Ketidaksepakatan (poin)", N, 12, "Rata-rata simpangan baku antarpenilai"),
        Column("Ketidaksepakatan tinggi", Kind.YESNO, 11, "Di atas ambang aturan"),
    ]


def _place(place: int | None) -> str:
    return PLACES[place - 1] if place and place <= len(PLACES) else ""


def add_ranking(book: Book, result: Result, title: str, *, user: Any) -> SheetWriter:
    with translation.override("id"):
        sheet = book.sheet(title, columns(result))
        kinds = _stage_kinds(result)
        withheld = 0
        for shown in visible_rows(user, result.rows):
            row = shown.row
            if shown.withheld:
                withheld += 1
                sheet.append(
                    [None, "", row.nomination.key, f"{row.nomination.name} ({shown.note})"]
                    + [None] * (len(sheet.columns) - 4)
                )
                continue
            sheet.append(
                [
                    row.rank,
                    _place(row.place),
                    row.nomination.key,
                    row.nomination.name,
                    row.data_total,
                    *[row.stage_totals.get(kind) for kind in kinds],
                    row.assessor_raw,
                    row.assessor_normalised,
                    row.final_raw,
                    row.final_normalised,
                    row.total,
                    rule_label(row.broken_by, result) if row.broken_by else "",
                    row.assessors,
                    row.keep_share,
                    row.top_share,
                    row.rank_low,
                    row.rank_high,
                    row.spread,
                    row.flagged,
                ]
            )
        alphas = ", ".join(
            f"{StageKind(kind).label}: "
            + ("-" if result.alpha.get(kind) is None else f"{result.alpha[kind]:.3f}")
            for kind in kinds
        )
    book.note(
        f"Lembar {sheet.title}: {result.category.name}, {result.group.name}. "
        f"Alpha Krippendorff (kesepakatan penilai) {alphas}. Sumber: {source_of(result)}."
        + (
            f" {withheld} kandidat disembunyikan (di bawah): Anda berkonflik kepentingan."
            if withheld
            else ""
        )
    )
    return sheet


def rules_about(result: Result) -> list[tuple[str, Any]]:
    rules = result.rules
    whole = result.data_weight + result.assessor_weight
    data_share = result.data_weight / whole if whole else 0.0
    return [
        ("Cara menggabungkan penilai", "median" if rules.method == "median" else "rata-rata"),
        ("Diperingkat dengan", "nilai dinormalisasi" if rules.rank_normalised else "nilai mentah"),
        ("Bobot data : penilai", f"{percent_id(data_share)} : {percent_id(1 - data_share)}"),
        ("Pemecah nilai seri", "; ".join(rule_label(n, result) for n in rules.tie_rules)),
        ("Ambang ketidaksepakatan (poin)", float(rules.disagreement_threshold)),
        (
            "Uji kestabilan",
            f"{whole_id(rules.robustness_draws)} undian bobot, "
            f"±{percent_id(float(rules.robustness_band), 0)}",
        ),
    ]


def write_ranking(
    target: Any | IO[bytes], *, result: Result, user: Any, requested_by: str = ""
) -> Book:
    """One ranking as `user` may read it: sheet "Peringkat", then "Keterangan" with the rules
    behind it."""
    category = result.category
    book = Book(
        title=f"Peringkat {category.name}, {result.group.name} ({category.cycle.label})",
        about=[
            ("Sumber", source_of(result)),
            *rules_about(result),
            ("Berkas dibuat", timezone.now()),
            ("Diminta oleh", requested_by),
        ],
    )
    add_ranking(book, result, "Peringkat", user=user)
    book.save(target)
    return book


def panel_rankings(panel: Panel) -> list[tuple[Category, Group]]:
    """(category, group) of every ranking a panel holds."""
    categories = Category.objects.filter(
        cycle_id=panel.cycle_id, level=panel.level, enabled=True
    ).select_related("cycle")
    found = []
    for category in categories.order_by("order"):
        for group in groups(category):
            if panel.level == Level.PROVINCIAL and group.code != panel.province:
                continue
            found.append((category, group))
    return found


def write_rankings(
    target: Any | IO[bytes],
    *,
    panel: Panel,
    user: Any,
    requested_by: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> Book:
    """Every ranking of a panel as `user` may read it, a sheet each (named by category code and
    group code)."""
    wanted = panel_rankings(panel)
    book = Book(
        title=f"Peringkat {panel.name} ({panel.cycle.label})",
        about=[("Sumber", SOURCE), ("Berkas dibuat", timezone.now())],
    )
    if requested_by:
        book.about.append(("Diminta oleh", requested_by))
    rules_done = False
    decided = []
    for done, (category, group) in enumerate(wanted, start=1):
        try:
            result = ranking_of(category, group.code)
        except ResultError as exc:
            book.note(f"{category.name}, {group.name}: {exc}")
        else:
            if not rules_done:
                book.about[1:1] = rules_about(result)
                rules_done = True
            decided.append(decision_of(result) is not None)
            add_ranking(book, result, f"{category.code} {group.code}", user=user)
        if progress is not None:
            progress(done, len(wanted))
    if not book.sheets:
        book.note("Panel ini belum memiliki peringkat.")
    if decided and all(decided):
        book.about[0] = ("Sumber", ALL_DECIDED)
    elif any(decided):
        book.about[0] = ("Sumber", SOME_DECIDED)
    book.save(target)
    return book
