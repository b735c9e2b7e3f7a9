"""Uppföljning: a plan's activities for a tertial, filterable, each editable in place."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Func, OuterRef, Q, Subquery, Window
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
    can_write_assessment,
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
from plans.selectors import visible_plans


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


#: Focus areas per page of the board's area chooser (a large plan can have hundreds).
AREA_PAGE_SIZE = 20


def _board_url(base: dict, **params) -> str:
    return f"{reverse('followup:board')}?{urlencode({**base, **params})}"


def _area_chooser(request: HttpRequest, plan: Plan, tertial: Tertial, wanted: list) -> dict:
    """The focus area to show and one page of the chooser's list of areas (searchable).

    A plan may have hundreds of focus areas: only ``AREA_PAGE_SIZE`` of them are read and
    linked, the page that holds the area shown unless another page or a search (number or
    words of the title, ``omraden_sok``) was asked for. One query (two when an area was
    asked for) and two to count the listed areas' progress, whatever the plan's size. ``wanted``: area ids in order of preference
    (the filter, then the caller's); the first that belongs to the plan is shown, else
    the plan's first area.
    """
    areas = plan.focus_areas.order_by("order")
    ids = [pk for pk in wanted if pk]
    shown = None
    if ids:  # with its position in the plan, for the page that holds it
        before = plan.focus_areas.filter(order__lt=OuterRef("order")).order_by()
        found = {
            a.pk: a
            for a in areas.filter(pk__in=ids).annotate(
                position=Subquery(before.values(n=Func(F("pk"), function="COUNT")))
            )
        }
        shown = next((found[pk] for pk in ids if pk in found), None)
    search = request.GET.get("omraden_sok", "").strip()[:100]
    listed = areas
    if search:
        words = Q()
        for word in search.split():
            words &= Q(title__icontains=word)
        listed = areas.filter(Q(order=int(search)) if search.isdigit() else words)
    try:
        page = max(1, int(request.GET["omraden"]))
    except (KeyError, ValueError):
        page = 1
        if not search and shown is not None:
            page = shown.position // AREA_PAGE_SIZE + 1
    # the page's areas, each with the number of areas listed in all (one query)
    rows = list(
        listed.annotate(listed_count=Window(Count("pk")))[
            (page - 1) * AREA_PAGE_SIZE : page * AREA_PAGE_SIZE
        ]
    )
    if not rows and page > 1:  # past the end (an old link): the first page
        page = 1
        rows = list(listed.annotate(listed_count=Window(Count("pk")))[:AREA_PAGE_SIZE])
    count = rows[0].listed_count if rows else 0
    pages = max(1, -(-count // AREA_PAGE_SIZE))
    if shown is None:
        shown = rows[0] if rows and not search else areas.first()
    keep = {
        k: v
        for k, v in request.GET.items()
        if k not in ("area", "edit", "plan", "tertial", "omraden", "omraden_sok")
    }
    base = {"plan": plan.slug, "tertial": tertial.slug, **keep}
    paging = {"omraden_sok": search} if search else {}
    # each listed area's progress, counted for these areas only
    _, progress_by_area = selectors.plan_progress(plan, tertial, area_ids=[a.pk for a in rows])
    links = [
        {
            "area": area,
            "url": _board_url(base, area=area.pk, **paging, omraden=page),
            "progress": progress_by_area.get(area.pk) or selectors.Progress(),
        }
        for area in rows
    ]
    return {
        "shown": shown,
        "links": links,
        "count": count,
        "page": page,
        "pages": pages,
        "search": search,
        "keep": {**base, **({"area": shown.pk} if shown else {})},
        "previous_url": _board_url(base, **paging, area=shown.pk, omraden=page - 1)
        if page > 1
        else None,
        "next_url": _board_url(base, **paging, area=shown.pk, omraden=page + 1)
        if page < pages
        else None,
    }


def _show_area_in_form(form: BoardFilterForm, area_id: int) -> None:
    """The form carries the area on the page, also when none was chosen."""
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
    plan_progress = selectors.plan_total_progress(plan, tertial)  # cached per data version
    one_area = selectors.one_area_at_a_time(plan_progress.total)
    chooser = None
    mine = bool(user_actor_ids(request.user))
    shown_area = None
    if one_area:
        filter_form = BoardFilterForm(
            request.GET or None, actors=Actor.objects.all(), one_area=True, mine=mine
        )
        filters = filter_form.filters() if request.GET else {}
        default_to_mine(request, filter_form, filters)
        chooser = _area_chooser(request, plan, tertial, [filters.get("area"), focus_area_id])
        progress_by_area = {link["area"].pk: link["progress"] for link in chooser["links"]}
        shown = chooser["shown"]
        shown_area = shown.pk
        filters["area"] = shown_area
        _show_area_in_form(filter_form, shown_area)
        status = selectors.plan_status(plan, tertial, areas=[shown], only_area=shown_area)
    else:
        areas = list(plan.focus_areas.order_by("order"))
        filter_form = BoardFilterForm(
            request.GET or None, actors=Actor.objects.all(), areas=areas, mine=mine
        )
        filters = filter_form.filters() if request.GET else {}
        default_to_mine(request, filter_form, filters)
        status = selectors.plan_status(plan, tertial, areas=areas)
        plan_progress = status.progress
    filtering = filter_form.is_active() if request.GET else False
    annotate_rows(request.user, status.rows, tertial, status.closed)  # contributions: 1 query
    attach_courses(status.rows, plan, tertial)  # each activity's course: 1 query
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
        "chooser": chooser,
        "filter_form": filter_form,
        "filtering": filtering,
        "shown_count": sum(len(g["rows"]) for g in groups),
        "edit_id": edit_id,
        "edit_form": edit_form,
        "conflict": conflict,
        "can_close": can_close_tertial(request.user),
        "legend": status_legend(),
        "assessment": selectors.assessment_for(plan, tertial),
        "can_assess": can_write_assessment(request.user),
        **reporting_context(request, plan, tertial),
    }


def attach_courses(rows: list, plan: Plan, tertial: Tertial) -> None:
    """Each row's course over the plan's tertials up to this one (``row.course``)."""
    tertials = [t for t in selectors.reportable_tertials(plan) if t <= tertial]
    by_activity = selectors.courses([row.activity.pk for row in rows], tertials)
    for row in rows:
        row.course = by_activity.get(row.activity.pk, [])
        row.course_text = selectors.course_text(row.course)


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
        initial["comment"] = comment_from_contributions(row.contributions, initial["comment"])
    return FollowUpForm(data, initial=initial, prefix_id=row.activity.pk)


def _plans_and_plan(request: HttpRequest) -> tuple[list[Plan], Plan | None]:
    plans = list(visible_plans(request.user))
    slug = request.GET.get("plan")
    if slug:
        plan = next((p for p in plans if p.slug == slug), None)
        if plan is None:
            raise Http404(_("Det finns ingen plan med kortadressen ”%(slug)s”.") % {"slug": slug})
        return plans, plan
    return plans, selectors.default_plan(plans)


def _tertial_from_query(request: HttpRequest, plan: Plan | None) -> Tertial:
    """The tertial asked for, one of the plan's (404 otherwise). Switching plan (the form
    names the plan shown before, ``fran_plan``) lands on the new plan's current tertial, or
    its last when it has ended."""
    value = request.GET.get("tertial")
    switched = "fran_plan" in request.GET and request.GET["fran_plan"] != request.GET.get("plan")
    if value and not switched:
        try:
            tertial = Tertial.parse(value)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            if plan is not None and not selectors.in_plan(plan, tertial):
                raise Http404(selectors.outside_plan_message(plan, tertial))
            return tertial
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
