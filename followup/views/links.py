"""URLs of the board and the parsing of a tertial in a URL (404 for what is not one)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse

from followup import selectors
from followup.tertial import Tertial
from plans.models import Activity, Plan


def tertial_or_404(value: str, plan: Plan | None = None) -> Tertial:
    """The tertial in a URL; with ``plan``, only one of the plan's period. Else a 404 whose
    message (Swedish) says why."""
    try:
        tertial = Tertial.parse(value)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    if plan is not None and not selectors.in_plan(plan, tertial):
        raise Http404(selectors.outside_plan_message(plan, tertial))
    return tertial


def board_url(plan: Plan, tertial: Tertial, *, anchor: int | None = None, **extra) -> str:
    query = urlencode({"plan": plan.slug, "tertial": tertial.slug, **extra})
    url = f"{reverse('followup:board')}?{query}"
    return f"{url}#a-{anchor}" if anchor else url


def activity_board_url(activity: Activity, tertial: Tertial, **extra) -> str:
    """The board scrolled to an activity; in a large plan, on the activity's focus area."""
    plan = activity.focus_area.plan
    if selectors.one_area_at_a_time(Activity.objects.filter(focus_area__plan=plan).count()):
        extra["area"] = activity.focus_area_id
    return board_url(plan, tertial, anchor=activity.pk, **extra)
