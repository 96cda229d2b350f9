"""The Django admin's registrations live in the interface layer, so that every edit it still
allows goes through the commands (`paritrana.commands`), like a page or an API call."""

from paritrana.web import (  # noqa: F401
    admin_access,
    admin_accounts,
    admin_awards,
    admin_judging,
    admin_regions,
    admin_reports,
)
