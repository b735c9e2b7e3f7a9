"""History rows for objects written without model signals (fixtures, bulk inserts).

simple-history records a change when a model is saved; ``loaddata`` (raw saves)
and ``bulk_create`` bypass that, and its ``bulk_history_create`` writes no
many-to-many snapshots. Without a first row, the first real edit of a loaded
activity would have nothing to be compared with, so we write one here.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, models
from simple_history.models import HistoricalRecords

BATCH_SIZE = 500


def record_history(
    instances: Iterable[models.Model],
    *,
    user=None,
    reason: str = "",
    update: bool = False,
    date=None,
) -> int:
    """Write one history row per instance ("+", or "~" with update=True), m2m snapshots included.

    Runs a constant number of queries per batch, whatever the number of instances:
    the bulk importer and ``load_fixtures`` both write their history through here.
    """
    by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for instance in instances:
        by_model[type(instance)].append(instance)
    written = 0
    for model, objs in by_model.items():
        history = getattr(model, model._meta.simple_history_manager_attribute).bulk_history_create(
            objs,
            batch_size=BATCH_SIZE,
            update=update,
            default_user=user,
            default_change_reason=reason,
            default_date=date,
        )
        written += len(history)
        _record_m2m(model, [row.pk for row in history])
    return written


def _record_m2m(model: type[models.Model], history_ids: list[int]) -> None:
    """Copy each new history row's many-to-many lists as they now stand.

    The database copies them itself (INSERT … SELECT from the through table joined
    to the new history rows), so a 5,000-activity import costs a few statements.
    """
    history_model = getattr(model, model._meta.simple_history_manager_attribute).model
    m2m_fields = getattr(history_model, "_history_m2m_fields", [])
    if not m2m_fields or not history_ids:
        return
    qn = connection.ops.quote_name

    def column(on: type[models.Model], name: str) -> str:
        return qn(on._meta.get_field(name).column)

    for field in m2m_fields:
        m2m_history = HistoricalRecords.m2m_models[field]
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        for start in range(0, len(history_ids), BATCH_SIZE):
            batch = history_ids[start : start + BATCH_SIZE]
            sql = (  # noqa: S608 - quoted identifiers from the models, values as parameters
                "INSERT INTO {m2m} ({m_id}, {m_source}, {m_target}, {m_history}) "
                "SELECT t.{t_id}, t.{t_source}, t.{t_target}, h.{h_history} "
                "FROM {through} t INNER JOIN {hist} h ON h.{h_id} = t.{t_source} "
                "WHERE h.{h_history} IN ({params})"
            ).format(
                m2m=qn(m2m_history._meta.db_table),
                m_id=column(m2m_history, "id"),
                m_source=column(m2m_history, source),
                m_target=column(m2m_history, target),
                m_history=column(m2m_history, "history"),
                through=qn(through._meta.db_table),
                t_id=column(through, "id"),
                t_source=column(through, source),
                t_target=column(through, target),
                hist=qn(history_model._meta.db_table),
                h_id=column(history_model, "id"),
                h_history=column(history_model, "history_id"),
                params=", ".join(["%s"] * len(batch)),
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, batch)


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
