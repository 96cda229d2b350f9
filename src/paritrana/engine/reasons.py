"""Problem codes in words: what a data officer reads in a rejection report (Bahasa Indonesia).

The codes come from the SQL in parsing.py (one per way a cell can be wrong); cross-field checks
(checks.py) carry their own wording next to their SQL.
"""

from __future__ import annotations

from paritrana.engine.parsing import (
    COLUMN_LEVELS,
    EXCEL_ERRORS,
    LEVEL_NAMES,
    MAX_YEAR,
    MIN_YEAR,
    text_limit,
)
from paritrana.engine.schemas import Column

_REGION_FORMAT = (
    "Bukan kode wilayah Kemendagri. Format yang diterima: 61, 61.04, 61.04.01, 61.04.01.2011 "
    "(titik boleh dihilangkan: 6104, 6104012011). Di Excel, format kolom sebagai Teks agar "
    "61.10 tidak berubah menjadi 61.1."
)
REASONS = {
    "required": "Wajib diisi.",
    "integer.too_large": "Angka terlalu besar.",
    "integer.negative": "Tidak boleh negatif.",
    "integer.thousands": "Pemisah ribuan tidak diterima: tulis 3500000, bukan 3.500.000 "
    "atau 3,500,000.",
    "integer.format": "Bukan bilangan bulat: tulis hanya angka 0-9, tanpa pemisah ribuan, "
    "desimal atau tanda (mis. 3500000).",
    "percent.format": "Bukan persentase: tulis angka 0 sampai 100, desimal dengan titik atau "
    "koma (mis. 59,56).",
    "percent.range": "Persentase harus antara 0 dan 100.",
    "date.format": "Bukan tanggal: tulis TTTT-BB-HH (mis. 2025-02-15) atau HH/BB/TTTT "
    "(mis. 15/02/2025).",
    "date.calendar": "Tanggal ini tidak ada di kalender.",
    "date.range": f"Tahun pada tanggal harus antara {MIN_YEAR} dan {MAX_YEAR}.",
    "month.format": "Bukan bulan: tulis TTTT-BB (mis. 2025-01). Juga diterima BB/TTTT "
    "(01/2025), nama bulan lalu tahun (Jan 2025, Januari 2025, Jan-25) atau tanggal (yang "
    "dipakai bulannya). Tahun dua angka hanya sesudah tanda hubung (Jan-25): Jan 25 bisa "
    "berarti 25 Januari.",
    "month.calendar": "Bulan harus 01 sampai 12.",
    "month.day": "Tanggal ini tidak ada di kalender.",
    "month.range": f"Tahun harus antara {MIN_YEAR} dan {MAX_YEAR}.",
    "year.format": "Bukan tahun: tulis empat angka (mis. 2025).",
    "year.range": f"Tahun harus antara {MIN_YEAR} dan {MAX_YEAR}.",
    "choices.empty": "Tidak ada nilai yang diisi.",
    "region.bps": "Tampaknya kode BPS, bukan kode Kemendagri. Paritrana memakai kode Kemendagri "
    "(mis. 61.04 atau 61.04.01.2011); kedua penomoran berbeda dan tidak boleh dicampur.",
    "region.format": _REGION_FORMAT,
    "region.unknown": "Kode tidak ada dalam daftar wilayah Kemendagri.",
    "text.too_long": "Teks terlalu panjang.",
    "text.control": "Berisi karakter kendali atau tak terlihat (baris baru, tab, penanda arah "
    "teks, spasi lebar nol). Hapus karakter itu lalu impor ulang.",
    "text.nik": "Berisi nomor berbentuk NIK (16 digit diawali kode kabupaten/kota). Data pribadi "
    "tidak boleh ada di kolom ini: NIK hanya diterima di kolom participant berkas iuran, yang "
    "disamarkan saat impor. Hapus nomor itu lalu impor ulang.",
    "secret.excel_number": "Nomor ini tersimpan sebagai angka di Excel, yang hanya menyimpan "
    "15 digit sehingga digit terakhir hilang. Format kolom sebagai Teks lalu isi ulang.",
    "secret.scientific": "Nomor ditulis dalam notasi ilmiah (mis. 6,1E+15): digitnya sudah "
    "hilang. Format kolom sebagai Teks di Excel lalu isi ulang.",
    "secret.format": "Bukan NIK atau nomor kartu: 6 sampai 32 huruf atau angka.",
}


# An Excel error value, in an XLSX error cell (which reads as empty) or as a CSV's text (which a
# text column would store): refused, never read as blank or as a name. Not in REASONS: the
# reason names the error, so it is made per cell (`excel_error_reason`).
EXCEL_ERROR_REASON = (
    "Sel berisi galat Excel {error}; perbaiki rumusnya atau isi nilainya. Sel galat tidak "
    "dibaca sebagai kosong, karena sel kosong berarti tidak dilaporkan."
)
EXCEL_ERROR_SUMMARY = EXCEL_ERROR_REASON.format(
    error="(#N/A, #VALUE!, #REF!, #DIV/0! dan sejenisnya)"
)
_EXCEL_ERRORS = {error.upper(): error for error in EXCEL_ERRORS}


def excel_error_reason(error: str | None) -> str:
    """The reason for a cell holding `error` as written ("#n/a" is named as Excel writes it,
    "#N/A"); the summary's wording when the error is not known (a cell shown masked)."""
    if not error:
        return EXCEL_ERROR_SUMMARY
    return EXCEL_ERROR_REASON.format(error=_EXCEL_ERRORS.get(error.upper(), error))


def reason(column: Column, code: str) -> str:
    if code == "choice.unknown":
        return f"Nilai tidak dikenal. Pilih salah satu: {', '.join(column.choices)}."
    if code == "choices.unknown":
        return f"Ada nilai yang tidak dikenal. Nilai yang diterima: {', '.join(column.choices)}."
    if code == "region.level":
        wanted = " atau ".join(LEVEL_NAMES[lvl] for lvl in COLUMN_LEVELS[column.type])
        return f"Harus kode {wanted} (mis. {column.example})."
    if code == "text.too_long":
        return f"Teks terlalu panjang: paling banyak {text_limit(column)} karakter."
    return REASONS[code]
