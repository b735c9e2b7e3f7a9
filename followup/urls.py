from django.urls import path

from followup.views import (
    activity,
    assessment,
    board,
    carry_over,
    closing,
    contributions,
    entries,
    report_links,
    report_pdf,
    reporting,
    reports,
)

app_name = "followup"

urlpatterns = [
    path("uppfoljning/", board.board, name="board"),
    path(
        "planer/<slug:slug>/uppfoljande-plan/",
        carry_over.carry_over_page,
        name="carry_over",
    ),
    path("uppfoljning/aktivitet/<int:activity_id>/", activity.activity, name="activity"),
    path(
        "uppfoljning/aktivitet/<int:activity_id>/<str:tertial>/",
        entries.entry,
        name="entry",
    ),
    path(
        "uppfoljning/aktivitet/<int:activity_id>/<str:tertial>/andra/",
        entries.entry_edit,
        name="entry_edit",
    ),
    path(
        "uppfoljning/aktivitet/<int:activity_id>/<str:tertial>/oforandrat/",
        entries.unchanged,
        name="entry_unchanged",
    ),
    path("uppfoljning/<slug:slug>/<str:tertial>/stang/", closing.close, name="close"),
    path(
        "uppfoljning/<slug:slug>/<str:tertial>/bedomning/",
        assessment.assessment,
        name="assessment",
    ),
    path("uppfoljning/<slug:slug>/<str:tertial>/oppna/", closing.reopen, name="reopen"),
    # Contributions, report links, deadlines and e-mail (issue #13).
    path(
        "uppfoljning/bidrag/<int:activity_id>/<str:tertial>/",
        contributions.contribution,
        name="contribution",
    ),
    path(
        "uppfoljning/<slug:slug>/<str:tertial>/rapportering/",
        reporting.reporting,
        name="coordination",
    ),
    path(
        "uppfoljning/<slug:slug>/<str:tertial>/rapportering/sista-dag/",
        reporting.set_deadline,
        name="set_deadline",
    ),
    path(
        "uppfoljning/<slug:slug>/<str:tertial>/rapportering/skicka/",
        reporting.send_links,
        name="send_links",
    ),
    path(
        "uppfoljning/rapportlankar/<int:link_id>/aterkalla/",
        reporting.revoke_link,
        name="revoke_link",
    ),
    path("lank/<str:token>/", report_links.report_link, name="report_link"),
    path("rapporter/", reports.report_index, name="report_index"),
    path("rapporter/<slug:slug>/<int:year>/T<int:number>/", reports.report, name="report"),
    path(
        "rapporter/<slug:slug>/<int:year>/T<int:number>/pdf/",
        report_pdf.report_pdf,
        name="report_pdf",
    ),
    path(
        "rapporter/<slug:slug>/<int:year>/T<int:number>/pdf/<int:job_id>/",
        report_pdf.report_pdf_job,
        name="report_pdf_job",
    ),
    path(
        "rapporter/<slug:slug>/<int:year>/T<int:number>/pdf/<int:job_id>/fil/",
        report_pdf.report_pdf_file,
        name="report_pdf_file",
    ),
    path(
        "rapporter/<slug:slug>/<int:year>/T<int:number>/word/",
        reports.report_docx,
        name="report_docx",
    ),
]
