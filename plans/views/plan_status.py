"""Fastställ (with the decision's data) and Arkivera: a plan's status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plans import services
from plans.forms import DecisionForm, VersionForm
from plans.models import Plan
from plans.views.access import plan_to_edit, run


@login_required
@require_http_methods(["GET", "POST"])
def plan_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    """Utkast → Fastställd: the decision body, paragraph and date are required."""
    plan = plan_to_edit(request, slug)
    if not plan.is_draft:
        messages.error(request, _("Planen är redan fastställd."))
        return redirect(plan)
    form = DecisionForm(request.POST if request.method == "POST" else None, instance=plan)
    if request.method == "POST" and form.is_valid():

        def adopt():
            from django.db import transaction

            with transaction.atomic():
                saved = services.update_plan(
                    plan,
                    user=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    **form.plan_fields(),
                )
                return services.change_status(saved, Plan.Status.ADOPTED, user=request.user)

        adopted = run(form, adopt)
        if adopted is not None:
            messages.success(
                request,
                _("”%(plan)s” är fastställd och syns nu för alla roller.") % {"plan": adopted},
            )
            return redirect(adopted)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": plan,
            "heading": _("Fastställ plan"),
            "intro": _(
                "Ange beslutet som fastställde planen. Därefter syns planen för alla roller och "
                "kan följas upp. Ändringar i planens struktur listas i nästa rapport."
            ),
            "submit": _("Fastställ"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def plan_archive(request: HttpRequest, slug: str) -> HttpResponse:
    """Fastställd → Arkiverad: read-only from then on."""
    plan = plan_to_edit(request, slug)
    form = VersionForm(request.POST)
    form.is_valid()
    archived = run(
        form,
        lambda: services.change_status(
            plan,
            Plan.Status.ARCHIVED,
            user=request.user,
            expected_version=form.cleaned_data.get("version"),
        ),
    )
    if archived is None:
        for error in form.non_field_errors():
            messages.error(request, error)
    else:
        messages.success(request, _("”%(plan)s” är arkiverad.") % {"plan": plan})
    return redirect(plan)
