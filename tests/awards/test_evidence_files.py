"""Evidence files are what they say (issue 14, item 4): a file is accepted only as a clean PDF,
PNG, JPEG, DOCX or XLSX, and downloads under the extension of the type its bytes show, never the
one it was uploaded with."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import unquote

import pydyf
import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile

from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.nominations import add_by_hand
from paritrana.awards.domain.stages import open_stage
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.domain.workspace import (
    WorkspaceError,
    add_evidence,
    candidate_stage,
    detect_type,
)
from paritrana.awards.models import Evidence, Representative
from tests.evidence_samples import PDF, RELS, docx, image, pdf, rezip, xlsx
from tests.screening import open_screening

HTML_PDF = b"%PDF-1.4\n<html><body><script>new ActiveXObject('WScript.Shell')</script>\n%%EOF\n"
HTA_PDF = b'%PDF-1.4\n<hta:application id="x"/><script language="VBScript">Run</script>\n%%EOF\n'
BATCH_PDF = b"%PDF-1.4\r\n@echo off\r\npowershell -enc SQBFAFgA\r\n%%EOF\r\n"
# A real PDF that mshta would also run: the script sits in a comment after %%EOF.
POLYGLOT_PDF = pdf(tail=b"%<script>new ActiveXObject('WScript.Shell').Run('calc')</script>\n")


def _external(kind: str, target: str) -> str:
    return f'<Relationship Id="rId9" Type="{RELS}/{kind}" Target="{target}" TargetMode="External"/>'


def _weasyprint_pdf() -> bytes:
    """A PDF as this project writes its reports: fonts, compressed object streams."""
    return weasyprint.HTML(string="<h1>Peraturan Bupati Ketapang</h1><p>Pasal 1</p>").write_pdf()


def _compressed_js_pdf() -> bytes:
    """JavaScript that only a reader of the compressed object streams can see."""
    document = pydyf.PDF()
    action = pydyf.Dictionary({"S": "/JavaScript", "JS": pydyf.String("app.alert(1)")})
    document.add_object(action)
    document.add_page(
        pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": document.pages.reference,
                "MediaBox": pydyf.Array([0, 0, 595, 842]),
            }
        )
    )
    document.catalog["OpenAction"] = action.reference
    out = io.BytesIO()
    document.write(out, compress=True)
    assert b"JavaScript" not in out.getvalue()  # not visible in the raw bytes
    return out.getvalue()


def _xlsm() -> bytes:
    """A workbook saved as Excel saves one with macros: the VBA project and its content type."""
    plain = xlsx()
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ).replace(
        "</Types>",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    return rezip(plain, {"[Content_Types].xml": types.encode()})


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (HTML_PDF, "berawalan PDF tetapi berisi kode halaman web atau skrip"),
        (HTA_PDF, "berawalan PDF tetapi berisi kode halaman web atau skrip"),
        (BATCH_PDF, "berawalan PDF tetapi berisi kode halaman web atau skrip"),
        (POLYGLOT_PDF, "berawalan PDF tetapi berisi kode halaman web atau skrip"),
        (b"\x89PNG\r\n\x1a\n<html><script>x</script></html>", "berawalan PNG tetapi berisi"),
        (b"%PDF-1.4\n%%EOF\n", "struktur PDF rusak atau bukan PDF"),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "struktur PDF rusak"),
        (PDF[:-7], "penanda akhir %%EOF tidak ada"),
    ],
    ids=["html", "hta", "batch", "hta-polyglot", "png-html", "bare", "no-catalog", "no-eof"],
)
def test_a_page_or_script_behind_the_magic_bytes_is_refused(content, reason):
    with pytest.raises(WorkspaceError, match=re.escape(reason)):
        detect_type(content)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (pdf(b"/OpenAction 4 0 R", b"<</S/JavaScript/JS(app.alert(1))>>"), "JavaScript"),
        (
            pdf(b"/Names<</JavaScript 4 0 R>>", b"<</Names[(a) 5 0 R]>>", b"<</JS(x)>>"),
            "JavaScript",
        ),
        (pdf(b"/OpenAction 4 0 R", b"<</S/J#61vaScript/J#53(app.alert(1))>>"), "JavaScript"),
        (_compressed_js_pdf(), "JavaScript"),
        (pdf(b"/OpenAction 4 0 R", b"<</S/Launch/F(cmd.exe)>>"), "(Launch)"),
        (
            pdf(
                b"/Names<</EmbeddedFiles<</Names[(a.exe) 4 0 R]>>>>",
                b"<</Type/Filespec/F(a.exe)/EF<</F 5 0 R>>>>",
                b"<</Type/EmbeddedFile/Length 2>>stream\nMZ\nendstream",
            ),
            "berkas tertanam",
        ),
    ],
    ids=["js-open-action", "js-name-tree", "js-hex-escaped", "js-object-stream", "launch", "embed"],
)
def test_a_pdf_that_runs_something_is_refused(content, reason):
    with pytest.raises(WorkspaceError, match=f"PDF berisi .*{re.escape(reason)}"):
        detect_type(content)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            docx(settings_rels=_external("attachedTemplate", "http://192.0.2.1/t.dotm")),
            "DOCX berisi rujukan ke berkas di luar dokumen (attachedTemplate",
        ),
        (
            docx(document_rels=_external("oleObject", "file://192.0.2.1/x.xls")),
            "DOCX berisi rujukan ke berkas di luar dokumen (oleObject",
        ),
        (
            docx(document_rels=_external("image", "http://192.0.2.1/pixel.png")),
            "DOCX berisi rujukan ke berkas di luar dokumen (image",
        ),
        (docx(field='DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc"'), "bidang DDE"),
        (rezip(xlsx(), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "XLSX berisi makro (VBA)"),
        (_xlsm(), "XLSX berisi makro (VBA)"),
        (
            rezip(xlsx(), {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}),
            "XLSX berisi tautan ke buku kerja",
        ),
        (
            rezip(docx(), {"word/activeX/activeX1.xml": b"<ax:ocx/>"}),
            "DOCX berisi kontrol ActiveX",
        ),
    ],
    ids=[
        "attached-template",
        "linked-ole",
        "remote-image",
        "dde",
        "vba",
        "macro-content-type",
        "external-link",
        "activex",
    ],
)
def test_an_office_file_with_macros_or_outside_references_is_refused(content, reason):
    with pytest.raises(WorkspaceError, match=re.escape(reason)):
        detect_type(content)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "gambar PNG rusak atau palsu"),
        (image("PNG")[:-12], "gambar PNG rusak atau palsu (terpotong"),
        (image("PNG").replace(b"IDAT", b"IDAX"), "gambar PNG rusak atau palsu"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 16, "gambar JPEG rusak atau palsu"),
        (image("JPEG")[:-100], "gambar JPEG rusak atau palsu (terpotong"),
        (b"\xff\xd8\xff\xd9", "gambar JPEG rusak atau palsu (tanpa data gambar)"),
    ],
    ids=["png-zeros", "png-truncated", "png-bad-crc", "jpeg-zeros", "jpeg-truncated", "jpeg-empty"],
)
def test_an_image_that_does_not_decode_as_its_header_says_is_refused(content, reason):
    with pytest.raises(WorkspaceError, match=re.escape(reason)):
        detect_type(content)


@pytest.mark.parametrize(
    ("make", "label"),
    [
        (lambda: PDF, "PDF"),
        (_weasyprint_pdf, "PDF"),
        (lambda: pdf(b"/OpenAction[3 0 R/Fit]"), "PDF"),  # an opening view is no action
        (lambda: image("PNG"), "PNG"),
        (lambda: image("JPEG"), "JPEG"),
        (lambda: image("JPEG", (300, 200), progressive=True, exif=b"Exif\x00\x00"), "JPEG"),
        (lambda: image("PNG", (300, 200), interlace=True), "PNG"),
        (lambda: image("JPEG") + b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)), "JPEG"),
        (lambda: docx(), "DOCX"),
        (
            lambda: docx(document_rels=_external("hyperlink", "https://bpjsketenagakerjaan.go.id")),
            "DOCX",
        ),
        (lambda: xlsx(), "XLSX"),
        (lambda: xlsx(hyperlink="https://bpjsketenagakerjaan.go.id"), "XLSX"),
    ],
    ids=[
        "pdf",
        "weasyprint-pdf",
        "pdf-open-view",
        "png",
        "jpeg",
        "jpeg-progressive-exif",
        "png-interlaced",
        "jpeg-motion-photo",
        "docx",
        "docx-hyperlink",
        "xlsx",
        "xlsx-hyperlink",
    ],
)
def test_clean_files_are_accepted(make, label):
    assert detect_type(make()).label == label


# Downloads --------------------------------------------------------------------------------------


@pytest.fixture
def workspace(regions, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cycle = create_cycle_from_template(assessment_year=2025)
    open_screening(cycle, "provinsi")
    nomination = add_by_hand(
        category=cycle.categories.get(level="provinsi", code="pemda-kabkota"),
        province="61",
        reason="uji",
        candidate=Candidate(entity="kabkota", name="Kabupaten Ketapang", region_code="61.04"),
    )
    open_stage(stage=candidate_stage(nomination))
    user = django_user_model.objects.create_user(username="ketapang", password="x-123456")
    Representative.objects.create(user=user, nomination=nomination)
    return nomination, user


def _add(workspace, content, name):
    nomination, user = workspace
    return add_evidence(
        nomination=nomination,
        content=content,
        original_name=name,
        kind="inovasi",
        title="Inovasi",
        user=user,
    )


def _downloaded_name(client, evidence) -> str:
    response = client.get(f"/bukti/{evidence.pk}/")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    encoded = re.search(r"filename\*=utf-8''(\S+)", disposition)
    return unquote(encoded[1]) if encoded else re.search(r'filename="(.*)"', disposition)[1]


@pytest.mark.parametrize(
    ("content", "uploaded", "downloaded"),
    [
        (PDF, "laporan.hta", "laporan.pdf"),
        (PDF, "laporan.bat", "laporan.pdf"),
        (PDF, "laporan\u202efdp.exe", "laporanfdp.pdf"),
        (PDF, "laporan.pdf.exe", "laporan.pdf"),
        (PDF, "laporan", "laporan.pdf"),
        (image("JPEG"), "foto kegiatan.png.scr", "foto kegiatan.png.jpg"),
        (xlsx(), "anggaran.xlsm", "anggaran.xlsx"),
    ],
)
def test_a_download_carries_the_extension_of_the_detected_type(
    client, workspace, content, uploaded, downloaded
):
    evidence = _add(workspace, content, uploaded)
    client.force_login(workspace[1])
    assert _downloaded_name(client, evidence) == downloaded
    page = client.get(f"/kandidat/{workspace[0].pk}/").content.decode()
    assert f">{downloaded}</a>" in page


@pytest.mark.parametrize(
    ("stored", "downloaded"),
    [
        ("laporan.hta", "laporan.pdf"),
        ("laporan\u202efdp.exe", "laporanfdp.pdf"),
        ("..\\laporan\x1b\r\n.bat", "laporan.pdf"),  # PostgreSQL stores no NUL
    ],
)
def test_an_existing_row_with_an_unsafe_name_downloads_safely(
    client, workspace, stored, downloaded
):
    evidence = _add(workspace, PDF, "a.pdf")
    # As rows saved before the name was derived from the type hold it.
    Evidence.objects.filter(pk=evidence.pk).update(original_name=stored)
    evidence.refresh_from_db()
    client.force_login(workspace[1])
    name = _downloaded_name(client, evidence)
    assert name == downloaded and "\u202e" not in name
    page = client.get(f"/kandidat/{workspace[0].pk}/").content.decode()
    assert f">{downloaded}</a>" in page and "\u202e" not in page


def test_an_upload_that_is_not_what_it_says_is_refused_with_its_reason(client, workspace):
    nomination, user = workspace
    client.force_login(user)
    response = client.post(
        f"/kandidat/{nomination.pk}/",
        {
            "action": "evidence",
            "kind": "inovasi",
            "title": "Laporan",
            "file": SimpleUploadedFile("laporan.hta", HTA_PDF, "application/pdf"),
        },
    )
    assert response.status_code == 400  # a refused form answers 400, its reason at the field
    assert "berawalan PDF tetapi berisi kode halaman web atau skrip" in response.content.decode()
    assert not Evidence.objects.filter(nomination=nomination).exists()
