from django.apps import AppConfig


class VersionsConfig(AppConfig):
    name = "paritrana.versions"
    label = "versions"
    verbose_name = "Versi data"  # never shown: no admin, no page
