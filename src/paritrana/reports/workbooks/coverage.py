"""The coverage workbook of a year: every region's metrics and every employer's compliance.

The demo holds tens of thousands of region rows a year (a real year: the nation, 5 zones,
38 provinces, 514 kab/kota and up to 83,762 villages), so rows are streamed: read from the
database in chunks (`iterator`), village names looked up per chunk, written by a write-only
workbook. Memory stays flat whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, Any

from django.utils import timezone

from paritrana.coverage.domain.summaries import LEVEL_LABELS
from paritrana.coverage.labels import base_label
from paritrana.coverage.models import EmployerMetric, MetricRun, RegionMetric
from paritrana.regions.models import Region, Zone
from paritrana.reports.workbooks.style import Book, Column, Kind, Progress, percent

CHUNK = 2000
LEVELS = ("nasional", "zona", "provinsi", "kabkota", "desa")
SOURCE = (
    "Data peserta dan iuran BPJS Ketenagakerjaan dan data pekerja BPS yang diimpor ke Paritrana, "
    "dihitung oleh Paritrana. Arti dan cara hitung setiap kolom ada di daftar kolom lembar ini "
    "(di bawah); UCJ = peserta aktif / pekerja (dasar), peserta aktif = peserta dengan iuran "
    "terbayar pada bulan acuan."
)

INT, N, P = Kind.INT, Kind.NUMBER, Kind.PERCENT
# (field of RegionMetric or None for a computed column, Column)
REGION_COLUMNS: list[tuple[str | None, Column]] = [
    (None, Column("Tingkat", width=14)),
    ("region_code", Column("Kode wilayah", width=15, note="Kode Kemendagri; ID = nasional")),
    (None, Column("Nama wilayah", width=30)),
    (None, Column("Kode induk", width=12, note="Wilayah satu tingkat di atasnya")),
    (None, Column("Nama induk", width=26)),
    (None, Column("Dasar pekerja", width=26, note="Jenis data pekerja penyebut UCJ")),
    ("as_of_month", Column("Bulan acuan", Kind.DATE, 12, "Bulan data peserta aktif")),
    (
        "earliest_month",
        Column(
            "Bulan acuan terawal",
            Kind.DATE,
            12,
            "Tiap kab/kota dibaca pada bulan terakhirnya yang ada data: bulan paling awal di "
            "antaranya (sebelum bulan acuan bila data sebagian kab/kota belum masuk)",
        ),
    ),
    ("workforce", Column("Pekerja (dasar)", INT, 14, "Penyebut UCJ")),
    ("workforce_derived", Column("Pekerja dijumlah", Kind.YESNO, 11, "Dijumlah dari bawahnya")),
    ("workforce_partial", Column("Pekerja sebagian", Kind.YESNO, 11, "Hanya sebagian wilayah")),
    ("active", Column("Peserta aktif", INT, 14, "Peserta aktif di bulan acuan")),
    ("ucj_pct", Column("UCJ", P, 10, "Peserta aktif / pekerja (dasar)")),
    ("target_pct", Column("Target UCJ", P, 10)),
    ("attainment_pct", Column("Capaian target", P, 11, "UCJ / target")),
    ("gap_workers", Column("Tambahan peserta dibutuhkan", INT, 14, "Untuk mencapai target")),
    (
        "projected_year",
        Column("Perkiraan tahun target tercapai", INT, 12, "Bila UCJ naik seperti tahun ini", "0"),
    ),
    ("prev_active", Column("Peserta aktif tahun lalu", INT, 14)),
    ("prev_workforce", Column("Pekerja (dasar) tahun lalu", INT, 14)),
    ("prev_ucj_pct", Column("UCJ tahun lalu", P, 10)),
    ("change_points", Column("Perubahan UCJ (poin)", N, 12, "UCJ dikurangi UCJ tahun lalu")),
    ("change_pct", Column("Perubahan UCJ relatif", P, 12, "Perubahan poin / UCJ tahun lalu")),
    ("active_growth_pct", Column("Pertumbuhan peserta aktif", P, 12)),
    ("active_pu", Column("Aktif PU", INT, 12, "Penerima Upah")),
    ("active_bpu", Column("Aktif BPU", INT, 12, "Bukan Penerima Upah")),
    ("active_jakon", Column("Aktif Jakon", INT, 12, "Jasa konstruksi")),
    ("active_pmi", Column("Aktif PMI", INT, 12, "Pekerja Migran Indonesia")),
    ("active_jkk", Column("Aktif JKK", INT, 12)),
    ("active_jkm", Column("Aktif JKM", INT, 12)),
    ("active_jht", Column("Aktif JHT", INT, 12)),
    ("active_jp", Column("Aktif JP", INT, 12)),
    ("bpu_coverage_pct", Column("Cakupan BPU", P, 10, "Peserta BPU aktif / pekerja (dasar)")),
    ("from_aggregated", Column("Dari data agregat", Kind.YESNO, 11, "Bukan dari data per peserta")),
    ("benefits_amount", Column("Manfaat dibayar (Rp)", INT, 16)),
    ("benefits_recipients", Column("Penerima manfaat", INT, 12)),
    (
        "benefits_per_participant",
        Column("Manfaat per peserta aktif (Rp)", N, 14, number_format="#,##0.00"),
    ),
    ("employers", Column("Pemberi kerja", INT, 12)),
    ("employers_in_arrears", Column("Pemberi kerja menunggak", INT, 12)),
    ("on_time_pct", Column("Pembayaran tepat waktu", P, 11, "Tagihan lunas sebelum jatuh tempo")),
    ("complete_pct", Column("Kelengkapan program", P, 11, "Peserta dengan semua program wajib")),
    ("paid_pct_of_due", Column("Dibayar dari terutang", P, 11)),
    ("paid_pct_of_expected", Column("Dibayar dari iuran menurut aturan", P, 11, "Khusus PU")),
    ("registered_share_pct", Column("Pekerja terlapor terdaftar", P, 11)),
]
REGION_FIELDS = ["level", "base_kind", *(f for f, _c in REGION_COLUMNS if f)]
CODE_AT = REGION_FIELDS.index("region_code")
PERCENT_FIELDS = {f for f, c in REGION_COLUMNS if f and c.kind is Kind.PERCENT}

EMPLOYER_COLUMNS: list[tuple[str | None, Column]] = [
    ("employer_id", Column("ID pemberi kerja", width=16)),
    ("name", Column("Nama", width=32)),
    ("size_class", Column("Skala usaha", width=12)),
    ("sector", Column("Sektor", width=16)),
    ("kabkota", Column("Kode kab/kota", width=12)),
    (None, Column("Kabupaten/kota", width=26)),
    ("reported_workforce", Column("Pekerja terlapor", INT, 12)),
    ("registered", Column("Peserta terdaftar", INT, 12, "Peserta tercatat di bulan acuan")),
    ("registered_share_pct", Column("Pekerja terlapor terdaftar", P, 11)),
    ("complete_pct", Column("Kelengkapan program", P, 11)),
    ("on_time_pct", Column("Pembayaran tepat waktu", P, 11)),
    ("months_in_arrears", Column("Bulan menunggak", INT, 10, "Bulan dengan bayar < terutang")),
    ("paid_pct_of_due", Column("Dibayar dari terutang", P, 11)),
    ("paid_pct_of_expected", Column("Dibayar dari iuran menurut aturan", P, 11)),
    ("due", Column("Iuran terutang (Rp)", INT, 16)),
    ("paid", Column("Iuran dibayar (Rp)", INT, 16)),
    ("expected", Column("Iuran menurut aturan (Rp)", INT, 16, "Khusus PU, dari kalkulator iuran")),
]
EMPLOYER_FIELDS = [f for f, _c in EMPLOYER_COLUMNS if f]


def coverage_years() -> list[int]:
    years = RegionMetric.objects.order_by().values_list("year", flat=True).distinct()
    return sorted(years, reverse=True)


def _batches(rows: Iterator[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Names:
    """Names of the regions a row or its parent names: zones, provinces and kab/kota kept
    (a few hundred), villages looked up per chunk so memory does not grow with the rows."""

    def __init__(self) -> None:
        self.zones = dict(Zone.objects.values_list("code", "name"))
        self.zone_of = dict(Region.objects.filter(level="provinsi").values_list("code", "zone_id"))
        self.areas = dict(
            Region.objects.filter(level__in=["provinsi", "kabkota"]).values_list("code", "name")
        )

    def of(self, level: str, code: str, chunk: dict[str, str]) -> str:
        if level == "nasional":
            return "Indonesia"
        if level == "zona":
            return self.zones.get(code, code)
        return self.areas.get(code) or chunk.get(code, "")

    def parent(self, level: str, code: str) -> tuple[str, str]:
        if level == "nasional":
            return "", ""
        if level == "zona":
            return "ID", "Indonesia"
        if level == "provinsi":
            zone = self.zone_of.get(code) or ""
            return zone, self.zones.get(zone, "")
        parent = code[:2] if level == "kabkota" else code[:5]
        return parent, self.areas.get(parent, "")


def _region_rows(year: int, names: _Names) -> Iterator[list[Any]]:
    metrics = RegionMetric.objects.filter(year=year).order_by()
    bases = sorted(metrics.values_list("base_kind", flat=True).distinct())
    for base in bases:
        for level in LEVELS:
            rows = (
                RegionMetric.objects.filter(year=year, base_kind=base, level=level)
                .order_by("region_code")
                .values_list(*REGION_FIELDS)
                .iterator(chunk_size=CHUNK)
            )
            for batch in _batches(rows):
                chunk: dict[str, str] = {}
                if level == "desa":
                    codes = [row[CODE_AT] for row in batch]
                    chunk = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
                for row in batch:
                    yield _region_line(row, names, chunk)


def _region_line(row: Sequence[Any], names: _Names, chunk: dict[str, str]) -> list[Any]:
    values = dict(zip(REGION_FIELDS, row, strict=True))
    level, code = values["level"], values["region_code"]
    parent, parent_name = names.parent(level, code)
    computed = {
        "Tingkat": LEVEL_LABELS.get(level, level),
        "Nama wilayah": names.of(level, code, chunk),
        "Kode induk": parent,
        "Nama induk": parent_name,
        "Dasar pekerja": base_label(values["base_kind"]),
    }
    line = []
    for field, column in REGION_COLUMNS:
        if field is None:
            line.append(computed[column.header])
        elif field in PERCENT_FIELDS:
            line.append(percent(values[field]))
        else:
            line.append(values[field])
    return line


def _employer_rows(year: int, names: _Names) -> Iterator[list[Any]]:
    rows = (
        EmployerMetric.objects.filter(year=year)
        .order_by("kabkota", "employer_id")
        .values_list(*EMPLOYER_FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    for row in rows:
        values = dict(zip(EMPLOYER_FIELDS, row, strict=True))
        line = []
        for field, column in EMPLOYER_COLUMNS:
            if field is None:
                line.append(names.areas.get(values["kabkota"], ""))
            elif column.kind is Kind.PERCENT:
                line.append(percent(values[field]))
            else:
                line.append(values[field])
        yield line


def write_coverage(
    target: Any | IO[bytes],
    *,
    year: int,
    requested_by: str = "",
    progress: Progress | None = None,
) -> Book:
    """Sheets "Wilayah" (every region's metrics of `year`, every workforce base) and
    "Pemberi kerja" (every employer's compliance), then "Keterangan"."""
    runs = list(MetricRun.objects.filter(year=year).order_by("base_kind", "-computed_at"))
    latest: dict[str, MetricRun] = {}
    for run in runs:
        latest.setdefault(run.base_kind, run)
    about: list[tuple[str, Any]] = [
        ("Isi", f"Metrik cakupan Jamsostek tahun {year}, per wilayah dan per pemberi kerja"),
        ("Sumber", SOURCE),
    ]
    for base, run in latest.items():
        about.append((f"Dihitung ({base_label(base)})", run.computed_at))
    about.append(("Berkas dibuat", timezone.now()))
    if requested_by:
        about.append(("Diminta oleh", requested_by))
    total = (
        RegionMetric.objects.filter(year=year).count()
        + EmployerMetric.objects.filter(year=year).count()
    )
    book = Book(title=f"Cakupan Jamsostek {year}", about=about, progress=progress, total=total)
    book.note(
        "Tingkat: Nasional, Zona, Provinsi, Kabupaten/Kota, Desa/Kelurahan. Kode wilayah "
        "memakai kode Kemendagri, bukan kode BPS."
    )
    names = _Names()
    regions = book.sheet("Wilayah", [c for _f, c in REGION_COLUMNS])
    for line in _region_rows(year, names):
        regions.append(line)
    employers = book.sheet("Pemberi kerja", [c for _f, c in EMPLOYER_COLUMNS])
    for line in _employer_rows(year, names):
        employers.append(line)
    book.save(target)
    return book
