"""``manage.py shell`` without the warning about models it cannot import.

django-simple-history gives the historical model of a model kept outside an app's
``models.py`` (``followup.contribution_models``, ``plans.checklist_models``) the app package
as ``__module__`` but puts it in the model's own module, so Django's automatic imports
("from followup import HistoricalContribution") fail and the shell warns on every start.
"""

from importlib import import_module

from django.core.management.commands import shell


def importable(path: str) -> bool:
    """Whether ``path`` ("package.module.Name") names an attribute of an importable module."""
    module, _, name = path.rpartition(".")
    try:
        return hasattr(import_module(module), name)
    except ImportError:
        return False


class Command(shell.Command):
    def get_auto_imports(self) -> list[str]:
        return [path for path in super().get_auto_imports() if importable(path)]
