from django.apps import AppConfig
from django.core.checks import Tags, register


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Claims tracker"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tracker.checks import old_migrations_finished
        from tracker.page_cache import connect_signals

        register(old_migrations_finished, Tags.database)
        connect_signals()
