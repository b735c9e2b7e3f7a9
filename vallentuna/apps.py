from django.apps import AppConfig


class VallentunaConfig(AppConfig):
    """Project-wide plumbing that is not a domain: collation, layout, context."""

    name = "vallentuna"
    verbose_name = "Vallentuna"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from vallentuna.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)

        from vallentuna import admin_labels

        admin_labels.apply()
