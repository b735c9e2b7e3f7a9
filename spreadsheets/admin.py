"""Import and export in admin: the plan list gets the import page and export actions,
the activity list an export button. The same views and services as the app's pages."""

from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from actors.decorators import deny
from actors.permissions import can_import_plans
from plans.admin import ActivityAdmin, PlanAdmin
from plans.models import Activity, Plan
from spreadsheets.resources import ActivityResource
from spreadsheets.views import exports as export_views
from spreadsheets.views import imports as import_views

ADMIN_IMPORT_TEMPLATES = {
    "upload": "spreadsheets/admin/import.html",
    "preview": "spreadsheets/admin/import_preview.html",
}


class SpreadsheetPlanAdmin(PlanAdmin):
    change_list_template = "spreadsheets/admin/plan_change_list.html"
    actions = ["export_xlsx", "export_csv"]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="plans_plan_import"),
            path(
                "import/bekrafta/", wrap(self.import_confirm_view), name="plans_plan_import_confirm"
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": can_import_plans(request.user)}
        return super().changelist_view(request, extra_context)

    def _import_context(self, request) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Importera plan från Excel"),
            "confirm_url": reverse("admin:plans_plan_import_confirm"),
            "cancel_url": reverse("admin:plans_plan_changelist"),
        }

    def import_view(self, request):
        return import_views.import_upload(
            request, templates=ADMIN_IMPORT_TEMPLATES, extra=self._import_context(request)
        )

    def import_confirm_view(self, request):
        return import_views.import_confirm(
            request,
            templates=ADMIN_IMPORT_TEMPLATES,
            extra=self._import_context(request),
            done_url=reverse("admin:plans_plan_changelist"),
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_import_plans(request.user):
            actions.pop("export_xlsx", None)
            actions.pop("export_csv", None)
        return actions

    def _export(self, request, queryset, file_format: str):
        if not can_import_plans(request.user):
            deny(request)
        if queryset.count() != 1:
            self.message_user(
                request, _("Välj exakt en plan att exportera."), level=messages.WARNING
            )
            return None
        return export_views.export_response(queryset.get(), file_format)

    @admin.action(description=_("Exportera vald plan till Excel (.xlsx)"))
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    @admin.action(description=_("Exportera vald plan till CSV"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")


class SpreadsheetActivityAdmin(ExportMixin, ActivityAdmin):
    resource_classes = [ActivityResource]
    # import-export puts its export button on top of this (the list's "Återställ borttagna").
    change_list_template = "admin/plans/change_list.html"

    def has_export_permission(self, request):
        return can_import_plans(request.user)


admin.site.unregister(Plan)
admin.site.register(Plan, SpreadsheetPlanAdmin)
admin.site.unregister(Activity)
admin.site.register(Activity, SpreadsheetActivityAdmin)
