"""Skapa uppföljande plan: a new draft from a plan, its unfinished activities carried over."""

from __future__ import annotations

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from actors.decorators import permission_required
from actors.permissions import can_write_plans
from followup.carry_over import candidates, carry_over
from plans.checklist import plan_checklist
from plans.forms import CarryOverForm
from plans.views.access import run, visible_plan


def _initial(plan) -> dict:
    """The next period: the calendar year after the plan's, and its title with that year."""
    year = plan.period_end.year + 1
    stem = re.sub(r"\s*\d{4}(\s*[-–]\s*\d{4})?\s*$", "", plan.title)
    return {
        "title": f"{stem} {year}",
        "period_start": datetime.date(year, 1, 1),
        "period_end": datetime.date(year, 12, 31),
    }


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(can_write_plans)
def carry_over_page(request: HttpRequest, slug: str) -> HttpResponse:
    source = visible_plan(request, slug)
    found = candidates(source)
    choices = [
        (
            c.activity.pk,
            f"{c.activity.number} {c.activity} – "
            + _("senast %(status)s") % {"status": c.status_display},
        )
        for c in found
    ]
    initial = {**_initial(source), "activities": [c.activity.pk for c in found if c.default]}
    form = CarryOverForm(
        request.POST if request.method == "POST" else None, choices=choices, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = run(
            form,
            lambda: carry_over(
                source,
                title=data["title"],
                registration_number=data["registration_number"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                activity_ids=data["activities"],
                user=request.user,
            ),
        )
        if plan is not None:
            messages.success(
                request,
                ngettext(
                    "Utkastet ”%(plan)s” är skapat med %(n)s aktivitet från ”%(source)s”.",
                    "Utkastet ”%(plan)s” är skapat med %(n)s aktiviteter från ”%(source)s”.",
                    len(data["activities"]),
                )
                % {"plan": plan, "n": len(data["activities"]), "source": source},
            )
            return redirect(plan)
    checklist, rows = plan_checklist(source)
    hints = [
        r
        for r in rows
        if r.state in ("", "no", "partly") or (r.suggestion and not r.suggestion.met)
    ]
    return render(
        request,
        "plans/carry_over.html",
        {"form": form, "plan": source, "checklist": checklist, "hints": hints},
        status=400 if form.errors else 200,
    )
