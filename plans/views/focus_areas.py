"""Add a focus area to a plan, or rename one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans import services
from plans.forms import FocusAreaForm
from plans.views.access import area_to_edit, plan_to_edit, run, saved_values


def _done(request, area, text):
    messages.success(request, text % {"area": area.title})
    return redirect(f"{area.plan.get_absolute_url()}#fa-{area.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def area_add(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_to_edit(request, slug)
    form = FocusAreaForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        area = run(
            form,
            lambda: services.add_focus_area(
                plan, title=form.cleaned_data["title"], user=request.user
            ),
        )
        if area is not None:
            return _done(request, area, _("Fokusområdet ”%(area)s” är tillagt."))
    return render(
        request,
        "plans/form.html",
        {"form": form, "plan": plan, "heading": _("Nytt fokusområde"), "submit": _("Lägg till")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, pk: int) -> HttpResponse:
    area = area_to_edit(request, pk)
    form = FocusAreaForm(request.POST if request.method == "POST" else None, instance=area)
    if request.method == "POST" and form.is_valid():
        saved = run(
            form,
            lambda: services.update_focus_area(
                area,
                title=form.cleaned_data["title"],
                user=request.user,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if saved is not None:
            return _done(request, saved, _("Fokusområdet ”%(area)s” är sparat."))
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": area.plan,
            "heading": _("Redigera fokusområde"),
            "submit": _("Spara"),
            "saved_version": saved_values(form, form.conflict) if hasattr(form, "conflict") else [],
        },
        status=400 if form.errors else 200,
    )
