"""One follow-up entry: shown, edited in place (htmx) or on the board without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actors.decorators import deny
from actors.permissions import can_view_followup
from followup import selectors, services
from followup.forms import FollowUpForm
from followup.tertial import Tertial
from followup.views.access import activity_for, editable
from followup.views.board import attach_courses, board_context, entry_form
from followup.views.contributions import FROM_CONTRIBUTIONS, annotate_rows
from followup.views.links import activity_board_url, tertial_or_404
from plans.models import Activity
from plans.selectors import visible_plans


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
    row.can_edit = editable(user, activity, closed)
    annotate_rows(user, [row], tertial, closed)  # the actors' contributions beside it
    attach_courses([row], activity.focus_area.plan, tertial)
    return row, closed


def _row_response(request, row, tertial, *, form=None, conflict=None, message=None, status=200):
    """The row as a fragment for htmx; ``message`` (saved) or the form's errors also go to
    the board's live region, whose text changes (the region itself stays, so it is read)."""
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
        "announce": _not_saved(form) if form is not None and form.errors else "",
    }
    if message is not None:  # refresh the progress lines out of band
        area_id = row.activity.focus_area_id
        context["progress"] = selectors.plan_total_progress(plan, tertial)
        _, by_area = selectors.plan_progress(plan, tertial, area_ids=[area_id])
        context["area_progress_id"] = f"progress-area-{area_id}"
        context["area_progress"] = by_area.get(area_id, selectors.Progress())
    return render(request, template, context, status=status)


def _not_saved(form: FollowUpForm) -> str:
    errors = [str(e) for e in form.non_field_errors()]
    errors += [
        str(e) for name in ("status", "comment", "version") for e in form.errors.get(name, [])
    ]
    return _("Inte sparat: %(errors)s") % {"errors": " ".join(errors)}


@login_required
@require_GET
def entry_edit(request: HttpRequest, activity_id: int, tertial: str) -> HttpResponse:
    """The edit state of one row: a fragment for htmx, else the board with that row open."""
    tertial_or_404(tertial)
    activity = activity_for(request, activity_id, report=True)
    tertial_value = tertial_or_404(tertial, activity.focus_area.plan)
    row, closed = _single_row(activity, tertial_value, request.user)
    if closed:
        messages.error(
            request, _("%(t)s är stängd och kan inte ändras.") % {"t": tertial_value.label}
        )
        if request.htmx:
            return _row_response(request, row, tertial_value)
        return redirect(activity_board_url(activity, tertial_value))
    start = {FROM_CONTRIBUTIONS: 1} if request.GET.get(FROM_CONTRIBUTIONS) else {}
    if not request.htmx:
        return redirect(activity_board_url(activity, tertial_value, edit=activity.pk, **start))
    form = entry_form(row, from_contributions=bool(start))
    return _row_response(request, row, tertial_value, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, activity_id: int, tertial: str) -> HttpResponse:
    """GET: the row (htmx cancel). POST: save status + comment, refusing stale versions."""
    tertial_or_404(tertial)
    activity = activity_for(request, activity_id, report=request.method == "POST")
    plan = activity.focus_area.plan
    tertial_value = tertial_or_404(tertial, plan)
    if request.method == "GET":
        if not can_view_followup(request.user):
            deny(request, obj=activity)
        if not request.htmx:
            return redirect(activity_board_url(activity, tertial_value))
        row, _closed = _single_row(activity, tertial_value, request.user)
        return _row_response(request, row, tertial_value)

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
        messages.success(  # the page says "Klart:" before it
            request,
            _("%(activity)s – %(status)s är sparat.")
            % {"activity": activity, "status": row.entry.get_status_display()},
        )
        return redirect(activity_board_url(activity, tertial_value))
    if request.htmx:
        return _row_response(request, row, tertial_value, form=form, conflict=conflict)
    plans = list(visible_plans(request.user))
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


@login_required
@require_POST
def unchanged(request: HttpRequest, activity_id: int, tertial: str) -> HttpResponse:
    """'Oförändrat': confirm the previous status and comment for this tertial in one step."""
    tertial_or_404(tertial)
    activity = activity_for(request, activity_id, report=True)
    tertial_value = tertial_or_404(tertial, activity.focus_area.plan)
    try:
        entry = services.confirm_unchanged(
            activity=activity, tertial=tertial_value, user=request.user
        )
    except (ValidationError, services.FollowUpError) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        if request.htmx:
            row, _closed = _single_row(activity, tertial_value, request.user)
            return _row_response(request, row, tertial_value, message=text)
        messages.error(request, text)
        return redirect(activity_board_url(activity, tertial_value))
    text = _("Oförändrat: %(activity)s – %(status)s bekräftad för %(tertial)s.") % {
        "activity": activity,
        "status": entry.get_status_display(),
        "tertial": tertial_value.label,
    }
    if request.htmx:
        row, _closed = _single_row(activity, tertial_value, request.user)
        return _row_response(request, row, tertial_value, message=text)
    messages.success(request, text)
    return redirect(activity_board_url(activity, tertial_value))
