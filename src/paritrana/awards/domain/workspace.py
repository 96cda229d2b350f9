"""What a candidate's representatives do: answer the self-assessment, upload evidence, submit.

Everything here requires the self-assessment stage of the candidate's level to be open: before
it opens nothing can be entered, after it closes nothing can be changed. Files are checked by
their content, not their name (`evidence_files`): PDF, JPEG, PNG, XLSX and DOCX only, within the
size limit, with nothing in them that runs or reaches out. The name a file was uploaded under is
only shown (reduced to a display name, with the extension of its detected type); it is stored
under a generated one. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from paritrana.awards.domain.audit import audited, log_action, snapshot
from paritrana.awards.domain.evidence_files import FileRefused, FileType, checked_type
from paritrana.awards.domain.stages import ensure_editable
from paritrana.awards.models import (
    Criterion,
    Evidence,
    EvidenceKind,
    Nomination,
    NominationStatus,
    Representative,
    SelfAssessment,
    Stage,
    StageKind,
    StageStatus,
)
from paritrana.engine.redact import display_name
from paritrana.errors import DomainError


class WorkspaceError(DomainError):
    """A refused change in the candidate workspace (message in Bahasa Indonesia)."""


def detect_type(content: bytes) -> FileType:
    """The file's type from its bytes, once its content is found clean (`evidence_files`);
    WorkspaceError for anything not allowed."""
    try:
        return checked_type(content)
    except FileRefused as refused:
        raise WorkspaceError(str(refused)) from None


# Evidence amounts are whole rupiah (`Evidence.amount` is a BigIntegerField, shown as Rp1.234.567
# and never summed with sen). The column holds up to 9.2 x 10^18 and SQLite fails with a server
# error beyond it, but no regional APBD comes near: the largest are hundreds of trillions of
# rupiah, so a thousand trillion or more is a typing slip (a few groups of zeros too many).
MAX_AMOUNT = 999_999_999_999_999


def _rupiah(value: Decimal) -> str:
    whole, _dot, sen = f"{value:f}".partition(".")
    return "Rp " + f"{int(whole):,}".replace(",", ".") + (f",{sen}" if sen else "")


def whole_rupiah(amount: int | Decimal | None) -> int | None:
    """The amount of a piece of evidence as whole rupiah; WorkspaceError for a negative amount,
    one with sen (",00" is whole) and one beyond `MAX_AMOUNT`, never a rounded or truncated one
    stored in silence."""
    if amount is None:
        return None
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise WorkspaceError(f"Jumlah “{amount}” bukan jumlah rupiah.") from None
    if not value.is_finite():
        raise WorkspaceError(f"Jumlah “{amount}” bukan jumlah rupiah.")
    if value < 0:
        raise WorkspaceError("Jumlah tidak boleh negatif.")
    if value != value.to_integral_value():
        raise WorkspaceError(
            f"Jumlah ditulis dalam rupiah penuh, tanpa sen: {_rupiah(value)} memuat sen."
        )
    if value > MAX_AMOUNT:
        raise WorkspaceError(f"Jumlah terlalu besar: paling banyak {_rupiah(Decimal(MAX_AMOUNT))}.")
    return int(value)


def represents(user: Any, nomination: Nomination) -> bool:
    return Representative.objects.filter(user=user, nomination=nomination).exists()


def candidate_stage(nomination: Nomination) -> Stage:
    return Stage.objects.get(
        cycle=nomination.category.cycle,
        level=nomination.category.level,
        kind=StageKind.SELF_ASSESSMENT,
    )


def ensure_open(nomination: Nomination) -> Stage:
    stage = candidate_stage(nomination)
    ensure_editable(stage)
    if stage.status != StageStatus.OPEN:
        raise WorkspaceError(
            "Tahap penilaian mandiri belum dibuka"
            + (f"; dijadwalkan mulai {stage.starts_on:%d/%m/%Y}." if stage.starts_on else ".")
        )
    if nomination.status != NominationStatus.NOMINATED:
        raise WorkspaceError("Kandidat ini sudah dikeluarkan dari nominasi.")
    return stage


def questions(nomination: Nomination) -> list[Criterion]:
    """The qualitative criteria a candidate answers: those judged from documents and in the
    interview, with their rubric."""
    return list(
        Criterion.objects.filter(category=nomination.category, kind="kualitatif")
        .prefetch_related("rubric")
        .order_by("order")
    )


def save_answers(*, nomination: Nomination, answers: dict[str, str], user: Any) -> SelfAssessment:
    ensure_open(nomination)
    allowed = {c.code for c in questions(nomination)}
    unknown = sorted(set(answers) - allowed)
    if unknown:
        raise WorkspaceError(f"Pertanyaan tidak dikenal: {', '.join(unknown)}.")
    with transaction.atomic():
        assessment, _new = SelfAssessment.objects.get_or_create(nomination=nomination)
        with audited(
            assessment, user=user, action="self_assessment.save", cycle=nomination.category.cycle
        ):
            assessment.answers = {
                **assessment.answers,
                **{k: v.strip() for k, v in answers.items()},
            }
            assessment.save()
    return assessment


def add_evidence(
    *,
    nomination: Nomination,
    content: bytes,
    original_name: str,
    kind: str,
    title: str,
    user: Any,
    number: str = "",
    document_date: dt.date | None = None,
    amount: int | Decimal | None = None,
    description: str = "",
    criterion: Criterion | None = None,
) -> Evidence:
    ensure_open(nomination)
    limit = settings.PARITRANA_MAX_EVIDENCE_MB * 1024 * 1024
    if len(content) > limit:
        raise WorkspaceError(
            f"Berkas {len(content) / 1024 / 1024:.1f} MB melebihi batas "
            f"{settings.PARITRANA_MAX_EVIDENCE_MB} MB."
        )
    if not content:
        raise WorkspaceError("Berkas kosong.")
    file_type = detect_type(content)
    if kind not in EvidenceKind.values:
        raise WorkspaceError(f"Jenis bukti '{kind}' tidak dikenal.")
    if kind == EvidenceKind.REGULATION and not (number.strip() and document_date):
        raise WorkspaceError("Regulasi wajib disertai nomor dan tanggal penetapan.")
    if kind == EvidenceKind.BUDGET and (amount is None or amount < 0):
        raise WorkspaceError("Dokumen APBD wajib disertai jumlah anggaran (Rp, tidak negatif).")
    amount = whole_rupiah(amount)
    if not title.strip():
        raise WorkspaceError("Judul bukti wajib diisi.")
    with transaction.atomic():
        evidence = Evidence(
            nomination=nomination,
            criterion=criterion,
            kind=kind,
            title=title.strip(),
            number=number.strip(),
            document_date=document_date,
            amount=amount,
            description=description.strip(),
            original_name=display_name(original_name, fallback="bukti"),
            content_type=file_type.content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=user,
        )
        evidence.file.save(
            f"{uuid.uuid4().hex}.{file_type.extension}", ContentFile(content), save=False
        )
        evidence.save()
        log_action(
            user=user,
            action="evidence.add",
            obj=evidence,
            cycle=nomination.category.cycle,
            after=snapshot(evidence),
        )
    return evidence


def submit(*, nomination: Nomination, user: Any) -> SelfAssessment:
    ensure_open(nomination)
    with transaction.atomic():
        assessment, _new = SelfAssessment.objects.get_or_create(nomination=nomination)
        with audited(
            assessment, user=user, action="self_assessment.submit", cycle=nomination.category.cycle
        ):
            assessment.submitted_at = timezone.now()
            assessment.submitted_by = user
            assessment.save()
    return assessment


def remove_evidence(*, evidence: Evidence, user: Any) -> None:
    """Remove an uploaded document while the stage is open and the self-assessment is not yet
    submitted; what the selection team received once it was sent stays as it was sent. The
    audit entry keeps what the document was (its title, type, size and checksum)."""
    nomination = evidence.nomination
    ensure_open(nomination)
    assessment = SelfAssessment.objects.filter(nomination=nomination).first()
    if assessment is not None and assessment.submitted_at is not None:
        when = timezone.localtime(assessment.submitted_at)
        raise WorkspaceError(
            f"Penilaian mandiri sudah dikirim pada {when:%d/%m/%Y %H:%M}: bukti yang sudah "
            "dikirim tidak dapat dihapus lagi."
        )
    with transaction.atomic():
        log_action(
            user=user,
            action="evidence.remove",
            obj=evidence,
            cycle=nomination.category.cycle,
            before=snapshot(evidence),
        )
        stored = evidence.file
        evidence.delete()
        # The stored file goes only once the removal is committed.
        transaction.on_commit(lambda: stored.storage.delete(stored.name))
