from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/bekrafta/", views.import_confirm, name="import_confirm"),
    path("export/", views.export, name="export"),
]
