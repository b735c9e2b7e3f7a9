"""Rapporter: the list of tertial reports, and one report as HTML (the PDF: ``report_pdf``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from actors.decorators import permission_required
from actors.permissions import can_import_plans, can_view_plans
from followup import selectors
from followup.report import (
    FiledReportMissing,
    render_report_html,
    report_context,
    report_filename,
    report_language,
)
from followup.tertial import Tertial
from followup.word import DOCX_CONTENT_TYPE, context_to_docx
from plans.models import Plan
from plans.selectors import visible_plans


@login_required
@require_GET
@permission_required(can_view_plans)
def report_index(request: HttpRequest) -> HttpResponse:
    """Rapporter: every plan that has reports (not a draft) with a link per tertial of its period."""
    plans = [p for p in visible_plans(request.user) if p.has_reports]
    items = [{"plan": p, "tertials": selectors.reportable_tertials(p)[::-1]} for p in plans]
    return render(
        request,
        "reports/index.html",
        {"items": items, "can_import": can_import_plans(request.user)},
    )


#: Query parameter: the actors' contributions as an appendix (?bidrag=1).
CONTRIBUTIONS_PARAM = "bidrag"


#: Query parameter: the plan's checklist (the twelve recommendations) as an annex.
CHECKLIST_PARAM = "rekommendationer"


#: Query parameter of the PDF: the filed copy, the Swedish archived record (?arkiv=1).
ARCHIVED_PARAM = "arkiv"


def with_contributions(request: HttpRequest) -> bool:
    return request.GET.get(CONTRIBUTIONS_PARAM) in ("1", "ja", "true")


def plan_and_tertial(slug: str, year: int, number: int, user) -> tuple[Plan, Tertial]:
    """The plan (404 for a draft: it has no reports, and a Läsare may not know it exists)
    and a tertial of its period; 404 (Swedish) for anything else."""
    plan = get_object_or_404(visible_plans(user), slug=slug)
    if not plan.has_reports:
        raise Http404(
            _("”%(plan)s” är ett utkast och har inga rapporter ännu: fastställ planen först.")
            % {"plan": plan.title}
        )
    try:
        tertial = Tertial(year, number)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    if not selectors.in_plan(plan, tertial):
        raise Http404(selectors.outside_plan_message(plan, tertial))
    return plan, tertial


#: Query parameter: a filed version of a closed tertial's report (?version=1).
VERSION_PARAM = "version"


def requested_version(request: HttpRequest) -> int | None:
    """The filed version asked for, or None; 404 for what is not a version number."""
    value = request.GET.get(VERSION_PARAM)
    if not value:
        return None
    if not value.isdigit() or not 0 < int(value) < 100000:
        raise Http404(_("”%(v)s” är inte ett versionsnummer.") % {"v": value[:20]})
    return int(value)


def _context(plan: Plan, tertial: Tertial, request: HttpRequest, **kwargs) -> dict:
    version = requested_version(request)
    try:
        return report_context(plan, tertial, version=version, **kwargs)
    except FiledReportMissing:
        raise Http404(
            _("%(t)s har ingen arkiverad version %(v)s.") % {"t": tertial.label, "v": version}
        ) from None


def report_options(request: HttpRequest) -> dict:
    """The report's optional parts asked for in the URL, the same for the page and Word:
    the actors' contributions (``?bidrag=1``) and the checklist (``?rekommendationer=1``)."""
    return {
        "contributions": with_contributions(request),
        "checklist": request.GET.get(CHECKLIST_PARAM) in ("1", "ja", "true"),
    }


@login_required
@require_GET
@permission_required(can_view_plans)
def report(request: HttpRequest, slug: str, year: int, number: int) -> HttpResponse:
    plan, tertial = plan_and_tertial(slug, year, number, request.user)
    # In the user's language, a closed tertial's too (its facts as filed, worded now); the
    # PDF and Word links give the same, the filed PDF stays the Swedish archived record.
    options = report_options(request)
    context = _context(plan, tertial, request, **options)
    context["options_query"] = "&".join(
        f"{param}=1"
        for param, on in (
            (CONTRIBUTIONS_PARAM, options["contributions"]),
            (CHECKLIST_PARAM, options["checklist"]),
        )
        if on
    )
    context["report_language"] = report_language()
    context["tertials"] = selectors.reportable_tertials(plan)
    context["versions"] = selectors.filed_reports(plan, tertial)
    context["version_param"] = requested_version(request)
    return HttpResponse(render_report_html(context, pdf=False, request=request))


@login_required
@require_GET
@permission_required(can_view_plans)
def report_docx(request: HttpRequest, slug: str, year: int, number: int) -> HttpResponse:
    """The same report as the page and the PDF, as a Word document (.docx), in the
    requester's language."""
    plan, tertial = plan_and_tertial(slug, year, number, request.user)
    context = _context(plan, tertial, request, **report_options(request))
    response = HttpResponse(context_to_docx(context), content_type=DOCX_CONTENT_TYPE)
    filename = report_filename(
        plan, tertial, "docx", language=report_language(), version=requested_version(request)
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
