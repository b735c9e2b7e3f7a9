"""History rows for objects written without model signals (fixtures, bulk inserts).

simple-history records a change when a model is saved; ``loaddata`` (raw saves)
and ``bulk_create`` bypass that, and its ``bulk_history_create`` writes no
many-to-many snapshots. Without a first row, the first real edit of a loaded
activity would have nothing to be compared with, so we write one here.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import models
from simple_history.models import HistoricalRecords


def record_history(
    instances: Iterable[models.Model],
    *,
    user=None,
    reason: str = "",
    update: bool = False,
) -> int:
    """Write one history row per instance ("+", or "~" with update=True), m2m snapshots included.

    Runs a constant number of queries per model, whatever the number of instances.
    """
    by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for instance in instances:
        by_model[type(instance)].append(instance)
    written = 0
    for model, objs in by_model.items():
        history = getattr(model, model._meta.simple_history_manager_attribute).bulk_history_create(
            objs, update=update, default_user=user, default_change_reason=reason
        )
        written += len(history)
        _record_m2m(model, history)
    return written


def _record_m2m(model: type[models.Model], history: list[models.Model]) -> None:
    history_model = getattr(model, model._meta.simple_history_manager_attribute).model
    m2m_fields = getattr(history_model, "_history_m2m_fields", [])
    if not m2m_fields or not history:
        return
    by_pk = {row.id: row for row in history}  # the historical row's id is the instance's pk
    for field in m2m_fields:
        m2m_history = HistoricalRecords.m2m_models[field]
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = through.objects.filter(**{f"{source}_id__in": list(by_pk)}).values_list(
            "id", f"{source}_id", f"{target}_id"
        )
        m2m_history.objects.bulk_create(
            m2m_history(id=pk, history=by_pk[src], **{f"{source}_id": src, f"{target}_id": dst})
            for pk, src, dst in rows
        )


def record_missing_history(*, user=None, reason: str = "") -> int:
    """Give every object that has no history yet its first row (after loaddata, like
    simple-history's populate_history, but with many-to-many snapshots)."""
    from simple_history.models import registered_models

    written = 0
    for model in list(registered_models.values()):
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager is None:  # many-to-many through tables are registered too
            continue
        missing = model._default_manager.exclude(pk__in=getattr(model, manager).values("id"))
        written += record_history(missing, user=user, reason=reason)
    return written


def load_fixtures(*names: str, user=None) -> None:
    """``loaddata`` plus a first history row for what it loaded, so later edits show before → after."""
    from django.core.management import call_command
    from django.db import transaction

    with transaction.atomic():
        call_command("loaddata", *names, verbosity=0)
        record_missing_history(user=user, reason="Inläst från fixtur")
