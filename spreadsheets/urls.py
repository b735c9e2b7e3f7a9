from django.urls import path

from spreadsheets.views import exports, imports

app_name = "spreadsheets"

urlpatterns = [
    path("import/", imports.import_upload, name="import"),
    path("import/bekrafta/", imports.import_confirm, name="import_confirm"),
    path("import/klar/<int:pk>/", imports.import_done, name="import_done"),
    path("import/mall.xlsx", imports.import_template, name="import_template"),
    path("export/", exports.export, name="export"),
]
