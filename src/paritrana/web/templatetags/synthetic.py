"""`{% synthetic_notice %}`: the plain "data sintetis" notice, shown on every page while the
stored data come from synthetic imports (the demo's, `paritrana synth`).

Decided from the stored imports, not from a setting: a deployment that loaded synthetic data
to try the product says so too, and the notice goes when those imports are deleted. One small
indexed query per page.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from paritrana.coverage.models import DataImport, ImportStatus

register = template.Library()


def synthetic_data_stored() -> bool:
    return DataImport.objects.filter(synthetic=True, status=ImportStatus.IMPORTED).exists()


@register.simple_tag
def synthetic_notice() -> SafeString | str:
    if not synthetic_data_stored():
        return ""
    return format_html(
        '<p class="synthetic-notice" id="synthetic-notice" role="note"><strong>{}</strong> {}</p>',
        _("Synthetic data."),
        _(
            "The coverage figures, imports and award entries on this site are generated for "
            "demonstration; they are not BPJS Ketenagakerjaan or BPS data. Published reference "
            "figures are listed separately with their sources."
        ),
    )
