"""The certificates' (piagam) wording of a round: the national admin sets it on the
secretariat's workbench (`access.manage_cycle`); `reports.certificate_setup` checks it whole
and writes the audit entry with the wording before and after."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.awards.models import Cycle
from paritrana.commands.registry import arg, command
from paritrana.reports import certificate_setup
from paritrana.reports.models.certificate import CertificateTemplate


@command(
    "certificate.save",
    label=_("Set the certificates' wording"),
    perm="access.manage_cycle",
    target=arg("cycle"),
)
def save_wording(
    actor: Any,
    *,
    cycle: Cycle,
    level: str,
    values: dict[str, str],
    logo: Any = None,  # an uploaded PNG or JPEG (checked by its content)
    remove_logo: bool = False,
) -> CertificateTemplate:
    return certificate_setup.save_wording(
        cycle=cycle, level=level, values=values, logo=logo, remove_logo=remove_logo, user=actor
    )
