"""The follow-up page (in-place editing, with or without JavaScript) and the tertial report.

Views are thin: they check rights with actors.permissions, call selectors/services and
render. Every object is checked on the server: a Rapportör gets 403 for activities of
other actors and nothing changes.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actors.models import Actor
from actors.permissions import (
    can_close_tertial,
    can_import_plans,
    can_report_on,
    can_view_plans,
)
from followup import selectors, services
from followup.forms import UNREPORTED, BoardFilterForm, FollowUpForm
from followup.report import (
    render_report_html,
    render_report_pdf,
    report_context,
    report_filename,
    status_legend,
)
from followup.tertial import Tertial
from plans.models import Activity, Plan


def _log_denied(request: HttpRequest, obj=None, **details) -> None:
    try:
        from actors.security import ACCESS_DENIED, log_event
    except ImportError:  # pragma: no cover - security log not installed
        return
    log_event(ACCESS_DENIED, request=request, obj=obj, **details)


def _require_view(request: HttpRequest) -> None:
    user = request.user
    if not (can_view_plans(user) and user.has_perm("followup.view_followup")):
        _log_denied(request, view="followup")
        raise PermissionDenied


def _tertial_or_404(value: str) -> Tertial:
    try:
        return Tertial.parse(value)
    except ValueError as exc:
        raise Http404(str(exc)) from None


def _board_url(plan: Plan, tertial: Tertial, *, anchor: int | None = None, **extra) -> str:
    query = urlencode({"plan": plan.slug, "tertial": tertial.slug, **extra})
    url = f"{reverse('followup:board')}?{query}"
    return f"{url}#a-{anchor}" if anchor else url


def _activity_board_url(activity: Activity, tertial: Tertial, **extra) -> str:
    """The board scrolled to an activity; in a large plan, on the activity's focus area."""
    plan = activity.focus_area.plan
    if _one_area_at_a_time(Activity.objects.filter(focus_area__plan=plan).count()):
        extra["area"] = activity.focus_area_id
    return _board_url(plan, tertial, anchor=activity.pk, **extra)


def _responsible_ids(activity: Activity) -> set[int]:
    return {a.pk for a in activity.responsible.all()}


def _editable(user, activity: Activity, closed: bool) -> bool:
    return not closed and can_report_on(user, activity, _responsible_ids(activity))


# --- the board ------------------------------------------------------------


def _apply_filters(rows, filters: dict):
    actor, status, area = filters.get("actor"), filters.get("status"), filters.get("area")
    for row in rows:
        if actor and actor not in _responsible_ids(row.activity):
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
        yield row


#: A plan with more activities than this shows one focus area at a time on the board (with a
#: navigation list of all areas and their progress), so the page stays small and fast
#: whatever the size of the plan. Smaller plans show every activity on one page.
BOARD_ALL_AREAS_LIMIT = 150


def _one_area_at_a_time(activity_count: int) -> bool:
    return activity_count > BOARD_ALL_AREAS_LIMIT


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
    one_area = _one_area_at_a_time(plan_progress.total) and bool(areas)
    filter_form = BoardFilterForm(
        request.GET or None, actors=Actor.objects.all(), areas=areas, all_areas=not one_area
    )
    filters = filter_form.filters() if request.GET else {}
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
    groups = []
    for area in status.areas:
        rows = list(_apply_filters(area.rows, filters))
        for row in rows:
            row.can_edit = _editable(request.user, row.activity, status.closed)
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
        edit_form = _entry_form(row) if row else None
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
    }


def _entry_form(row: selectors.Row, data=None) -> FollowUpForm:
    entry = row.entry
    initial = {
        "status": entry.status if entry else (row.previous.status if row.previous else ""),
        "comment": entry.comment if entry else "",
        "version": entry.version if entry else 0,
    }
    return FollowUpForm(data, initial=initial, prefix_id=row.activity.pk)


def _plans_and_plan(request: HttpRequest) -> tuple[list[Plan], Plan | None]:
    plans = list(Plan.objects.order_by("-period_start", "title"))
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
def board(request: HttpRequest) -> HttpResponse:
    """Uppföljning: a plan's activities for a tertial, filterable, each editable in place."""
    _require_view(request)
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


# --- one entry ------------------------------------------------------------


def _activity_for(request: HttpRequest, activity_id: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("focus_area__plan").prefetch_related("responsible"),
        pk=activity_id,
    )


def _single_row(activity: Activity, tertial: Tertial, user) -> tuple[selectors.Row, bool]:
    entry, previous = selectors.entries_with_previous([activity.pk], tertial).get(
        activity.pk, (None, None)
    )
    closed = selectors.is_closed(activity.focus_area.plan_id, tertial)
    current_status = entry.status if entry else (previous.status if previous else None)
    row = selectors.Row(
        activity=activity,
        entry=entry,
        previous=previous,
        overdue=selectors.is_overdue(activity, current_status, selectors.reference_date(tertial)),
        due=selectors.is_due(activity, tertial),
    )
    row.can_edit = _editable(user, activity, closed)
    return row, closed


def _check_may_report(request: HttpRequest, activity: Activity) -> None:
    if not can_report_on(request.user, activity, _responsible_ids(activity)):
        _log_denied(request, obj=activity, view="followup_entry")
        raise PermissionDenied


def _row_response(request, row, tertial, *, form=None, conflict=None, message=None, status=200):
    plan = row.activity.focus_area.plan
    template = "followup/_row_edit.html" if form is not None else "followup/_row.html"
    context = {
        "row": row,
        "tertial": tertial,
        "plan": plan,
        "form": form,
        "conflict": conflict,
        "message": message,
        "oob": message is not None,
    }
    if message is not None:  # refresh the progress lines out of band
        progress, by_area = selectors.plan_progress(plan, tertial)  # counted in the database
        context["progress"] = progress
        context["area_progress_id"] = f"progress-area-{row.activity.focus_area_id}"
        context["area_progress"] = by_area.get(row.activity.focus_area_id, selectors.Progress())
    return render(request, template, context, status=status)


@login_required
@require_GET
def entry_edit(request: HttpRequest, activity_id: int, tertial: str) -> HttpResponse:
    """The edit state of one row: a fragment for htmx, else the board with that row open."""
    tertial_value = _tertial_or_404(tertial)
    activity = _activity_for(request, activity_id)
    _check_may_report(request, activity)
    row, closed = _single_row(activity, tertial_value, request.user)
    if closed:
        messages.error(
            request, _("%(t)s är stängd och kan inte ändras.") % {"t": tertial_value.label}
        )
        if request.htmx:
            return _row_response(request, row, tertial_value)
        return redirect(_activity_board_url(activity, tertial_value))
    if not request.htmx:
        return redirect(_activity_board_url(activity, tertial_value, edit=activity.pk))
    return _row_response(request, row, tertial_value, form=_entry_form(row))


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, activity_id: int, tertial: str) -> HttpResponse:
    """GET: the row (htmx cancel). POST: save status + comment, refusing stale versions."""
    tertial_value = _tertial_or_404(tertial)
    activity = _activity_for(request, activity_id)
    plan = activity.focus_area.plan
    if request.method == "GET":
        _require_view(request)
        if not request.htmx:
            return redirect(_activity_board_url(activity, tertial_value))
        row, _closed = _single_row(activity, tertial_value, request.user)
        return _row_response(request, row, tertial_value)

    _check_may_report(request, activity)
    form = FollowUpForm(request.POST, prefix_id=activity.pk)
    conflict = None
    if form.is_valid():
        try:
            services.record_follow_up(
                activity=activity,
                tertial=tertial_value,
                user=request.user,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except services.StaleFollowUpError as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
            if conflict is not None:  # the next save is made against their version
                data = form.data.copy()
                data["version"] = conflict.version
                form.data = data
        except services.FollowUpError as exc:
            form.add_error(None, str(exc))
    row, _closed = _single_row(activity, tertial_value, request.user)
    if not form.errors:
        text = _("Sparat: %(activity)s – %(status)s.") % {
            "activity": activity,
            "status": row.entry.get_status_display(),
        }
        if request.htmx:
            return _row_response(request, row, tertial_value, message=text)
        messages.success(request, text)
        return redirect(_activity_board_url(activity, tertial_value))
    if request.htmx:
        return _row_response(request, row, tertial_value, form=form, conflict=conflict)
    plans = list(Plan.objects.order_by("-period_start", "title"))
    context = board_context(
        request,
        plan,
        tertial_value,
        plans,
        edit_id=activity.pk,
        edit_form=form,
        conflict=conflict,
        focus_area_id=activity.focus_area_id,
    )
    return render(request, "followup/board.html", context, status=400)


# --- closing a tertial ----------------------------------------------------


def _closure_action(request: HttpRequest, slug: str, tertial: str, action) -> HttpResponse:
    if not can_close_tertial(request.user):
        _log_denied(request, view="close_tertial")
        raise PermissionDenied
    plan = get_object_or_404(Plan, slug=slug)
    tertial_value = _tertial_or_404(tertial)
    try:
        action(plan, tertial_value, request.user)
    except services.FollowUpError as exc:
        messages.error(request, str(exc))
    else:
        if action is services.close_tertial:
            text = _("%(t)s är stängd: uppföljningen kan inte längre ändras.")
        else:
            text = _("%(t)s är öppnad igen.")
        messages.success(request, text % {"t": tertial_value.label})
    return redirect(_board_url(plan, tertial_value))


@login_required
@require_POST
def close(request: HttpRequest, slug: str, tertial: str) -> HttpResponse:
    return _closure_action(request, slug, tertial, services.close_tertial)


@login_required
@require_POST
def reopen(request: HttpRequest, slug: str, tertial: str) -> HttpResponse:
    return _closure_action(request, slug, tertial, services.reopen_tertial)


# --- reports --------------------------------------------------------------


def _require_reports(request: HttpRequest) -> None:
    if not can_view_plans(request.user):
        _log_denied(request, view="report")
        raise PermissionDenied


@login_required
@require_GET
def report_index(request: HttpRequest) -> HttpResponse:
    """Rapporter: every plan with a link per tertial of its period."""
    _require_reports(request)
    plans = list(Plan.objects.order_by("-period_start", "title"))
    items = [{"plan": p, "tertials": selectors.reportable_tertials(p)[::-1]} for p in plans]
    return render(
        request,
        "reports/index.html",
        {"items": items, "can_import": can_import_plans(request.user)},
    )


def _plan_and_tertial(slug: str, year: int, number: int) -> tuple[Plan, Tertial]:
    plan = get_object_or_404(Plan, slug=slug)
    try:
        return plan, Tertial(year, number)
    except ValueError as exc:
        raise Http404(str(exc)) from None


@login_required
@require_GET
def report(request: HttpRequest, slug: str, year: int, number: int) -> HttpResponse:
    _require_reports(request)
    plan, tertial = _plan_and_tertial(slug, year, number)
    with translation.override("sv"):  # the same Swedish document as the PDF, dates included
        context = report_context(plan, tertial)
        context["tertials"] = selectors.reportable_tertials(plan)
        return HttpResponse(render_report_html(context, pdf=False, request=request))


@login_required
@require_GET
def report_pdf(request: HttpRequest, slug: str, year: int, number: int) -> HttpResponse:
    _require_reports(request)
    plan, tertial = _plan_and_tertial(slug, year, number)
    response = HttpResponse(render_report_pdf(plan, tertial), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(plan, tertial)}"'
    return response
