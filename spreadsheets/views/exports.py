"""Export a plan's table as .xlsx or .csv (the page and the admin action)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actors.decorators import permission_required
from actors.permissions import can_import_plans
from spreadsheets.exporting import export_csv, export_filename, export_xlsx
from spreadsheets.forms import ExportForm
from spreadsheets.views.imports import NO_RIGHT


@login_required
@require_GET
@permission_required(can_import_plans, message=NO_RIGHT)
def export(request: HttpRequest) -> HttpResponse:
    """Choose plan, format and tertial; a valid choice downloads the file."""
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        return export_response(
            form.cleaned_data["plan"], form.cleaned_data["format"], form.cleaned_data.get("tertial")
        )
    return render(
        request, "spreadsheets/export.html", {"form": form}, status=400 if form.errors else 200
    )


def export_response(plan, file_format: str, tertial=None) -> HttpResponse:
    if file_format == "csv":
        content, content_type = export_csv(plan, tertial), "text/csv; charset=utf-8"
    else:
        content = export_xlsx(plan, tertial)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(plan, "csv" if file_format == "csv" else "xlsx")}"'
    )
    return response
