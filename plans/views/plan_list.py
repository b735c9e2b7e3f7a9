"""Planer: every plan the user may see, with its status."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actors.decorators import permission_required
from actors.permissions import can_view_plans, can_write_plans
from plans.selectors import visible_plans


@login_required
@require_GET
@permission_required(can_view_plans)
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = visible_plans(request.user).select_related("origin")
    return render(
        request,
        "plans/list.html",
        {"plans": plans, "can_write": can_write_plans(request.user)},
    )
