"""A plan's page for every role: its decision, texts, focus areas and activities, and how it
meets its checklist; the writers' buttons to change it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actors.decorators import permission_required
from actors.permissions import (
    can_delete_from_plan,
    can_edit_plan,
    can_view_plans,
    can_write_plans,
)
from plans import selectors, services
from plans.checklist import plan_checklist
from plans.checklist_models import PLAN_TEXTS
from plans.views.access import visible_plan


def _moved(request: HttpRequest) -> dict:
    """?flyttad=a-12-upp after Flytta upp/ned: that button gets the focus again."""
    kind, _sep, rest = request.GET.get("flyttad", "").partition("-")
    pk, _sep, direction = rest.partition("-")
    return {"kind": kind, "pk": int(pk), "dir": direction} if pk.isdigit() else {}


@login_required
@require_GET
@permission_required(can_view_plans)
def plan_page(request: HttpRequest, slug: str) -> HttpResponse:
    plan = visible_plan(request, slug)
    structure = selectors.plan_structure(plan)
    can_edit = can_edit_plan(request.user, plan)
    can_delete = can_delete_from_plan(request.user, plan)
    if can_delete:
        for item in structure:
            item["deletable"] = not services.has_follow_up(item["area"])
            for activity in item["activities"]:
                activity.deletable = not services.has_follow_up(activity)
    checklist, checklist_rows = plan_checklist(plan)
    texts = [(label, getattr(plan, name)) for name, label in PLAN_TEXTS if getattr(plan, name)]
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "texts": texts,
            "structure": structure,
            "can_edit": can_edit,
            "can_delete": can_delete,
            "can_carry_over": can_write_plans(request.user),
            "checklist": checklist,
            "checklist_rows": checklist_rows,
            "changes": selectors.changes_since_adoption(plan),
            "follow_up_plans": plan.follow_up_plans.all(),
            "moved": _moved(request),
        },
    )
