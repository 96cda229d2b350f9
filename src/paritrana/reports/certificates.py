"""Certificates (piagam) of the confirmed Juara, one landscape A4 page each.

The wording comes from the round's `CertificateTemplate`, set by the secretariat on its
workbench (`certificate_setup`); until then the defaults print, from what is known of the award
(given by Kemenko PMK with BPJS Ketenagakerjaan). Signatories' names are empty in the defaults:
no official list was found, so the secretariat fills them in. Only Juara the
chair has confirmed (a `Decision`) receive a certificate: the Decision rows of the group's
current decided version (`DecidedRanking`), never a recomputed ranking, so a later import or
recompute cannot change a certificate; a re-decision replaces them with the new version's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from paritrana.assessment.domain.decisions import PLACES
from paritrana.assessment.domain.results import NATION, group_name
from paritrana.assessment.models import Decision
from paritrana.awards.models import Category, Level
from paritrana.errors import DomainError
from paritrana.reports.certificate_setup import template_for
from paritrana.reports.models import CertificateTemplate
from paritrana.reports.models.certificate import PLACEHOLDERS, fill, placeholders_in
from paritrana.reports.pdf import data_uri, render_pdf

LEVEL_WORDS = {Level.PROVINCIAL: "Provinsi", Level.NATIONAL: "Nasional"}


class CertificateError(DomainError):
    """A certificate that cannot be printed (message in Bahasa Indonesia)."""


def region_words(group: str) -> str:
    """What {wilayah} says: the province, the zone ('Zona Kalimantan'), or Indonesia."""
    if group == NATION:
        return "Indonesia"
    return group_name(group)


def values_for(decision: Decision) -> dict[str, str]:
    category = decision.category
    return {
        "juara": PLACES[decision.place - 1] if decision.place <= len(PLACES) else "",
        "kandidat": decision.nomination.name,
        "kategori": category.name,
        "wilayah": region_words(decision.group),
        "tahun": str(category.cycle.ceremony_year),
        "tingkat": LEVEL_WORDS.get(Level(category.level), category.level),
    }


@dataclass(frozen=True)
class Paragraph:
    text: str
    large: bool  # the line held one placeholder only (a name, the place)


@dataclass(frozen=True)
class Page:
    paragraphs: list[Paragraph]


def _page(template: CertificateTemplate, values: dict[str, str]) -> Page:
    paragraphs = []
    for line in template.body.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        names = placeholders_in(stripped)
        large = len(names) == 1 and stripped == "{" + names[0] + "}"
        paragraphs.append(Paragraph(fill(stripped, values), large))
    return Page(paragraphs)


def _logo(template: CertificateTemplate) -> str:
    if not template.logo:
        return ""
    with template.logo.open("rb") as file:
        content = file.read()
    kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
    return data_uri(content, kind)


def _render(template: CertificateTemplate, values: list[dict[str, str]]) -> bytes:
    try:
        pages = [_page(template, each) for each in values]
    except ValidationError as exc:
        raise CertificateError(
            f"Templat piagam {template} tidak dapat dipakai: {' '.join(exc.messages)}"
        ) from None
    return render_pdf(
        "reports/pdf/certificate.html",
        {
            "template": template,
            "pages": pages,
            "logo": _logo(template),
            "signatories": template.signatories,
            "placeholders": PLACEHOLDERS,
        },
    )


def _confirmed(decisions: list[Decision]) -> list[Decision]:
    stored = set(
        Decision.objects.filter(pk__in=[d.pk for d in decisions if d.pk]).values_list(
            "pk", flat=True
        )
    )
    return [d for d in decisions if d.pk in stored]


def certificate_pdf(*, decision: Decision) -> bytes:
    """The certificate of one confirmed Juara."""
    if not _confirmed([decision]):
        raise CertificateError("Piagam hanya dibuat untuk Juara yang sudah dikonfirmasi.")
    category = decision.category
    template = template_for(cycle=category.cycle, level=category.level)
    return _render(template, [values_for(decision)])


def certificates_pdf(*, category: Category, group: str) -> bytes:
    """One page per confirmed Juara of `category` in `group`, Juara I first."""
    decisions = list(
        Decision.objects.filter(category=category, group=group)
        .select_related("nomination", "category__cycle")
        .order_by("place")
    )
    if not decisions:
        raise CertificateError(
            f"Belum ada Juara {category.name} {group_name(group)} yang dikonfirmasi; piagam "
            "dibuat setelah ketua tim mengonfirmasi keputusan."
        )
    template = template_for(cycle=category.cycle, level=category.level)
    return _render(template, [values_for(d) for d in decisions])


def preview_pdf(template: CertificateTemplate) -> bytes:
    """The wording as it would print, on one page with sample values in brackets (the
    secretariat's preview before and after saving it)."""
    cycle = template.cycle
    level = Level(template.level)
    category = cycle.categories.filter(level=level, enabled=True).order_by("pk").first()
    return _render(
        template,
        [
            {
                "juara": PLACES[0],
                "kandidat": "(nama kandidat)",
                "kategori": category.name if category else "(nama kategori)",
                "wilayah": "(nama provinsi)" if level == Level.PROVINCIAL else "(nama zona)",
                "tahun": str(cycle.ceremony_year),
                "tingkat": LEVEL_WORDS.get(level, str(level)),
            }
        ],
    )
