from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "paritrana.web"
    label = "web"
    verbose_name = "Antarmuka web"
