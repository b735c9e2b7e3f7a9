from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from actors.decorators import deny
from actors.models import Actor
from actors.permissions import can_restore_deleted
from plans import selectors, services
from plans.models import (
    PLAN_TEXT_FIELDS,
    Activity,
    Assessment,
    FocusArea,
    Plan,
    Recommendation,
    RecommendationList,
)
from vallentuna.admin_deletion import ReadableDeletionMixin
from vallentuna.admin_history import ReadableHistoryAdmin


class RestoreDeletedMixin:
    """ "Återställ borttagna" on the change list: the deleted objects (from their history)
    and a button each that restores it (plans.services.restore)."""

    def _names(self) -> tuple[str, str]:
        opts = self.model._meta
        return (
            f"{opts.app_label}_{opts.model_name}_deleted",
            f"{opts.app_label}_{opts.model_name}_restore",
        )

    def get_urls(self):
        deleted, restore = self._names()
        wrap = self.admin_site.admin_view
        return [
            path("borttagna/", wrap(self.deleted_view), name=deleted),
            path("borttagna/<int:history_id>/aterstall/", wrap(self.restore_view), name=restore),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_restore": can_restore_deleted(request.user, self.model),
            "deleted_url": reverse(f"admin:{self._names()[0]}"),
        }
        return super().changelist_view(request, extra_context)

    def _check(self, request) -> None:
        if not can_restore_deleted(request.user, self.model):
            deny(request)

    def deleted_view(self, request):
        return require_GET(self._deleted_view)(request)

    def _deleted_view(self, request):
        self._check(request)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _("Borttagna %(name)s") % {"name": opts.verbose_name_plural},
            "records": selectors.deleted(self.model)[:200],
            "restore_url_name": f"admin:{self._names()[1]}",
        }
        return TemplateResponse(request, "admin/plans/deleted_list.html", context)

    def restore_view(self, request, history_id: int):
        return require_POST(self._restore_view)(request, history_id)

    def _restore_view(self, request, history_id: int):
        self._check(request)
        try:
            obj = services.restore(self.model, history_id)
        except services.RestoreError as exc:
            self.message_user(request, str(exc), level=messages.ERROR)
            return redirect(f"admin:{self._names()[0]}")
        self.message_user(
            request,
            _("”%(obj)s” är återställd med det som togs bort samtidigt.") % {"obj": obj},
            level=messages.SUCCESS,
        )
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)


class FocusAreaChoiceField(forms.ModelChoiceField):
    """Focus areas named with their plan: several plans have a "Förebyggande arbete"."""

    def label_from_instance(self, obj: FocusArea) -> str:
        return f"{obj.plan.title} – {obj.order}. {obj.title}"


class ResponsibleActorsMixin:
    """The responsible actors offered are the active ones and those already chosen."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "responsible":
            kwargs["queryset"] = Actor.objects.available(keep=_chosen_actor_ids(request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _chosen_actor_ids(request) -> set[int]:
    """Actors already on the activity (or activities) being edited, so an inactive one stays."""
    match = request.resolver_match
    object_id = match.kwargs.get("object_id") if match else None
    if not object_id or not str(object_id).isdigit():
        return set()
    if match.url_name == "plans_activity_change":
        activities = Activity.objects.filter(pk=object_id)
    elif match.url_name == "plans_focusarea_change":
        activities = Activity.objects.filter(focus_area_id=object_id)
    else:
        return set()
    return set(activities.values_list("responsible", flat=True)) - {None}


class VersionedAdminForm(forms.ModelForm):
    """Optimistic locking in admin as on the plan pages: the form carries the version it
    showed (``shown_version``, hidden), and a save after someone else's (a plan page, an
    import, another admin tab) is refused with who it was, instead of overwriting it."""

    shown_version = forms.IntegerField(
        label=_("version som visades"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["shown_version"].initial = self.instance.version

    def has_changed(self) -> bool:
        return bool(set(self.changed_data) - {"shown_version"})

    def clean(self):
        from django.core.exceptions import ValidationError

        cleaned = super().clean()
        if self.instance.pk and self.has_changed():
            try:
                services.check_version(self.instance, cleaned.get("shown_version"))
            except services.PlanError as exc:  # stale, or deleted meanwhile
                raise ValidationError(str(exc)) from None
        return cleaned


class LifecycleAdminForm(VersionedAdminForm):
    """A focus area or an activity changed in admin follows the plan pages' rules
    (plans.services): never into an archived plan, a date or Löpande for an activity."""

    def clean(self):
        from django.core.exceptions import ValidationError

        cleaned = super().clean()
        plan = cleaned.get("plan") or getattr(cleaned.get("focus_area"), "plan", None)
        try:
            if plan is not None:
                services.ensure_writable(plan)
            if self._meta.model is Activity:
                services.check_activity(cleaned)
        except services.PlanError as exc:
            raise ValidationError(str(exc)) from None
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned


class LifecycleInlineFormSet(forms.BaseInlineFormSet):
    """Inline rows: a focus area or activity with follow-up is not deleted (as on the plan
    pages: plans.services.has_follow_up)."""

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        for form in self.deleted_forms:
            obj = form.instance
            if obj.pk and services.has_follow_up(obj):
                raise ValidationError(
                    _("”%(obj)s” har uppföljning och kan inte tas bort.") % {"obj": obj}
                )


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    form = LifecycleAdminForm
    formset = LifecycleInlineFormSet
    extra = 0
    fields = ["order", "title", "shown_version"]
    show_change_link = True


class ActivityInline(ResponsibleActorsMixin, admin.StackedInline):
    model = Activity
    form = LifecycleAdminForm
    formset = LifecycleInlineFormSet
    extra = 0
    fields = [
        "order",
        "title",
        "implementation",
        "responsible",
        "deadline",
        "ongoing",
        "shown_version",
    ]
    autocomplete_fields = ["responsible"]
    show_change_link = True


class ArchivedReadOnlyMixin:
    """An archived plan, its focus areas and activities are read-only in admin too, every
    save (inline rows too) counts the object's version up (the plan pages' optimistic
    locking), and a focus area or activity with follow-up is not deleted here either."""

    def _plan_of(self, obj):
        if obj is None:
            return None
        if isinstance(obj, Plan):
            return obj
        if isinstance(obj, FocusArea):
            return obj.plan
        return obj.focus_area.plan

    def has_change_permission(self, request, obj=None):
        plan = self._plan_of(obj)
        if plan is not None and plan.is_archived:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        plan = self._plan_of(obj)
        if plan is not None and plan.is_archived:
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """A focus area or activity with follow-up is listed as what stops the delete (the
        change page's Ta bort and the list's action alike); a whole plan may still go."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if self.model in (FocusArea, Activity):
            followed = [
                _("”%(obj)s” har uppföljning och kan inte tas bort.") % {"obj": obj}
                for obj in objs
                if services.has_follow_up(obj)
            ]
            if followed:  # the reason, not "no right to delete uppföljning"
                return deleted, counts, set(), [*followed, *protected]
        return deleted, counts, perms_needed, protected

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            obj = inline_form.instance
            if obj.pk and inline_form.has_changed() and inline_form not in formset.deleted_forms:
                services.bump_version(obj)
        super().save_formset(request, form, formset, change)

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return  # only inline rows changed: no new version or history row for this one
        old = (
            type(obj).objects.filter(pk=obj.pk).values_list("status", flat=True).first()
            if (change and isinstance(obj, Plan))
            else None
        )
        services.stamp_admin_save(obj, old)
        super().save_model(request, obj, form, change)


class PlanAdminForm(VersionedAdminForm):
    """Status changes follow the plan's lifecycle (plans.services.validate_status_change)."""

    class Meta:
        model = Plan
        fields = ["status"]  # admin adds the fieldsets' fields

    def clean(self):
        from django.core.exceptions import ValidationError

        cleaned = super().clean()
        old = self.instance.status if self.instance.pk else Plan.Status.DRAFT
        new = cleaned.get("status")
        if new:
            candidate = Plan(
                **{
                    f: cleaned.get(f, "")
                    for f in ("decision_body", "decision_paragraph", "decision_date")
                }
            )
            candidate.decision_date = cleaned.get("decision_date")
            try:
                services.validate_status_change(candidate, old, new)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        checks = [
            lambda: services.check_period(start, end),
            # the plan as stored (the form's values are put on it after clean)
            lambda: services.check_period_change(self.instance, start, end),
        ]
        if cleaned.get("title"):
            candidate = Plan(pk=self.instance.pk, title=cleaned["title"])
            checks.append(lambda: services.check_title_is_free(candidate))
        for check in checks:
            try:
                check()
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    if field not in self.errors:
                        self.add_error(field if field in self.fields else None, errors)
        return cleaned


@admin.register(Plan)
class PlanAdmin(
    ArchivedReadOnlyMixin, RestoreDeletedMixin, ReadableDeletionMixin, ReadableHistoryAdmin
):
    form = PlanAdminForm
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
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "status",
                    ("period_start", "period_end"),
                    "network",
                    "checklist",
                    "origin",
                    "shown_version",
                ]
            },
        ),
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
            {"fields": list(PLAN_TEXT_FIELDS)},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_n_focus_areas=Count("focus_areas"))

    @admin.display(description=_("fokusområden"), ordering="_n_focus_areas")
    def n_focus_areas(self, obj: Plan) -> int:
        return obj._n_focus_areas


@admin.register(FocusArea)
class FocusAreaAdmin(
    ArchivedReadOnlyMixin, RestoreDeletedMixin, ReadableDeletionMixin, ReadableHistoryAdmin
):
    form = LifecycleAdminForm
    fields = ["plan", "order", "title", "shown_version"]  # the services count the version
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
class ActivityAdmin(
    ArchivedReadOnlyMixin,
    RestoreDeletedMixin,
    ResponsibleActorsMixin,
    ReadableDeletionMixin,
    ReadableHistoryAdmin,
):
    form = LifecycleAdminForm
    list_display = ["title_short", "focus_area", "plan", "responsible_list", "deadline"]
    list_filter = ["focus_area__plan", "focus_area", "responsible", DeadlinePassedFilter]
    list_select_related = ["focus_area__plan"]
    search_fields = ["title", "implementation", "focus_area__title"]
    autocomplete_fields = ["responsible"]
    date_hierarchy = "deadline"
    fields = [
        "focus_area",
        "order",
        "title",
        "implementation",
        "responsible",
        "deadline",
        "ongoing",
        "origin_shown",
        "origin_note",
        "shown_version",
    ]
    readonly_fields = ["origin_shown"]

    @admin.display(description=_("överförd från"))
    def origin_shown(self, activity: Activity) -> str:
        """A carried-over activity's origin, as the pages show it (made from its facts)."""
        return activity.origin_text if activity.origin_facts else "–"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "focus_area":
            return FocusAreaChoiceField(
                queryset=FocusArea.objects.select_related("plan").order_by("plan__title", "order"),
                label=db_field.verbose_name.capitalize(),
                required=not db_field.blank,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ["number", "title", "text", "suggestion", "suggestion_terms"]


@admin.register(RecommendationList)
class RecommendationListAdmin(ReadableHistoryAdmin):
    """The checklists plans are checked against: Administratör edits them (the twelve
    recommendations, or another kind of plan's own list)."""

    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RecommendationInline]


@admin.register(Assessment)
class AssessmentAdmin(ReadableHistoryAdmin):
    list_display = ["plan", "recommendation", "state"]
    list_filter = ["plan", "state"]
    list_select_related = ["plan", "recommendation"]
    autocomplete_fields = ["activities"]
