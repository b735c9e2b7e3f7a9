"""A tertial report as PDF: filed, cached, rendered by the task queue, or (no queue) right away.

With a broker configured the web process never renders a PDF: the request finds the filed
report (closed tertial) or the cached file of the current data, or queues a job and sends
the user to a page that shows its progress and offers the file when it is ready.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from actors.decorators import permission_required
from actors.permissions import can_view_plans
from followup import selectors, services
from followup.models import ReportPdf
from followup.report import render_report_pdf, report_filename, report_language
from followup.tasks import queue_configured
from followup.views.reports import (
    ARCHIVED_PARAM,
    plan_and_tertial,
    report_options,
    requested_version,
)

#: Seconds between two looks at a job's state (the page's refresh without JavaScript).
POLL_SECONDS = 3


def _filed_name(plan, tertial, record) -> str:
    """The download name of the filed (archived) copy: '…-t3-arkiv-v1.pdf'."""
    return report_filename(plan, tertial, filed_version=record.version)


def _attachment(file, filename: str) -> FileResponse:
    return FileResponse(file, as_attachment=True, filename=filename, content_type="application/pdf")


@login_required
@require_GET
@permission_required(can_view_plans)
def report_pdf(request: HttpRequest, slug: str, year: int, number: int) -> HttpResponse:
    """The PDF: filed (closed tertial), cached, or queued (broker) / rendered here (no broker).

    In the requester's language (issue #16); the filed copy is the Swedish archived record,
    served as it was filed to a Swedish session and to anyone asking for it (``?arkiv=1``).
    ``?bidrag=1`` appends the actors' contributions, ``?rekommendationer=1`` the checklist
    (issue #17); either makes a new PDF, never the filed one. With a broker nothing is
    rendered here, a filed ``?version=N`` worded anew included; a filed version whose PDF
    is not stored yet is filed by the queue (once) and then served as filed.
    """
    plan, tertial = plan_and_tertial(slug, year, number, request.user)
    options = report_options(request)
    contributions, checklist = options["contributions"], options["checklist"]
    archived = request.GET.get(ARCHIVED_PARAM) in ("1", "ja", "true")
    language = "sv" if archived else report_language()
    version = requested_version(request)
    record = None  # the filed version asked for, or the closed tertial's latest
    if version is not None or selectors.is_closed(plan.pk, tertial):
        record = selectors.filed_report(plan, tertial, version)
    if version is not None and record is None:
        raise Http404(
            _("%(t)s har ingen arkiverad version %(v)s.") % {"t": tertial.label, "v": version}
        )
    plain = not contributions and not checklist and language == "sv"
    if plain and record is not None:
        # served as filed; filed first if it was frozen before its PDF was (a tertial closed
        # before issue 11, a filing still queued, a lost task or file)
        if selectors.stored_file(record.pdf) is None:
            if queue_configured():
                return _queued(plan, tertial, services.request_filed_pdf(record))
            services.file_report_pdf(record)
        return _attachment(record.pdf.open("rb"), _filed_name(plan, tertial, record))
    if not queue_configured():  # in the request (zero-setup start)
        pdf = render_report_pdf(
            plan,
            tertial,
            contributions=contributions,
            checklist=checklist,
            version=version,
            language=language,
        )
        filename = report_filename(plan, tertial, language=language, version=version)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    job = services.request_report_pdf(
        plan,
        tertial,
        contributions=contributions,
        checklist=checklist,
        language=language,
        version=version,
    )
    return _queued(plan, tertial, job)


def _queued(plan, tertial, job: ReportPdf) -> HttpResponse:
    """A job's file when it is there, else its progress page."""
    file = selectors.report_pdf_job_file(job)
    if file is not None:
        return _attachment(file.open("rb"), _download_name(plan, tertial, job, file))
    return redirect(
        "followup:report_pdf_job",
        slug=plan.slug,
        year=tertial.year,
        number=tertial.number,
        job_id=job.pk,
    )


def _download_name(plan, tertial, job: ReportPdf, file) -> str:
    """The archived name for the filed copy, else the name of the report made on demand."""
    if job.archival:
        return _filed_name(plan, tertial, file.instance)
    return report_filename(plan, tertial, language=job.language, version=job.version)


def _job(slug: str, year: int, number: int, job_id: int, user):
    plan, tertial = plan_and_tertial(slug, year, number, user)
    job = get_object_or_404(
        ReportPdf, pk=job_id, plan=plan, year=tertial.year, number=tertial.number
    )
    return plan, tertial, job


@login_required
@require_GET
@permission_required(can_view_plans)
def report_pdf_job(
    request: HttpRequest, slug: str, year: int, number: int, job_id: int
) -> HttpResponse:
    """How far the PDF has come: refreshes itself while queued or running, then offers the file.

    Works without JavaScript (the page reloads every POLL_SECONDS while the job is pending);
    with it, htmx swaps the status region only and ``js/report_pdf.js`` starts the
    download once when the file is ready. The state is announced in a live region.
    """
    plan, tertial, job = _job(slug, year, number, job_id, request.user)
    context = {"plan": plan, "tertial": tertial, "job": job, "poll_seconds": POLL_SECONDS}
    if request.headers.get("HX-Request"):
        if job.pending and request.GET.get("state") == job.state:
            # unchanged: nothing to swap, so the live region does not repeat itself
            return HttpResponse(status=204)
        return render(request, "reports/_pdf_status.html", context)
    return render(request, "reports/pdf_job.html", context)


@login_required
@require_GET
@permission_required(can_view_plans)
def report_pdf_file(
    request: HttpRequest, slug: str, year: int, number: int, job_id: int
) -> HttpResponse:
    """The finished file of a job (404 until it is done)."""
    plan, tertial, job = _job(slug, year, number, job_id, request.user)
    if job.state != ReportPdf.State.DONE:
        raise Http404(_("PDF:en är inte klar."))
    file = selectors.report_pdf_job_file(job)
    gone = Http404(_("PDF:en finns inte längre."))
    if file is None:
        raise gone
    try:
        data = file.open("rb")
    except FileNotFoundError:  # removed since it was looked for
        raise gone from None
    return _attachment(data, _download_name(plan, tertial, job, file))
