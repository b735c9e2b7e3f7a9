"""Fetch an activity the user may act on; who may edit a row."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from actors.decorators import deny
from actors.permissions import can_report_on, can_see_plan
from plans.models import Activity


def responsible_ids(activity: Activity) -> set[int]:
    return {a.pk for a in activity.responsible.all()}


def editable(user, activity: Activity, closed: bool) -> bool:
    return (
        not closed
        and activity.focus_area.plan.takes_follow_up
        and can_report_on(user, activity, responsible_ids(activity))
    )


def activity_for(request: HttpRequest, activity_id: int, *, report: bool = False) -> Activity:
    """The activity (404 if there is none); with ``report``, 403 unless the user may report on it.

    The one place the entry views fetch an activity, as healthchecks'
    ``_get_rw_check_for_user``: the check is on the server, per object, and logged.
    """
    activity = get_object_or_404(
        Activity.objects.select_related("focus_area__plan").prefetch_related("responsible"),
        pk=activity_id,
    )
    if not can_see_plan(request.user, activity.focus_area.plan):
        raise Http404(_("Det finns ingen sådan aktivitet."))
    if report and not can_report_on(request.user, activity, responsible_ids(activity)):
        deny(request, obj=activity)
    return activity
