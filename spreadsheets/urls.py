from django.urls import path

from spreadsheets.views import exports, imports

app_name = "spreadsheets"

urlpatterns = [
    path("import/", imports.import_upload, name="import"),
    path("import/bekrafta/", imports.import_confirm, name="import_confirm"),
    path("export/", exports.export, name="export"),
]
