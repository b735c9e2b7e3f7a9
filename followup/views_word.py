"""The tertial report as a Word document (the "Ladda ned Word" link beside the PDF)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from actors.permissions import can_view_plans
from followup.report import report_filename
from followup.tertial import Tertial
from followup.word import DOCX_CONTENT_TYPE, render_report_docx
from plans.models import Plan


@login_required
@require_GET
def report_docx(request: HttpRequest, slug: str, year: int, number: int) -> HttpResponse:
    """The same report as the page and the PDF, as .docx; the same right to read it."""
    if not can_view_plans(request.user):
        from actors.security import ACCESS_DENIED, log_event

        log_event(ACCESS_DENIED, request=request, view="report")
        raise PermissionDenied
    plan = get_object_or_404(Plan, slug=slug)
    try:
        tertial = Tertial(year, number)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    response = HttpResponse(render_report_docx(plan, tertial), content_type=DOCX_CONTENT_TYPE)
    filename = report_filename(plan, tertial, "docx")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
