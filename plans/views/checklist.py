"""Mark whether and where the plan addresses one recommendation of its checklist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans import services
from plans.checklist import checklist_for, suggestion_for
from plans.checklist_models import Assessment
from plans.forms import AssessmentForm
from plans.views.access import plan_to_edit, run


def _saved_version(assessment: Assessment | None) -> list[tuple[str, str]]:
    """The other person's saved assessment, field by field, shown beside the refused form."""
    if assessment is None:
        return []
    activities = ", ".join(
        f"{a.focus_area.order}.{a.order} {a.title}"
        for a in assessment.activities.select_related("focus_area").order_by(
            "focus_area__order", "order"
        )
    )
    return [
        (_("Tas upp"), assessment.get_state_display()),
        (_("Var och hur"), assessment.note or "–"),
        (_("Aktiviteter"), activities or "–"),
        (_("Planens texter"), ", ".join(assessment.text_labels()) or "–"),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    plan = plan_to_edit(request, slug)
    checklist = checklist_for(plan)
    recommendation = checklist and checklist.recommendations.filter(number=number).first()
    if not recommendation:
        raise Http404(_("Checklistan har ingen sådan rekommendation."))
    assessment = Assessment.objects.filter(plan=plan, recommendation=recommendation).first()
    initial = {"version": 0}
    if assessment:
        initial = {
            "state": assessment.state,
            "note": assessment.note,
            "activities": list(assessment.activities.all()),
            "texts": assessment.texts,
            "version": assessment.version,
        }
    form = AssessmentForm(
        request.POST if request.method == "POST" else None, initial=initial, plan=plan
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = data.get("version")
        saved = run(
            form,
            lambda: services.save_assessment(
                plan,
                recommendation,
                user=request.user,
                state=data.get("state") or "",
                note=data.get("note", ""),
                activities=data["activities"],
                texts=data["texts"],
                expected_version=version,  # 0 (never assessed) is checked too
            ),
        )
        if saved is not None:
            messages.success(
                request, _("Avstämningen av ”%(rec)s” är sparad.") % {"rec": recommendation.title}
            )
            return redirect(f"{plan.get_absolute_url()}#r-{recommendation.number}")
    from plans.models import Activity

    activities = list(
        Activity.objects.filter(focus_area__plan=plan)
        .select_related("focus_area")
        .prefetch_related("responsible")
    )
    actors = sorted({a for x in activities for a in x.responsible.all()}, key=lambda a: a.code)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": plan,
            "heading": str(recommendation),
            "intro": recommendation.text,
            "suggestion": suggestion_for(recommendation, plan, activities, actors),
            "submit": _("Spara"),
            "saved_version": _saved_version(getattr(form, "conflict", None)),
        },
        status=400 if form.errors else 200,
    )
