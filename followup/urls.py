from django.urls import path

from followup.views import board, closing, entries, report_pdf, reports

app_name = "followup"

urlpatterns = [
    path("uppfoljning/", board.board, name="board"),
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
    path("uppfoljning/<slug:slug>/<str:tertial>/stang/", closing.close, name="close"),
    path("uppfoljning/<slug:slug>/<str:tertial>/oppna/", closing.reopen, name="reopen"),
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
]
