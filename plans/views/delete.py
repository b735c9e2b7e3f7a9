"""Ta bort: a focus area (with its activities) or an activity that has no follow-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.decorators import deny
from actors.permissions import can_delete_from_plan
from plans import services
from plans.views.access import activity_to_edit, area_to_edit


def _delete(request, obj, plan, done: str) -> HttpResponse:
    if not can_delete_from_plan(request.user, plan):
        deny(request, obj=obj)
    try:
        services.delete(obj, user=request.user)
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(plan)


@login_required
@require_POST
def delete_area(request: HttpRequest, pk: int) -> HttpResponse:
    area = area_to_edit(request, pk)
    return _delete(
        request, area, area.plan, _("Fokusområdet ”%(area)s” är borttaget.") % {"area": area}
    )


@login_required
@require_POST
def delete_activity(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_to_edit(request, pk)
    plan = activity.focus_area.plan
    return _delete(
        request, activity, plan, _("Aktivitet %(n)s är borttagen.") % {"n": activity.number}
    )
