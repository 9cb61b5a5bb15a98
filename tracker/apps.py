from django.apps import AppConfig
from django.core.checks import Tags, register


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Claims tracker"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_migrate

        from tracker.checks import (
            old_migrations_finished,
            refuse_to_migrate_unfinished_old_migrations,
        )
        from tracker.page_cache import connect_signals
        from tracker.prepared_queries import keep_searches_unprepared

        register(old_migrations_finished, Tags.database)
        pre_migrate.connect(refuse_to_migrate_unfinished_old_migrations, sender=self)
        connect_signals()
        connection_created.connect(keep_searches_unprepared, dispatch_uid="unprepared_searches")
