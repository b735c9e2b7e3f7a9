"""Uppföljning: a plan's activities for a tertial, filterable, each editable in place."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from actors.decorators import permission_required
from actors.models import Actor
from actors.permissions import (
    can_close_tertial,
    can_import_plans,
    can_view_followup,
    user_actor_ids,
)
from followup import selectors
from followup.contributions import comment_from_contributions
from followup.forms import UNREPORTED, BoardFilterForm, FollowUpForm
from followup.report import status_legend
from followup.tertial import Tertial
from followup.views.access import editable, responsible_ids
from followup.views.contributions import (
    FROM_CONTRIBUTIONS,
    annotate_rows,
    contribution_filters_match,
    default_to_mine,
    reporting_context,
)
from plans.models import Plan


def _apply_filters(rows, filters: dict):
    actor, status, area = filters.get("actor"), filters.get("status"), filters.get("area")
    for row in rows:
        if actor and actor not in responsible_ids(row.activity):
            continue
        if status == UNREPORTED and row.reported:
            continue
        if status and status != UNREPORTED and row.status != status:
            continue
        if area and row.activity.focus_area_id != area:
            continue
        if filters.get("overdue") and not row.overdue:
            continue
        if filters.get("unreported") and row.reported:
            continue
        if not contribution_filters_match(row, filters):
            continue
        yield row


def _area_links(request: HttpRequest, plan: Plan, tertial: Tertial, areas, progress_by_area):
    """One link per focus area, keeping the other filters and the tertial."""
    keep = {k: v for k, v in request.GET.items() if k not in ("area", "edit", "plan", "tertial")}
    base = {"plan": plan.slug, "tertial": tertial.slug, **keep}
    return [
        {
            "area": area,
            "url": f"{reverse('followup:board')}?{urlencode({**base, 'area': area.pk})}",
            "progress": progress_by_area.get(area.pk) or selectors.Progress(),
        }
        for area in areas
    ]


def _show_area_in_form(form: BoardFilterForm, area_id: int) -> None:
    """The area select shows the area on the page, also when none was chosen."""
    if form.is_bound:
        data = form.data.copy()
        data["area"] = str(area_id)
        form.data = data
    else:
        form.initial["area"] = area_id


def board_context(
    request: HttpRequest,
    plan: Plan,
    tertial: Tertial,
    plans: list[Plan],
    *,
    edit_id: int | None = None,
    edit_form: FollowUpForm | None = None,
    conflict=None,
    focus_area_id: int | None = None,
) -> dict:
    """The board for one plan and tertial: rows by focus area, filters, progress, edit state.

    A plan of more than BOARD_ALL_AREAS_LIMIT activities shows one focus area (the one
    chosen with the area filter, else ``focus_area_id``, else the first) and a list of
    links to every area with its progress, counted in the database: the work per request
    is then proportional to the area shown, not the plan, and every activity is two
    clicks away. The other filters apply within the area shown.
    """
    areas = list(plan.focus_areas.order_by("order"))
    plan_progress, progress_by_area = selectors.plan_progress(plan, tertial)
    one_area = selectors.one_area_at_a_time(plan_progress.total) and bool(areas)
    filter_form = BoardFilterForm(
        request.GET or None,
        actors=Actor.objects.all(),
        areas=areas,
        all_areas=not one_area,
        mine=bool(user_actor_ids(request.user)),
    )
    filters = filter_form.filters() if request.GET else {}
    default_to_mine(request, filter_form, filters)
    filtering = filter_form.is_active() if request.GET else False
    area_links = []
    shown_area = None
    if one_area:
        area_ids = {a.pk for a in areas}
        shown_area = next(
            (pk for pk in (filters.get("area"), focus_area_id) if pk in area_ids), areas[0].pk
        )
        filters["area"] = shown_area
        _show_area_in_form(filter_form, shown_area)
        status = selectors.plan_status(plan, tertial, areas=areas, only_area=shown_area)
        area_links = _area_links(request, plan, tertial, areas, progress_by_area)
    else:
        status = selectors.plan_status(plan, tertial, areas=areas)
        plan_progress = status.progress
    annotate_rows(request.user, status.rows, tertial, status.closed)  # contributions: 1 query
    groups = []
    for area in status.areas:
        rows = list(_apply_filters(area.rows, filters))
        for row in rows:
            row.can_edit = editable(request.user, row.activity, status.closed)
        if rows or one_area or not filtering:
            groups.append(
                {
                    "area": area.focus_area,
                    "rows": rows,
                    "progress": progress_by_area.get(area.focus_area.pk, area.progress)
                    if one_area
                    else area.progress,
                    "dom_id": f"progress-area-{area.focus_area.pk}",
                }
            )
    if edit_id is not None and edit_form is None:
        row = next((r for r in status.rows if r.activity.pk == edit_id and r.can_edit), None)
        from_contributions = bool(request.GET.get(FROM_CONTRIBUTIONS))
        edit_form = entry_form(row, from_contributions=from_contributions) if row else None
        edit_id = edit_id if row else None
    return {
        "plans": plans,
        "plan": plan,
        "tertial": tertial,
        "tertials": selectors.reportable_tertials(plan),
        "status": status,
        "groups": groups,
        "progress": plan_progress,
        "one_area": one_area,
        "shown_area": shown_area,
        "area_links": area_links,
        "filter_form": filter_form,
        "filtering": filtering,
        "shown_count": sum(len(g["rows"]) for g in groups),
        "edit_id": edit_id,
        "edit_form": edit_form,
        "conflict": conflict,
        "can_close": can_close_tertial(request.user),
        "legend": status_legend(),
        **reporting_context(request, plan, tertial),
    }


def entry_form(row: selectors.Row, data=None, *, from_contributions: bool = False) -> FollowUpForm:
    """The follow-up form of a row; ``from_contributions`` starts the comment from the
    actors' contributions, each prefixed by its actor."""
    entry = row.entry
    initial = {
        "status": entry.status if entry else (row.previous.status if row.previous else ""),
        "comment": entry.comment if entry else "",
        "version": entry.version if entry else 0,
    }
    if from_contributions and getattr(row, "contributions", None):
        initial["comment"] = comment_from_contributions(row.contributions)
    return FollowUpForm(data, initial=initial, prefix_id=row.activity.pk)


def _plans_and_plan(request: HttpRequest) -> tuple[list[Plan], Plan | None]:
    plans = list(Plan.objects.all())
    slug = request.GET.get("plan")
    if slug:
        plan = next((p for p in plans if p.slug == slug), None)
        if plan is None:
            raise Http404(_("Det finns ingen plan med kortadressen ”%(slug)s”.") % {"slug": slug})
        return plans, plan
    return plans, selectors.default_plan(plans)


def _tertial_from_query(request: HttpRequest, plan: Plan | None) -> Tertial:
    value = request.GET.get("tertial")
    if value:
        try:
            return Tertial.parse(value)
        except ValueError as exc:
            messages.error(request, str(exc))
    return selectors.default_tertial(plan)


@login_required
@require_GET
@permission_required(can_view_followup)
def board(request: HttpRequest) -> HttpResponse:
    """Uppföljning: a plan's activities for a tertial, filterable, each editable in place."""
    plans, plan = _plans_and_plan(request)
    if plan is None:
        return render(
            request, "followup/board_empty.html", {"can_import": can_import_plans(request.user)}
        )
    tertial = _tertial_from_query(request, plan)
    try:
        edit_id = int(request.GET.get("edit", ""))
    except ValueError:
        edit_id = None
    return render(
        request,
        "followup/board.html",
        board_context(request, plan, tertial, plans, edit_id=edit_id),
    )
