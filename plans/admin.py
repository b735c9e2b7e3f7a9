from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from plans.models import Activity, FocusArea, Plan


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
        (_("Uppföljning"), {"fields": ["single_actor_contribution_is_follow_up"]}),
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
class ActivityAdmin(SimpleHistoryAdmin):
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

    @admin.display(description=_("aktivitet"), ordering="title")
    def title_short(self, obj: Activity) -> str:
        return str(obj)

    @admin.display(description=_("plan"), ordering="focus_area__plan__title")
    def plan(self, obj: Activity) -> Plan:
        return obj.focus_area.plan

    @admin.display(description=_("ansvariga"))
    def responsible_list(self, obj: Activity) -> str:
        return obj.responsible_display()
