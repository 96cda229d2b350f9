"""The candidate workspace: answers, evidence checked by content and size, submission, and
nothing editable outside the open self-assessment stage."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.nominations import add_by_hand
from paritrana.awards.domain.stages import StageClosed, close_stage, open_stage
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.domain.workspace import (
    WorkspaceError,
    add_evidence,
    candidate_stage,
    detect_type,
    save_answers,
    submit,
)
from paritrana.awards.models import AuditEntry, Evidence
from tests.evidence_samples import PDF, image
from tests.screening import open_screening


def _office(kind: str, payload: bytes = b"<x/>", extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        main = {"xl": "xl/workbook.xml", "word": "word/document.xml"}.get(kind, kind + "/x.xml")
        archive.writestr(main, payload)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def nomination(regions, admin_user):
    cycle = create_cycle_from_template(assessment_year=2025)
    open_screening(cycle, "provinsi")
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    ketapang = Candidate(entity="kabkota", name="Kabupaten Ketapang", region_code="61.04")
    nomination = add_by_hand(
        category=category, candidate=ketapang, province="61", reason="uji", user=admin_user
    )
    open_stage(stage=candidate_stage(nomination))
    return nomination


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(nomination, user, content=PDF, **fields):
    defaults = {
        "kind": "regulasi",
        "title": "Perbup Ketapang tentang Jamsostek",
        "number": "12 Tahun 2025",
        "document_date": dt.date(2025, 3, 1),
    }
    return add_evidence(
        nomination=nomination,
        content=content,
        original_name="perbup.pdf",
        user=user,
        **{**defaults, **fields},
    )


@pytest.mark.parametrize(
    ("content", "label"),
    [
        (PDF, "PDF"),
        (image("PNG"), "PNG"),
        (image("JPEG"), "JPEG"),
        (_office("xl"), "XLSX"),
        (_office("word"), "DOCX"),
    ],
)
def test_allowed_types_are_recognised_by_their_content(content, label):
    assert detect_type(content).label == label


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 an executable renamed to .pdf", "Jenis berkas tidak diizinkan"),
        (b"<html><script>alert(1)</script>", "Jenis berkas tidak diizinkan"),
        (b"PK\x03\x04 not really a zip", "arsip ZIP tidak dapat dibaca"),
        (_office("xl", b"0" * 30_000_000), "bom ZIP"),
        (_office("xl", extra={"../../etc/passwd": b"x"}), "jalur yang tidak aman"),
        (_office("other"), "bukan dokumen kantor"),
    ],
)
def test_other_content_is_refused_whatever_its_name(content, message):
    with pytest.raises(WorkspaceError, match=message):
        detect_type(content)


def test_a_regulation_is_stored_with_its_number_date_and_checked_type(nomination, admin_user):
    evidence = _upload(nomination, admin_user)
    assert (evidence.number, evidence.document_date) == ("12 Tahun 2025", dt.date(2025, 3, 1))
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    assert evidence.file.name.endswith(".pdf") and "perbup" not in evidence.file.name
    assert evidence.file.read() == PDF
    assert AuditEntry.objects.filter(action="evidence.add").count() == 1


def test_kind_specific_details_are_required(nomination, admin_user):
    with pytest.raises(WorkspaceError, match="nomor dan tanggal"):
        _upload(nomination, admin_user, number="")
    with pytest.raises(WorkspaceError, match="jumlah anggaran"):
        _upload(nomination, admin_user, kind="anggaran", number="", document_date=None)
    budget = _upload(
        nomination,
        admin_user,
        kind="anggaran",
        title="DPA Disnaker 2025",
        number="",
        document_date=None,
        amount=1_500_000_000,
    )
    assert budget.amount == 1_500_000_000


def test_a_file_over_the_limit_is_refused(nomination, admin_user, settings):
    settings.PARITRANA_MAX_EVIDENCE_MB = 1
    with pytest.raises(WorkspaceError, match="melebihi batas 1 MB"):
        _upload(nomination, admin_user, content=PDF + b"0" * 1_100_000)
    assert not Evidence.objects.exists()


def test_answers_and_submission_are_kept_and_audited(nomination, admin_user):
    save_answers(
        nomination=nomination,
        answers={"regulasi": "Perbup 12/2025 mewajibkan ..."},
        user=admin_user,
    )
    assessment = submit(nomination=nomination, user=admin_user)
    assert assessment.answers == {"regulasi": "Perbup 12/2025 mewajibkan ..."}
    assert assessment.submitted_at is not None
    with pytest.raises(WorkspaceError, match="tidak dikenal: tepat_waktu"):
        save_answers(nomination=nomination, answers={"tepat_waktu": "x"}, user=admin_user)


def test_nothing_can_be_entered_before_the_stage_opens_or_changed_after_it_closes(
    nomination, admin_user
):
    stage = candidate_stage(nomination)
    close_stage(stage=stage)
    with pytest.raises(StageClosed):
        _upload(nomination, admin_user)
    with pytest.raises(StageClosed):
        submit(nomination=nomination, user=admin_user)
    cycle2 = create_cycle_from_template(assessment_year=2026)
    open_screening(cycle2, "provinsi")
    category = cycle2.categories.get(level="provinsi", code="pemda-kabkota")
    early = add_by_hand(
        category=category,
        province="61",
        reason="uji",
        candidate=Candidate(entity="kabkota", name="Kabupaten Sambas", region_code="61.01"),
    )
    with pytest.raises(WorkspaceError, match="belum dibuka; dijadwalkan mulai 01/03/2027"):
        save_answers(nomination=early, answers={}, user=admin_user)


@pytest.mark.parametrize(
    ("original_name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\x\\..\\a.pdf", "a.pdf"),
        ("/abs/path.pdf", "path.pdf"),
        ("a\x00b\x1b\r\n.pdf", "ab.pdf"),
        ("\u202efdp.exe", "fdp.exe"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
        (".", "bukti"),
        ("..", "bukti"),
        ("", "bukti"),
        ("ktp 6104012345670001.pdf", "ktp 6104********01.pdf"),
    ],
)
def test_an_evidence_name_is_only_shown_sanitised_and_never_decides_where_it_lands(
    nomination, admin_user, settings, original_name, shown
):
    evidence = add_evidence(
        nomination=nomination,
        content=PDF,
        original_name=original_name,
        kind="regulasi",
        title="Perbup",
        number="1",
        document_date=dt.date(2025, 3, 1),
        user=admin_user,
    )
    assert evidence.original_name == shown
    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert stored.stem.isalnum() and len(stored.stem) == 32 and stored.suffix == ".pdf"


@pytest.mark.parametrize("folder", ["xl", "word"])
def test_a_zip_with_an_office_folder_but_not_its_main_part_is_refused(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/styles.xml", "<x/>")
    with pytest.raises(WorkspaceError, match="bukan dokumen kantor"):
        detect_type(buffer.getvalue())
