"""Admin's per-object history (django-simple-history) in words a coordinator reads.

simple-history shows a change's old and new values as stored: "None → 2018-02-05",
"draft → adopted", "False → True". ``ReadableHistoryAdmin`` shows them as the pages do:
a choice by its label, a date written out in the active language, Ja/Nej, and "–" for
nothing. simple-history's documented hook for this is
``get_historical_record_context_helper``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "–"


def readable_value(field: models.Field, value: Any) -> Any:
    """``value`` of ``field`` as a person reads it (lists, e.g. many-to-many, as they are)."""
    if isinstance(value, list):
        return value or EMPTY
    if value is None or value == "" or value == {}:
        return EMPTY
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_filter(moment, "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_filter(value, "j F Y")
    return value


class _ReadableHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return readable_value(self.model._meta.get_field(change.field), value)


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page shows values as the pages do."""

    def get_historical_record_context_helper(self, request, historical_record):
        return _ReadableHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        for record in historical_records:  # no reason given: blank, not "None"
            if record.history_change_reason is None:
                record.history_change_reason = ""
        super().set_history_delta_changes(request, historical_records, **kwargs)
