"""Contributions on the board: a member gives their actor's contribution to an activity.

Also what the board adds for contributions (kept here so that board.py stays small):
the "Mina aktiviteter" default for a Rapportör, the filter "väntar på aktör X", and the
line telling a user which actors they report for.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from actors.decorators import deny
from actors.models import Actor
from actors.permissions import (
    can_contribute_for,
    can_manage_reporting,
    can_report_all,
    contribution_actor_ids,
    user_actor_ids,
)
from followup import report_links, selectors, services
from followup.contribution_forms import ContributionForm
from followup.contributions import attach_summaries, record_contribution, summaries
from followup.forms import ALL, MINE
from followup.tertial import Tertial
from followup.views.access import activity_for, responsible_ids
from followup.views.links import activity_board_url, tertial_or_404
from plans.models import Plan, actor_order

#: Query parameter of the follow-up form: start the comment from the actors' contributions.
FROM_CONTRIBUTIONS = "fran_bidrag"


# --- what the board adds ------------------------------------------------------------------


def annotate_rows(user, rows, tertial: Tertial, closed: bool) -> None:
    """Set ``row.contributions`` (one query for all rows) and ``row.can_contribute``."""
    rows = list(rows)
    attach_summaries(rows, tertial)
    for row in rows:
        row.can_contribute = (
            not closed
            and row.activity.focus_area.plan.takes_follow_up
            and bool(contribution_actor_ids(user, responsible_ids(row.activity)))
        )


def default_to_mine(request: HttpRequest, form, filters: dict) -> None:
    """A user who works for an actor sees their own activities unless they choose all.

    The default is "Mina aktiviteter" for those who do not report for every activity
    (a Rapportör), "Alla" for the coordinator.
    """
    if "show" not in form.fields:
        return
    mine_ids = user_actor_ids(request.user)
    chosen = filters.get("show") or (ALL if can_report_all(request.user) else MINE)
    filters["show"], filters["mine_ids"] = chosen, mine_ids
    if form.is_bound:
        data = form.data.copy()
        data["show"] = chosen
        form.data = data
    else:
        form.initial["show"] = chosen


def contribution_filters_match(row, filters: dict) -> bool:
    """The board's "Mina aktiviteter" and "väntar på aktör X" filters for one row."""
    if filters.get("show") == MINE and not (
        responsible_ids(row.activity) & set(filters.get("mine_ids", ()))
    ):
        return False
    waiting = filters.get("waiting")
    summary = getattr(row, "contributions", None)
    return not (waiting and (summary is None or not summary.waiting_for(waiting)))


def reporting_context(request: HttpRequest, plan: Plan, tertial: Tertial) -> dict:
    """The actors the user reports for, the deadline, and the coordinator's link (2 queries)."""
    ids = {pk for pk in user_actor_ids(request.user) if can_contribute_for(request.user, pk)}
    my_actors = sorted(Actor.objects.filter(pk__in=ids), key=actor_order) if ids else []
    return {
        "my_actors": my_actors,
        "reporting_deadline": report_links.deadline_for(plan, tertial),
        "can_manage_reporting": can_manage_reporting(request.user),
        "from_contributions_param": FROM_CONTRIBUTIONS,
    }


# --- the contribution page ----------------------------------------------------------------


def _forms(activity, tertial, actors, summary, data=None, posted_actor=None):
    given = {a.actor.pk: a.contribution for a in summary.actors}
    forms = []
    for actor in actors:
        current = given.get(actor.pk)
        initial = {
            "status": current.status if current else "",
            "comment": current.comment if current else "",
        }
        bound = data if posted_actor == actor.pk else None
        forms.append(
            {
                "actor": actor,
                "current": current,
                "form": ContributionForm(bound, initial=initial, prefix_id=actor.pk),
            }
        )
    return forms


@login_required
@require_http_methods(["GET", "POST"])
def contribution(request: HttpRequest, activity_id: int, tertial: str) -> HttpResponse:
    """GET: the activity with a form per actor the user reports for and the others'
    contributions. POST: save one actor's contribution (field ``actor``)."""
    tertial_or_404(tertial)
    activity = activity_for(request, activity_id)
    tertial_value = tertial_or_404(tertial, activity.focus_area.plan)
    mine = contribution_actor_ids(request.user, responsible_ids(activity))
    if not mine:
        deny(request, obj=activity)
    actors = [a for a in sorted(activity.responsible.all(), key=actor_order) if a.pk in mine]
    summary = summaries([activity], tertial_value)[activity.pk]
    closed = selectors.is_closed(activity.focus_area.plan_id, tertial_value)
    posted_actor = None
    status = 200
    plan = activity.focus_area.plan
    if request.method == "POST" and not plan.takes_follow_up:
        try:  # the service's own refusal, said on the page: nothing is saved
            services.ensure_follows_up(plan)
        except services.FollowUpError as exc:
            messages.error(request, str(exc))
        status = 400
    elif request.method == "POST":
        try:
            posted_actor = int(request.POST.get("actor", ""))
        except ValueError:
            posted_actor = None
        if posted_actor not in mine:
            deny(request, obj=activity)
    forms = _forms(activity, tertial_value, actors, summary, request.POST or None, posted_actor)
    if request.method == "POST" and plan.takes_follow_up:
        entry = next(f for f in forms if f["actor"].pk == posted_actor)
        form = entry["form"]
        if form.is_valid():
            try:
                record_contribution(
                    activity=activity,
                    tertial=tertial_value,
                    actor=entry["actor"],
                    status=form.cleaned_data["status"],
                    comment=form.cleaned_data["comment"],
                    user=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except services.FollowUpError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Bidraget från %(actor)s till %(activity)s (%(tertial)s) är sparat.")
                    % {
                        "actor": entry["actor"].code,
                        "activity": activity,
                        "tertial": tertial_value,
                    },
                )
                return redirect(activity_board_url(activity, tertial_value))
        status = 400
    entry_now, _previous = selectors.entries_with_previous([activity.pk], tertial_value).get(
        activity.pk, (None, None)
    )
    return render(
        request,
        "followup/contribution.html",
        {
            "activity": activity,
            "plan": plan,
            "tertial": tertial_value,
            "forms": forms,
            "summary": summary,
            "closed": closed,
            "entry": entry_now,
            "board_url": activity_board_url(activity, tertial_value),
            "deadline": report_links.deadline_for(activity.focus_area.plan, tertial_value),
        },
        status=status,
    )
