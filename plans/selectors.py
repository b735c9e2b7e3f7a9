"""Reads for the plans app: finding plans, and the rows an export writes."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from plans.models import Activity, Plan


class PlanNotFound(LookupError):
    """No plan, or more than one, answers to what the user typed (message in Swedish)."""


def plans_for_import() -> QuerySet[Plan]:
    return Plan.objects.all()


def find_plan(text: str) -> Plan:
    """A plan by id, slug, exact title (case-insensitive) or diarienummer.

    The one lookup behind every command's ``--plan``. Raises ``PlanNotFound`` (Swedish
    message) for no match or more than one.
    """
    text = (text or "").strip()
    if text.isdigit() and (plan := Plan.objects.filter(pk=int(text)).first()):
        return plan
    if text and (plan := Plan.objects.filter(slug=text).first()):
        return plan
    wanted = " ".join(text.split()).casefold()
    plans = list(Plan.objects.only("pk", "title", "registration_number"))
    # Compared in Python: SQLite's iexact ignores case only for ASCII letters (not å, ä, ö).
    matches = [p for p in plans if " ".join(p.title.split()).casefold() == wanted] or [
        p for p in plans if p.registration_number.casefold() == wanted
    ]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise PlanNotFound(
            _("Flera planer heter ”%(text)s”. Ange planens id i stället.") % {"text": text}
        )
    raise PlanNotFound(
        _("Det finns ingen plan med id, titel eller diarienummer ”%(text)s”.") % {"text": text}
    )


def plan_activities(plan: Plan) -> list[Activity]:
    """The plan's activities in table order with focus areas and actors (two queries)."""
    return list(
        Activity.objects.filter(focus_area__plan=plan)
        .with_related()
        .order_by("focus_area__order", "order")
    )


def deleted(model) -> QuerySet:
    """The delete rows (history "-") of ``model``'s objects that do not exist now, newest
    first: what admin's "Återställ borttagna" offers (Plan, FocusArea or Activity)."""
    from django.db.models import OuterRef, Subquery

    history = model.history.model.objects
    last = (
        history.filter(id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        history.filter(history_type="-", history_id=Subquery(last))
        .exclude(id__in=model.objects.values("id"))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
