"""Create a plan (a draft) and change its title, period, decision and texts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from actors.decorators import permission_required
from actors.permissions import can_write_plans
from plans import services
from plans.forms import PlanForm
from plans.views.access import plan_to_edit, run, saved_values


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(can_write_plans)
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        plan = run(form, lambda: services.create_plan(user=request.user, **form.plan_fields()))
        if plan is not None:
            messages.success(request, _("Utkastet ”%(plan)s” är skapat.") % {"plan": plan})
            return redirect(plan)
    return render(
        request,
        "plans/form.html",
        {"form": form, "heading": _("Ny plan"), "submit": _("Skapa utkast")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_to_edit(request, slug)
    form = PlanForm(request.POST if request.method == "POST" else None, instance=plan)
    if request.method == "POST" and form.is_valid():
        saved = run(
            form,
            lambda: services.update_plan(
                plan,
                user=request.user,
                expected_version=form.cleaned_data.get("version"),
                **form.plan_fields(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Planen är sparad."))
            return redirect(saved)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": plan,
            "heading": _("Redigera plan"),
            "submit": _("Spara"),
            "saved_version": saved_values(form, form.conflict) if hasattr(form, "conflict") else [],
        },
        status=400 if form.errors else 200,
    )
