"""Evidence files as candidates really send them, and as an attacker dresses them up: a PDF
laid out object by object with its cross-reference table, images drawn by Pillow, workbooks
saved by openpyxl, documents assembled part by part as Word writes them."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook
from PIL import Image


def pdf(catalog: bytes = b"", *objects: bytes, tail: bytes = b"") -> bytes:
    """A one-page PDF with a correct cross-reference table. `catalog` is added to the
    catalog's dictionary; `objects` become objects 4, 5, ... (to refer to from it)."""
    bodies = [
        b"<</Type/Catalog/Pages 2 0 R" + catalog + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<<>>>>",
        *objects,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    return bytes(out) + tail


PDF = pdf()


def image(format: str, size: tuple[int, int] = (40, 30), **options: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=format, **options)
    return buffer.getvalue()


def xlsx(*, hyperlink: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"] = "Kabupaten Ketapang", 1_250_000_000
    if hyperlink:
        sheet["A2"] = "Sumber"
        sheet["A2"].hyperlink = hyperlink
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(content: bytes, changes: dict[str, bytes]) -> bytes:
    """The office file `content` with parts added or replaced."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            if name not in changes:
                target.writestr(name, source.read(name))
        for name, data in changes.items():
            target.writestr(name, data)
    return buffer.getvalue()


RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docx(*, document_rels: str = "", settings_rels: str = "", field: str = "") -> bytes:
    """A one-paragraph Word document; `document_rels`/`settings_rels` are extra relationships,
    `field` a field code in the paragraph."""
    instr = (
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{field}</w:instrText>'
        '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        if field
        else ""
    )
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{WORD_MAIN}"/>'
            '<Override PartName="/word/settings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            f'<w:document xmlns:w="{w}" xmlns:r="{RELS}"><w:body><w:p><w:r><w:t>'
            f"Peraturan Bupati Ketapang</w:t></w:r>{instr}</w:p></w:body></w:document>"
        ),
        "word/_rels/document.xml.rels": (
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{RELS}/settings" Target="settings.xml"/>{document_rels}</Relationships>'
        ),
        "word/settings.xml": (
            f'<w:settings xmlns:w="{w}" xmlns:r="{RELS}">'
            + ('<w:attachedTemplate r:id="rId1"/>' if settings_rels else "")
            + "</w:settings>"
        ),
    }
    if settings_rels:
        parts["word/_rels/settings.xml.rels"] = (
            f'<Relationships xmlns="{PACKAGE_RELS}">{settings_rels}</Relationships>'
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()
