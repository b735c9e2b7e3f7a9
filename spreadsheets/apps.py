from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    """Import of a plan's table from Excel, LibreOffice or CSV, and export back.

    The top of the app tree (actors ← plans ← followup ← spreadsheets): it reads and
    writes plans and their follow-up, and nothing below imports it.
    """

    name = "spreadsheets"
    verbose_name = _("Kalkylblad")
