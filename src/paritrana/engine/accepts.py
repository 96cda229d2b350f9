"""What every column of every input kind accepts, in words, from schemas.py and parsing.py.

One wording serves the template's "Petunjuk" sheet and the table in docs/input-columns.md
(`markdown_table`; tests/engine/test_text_columns.py checks the file matches), so the contract
a data officer reads cannot drift from what validation does.
"""

from __future__ import annotations

from paritrana.engine.parsing import MAX_YEAR, MIN_YEAR, text_limit
from paritrana.engine.schemas import SCHEMAS, Column, ColumnType

TYPE_LABELS = {
    ColumnType.TEXT: "Teks tanpa baris baru, tab atau karakter tak terlihat; tanpa NIK",
    ColumnType.IDENTIFIER: "ID: teks tanpa baris baru atau karakter tak terlihat, tanpa NIK; "
    "disimpan dengan huruf besar (npp-61-1 sama dengan NPP-61-1)",
    ColumnType.INTEGER: "Bilangan bulat ≥ 0, hanya angka, tanpa pemisah ribuan (3500000); "
    "bukan NIK",
    ColumnType.PERCENT: "Persen 0 sampai 100, desimal dengan titik atau koma (59,56)",
    ColumnType.DATE: "Tanggal TTTT-BB-HH (2025-02-15) atau HH/BB/TTTT (15/02/2025)",
    ColumnType.MONTH: "Bulan TTTT-BB (2025-01); juga BB/TTTT (01/2025), nama bulan lalu tahun "
    "(Jan 2025, Januari 2025, Jan-25) atau tanggal (yang dipakai bulannya)",
    ColumnType.YEAR: f"Tahun TTTT ({MIN_YEAR} sampai {MAX_YEAR})",
    ColumnType.CHOICE: "Satu pilihan (huruf besar/kecil bebas)",
    ColumnType.CHOICES: "Beberapa pilihan, dipisah titik koma (;) atau koma (,)",
    ColumnType.REGION: "Kode wilayah Kemendagri: provinsi, kab/kota, kecamatan atau desa",
    ColumnType.AREA: "Kode Kemendagri provinsi atau kabupaten/kota (61 atau 61.04)",
    ColumnType.LOCAL: "Kode Kemendagri kab/kota atau desa/kelurahan (61.04 atau 61.04.01.2011)",
    ColumnType.KABKOTA: "Kode Kemendagri kabupaten/kota (61.04 atau 6104)",
    ColumnType.VILLAGE: "Kode Kemendagri desa/kelurahan (61.04.01.2011 atau 6104012011)",
    ColumnType.SECRET: "NIK atau nomor kartu, 6 sampai 32 huruf, angka atau '-' (disamarkan "
    "saat impor, tidak disimpan)",
}


def accepts(column: Column) -> str:
    """One line: the values `column` accepts (type, length limit, choices)."""
    text = TYPE_LABELS[column.type]
    if column.type in (ColumnType.TEXT, ColumnType.IDENTIFIER):
        text += f"; paling banyak {text_limit(column)} karakter"
    if column.choices:
        text += f": {', '.join(column.choices)}"
    return text


def markdown_table() -> str:
    """Every kind and column with what it accepts, as the Markdown of docs/input-columns.md."""
    lines = [
        "# Kolom berkas impor / Input file columns",
        "",
        "Dibuat dari `paritrana.engine.accepts.markdown_table()`; tes memeriksa berkas ini sama "
        'dengan skemanya. Sel kosong berarti "tidak dilaporkan": iuran yang kosong tidak '
        "menambah apa pun. Hanya kolom `participant` yang boleh berisi NIK, dan nilainya "
        "disamarkan saat impor; setiap kolom teks, ID dan angka lain menolak nomor berbentuk NIK "
        "(16 digit, boleh dikelompokkan dengan spasi atau titik, diawali kode kabupaten/kota). "
        "Galat Excel (#N/A, #VALUE!, #REF!, #DIV/0! dan sejenisnya) ditolak di kolom mana pun, "
        "baik sebagai sel galat di XLSX maupun sebagai teks di CSV: tidak dibaca sebagai sel "
        "kosong atau sebagai nama.",
        "",
    ]
    for kind, schema in SCHEMAS.items():
        lines += [
            f"## `{kind}`: {schema.title}",
            "",
            f"Kunci unik: {', '.join(schema.key)}.",
            "",
            "| Kolom | Wajib | Menerima |",
            "|---|---|---|",
        ]
        for column in schema.columns:
            required = "ya" if column.required else "tidak"
            lines.append(f"| `{column.name}` | {required} | {accepts(column)} |")
        lines.append("")
    return "\n".join(lines)
