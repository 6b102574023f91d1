from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Report catalogue"

    def ready(self) -> None:
        from .search.index import connect_signals

        connect_signals()

        from .versions.registry import register

        register()
