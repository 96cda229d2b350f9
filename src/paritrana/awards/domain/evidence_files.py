"""What an evidence file really is: its type read from its bytes, and its content found clean.

A file is accepted only as what its bytes show it to be (PDF, JPEG, PNG, XLSX or DOCX) and only
when nothing in it runs or reaches out when it is opened:

- no web page or script text anywhere in a PDF or an image (a file that starts with `%PDF-` and
  is really an HTML application or a batch script);
- a PDF has the structure of one (header, `%%EOF`, a catalog with pages that pypdf reads) and no
  JavaScript, launch action, embedded file, XFA form or rich media, however its names are
  spelled (`/J#53` is `/JS`) and wherever they sit (pypdf reads compressed object streams);
- a PNG walks from IHDR to IEND with sound checksums, a JPEG from SOI through a frame and a scan
  to EOI;
- an office file has no macros (vbaProject.bin, macro-enabled content types), no ActiveX, no
  data connections and no external relationships but hyperlinks (an attached template, a
  linked workbook or object, a remote picture), and a document holds no DDE field.

The name a file is downloaded under takes the extension of the type found here, never the one
it was uploaded with (`laporan.hta` holding a PDF downloads as `laporan.pdf`).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from paritrana.engine.redact import display_name

# pypdf is imported where a PDF is read: this module is imported with the models, by every
# process (the CLI, the web server), and pypdf took a third of a second of each start.
if TYPE_CHECKING:
    from pypdf import PdfReader


class FileRefused(ValueError):
    """An evidence file that is not accepted (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", "pdf", "PDF")
JPEG = FileType("image/jpeg", "jpg", "JPEG")
PNG = FileType("image/png", "png", "PNG")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "XLSX")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX"
)
TYPES = {t.content_type: t for t in (PDF, JPEG, PNG, XLSX, DOCX)}
ALLOWED = "PDF, JPEG, PNG, XLSX atau DOCX"

MAX_UNZIPPED = 100 * 1024 * 1024  # an office file that inflates beyond this is refused
MAX_RATIO = 100  # ... or that inflates more than this many times

# Text that belongs to a web page or a script, never to a PDF or an image. Long enough that
# compressed data does not hold it by chance.
MARKUP = re.compile(
    rb"<script|<html[\s>]|<body[\s>]|<iframe|<hta:|<!doctype\s+html|<\?php\s|@echo\s+off"
)
PDF_HEADER = re.compile(rb"%PDF-[12]\.[0-9][\s%]")
PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
# PDF names that run something or carry another file, with what to tell the user.
PDF_ACTIVE = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/Launch": "perintah menjalankan program (Launch)",
    "/EmbeddedFile": "berkas tertanam",
    "/EmbeddedFiles": "berkas tertanam",
    "/XFA": "formulir XFA berskrip",
    "/RichMedia": "media aktif (RichMedia)",
}


def checked_type(content: bytes) -> FileType:
    """The file's type from its bytes once its content is found clean; FileRefused otherwise."""
    if content.startswith(b"PK\x03\x04"):
        return _office(content)
    for magic, file_type, check in (
        (b"%PDF-", PDF, _check_pdf),
        (b"\xff\xd8\xff", JPEG, _check_jpeg),
        (b"\x89PNG\r\n\x1a\n", PNG, _check_png),
    ):
        if content.startswith(magic):
            found = MARKUP.search(content.lower())
            if found:
                raise FileRefused(
                    f"Berkas ditolak: berawalan {file_type.label} tetapi berisi kode halaman web "
                    f"atau skrip ('{found.group().decode('ascii', 'replace').strip()}'). "
                    f"Unggah {file_type.label} asli."
                )
            check(content)
            return file_type
    raise FileRefused(f"Jenis berkas tidak diizinkan. Unggah {ALLOWED}.")


def download_name(shown_name: str, content_type: str) -> str:
    """The name a stored evidence file is shown and downloaded under: the uploaded name,
    sanitised, with the extension of its detected type (`laporan\u202efdp.exe` holding a PDF
    is `laporanfdp.pdf`)."""
    file_type = TYPES.get(content_type)
    extension = file_type.extension if file_type else "bin"
    name = display_name(shown_name, fallback="bukti")
    stem, dot, _suffix = name.rpartition(".")
    stem = (stem if dot else name).rstrip(" .")
    if stem.lower().endswith("." + extension):  # laporan.pdf.exe
        stem = stem[: -len(extension) - 1]
    return f"{stem.rstrip(' .') or 'bukti'}.{extension}"


# PDF --------------------------------------------------------------------------------------------


def _check_pdf(content: bytes) -> None:
    if not PDF_HEADER.match(content) or b"%%EOF" not in content[-1024:]:
        raise FileRefused(
            "Berkas ditolak: bukan PDF utuh (kepala %PDF-versi atau penanda akhir %%EOF tidak "
            "ada). Simpan ulang dokumen sebagai PDF lalu unggah lagi."
        )
    names = set(_raw_names(content)) | _pdf_object_names(content)
    active = sorted({PDF_ACTIVE[name] for name in names if name in PDF_ACTIVE})
    if active:
        raise FileRefused(
            f"Berkas ditolak: PDF berisi {', '.join(active)}. Cetak ulang sebagai PDF biasa "
            "(Cetak ke PDF) lalu unggah lagi."
        )


def _pdf_object_names(content: bytes) -> set[str]:
    """The names in the document as pypdf reads it; FileRefused when it cannot."""
    reader = _pdf_reader(content)
    try:
        if len(reader.pages) < 1:
            raise FileRefused("Berkas ditolak: PDF tidak memiliki halaman.")
        return set(_object_names(reader))
    except FileRefused:
        raise
    except Exception:  # hostile input makes pypdf raise anything
        raise FileRefused(_BROKEN_PDF) from None


def _pdf_reader(content: bytes) -> PdfReader:
    """The PDF opened (leniently, as viewers open it) and decrypted when it has no password."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
    except Exception:
        raise FileRefused(_BROKEN_PDF) from None
    if encrypted:  # only an empty user password (restrictions without one) can be checked
        try:
            opened = bool(reader.decrypt(""))
        except Exception:  # AES needs a library we do not ship
            opened = False
        if not opened:
            raise FileRefused(_ENCRYPTED)
    return reader


_BROKEN_PDF = (
    "Berkas ditolak: struktur PDF rusak atau bukan PDF. Simpan ulang dokumen sebagai PDF lalu "
    "unggah lagi."
)
_ENCRYPTED = (
    "Berkas ditolak: PDF terenkripsi sehingga isinya tidak dapat diperiksa. Simpan ulang tanpa "
    "kata sandi atau pembatasan, lalu unggah lagi."
)


def _raw_names(content: bytes) -> Iterator[str]:
    """Every name written outside the file's streams, `#xx` escapes decoded: also those in
    objects no cross-reference table points to, which some readers still find."""
    for match in PDF_NAME.finditer(PDF_STREAM.sub(b" ", content)):
        raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match[1])
        yield "/" + raw.decode("latin-1")


def _object_names(reader: PdfReader) -> Iterator[str]:
    """Every name (key or value) in the objects reachable from the trailer."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    stack: list[object] = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams too
            yield from (str(key) for key in item)
            stack.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
        elif isinstance(item, NameObject):
            yield str(item)


# Images -----------------------------------------------------------------------------------------


def _broken_image(label: str, what: str) -> FileRefused:
    return FileRefused(
        f"Berkas ditolak: gambar {label} rusak atau palsu ({what}). Simpan ulang gambar lalu "
        "unggah lagi."
    )


def _check_png(content: bytes) -> None:
    position, kinds = 8, list[bytes]()
    while not kinds or kinds[-1] != b"IEND":
        if position + 12 > len(content):
            raise _broken_image("PNG", "terpotong sebelum penanda akhir IEND")
        length = int.from_bytes(content[position : position + 4], "big")
        end = position + 12 + length
        chunk = content[position + 4 : end - 4]  # its type and data, which the CRC covers
        if end > len(content) or zlib.crc32(chunk) != int.from_bytes(content[end - 4 : end], "big"):
            raise _broken_image("PNG", "potongan data tidak utuh")
        if not kinds and (chunk[:4] != b"IHDR" or length != 13):
            raise _broken_image("PNG", "tanpa kepala IHDR")
        kinds.append(chunk[:4])
        position = end
    width, height = (int.from_bytes(content[at : at + 4], "big") for at in (16, 20))
    if not (width and height) or b"IDAT" not in kinds:
        raise _broken_image("PNG", "tanpa ukuran atau data gambar")


JPEG_FRAMES = {*range(0xC0, 0xC4), *range(0xC5, 0xC8), *range(0xC9, 0xCC), *range(0xCD, 0xD0)}


def _check_jpeg(content: bytes) -> None:
    position, framed, scanned = 2, False, False
    while position + 2 <= len(content):
        if content[position] != 0xFF:
            raise _broken_image("JPEG", "penanda segmen tidak sah")
        marker = content[position + 1]
        if marker == 0xD9:  # EOI; what follows (a phone's motion clip) is never decoded
            if not scanned:
                raise _broken_image("JPEG", "tanpa data gambar")
            return
        if marker == 0xFF or 0xD0 <= marker <= 0xD7 or marker == 0x01:  # fill, restart, TEM
            position += 1 if marker == 0xFF else 2
            continue
        length = int.from_bytes(content[position + 2 : position + 4], "big")
        if length < 2 or position + 2 + length > len(content):
            break
        framed = framed or marker in JPEG_FRAMES
        position += 2 + length
        if marker == 0xDA:
            if not framed:
                raise _broken_image("JPEG", "data gambar tanpa kepala bingkai")
            scanned, position = True, _scan_end(content, position)
    raise _broken_image("JPEG", "terpotong sebelum penanda akhir EOI")


def _scan_end(content: bytes, position: int) -> int:
    """Where the entropy-coded data of a scan ends: the next marker that is neither a stuffed
    0xFF00 nor a restart."""
    while True:
        position = content.find(b"\xff", position)
        if position < 0 or position + 1 >= len(content):
            return len(content)
        following = content[position + 1]
        if following != 0x00 and not 0xD0 <= following <= 0xD7:
            return position
        position += 2


# Office files -----------------------------------------------------------------------------------


def _office(content: bytes) -> FileType:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise FileRefused("Berkas rusak: arsip ZIP tidak dapat dibaca.") from None
    names = {info.filename for info in infos}
    inflated = sum(info.file_size for info in infos)
    if inflated > MAX_UNZIPPED or inflated > MAX_RATIO * max(len(content), 1):
        raise FileRefused("Berkas ditolak: isinya mengembang terlalu besar (bom ZIP).")
    if any(name.startswith("/") or ".." in name.split("/") for name in names):
        raise FileRefused("Berkas ditolak: berisi nama jalur yang tidak aman.")
    # The parts every workbook and document holds (ECMA-376): a ZIP that merely has an xl/
    # folder is not a workbook.
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        file_type = XLSX
    elif "[Content_Types].xml" in names and "word/document.xml" in names:
        file_type = DOCX
    else:
        raise FileRefused(f"Arsip ZIP bukan dokumen kantor. Unggah {ALLOWED}.")
    try:
        problem = _office_problem(archive, sorted(names))
    except FileRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError):
        raise FileRefused("Berkas rusak: arsip ZIP tidak dapat dibaca.") from None
    if problem:
        raise FileRefused(
            f"Berkas ditolak: {file_type.label} berisi {problem}. Simpan ulang sebagai "
            f"{file_type.label} biasa (tanpa makro dan tautan ke berkas lain) lalu unggah lagi."
        )
    return file_type


def _office_problem(archive: zipfile.ZipFile, names: list[str]) -> str | None:
    """What in an office file runs or reaches out when it is opened; None when nothing does."""
    lower = [name.lower() for name in names]
    types = _xml(archive, "[Content_Types].xml")
    declared = " ".join(el.get("ContentType", "") for el in types.iter()).lower()
    if any(n.endswith(("vbaproject.bin", "vbadata.xml")) for n in lower) or any(
        word in declared for word in ("macroenabled", "vbaproject", "vbadata")
    ):
        return "makro (VBA)"
    if any("/activex/" in n for n in lower) or "activex" in declared:
        return "kontrol ActiveX"
    if any(n.startswith("xl/externallinks/") or n == "xl/connections.xml" for n in lower):
        return "tautan ke buku kerja atau sumber data lain"
    for name in names:
        if not name.lower().endswith(".rels"):
            continue
        for link in _xml(archive, name).iter():
            kind = link.get("Type", "").rsplit("/", 1)[-1]  # transitional or strict namespace
            if link.get("TargetMode", "").lower() == "external" and kind != "hyperlink":
                return f"rujukan ke berkas di luar dokumen ({kind}: {link.get('Target', '')})"
    for name in names:
        if name.startswith("word/") and name.endswith(".xml") and _dde(archive.read(name)):
            return "bidang DDE yang menjalankan program"
    return None


DDE_FIELD = re.compile(rb"(?:<w:instrText[^>]*>|w:instr=\")\s*DDE(?:AUTO)?\b", re.IGNORECASE)


def _dde(part: bytes) -> bool:
    return DDE_FIELD.search(part) is not None


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    """A package part parsed; office files never declare a DTD, so one (entity expansion) is
    refused rather than parsed."""
    data = archive.read(name)
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise FileRefused(f"Berkas ditolak: bagian {name} memuat deklarasi DTD.")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise FileRefused(f"Berkas rusak: bagian {name} bukan XML yang sah.") from None
