from django.urls import path

from followup import views, views_word

app_name = "followup"

urlpatterns = [
    path("uppfoljning/", views.board, name="board"),
    path(
        "uppfoljning/aktivitet/<int:activity_id>/<str:tertial>/",
        views.entry,
        name="entry",
    ),
    path(
        "uppfoljning/aktivitet/<int:activity_id>/<str:tertial>/andra/",
        views.entry_edit,
        name="entry_edit",
    ),
    path("uppfoljning/<slug:slug>/<str:tertial>/stang/", views.close, name="close"),
    path("uppfoljning/<slug:slug>/<str:tertial>/oppna/", views.reopen, name="reopen"),
    path("rapporter/", views.report_index, name="report_index"),
    path("rapporter/<slug:slug>/<int:year>/T<int:number>/", views.report, name="report"),
    path(
        "rapporter/<slug:slug>/<int:year>/T<int:number>/pdf/", views.report_pdf, name="report_pdf"
    ),
    path(
        "rapporter/<slug:slug>/<int:year>/T<int:number>/word/",
        views_word.report_docx,
        name="report_docx",
    ),
]
