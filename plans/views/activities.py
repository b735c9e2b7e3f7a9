"""Add an activity to a focus area, or change one (texts, responsible actors, deadline)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans import services
from plans.forms import ActivityForm
from plans.views.access import activity_to_edit, area_to_edit, run, saved_values

#: Query parameter of the new-activity page after "Lägg till och skriv nästa": the title
#: field gets focus (autofocus), so the next activity is written at once from the keyboard.
NEXT_PARAM = "nasta"


def _done(request, activity, text):
    messages.success(request, text % {"n": activity.number})
    return redirect(f"{activity.focus_area.plan.get_absolute_url()}#a-{activity.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    area = area_to_edit(request, pk)
    form = ActivityForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" and request.GET.get(NEXT_PARAM):
        form.fields["title"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        activity = run(
            form,
            lambda: services.add_activity(
                area,
                user=request.user,
                responsible=form.cleaned_data["responsible"],
                **form.activity_fields(),
            ),
        )
        if activity is not None:
            if "another" in request.POST:
                messages.success(request, _("Aktivitet %(n)s är tillagd.") % {"n": activity.number})
                return redirect(f"{reverse('plans:activity_add', args=[area.pk])}?{NEXT_PARAM}=1")
            return _done(request, activity, _("Aktivitet %(n)s är tillagd."))
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": area.plan,
            "heading": _("Ny aktivitet i %(area)s") % {"area": area.title},
            "submit": _("Lägg till"),
            "submit_another": _("Lägg till och skriv nästa"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_to_edit(request, pk)
    form = ActivityForm(request.POST if request.method == "POST" else None, instance=activity)
    if request.method == "POST" and form.is_valid():
        saved = run(
            form,
            lambda: services.update_activity(
                activity,
                user=request.user,
                expected_version=form.cleaned_data.get("version"),
                responsible=form.cleaned_data["responsible"],
                **form.activity_fields(),
            ),
        )
        if saved is not None:
            return _done(request, saved, _("Aktivitet %(n)s är sparad."))
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": activity.focus_area.plan,
            "heading": _("Redigera aktivitet %(n)s") % {"n": activity.number},
            "origin": activity.origin_text,
            "submit": _("Spara"),
            "saved_version": saved_values(form, form.conflict) if hasattr(form, "conflict") else [],
        },
        status=400 if form.errors else 200,
    )
