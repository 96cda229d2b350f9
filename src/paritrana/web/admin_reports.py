"""Certificate templates in the Django admin; saves and deletions go through the admin's
commands (`admin.save` / `admin.delete`), so they are asked of the policy and audited.

The model's `clean` refuses unknown placeholders in the text, so the admin form shows the
Indonesian error beside the field; the logo is checked by content (PNG or JPEG).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from paritrana.reports.models import CertificateTemplate
from paritrana.web.admin_base import CommandAdmin


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(CommandAdmin):
    list_display = ["title", "cycle", "level", "updated_at"]
    list_filter = ["cycle", "level"]
    fieldsets = [
        (None, {"fields": ["cycle", "level", "logo", "issuer", "title", "body", "place_and_date"]}),
        (
            _("Signatories"),
            {
                "fields": [
                    ("signatory_1_name", "signatory_1_position"),
                    ("signatory_2_name", "signatory_2_position"),
                    ("signatory_3_name", "signatory_3_position"),
                ]
            },
        ),
    ]
