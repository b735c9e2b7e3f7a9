from django.apps import AppConfig


class VallentunaConfig(AppConfig):
    """Project-wide plumbing that is not a domain: collation, layout, context."""

    name = "vallentuna"
    verbose_name = "Vallentuna"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_save

        from vallentuna.collation import register_sqlite_collation
        from vallentuna.text import clean_model_text

        connection_created.connect(register_sqlite_collation)
        # No control character is stored by any save: forms, admin, services, commands.
        pre_save.connect(clean_model_text, dispatch_uid="vallentuna.clean_model_text")
