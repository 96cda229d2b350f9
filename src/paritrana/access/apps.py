from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "paritrana.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self) -> None:
        # The login lockout's signal receivers (failed and successful logins).
        from paritrana.access import logins  # noqa: F401
