from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/bekrafta/", views.import_confirm, name="import_confirm"),
    path("import/klar/<int:pk>/", views.import_done, name="import_done"),
    path("import/mall.xlsx", views.import_template, name="import_template"),
    path("export/", views.export, name="export"),
]
