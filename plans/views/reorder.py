"""Flytta upp/ned: a focus area or an activity one step, by buttons (keyboard too)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import services
from plans.views.access import activity_to_edit, area_to_edit

DIRECTIONS = {"upp": -1, "ned": 1}


def _direction(request) -> int:
    return DIRECTIONS.get(request.POST.get("riktning", ""), 0)


@login_required
@require_POST
def move_area(request: HttpRequest, pk: int) -> HttpResponse:
    area = area_to_edit(request, pk)
    direction = _direction(request)
    try:
        moved = direction and services.move(area, direction, user=request.user)
    except services.PlanError as exc:
        messages.error(request, str(exc))
        moved = False
    if moved:
        area.refresh_from_db()
        messages.success(
            request,
            _("Fokusområdet ”%(area)s” är nu nummer %(n)s.")
            % {"area": area.title, "n": area.order},
        )
    key = "upp" if direction < 0 else "ned"
    return redirect(f"{area.plan.get_absolute_url()}?flyttad=fa-{area.pk}-{key}#fa-{area.pk}")


@login_required
@require_POST
def move_activity(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_to_edit(request, pk)
    direction = _direction(request)
    try:
        moved = direction and services.move(activity, direction, user=request.user)
    except services.PlanError as exc:
        messages.error(request, str(exc))
        moved = False
    if moved:
        activity.refresh_from_db()
        messages.success(request, _("Aktiviteten är nu nummer %(n)s.") % {"n": activity.number})
    key = "upp" if direction < 0 else "ned"
    plan = activity.focus_area.plan
    return redirect(f"{plan.get_absolute_url()}?flyttad=a-{activity.pk}-{key}#a-{activity.pk}")
