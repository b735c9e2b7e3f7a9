"""Fetch a plan, focus area or activity the user may see or change; run a plan service
for a form (its errors become the form's)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from actors.decorators import deny
from actors.permissions import can_edit_plan, can_see_plan
from plans import services
from plans.models import Activity, FocusArea, Plan


def visible_plan(request: HttpRequest, slug: str) -> Plan:
    """The plan, 404 if there is none or the user may not see it (a draft for a Läsare:
    its existence is not revealed)."""
    plan = get_object_or_404(Plan, slug=slug)
    if not can_see_plan(request.user, plan):
        raise Http404(_("Det finns ingen sådan plan."))
    return plan


def editable_plan(request: HttpRequest, plan: Plan) -> Plan:
    """403 (logged) unless the user may change the plan; archived plans are read-only."""
    if not can_edit_plan(request.user, plan):
        message = _("Planen är arkiverad och kan inte ändras.") if plan.is_archived else ""
        deny(request, obj=plan, message=message)
    return plan


def plan_to_edit(request: HttpRequest, slug: str) -> Plan:
    return editable_plan(request, visible_plan(request, slug))


def area_to_edit(request: HttpRequest, pk: int) -> FocusArea:
    area = get_object_or_404(FocusArea.objects.select_related("plan"), pk=pk)
    editable_plan(request, visible_plan(request, area.plan.slug))
    return area


def activity_to_edit(request: HttpRequest, pk: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("focus_area__plan"), pk=pk)
    editable_plan(request, visible_plan(request, activity.focus_area.plan.slug))
    return activity


def run(form, call):
    """``call()`` (a plans.services write); its errors are added to ``form``. None on error.

    A stale version (someone else saved in between) is an error of the whole form, and the
    form then carries the other person's version, so that the next save is made against it.
    """
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    except services.StaleError as exc:
        form.add_error(None, str(exc))
        data = form.data.copy()
        data["version"] = exc.current.version
        form.data = data
        form.conflict = exc.current
    except services.PlanError as exc:
        form.add_error(None, str(exc))
    return None


def saved_values(form, obj) -> list[tuple[str, str]]:
    """The other person's saved ``obj``, field by field as the form labels them, shown above
    a form refused as stale (the user's own text stays in the form, to save again or not).
    Values as admin's history writes them (``readable_value``); actors by name."""
    from django.db.models import Manager

    from vallentuna.admin_history import EMPTY, readable_value

    rows = []
    for field in form.visible_fields():
        value = getattr(obj, field.name, None)
        if isinstance(value, Manager):
            text = ", ".join(str(item) for item in value.all()) or EMPTY
        else:
            text = str(readable_value(obj._meta.get_field(field.name), value))
        rows.append((str(field.label), text))
    return rows
