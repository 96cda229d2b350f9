from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "paritrana.web"
    label = "web"
    verbose_name = "Antarmuka web"

    def ready(self) -> None:
        # Every command registered in every process (the web, the worker, the CLI): the
        # change history and its workbook name each one in words, whichever page or task
        # imported it first.
        from paritrana.commands import load_all

        load_all()
