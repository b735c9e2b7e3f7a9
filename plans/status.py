"""The follow-up status scale, here so that plans can name a status too.

The scale belongs to the follow-up (``followup.models.Status`` is this class), but a plan
carried over from an earlier one says in its own pages which status each activity had
when it was carried ("senast Ej påbörjad T3 2017"), and plans does not import followup.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """The scale Swedish municipalities use when following up action plans."""

    NOT_STARTED = "not_started", _("Ej påbörjad")
    STARTED = "started", _("Påbörjad")
    DELAYED = "delayed", _("Försenad")
    DONE = "done", _("Genomförd")
    STRUCK = "struck", _("Avförd")


def status_label(value: str | None) -> str:
    """A status code's text in the active language ('Genomförd'); an unknown code as it is."""
    if value in Status.values:
        return str(Status(value).label)
    return value or ""
