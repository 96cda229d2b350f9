"""The Django admin's registrations live in the interface layer, so that every edit it still
allows goes through the commands (`paritrana.commands`), like a page or an API call."""

from paritrana.web import admin_awards, admin_judging, admin_regions  # noqa: F401
