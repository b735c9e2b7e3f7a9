from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from actors.permissions import can_import_plans
from plans import views as plan_views
from plans.models import Activity, FocusArea, Plan
from plans.resources import ActivityResource

ADMIN_IMPORT_TEMPLATES = {
    "upload": "plans/admin/import.html",
    "preview": "plans/admin/import_preview.html",
}


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0
    fields = ["order", "title"]
    show_change_link = True


class ActivityInline(admin.StackedInline):
    model = Activity
    extra = 0
    fields = ["order", "title", "implementation", "responsible", "deadline", "ongoing"]
    autocomplete_fields = ["responsible"]
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    change_list_template = "plans/admin/plan_change_list.html"
    actions = ["export_xlsx", "export_csv"]
    list_display = [
        "title",
        "registration_number",
        "period_start",
        "period_end",
        "status",
        "n_focus_areas",
    ]
    list_filter = ["status"]
    search_fields = ["title", "registration_number"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [FocusAreaInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", ("period_start", "period_end"), "network"]}),
        (
            _("Beslut"),
            {
                "fields": [
                    "registration_number",
                    ("decision_body", "decision_paragraph", "decision_date"),
                    "decision_text",
                ]
            },
        ),
        (
            _("Planens texter"),
            {
                "fields": [
                    "introduction",
                    "purpose",
                    "goal",
                    "definition",
                    "governance",
                    "situation",
                    "focus",
                    "follow_up_text",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_n_focus_areas=Count("focus_areas"))

    @admin.display(description=_("fokusområden"), ordering="_n_focus_areas")
    def n_focus_areas(self, obj: Plan) -> int:
        return obj._n_focus_areas

    # --- Excel import and export: the same views and service as the app's pages ----
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
        return plan_views.import_upload(
            request, templates=ADMIN_IMPORT_TEMPLATES, extra=self._import_context(request)
        )

    def import_confirm_view(self, request):
        return plan_views.import_confirm(
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
            raise PermissionDenied
        if queryset.count() != 1:
            self.message_user(
                request, _("Välj exakt en plan att exportera."), level=messages.WARNING
            )
            return None
        return plan_views.export_response(queryset.get(), file_format)

    @admin.action(description=_("Exportera vald plan till Excel (.xlsx)"))
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    @admin.action(description=_("Exportera vald plan till CSV"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")


@admin.register(FocusArea)
class FocusAreaAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "order"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["title", "plan__title"]
    inlines = [ActivityInline]


class DeadlinePassedFilter(admin.SimpleListFilter):
    title = _("klart senast")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("passed", _("Datum passerat")),
            ("upcoming", _("Kommande")),
            ("none", _("Inget datum")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "passed":
            return queryset.filter(deadline__lt=today)
        if self.value() == "upcoming":
            return queryset.filter(deadline__gte=today)
        if self.value() == "none":
            return queryset.filter(deadline__isnull=True)
        return queryset


@admin.register(Activity)
class ActivityAdmin(ExportMixin, SimpleHistoryAdmin):
    resource_classes = [ActivityResource]
    list_display = ["title_short", "focus_area", "plan", "responsible_list", "deadline"]
    list_filter = ["focus_area__plan", "focus_area", "responsible", DeadlinePassedFilter]
    list_select_related = ["focus_area__plan"]
    search_fields = ["title", "implementation", "focus_area__title"]
    autocomplete_fields = ["responsible", "focus_area"]
    date_hierarchy = "deadline"
    fields = [
        "focus_area",
        "order",
        "title",
        "implementation",
        "responsible",
        "deadline",
        "ongoing",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responsible")

    def has_export_permission(self, request):
        return can_import_plans(request.user)

    @admin.display(description=_("aktivitet"), ordering="title")
    def title_short(self, obj: Activity) -> str:
        return str(obj)

    @admin.display(description=_("plan"), ordering="focus_area__plan__title")
    def plan(self, obj: Activity) -> Plan:
        return obj.focus_area.plan

    @admin.display(description=_("ansvariga"))
    def responsible_list(self, obj: Activity) -> str:
        return obj.responsible_display()
