"""Ändringslogg: every recorded change to a plan and everything in it, newest first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from actors.decorators import permission_required
from actors.permissions import can_view_changelog
from changelog.forms import ChangelogFilterForm
from changelog.selectors import Filters, changelog_page, changelog_users
from plans import selectors as plan_selectors
from plans.models import Plan

ONLY_MAINTAINERS = _("Ändringsloggen visas bara för trygghetssamordnare och administratörer.")


@login_required
@require_GET
@permission_required(can_view_changelog, message=ONLY_MAINTAINERS)
def changelog_index(request: HttpRequest) -> HttpResponse:
    """The plans whose Ändringslogg the user may read."""
    plans = plan_selectors.visible_plans(request.user)
    deleted_plans = plan_selectors.deleted(Plan)
    return render(request, "changelog/index.html", {"plans": plans, "deleted_plans": deleted_plans})


@login_required
@require_GET
@permission_required(can_view_changelog, message=ONLY_MAINTAINERS)
def changelog(request: HttpRequest, slug: str) -> HttpResponse:
    """A plan's Ändringslogg, filterable by user, object type and date."""
    return _changelog(request, get_object_or_404(Plan, slug=slug))


@login_required
@require_GET
@permission_required(can_view_changelog, message=ONLY_MAINTAINERS)
def deleted_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """A deleted plan's Ändringslogg, read from the history that outlives it."""
    record = plan_selectors.deleted(Plan).filter(id=pk).first()
    if record is None:
        raise Http404
    return _changelog(request, record.instance, deleted=record)


def _changelog(request: HttpRequest, plan: Plan, deleted=None) -> HttpResponse:
    form = ChangelogFilterForm(request.GET or None, users=changelog_users(plan))
    filters = Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = Filters(
            user_id=data.get("user"),
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
    page, entries = changelog_page(plan, filters, request.GET.get("sida") or 1)
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "changelog/changelog.html",
        {
            "plan": plan,
            "form": form,
            "page": page,
            "entries": entries,
            "query": query.urlencode(),
            "deleted": deleted,
        },
    )
