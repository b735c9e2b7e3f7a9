"""Writes for the plans app: bringing back a deleted plan, focus area or activity.

django-simple-history keeps a row for every delete ("-") with the object's last values;
restoring saves that object again under its old id, with what was deleted along with it
(a plan's focus areas and activities, an activity's responsible actors). The restore is
itself a history row, by the user who did it, in the same transaction.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from plans.models import Activity, FocusArea, Plan

#: Children deleted within this time of their parent count as deleted with it (a cascade).
SAME_DELETE = datetime.timedelta(seconds=10)


class RestoreError(Exception):
    """The object cannot be restored; the message says why in Swedish."""


def _children(model: type[Model], parent_field: str, record) -> list:
    """Deleted records of ``model`` whose parent is ``record``'s object, deleted with it."""
    since = record.history_date - SAME_DELETE
    candidates = model.history.filter(
        **{parent_field: record.id},
        history_type="-",
        history_date__gte=since,
        history_date__lte=record.history_date + SAME_DELETE,
    ).exclude(id__in=model.objects.values("id"))
    latest = {}
    for rec in candidates.order_by("history_date", "history_id"):
        latest[rec.id] = rec
    return list(latest.values())


def _last_values(model: type[Model], pk: int):
    """The last saved version before the delete (a delete row has no many-to-many values)."""
    return (
        model.history.filter(id=pk)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )


def _save(record, reason: str) -> Model:
    obj = record.instance
    obj._change_reason = reason
    actor_ids = []
    if isinstance(obj, Activity):  # read before the save writes a new history row
        before = _last_values(Activity, obj.pk)
        actor_ids = [row.actor_id for row in before.responsible.all()] if before else []
    if isinstance(obj, Plan) and Plan.objects.filter(slug=obj.slug).exists():
        obj.slug = ""  # a new plan took the address: make a new one
    obj.save(force_insert=True)
    if actor_ids:
        obj.responsible.set(actor_ids)
    return obj


def restore(model: type[Model], history_id: int) -> Model:
    """Restore the deleted object whose delete is the history row ``history_id``.

    Returns the object. Raises ``RestoreError`` if the row is not a delete, the object
    exists again, its parent is still deleted, or a newer object takes its place (same
    diarienummer, order or title).
    """
    reason = _("Återställd efter borttagning")
    try:
        record = model.history.get(history_id=history_id)
    except model.history.model.DoesNotExist:
        raise RestoreError(_("Det finns ingen sådan borttagning.")) from None
    if record.history_type != "-" or model.objects.filter(pk=record.id).exists():
        raise RestoreError(_("”%(obj)s” är inte borttagen.") % {"obj": record.instance})
    if model is FocusArea and not Plan.objects.filter(pk=record.plan_id).exists():
        raise RestoreError(_("Planen som fokusområdet hörde till är borttagen. Återställ planen."))
    if model is Activity and not FocusArea.objects.filter(pk=record.focus_area_id).exists():
        raise RestoreError(
            _("Fokusområdet som aktiviteten hörde till är borttaget. Återställ det först.")
        )
    try:
        with transaction.atomic():
            obj = _save(record, reason)
            areas = _children(FocusArea, "plan_id", record) if model is Plan else []
            for area_record in areas:
                _save(area_record, reason)
            parents = [record, *areas] if model is Plan else [record]
            if model in (Plan, FocusArea):
                for parent in parents:
                    if parent.instance.__class__ is FocusArea:
                        for activity_record in _children(Activity, "focus_area_id", parent):
                            _save(activity_record, reason)
    except IntegrityError:
        raise RestoreError(
            _(
                "”%(obj)s” kan inte återställas: något nytt har samma diarienummer, ordning "
                "eller titel. Ändra det nya och försök igen."
            )
            % {"obj": record.instance}
        ) from None
    return obj
