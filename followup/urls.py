from django.urls import path

from followup.views import activity, board, closing, entries, reports

app_name = "followup"

urlpatterns = [
    path("uppfoljning/", board.board, name="board"),
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
    path("uppfoljning/<slug:slug>/<str:tertial>/stang/", closing.close, name="close"),
    path("uppfoljning/<slug:slug>/<str:tertial>/oppna/", closing.reopen, name="reopen"),
    path("rapporter/", reports.report_index, name="report_index"),
    path("rapporter/<slug:slug>/<int:year>/T<int:number>/", reports.report, name="report"),
    path(
        "rapporter/<slug:slug>/<int:year>/T<int:number>/pdf/",
        reports.report_pdf,
        name="report_pdf",
    ),
]
