"""Certificate templates in the Django admin; saves and deletions are audited.

The model's `clean` refuses unknown placeholders in the text, so the admin form shows the
Indonesian error beside the field; the logo is checked by content (PNG or JPEG).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from paritrana.awards.admin import AuditedAdmin
from paritrana.reports.models import CertificateTemplate


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(AuditedAdmin):
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
