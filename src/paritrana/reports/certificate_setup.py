"""The certificate (piagam) wording of a round, set by the secretariat on its workbench
(/sekretariat/<cycle>/piagam/) through the command `certificate.save`.

Until a round's wording is saved its certificates print the defaults (`default_template`):
reading or printing never writes a row. A saved wording is checked whole (placeholders, a
position for every named signatory, the logo's content) and lands whole or not at all; the
audit entry keeps it before and after. A copied cycle takes its source's wording, without the
place and date (last year's ceremony).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from paritrana.awards.domain.audit import log_action, snapshot
from paritrana.awards.models import Cycle, Level
from paritrana.errors import DomainError
from paritrana.reports.models import CertificateTemplate

ISSUER = (
    "Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan Republik Indonesia "
    "bersama BPJS Ketenagakerjaan"
)
BODY = {
    Level.PROVINCIAL: (
        "diberikan kepada\n{kandidat}\nsebagai\n{juara}\n"
        "Paritrana Award {tahun} Kategori {kategori}\nTingkat {tingkat} {wilayah}\n"
        "atas komitmen dan upaya nyata memperluas perlindungan jaminan sosial "
        "ketenagakerjaan bagi pekerja."
    ),
    Level.NATIONAL: (
        "diberikan kepada\n{kandidat}\nsebagai\n{juara}\n"
        "Paritrana Award {tahun} Kategori {kategori}\nTingkat {tingkat} · {wilayah}\n"
        "atas komitmen dan upaya nyata memperluas perlindungan jaminan sosial "
        "ketenagakerjaan bagi pekerja."
    ),
}
SIGNATORIES = (
    "Menteri Koordinator Bidang Pembangunan Manusia dan Kebudayaan Republik Indonesia",
    "Direktur Utama BPJS Ketenagakerjaan",
)
# The wording's text fields, as the form and the command name them.
TEXT_FIELDS = (
    "issuer",
    "title",
    "body",
    "place_and_date",
    "signatory_1_name",
    "signatory_1_position",
    "signatory_2_name",
    "signatory_2_position",
    "signatory_3_name",
    "signatory_3_position",
)


class WordingRefused(DomainError):
    """A wording that cannot be saved; `errors`: the message of each field refused."""

    code = "invalid"
    http_status = 422

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()), details={"fields": errors})
        self.errors = errors


def default_template(*, cycle: Cycle, level: str) -> CertificateTemplate:
    """The wording a round prints before the secretariat saved its own (not stored)."""
    return CertificateTemplate(
        cycle=cycle,
        level=level,
        issuer=ISSUER,
        title="PIAGAM PENGHARGAAN",
        body=BODY[Level(level)],
        signatory_1_position=SIGNATORIES[0],
        signatory_2_position=SIGNATORIES[1],
    )


def template_for(*, cycle: Cycle, level: str) -> CertificateTemplate:
    """The round's saved wording, or the defaults (unsaved: reading writes nothing)."""
    saved = CertificateTemplate.objects.filter(cycle=cycle, level=level).first()
    return saved if saved is not None else default_template(cycle=cycle, level=level)


def _with(
    template: CertificateTemplate,
    values: dict[str, str],
    logo: UploadedFile | None,
    remove_logo: bool,
) -> CertificateTemplate:
    """`template` with the text fields in `values` (a field left out stays) and a new logo or
    none, checked whole; WordingRefused naming each field refused."""
    for name in TEXT_FIELDS:
        if name in values:
            setattr(template, name, (values[name] or "").replace("\r\n", "\n").strip())
    if remove_logo:
        template.logo = None  # type: ignore[assignment]
    if logo is not None:
        template.logo = logo  # type: ignore[assignment]
    try:
        template.full_clean()
    except ValidationError as exc:
        raise WordingRefused(
            {field: " ".join(messages) for field, messages in exc.message_dict.items()}
        ) from None
    return template


def _known(level: str) -> None:
    if level not in Level.values:
        raise WordingRefused({"level": f"Tingkat tidak dikenal: {level}."})


def checked_wording(
    *,
    cycle: Cycle,
    level: str,
    values: dict[str, str],
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> CertificateTemplate:
    """The round's wording as it would be saved, checked whole, not saved (the preview)."""
    _known(level)
    return _with(template_for(cycle=cycle, level=level), values, logo, remove_logo)


def save_wording(
    *,
    cycle: Cycle,
    level: str,
    values: dict[str, str],
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
    user: Any = None,
) -> CertificateTemplate:
    """Save the round's wording (see `checked_wording`): all of it or nothing."""
    _known(level)
    template = template_for(cycle=cycle, level=level)
    before = snapshot(template) if template.pk else None
    _with(template, values, logo, remove_logo)
    with transaction.atomic():
        template.save()
        log_action(
            user=user,
            action="certificate.save",
            obj=template,
            cycle=cycle,
            before=before,
            after=snapshot(template),
        )
    return template


def copy_wording(*, source: Cycle, cycle: Cycle, user: Any = None) -> list[CertificateTemplate]:
    """The source cycle's saved wording for `cycle` (a copy), without the place and date."""
    copied = []
    for template in CertificateTemplate.objects.filter(cycle=source):
        new = CertificateTemplate(
            cycle=cycle,
            level=template.level,
            logo=template.logo.name if template.logo else "",
            place_and_date="",
            **{name: getattr(template, name) for name in TEXT_FIELDS if name != "place_and_date"},
        )
        new.save()
        log_action(user=user, action="certificate.copy", obj=new, cycle=cycle, after=snapshot(new))
        copied.append(new)
    return copied


def unnamed_signatories(template: CertificateTemplate) -> list[str]:
    """The positions printed without a name (a blank line to sign above)."""
    return [position for name, position in template.signatories if not name]
