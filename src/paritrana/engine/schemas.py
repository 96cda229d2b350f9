"""The six input files the engine accepts, column by column.

One definition serves validation, the downloadable templates, the documentation page and the
store's Parquet layout, so they cannot drift apart. Column names are the ones a data officer
sees in the template header (Indonesian where BPJS files use Indonesian words is tempting, but
BPJS exports differ by office; the names below are the documented contract, and each column
has an Indonesian description).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ColumnType(StrEnum):
    TEXT = "text"  # free text: printable, bounded, no NIK-shaped number
    IDENTIFIER = "identifier"  # an ID (employer): as TEXT, stored upper-case
    INTEGER = "integer"  # whole number >= 0 (rupiah, counts)
    PERCENT = "percent"  # decimal number 0..100
    DATE = "date"  # YYYY-MM-DD
    MONTH = "month"  # YYYY-MM
    YEAR = "year"  # YYYY
    CHOICE = "choice"  # one of `choices`
    CHOICES = "choices"  # several of `choices`, separated by ; or ,
    REGION = "region"  # Kemendagri code of any level (dotted or plain)
    AREA = "area"  # Kemendagri province or kab/kota code: what workforce, targets, benefits use
    LOCAL = "local"  # Kemendagri kab/kota or village code: what aggregated counts use
    KABKOTA = "kabkota"  # Kemendagri kab/kota code
    VILLAGE = "village"  # Kemendagri desa/kelurahan code
    SECRET = "secret"  # personal identifier: pseudonymised at import, never stored


SEGMENTS = ("PU", "BPU", "Jakon", "PMI")
PROGRAMMES = ("JKK", "JKM", "JHT", "JP")
# Which programmes a segment may be enrolled in (DOMAIN.md: PU all four; BPU JKK, JKM, optional
# JHT, no JP; Jakon JKK and JKM only). PMI follows its own regulation: JKK, JKM, optional JHT.
ALLOWED_PROGRAMMES = {
    "PU": frozenset(PROGRAMMES),
    "BPU": frozenset({"JKK", "JKM", "JHT"}),
    "Jakon": frozenset({"JKK", "JKM"}),
    "PMI": frozenset({"JKK", "JKM", "JHT"}),
}
REQUIRED_PROGRAMMES = {
    "PU": frozenset({"JKK", "JKM", "JHT", "JP"}),
    "BPU": frozenset({"JKK", "JKM"}),
    "Jakon": frozenset({"JKK", "JKM"}),
    "PMI": frozenset({"JKK", "JKM"}),
}
SIZE_CLASSES = ("besar", "menengah", "kecil", "mikro")
JKK_RISKS = ("very_low", "low", "medium", "high", "very_high")
WORKFORCE_KINDS = ("sakernas_bekerja", "potensi", "lainnya")
# Longest text a column takes (characters): an ID, a name or a source, a short label.
ID_LENGTH = 64
NAME_LENGTH = 200
LABEL_LENGTH = 100


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str  # Bahasa Indonesia, shown in templates and error reports
    required: bool = True
    choices: tuple[str, ...] = ()
    example: str = ""
    max_length: int | None = None  # TEXT and IDENTIFIER: most characters (parsing.MAX_TEXT)


@dataclass(frozen=True)
class Schema:
    kind: str
    title: str  # Bahasa Indonesia
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # natural key: at most one row per key in a file and in the store
    description: str = ""
    column_index: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_index", {c.name: c for c in self.columns})

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _due_paid() -> tuple[Column, ...]:
    columns: list[Column] = []
    for programme in PROGRAMMES:
        low = programme.lower()
        columns.append(
            Column(
                f"due_{low}",
                ColumnType.INTEGER,
                f"Iuran {programme} terutang (Rp)",
                required=False,
                example="0",
            )
        )
        columns.append(
            Column(
                f"paid_{low}",
                ColumnType.INTEGER,
                f"Iuran {programme} dibayar (Rp)",
                required=False,
                example="0",
            )
        )
    return tuple(columns)


# Workforce, targets and benefits are given per province or kab/kota.
AREA_CODE = Column(
    "region_code", ColumnType.AREA, "Kode Kemendagri provinsi atau kabupaten/kota", example="61"
)

CONTRIBUTIONS = Schema(
    kind="contributions",
    title="Iuran peserta per bulan",
    description="Satu baris per peserta per bulan per pemberi kerja (data BPJS Ketenagakerjaan).",
    columns=(
        Column(
            "participant",
            ColumnType.SECRET,
            "NIK atau nomor kartu peserta (disamarkan saat impor, tidak pernah disimpan)",
            example="6104012345670001",
        ),
        Column(
            "employer_id",
            ColumnType.IDENTIFIER,
            "ID pemberi kerja (kosong untuk BPU)",
            required=False,
            example="NPP-61-000123",
            max_length=ID_LENGTH,
        ),
        Column(
            "kabkota_code", ColumnType.KABKOTA, "Kode Kemendagri kabupaten/kota", example="61.04"
        ),
        Column(
            "village_code",
            ColumnType.VILLAGE,
            "Kode Kemendagri desa/kelurahan (opsional)",
            required=False,
            example="61.04.01.2011",
        ),
        Column("segment", ColumnType.CHOICE, "Segmen kepesertaan", choices=SEGMENTS, example="PU"),
        Column(
            "programmes",
            ColumnType.CHOICES,
            "Program yang diikuti, dipisah titik koma",
            choices=PROGRAMMES,
            example="JKK;JKM;JHT;JP",
        ),
        Column(
            "wage",
            ColumnType.INTEGER,
            "Upah atau penghasilan sebulan yang dilaporkan (Rp)",
            example="3500000",
        ),
        *_due_paid(),
        Column("due_date", ColumnType.DATE, "Tanggal jatuh tempo iuran", example="2025-02-15"),
        Column(
            "paid_date",
            ColumnType.DATE,
            "Tanggal iuran dibayar (kosong bila belum)",
            required=False,
            example="2025-02-10",
        ),
        Column("month", ColumnType.MONTH, "Bulan iuran", example="2025-01"),
    ),
    key=("participant", "employer_id", "month"),
)

ACTIVE_COUNTS = Schema(
    kind="active_counts",
    title="Jumlah peserta aktif (agregat)",
    description="Jumlah peserta aktif per wilayah, segmen dan bulan, bila data per peserta "
    "tidak dibagikan.",
    columns=(
        Column(
            "region_code",
            ColumnType.LOCAL,
            "Kode Kemendagri kabupaten/kota atau desa/kelurahan",
            example="61.04",
        ),
        Column("segment", ColumnType.CHOICE, "Segmen kepesertaan", choices=SEGMENTS, example="PU"),
        Column("month", ColumnType.MONTH, "Bulan", example="2025-12"),
        Column("active", ColumnType.INTEGER, "Jumlah peserta aktif", example="12500"),
    ),
    key=("region_code", "segment", "month"),
)

WORKFORCE = Schema(
    kind="workforce",
    title="Angkatan kerja (dasar perhitungan cakupan)",
    description="Jumlah pekerja per wilayah dan tahun, dengan jenis dasarnya.",
    columns=(
        AREA_CODE,
        Column("year", ColumnType.YEAR, "Tahun", example="2025"),
        Column(
            "base_kind",
            ColumnType.CHOICE,
            "Jenis dasar: sakernas_bekerja (BPS Sakernas penduduk bekerja), potensi, lainnya",
            choices=WORKFORCE_KINDS,
            example="sakernas_bekerja",
        ),
        Column("workers", ColumnType.INTEGER, "Jumlah pekerja", example="2650000"),
        Column(
            "source",
            ColumnType.TEXT,
            "Sumber data",
            required=False,
            example="BPS Sakernas Agustus 2025",
            max_length=NAME_LENGTH,
        ),
    ),
    key=("region_code", "year", "base_kind"),
)

TARGETS = Schema(
    kind="targets",
    title="Target cakupan",
    columns=(
        AREA_CODE,
        Column("year", ColumnType.YEAR, "Tahun", example="2025"),
        Column(
            "target_pct",
            ColumnType.PERCENT,
            "Target Universal Coverage Jamsostek (%)",
            example="59.56",
        ),
        Column(
            "source",
            ColumnType.TEXT,
            "Dasar target",
            required=False,
            example="RPJMD",
            max_length=NAME_LENGTH,
        ),
    ),
    key=("region_code", "year"),
)

EMPLOYERS = Schema(
    kind="employers",
    title="Pemberi kerja",
    columns=(
        Column(
            "employer_id",
            ColumnType.IDENTIFIER,
            "ID pemberi kerja",
            example="NPP-61-000123",
            max_length=ID_LENGTH,
        ),
        Column(
            "name",
            ColumnType.TEXT,
            "Nama badan usaha",
            example="PT Contoh Sawit Lestari",
            max_length=NAME_LENGTH,
        ),
        Column(
            "size_class", ColumnType.CHOICE, "Skala usaha", choices=SIZE_CLASSES, example="menengah"
        ),
        Column(
            "sector", ColumnType.TEXT, "Sektor usaha", example="perkebunan", max_length=LABEL_LENGTH
        ),
        Column(
            "kabkota_code", ColumnType.KABKOTA, "Kode Kemendagri kabupaten/kota", example="61.04"
        ),
        Column(
            "reported_workforce",
            ColumnType.INTEGER,
            "Jumlah pekerja yang dilaporkan",
            example="240",
        ),
        Column(
            "jkk_risk",
            ColumnType.CHOICE,
            "Kelompok risiko JKK (very_low, low, medium, high, very_high); opsional",
            required=False,
            choices=JKK_RISKS,
            example="medium",
        ),
    ),
    key=("employer_id",),
)

BENEFITS = Schema(
    kind="benefits",
    title="Manfaat dibayar",
    columns=(
        AREA_CODE,
        Column("programme", ColumnType.CHOICE, "Program", choices=PROGRAMMES, example="JHT"),
        Column("year", ColumnType.YEAR, "Tahun", example="2024"),
        Column("amount", ColumnType.INTEGER, "Jumlah manfaat dibayar (Rp)", example="711580000000"),
        Column("recipients", ColumnType.INTEGER, "Jumlah penerima", example="61533"),
    ),
    key=("region_code", "programme", "year"),
)

SCHEMAS: dict[str, Schema] = {
    s.kind: s for s in (CONTRIBUTIONS, ACTIVE_COUNTS, WORKFORCE, TARGETS, EMPLOYERS, BENEFITS)
}
