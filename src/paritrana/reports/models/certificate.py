"""The certificate (piagam) of the Juara: one editable template per cycle and level."""

from __future__ import annotations

import io
import string
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from paritrana.awards.models import Cycle, Level

# What an edited body may name, and what each stands for (shown in the admin's help text).
PLACEHOLDERS = {
    "juara": "tempat Juara (Juara I, II atau III)",
    "kandidat": "nama kandidat",
    "kategori": "nama kategori",
    "wilayah": "provinsi, atau zona pada tingkat nasional",
    "tahun": "tahun penganugerahan",
    "tingkat": "Provinsi atau Nasional",
}
MAX_LOGO_BYTES = 2 * 1024 * 1024


def placeholders_in(text: str) -> list[str]:
    """The placeholders a text names, in order; ValidationError (Indonesian) for any other.

    Only bare names are allowed: `{juara}`, never `{juara.x}`, `{juara[0]}`, `{juara!r}` or
    `{juara:>9}` (attribute and index lookups would reach into Python objects).
    """
    allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise ValidationError(
            "Kurung kurawal tidak berpasangan. Penanda ditulis seperti {kandidat}; untuk "
            "kurung kurawal biasa tulis {{ atau }}."
        ) from None
    names, unknown = [], []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = (
                "{"
                + name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            unknown.append(shown)
        else:
            names.append(name)
    if unknown:
        raise ValidationError(
            f"Penanda tidak dikenal: {', '.join(unknown)}. Penanda yang dapat dipakai: {allowed}."
        )
    return names


def fill(text: str, values: dict[str, str]) -> str:
    """The text with its placeholders replaced; ValidationError for an unknown placeholder."""
    placeholders_in(text)
    return text.format_map({name: values.get(name, "") for name in PLACEHOLDERS})


def validate_logo(file: Any) -> None:
    """A PNG or JPEG, judged by its content (not its name), at most 2 MB."""
    from PIL import Image

    file.seek(0)
    content = file.read(MAX_LOGO_BYTES + 1)
    file.seek(0)
    refusal = ValidationError("Logo harus berkas PNG atau JPEG (diperiksa dari isinya).")
    if len(content) > MAX_LOGO_BYTES:
        raise ValidationError("Logo terlalu besar: paling besar 2 MB.")
    if not content.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        raise refusal
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format not in ("PNG", "JPEG"):
                raise refusal
            image.verify()
    except (OSError, SyntaxError, ValueError):
        raise refusal from None


class CertificateTemplate(models.Model):
    """What the Juara's piagam says for one cycle and level; signatories without a name print
    a blank line to sign above their position."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="certificate_templates")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    issuer = models.CharField(
        _("issued by"),
        max_length=300,
        blank=True,
        help_text=_("Printed above the title, e.g. the ministries and agencies giving the award."),
    )
    title = models.CharField(_("title"), max_length=120, default="PIAGAM PENGHARGAAN")
    body = models.TextField(
        _("text"),
        help_text=_(
            "One paragraph per line. Placeholders: {juara}, {kandidat}, {kategori}, {wilayah}, "
            "{tahun}, {tingkat}. A line holding a single placeholder is printed large."
        ),
    )
    place_and_date = models.CharField(
        _("place and date"),
        max_length=120,
        blank=True,
        help_text=_("Printed above the signatures, e.g. 'Jakarta, 12 Juni 2026'."),
    )
    signatory_1_name = models.CharField(_("first signatory: name"), max_length=160, blank=True)
    signatory_1_position = models.CharField(
        _("first signatory: position"), max_length=200, blank=True
    )
    signatory_2_name = models.CharField(_("second signatory: name"), max_length=160, blank=True)
    signatory_2_position = models.CharField(
        _("second signatory: position"), max_length=200, blank=True
    )
    signatory_3_name = models.CharField(_("third signatory: name"), max_length=160, blank=True)
    signatory_3_position = models.CharField(
        _("third signatory: position"), max_length=200, blank=True
    )
    logo = models.FileField(
        _("logo (PNG or JPEG)"), upload_to="piagam/", blank=True, validators=[validate_logo]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle_id", "level"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "level"], name="one_certificate_per_round")
        ]
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self) -> str:
        return f"{self.title} ({self.cycle.ceremony_year}, {self.get_level_display()})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}  # every field refused at once, not the first only
        try:
            placeholders_in(self.body)
        except ValidationError as exc:
            errors["body"] = " ".join(exc.messages)
        for n in (1, 2, 3):
            name = getattr(self, f"signatory_{n}_name").strip()
            position = getattr(self, f"signatory_{n}_position").strip()
            if name and not position:
                errors[f"signatory_{n}_position"] = f"Jabatan penanda tangan ke-{n} wajib diisi."
        if errors:
            raise ValidationError(errors)

    @property
    def signatories(self) -> list[tuple[str, str]]:
        """(name, position) of each signatory with a position, in order."""
        found = []
        for n in (1, 2, 3):
            position = getattr(self, f"signatory_{n}_position").strip()
            if position:
                found.append((getattr(self, f"signatory_{n}_name").strip(), position))
        return found
