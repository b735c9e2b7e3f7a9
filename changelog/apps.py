from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangelogConfig(AppConfig):
    """The change log: who changed what and when, read from django-simple-history."""

    name = "changelog"
    verbose_name = _("Ändringslogg")
