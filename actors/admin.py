from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

import actors.security  # noqa: F401 - connects the security-log receivers (see below)
from actors.models import Actor, Membership, Network, NetworkGroup, Position
from actors.permissions import ROLES, can_manage_user, manageable_roles, role_label
from actors.roles import sync_role_flags
from actors.selectors import manageable_users
from actors.services import activities_of
from vallentuna.admin_deletion import ReadableDeletionMixin
from vallentuna.admin_history import ReadableHistoryAdmin


class ManagedUsersMixin:
    """Memberships of users the admin user may manage only (a Trygghetssamordnare: those of
    Rapportörer and Läsare), in lists, inlines and the user picker, checked on the server."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(user__in=manageable_users(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = manageable_users(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(ManagedUsersMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Actor)
class ActorAdmin(ReadableDeletionMixin, ReadableHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "active", "sort_order"]
    list_filter = ["active", "kind"]
    list_select_related = ["parent"]
    search_fields = ["code", "name", "aliases", "description"]
    inlines = [MembershipInline]
    autocomplete_fields = ["parent"]
    delete_confirmation_template = "admin/actors/actor/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/actors/actor/delete_selected_confirmation.html"
    actions = ["make_inactive"]

    @admin.action(description=_("Gör de valda aktörerna inaktiva"), permissions=["change"])
    def make_inactive(self, request, queryset):
        """Inactive actors stay on past activities and reports (the way out of a refused
        delete); each save writes a history row."""
        changed = [actor for actor in queryset if actor.active]
        for actor in changed:
            actor.active = False
            actor._change_reason = "Gjord inaktiv"
            actor.save(update_fields=["active"])
        self.message_user(
            request,
            ngettext(
                "%(n)s aktör gjordes inaktiv: %(codes)s.",
                "%(n)s aktörer gjordes inaktiva: %(codes)s.",
                len(changed),
            )
            % {"n": len(changed), "codes": ", ".join(a.code for a in changed) or "–"},
        )

    def get_search_results(self, request, queryset, search_term):
        """The picker of an activity's responsible actors offers active actors only."""
        qs, distinct = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "responsible":
            qs = qs.filter(active=True)
        return qs, distinct

    def get_deleted_objects(self, objs, request):
        """An actor responsible for activities is protected: the page lists the activities
        (linked to admin) and offers to make the actor inactive instead."""
        to_delete, counts, perms, protected = super().get_deleted_objects(objs, request)
        for actor in objs:
            for activity in activities_of(actor):
                url = reverse("admin:plans_activity_change", args=[activity.pk])
                protected.append(
                    format_html(
                        _('{} ansvarig för <a href="{}">{}</a> ({}, {})'),
                        actor.code,
                        url,
                        activity,
                        activity.focus_area.plan,
                        activity.focus_area,
                    )
                )
        return to_delete, counts, perms, protected


@admin.register(Membership)
class MembershipAdmin(ManagedUsersMixin, ReadableHistoryAdmin):
    list_display = ["user", "actor", "title"]
    list_filter = ["actor"]
    list_select_related = ["user", "actor"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "actor__code"]
    autocomplete_fields = ["user", "actor"]


class NetworkGroupInline(admin.TabularInline):
    model = NetworkGroup
    extra = 0
    show_change_link = True


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["actor"]


@admin.register(Network)
class NetworkAdmin(ReadableDeletionMixin, ReadableHistoryAdmin):
    list_display = ["name"]
    search_fields = ["name", "description"]
    filter_horizontal = ["actors"]
    inlines = [NetworkGroupInline]


@admin.register(NetworkGroup)
class NetworkGroupAdmin(ReadableDeletionMixin, ReadableHistoryAdmin):
    list_display = ["name", "network", "order"]
    list_filter = ["network"]
    list_select_related = ["network"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(ReadableDeletionMixin, ReadableHistoryAdmin):
    list_display = ["title", "actor", "group", "order"]
    list_filter = ["group__network", "group", "actor"]
    list_select_related = ["actor", "group__network"]
    search_fields = ["title"]


# --- Users with their roles and actors ---------------------------------------------------
# The security-log receivers (logins, failures, lockouts) are connected on import;
# admin modules are loaded by django.setup() in every process.
User = get_user_model()


class UserMembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 1
    autocomplete_fields = ["actor"]
    verbose_name = _("aktör användaren arbetar för")
    verbose_name_plural = _(
        "aktörer användaren arbetar för (en rapportör rapporterar för deras aktiviteter)"
    )


if admin.site.is_registered(User):
    admin.site.unregister(User)


class RoleListFilter(admin.SimpleListFilter):
    """The users' list by role, the roles named in the user's language."""

    title = _("roll")
    parameter_name = "roll"

    def lookups(self, request, model_admin):
        allowed = manageable_roles(request.user)
        return [(name, role_label(name)) for name in ROLES if name in allowed]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(groups__name=self.value())
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users with their role (group) and the actors they work for.

    An Administratör manages everyone. A Trygghetssamordnare adds, edits and deactivates
    Rapportörer and Läsare (and their actors) only: the list holds only them, other users'
    pages answer 403, the role field offers only those two roles, and staff and permission
    fields are not in the form (``actors.permissions.can_manage_user``).
    """

    inlines = [UserMembershipInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "roles",
        "language",
        "is_active",
    ]
    list_filter = [RoleListFilter, "is_active", "is_staff"]
    coordinator_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personuppgifter"), {"fields": ("first_name", "last_name", "email")}),
        (_("Roll och konto"), {"fields": ("groups", "is_active")}),
        (_("Viktiga datum"), {"fields": ("last_login", "date_joined")}),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).prefetch_related("groups").select_related("preference")
        return manageable_users(request.user, qs)

    def get_object(self, request, object_id, from_field=None):
        """Any user, so that another role's page is refused (403) rather than "not found"."""
        try:
            return User._default_manager.get(pk=object_id)
        except (User.DoesNotExist, ValueError):
            return None

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or can_manage_user(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_manage_user(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or can_manage_user(request.user, obj)
        )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        fieldsets = (
            super().get_fieldsets(request, obj)
            if request.user.is_superuser
            else self.coordinator_fieldsets
        )
        # The user's own choice (the header's switch): shown, not set by someone else.
        return (*fieldsets, (_("Språk"), {"fields": ("language",)}))

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return [*super().get_readonly_fields(request, obj), "language"]
        return ["last_login", "date_joined", "language"]

    def get_list_filter(self, request):
        return self.list_filter if request.user.is_superuser else [RoleListFilter, "is_active"]

    @admin.display(description=_("roller"))
    def roles(self, obj) -> str:
        return ", ".join(sorted(role_label(g.name) for g in obj.groups.all()))

    @admin.display(description=_("språk"))
    def language(self, obj) -> str:
        """The language the user chose in the app (and gets e-mail in); Swedish if never."""
        preference = getattr(obj, "preference", None) if obj.pk else None
        if preference is None:
            return dict(settings.LANGUAGES)[settings.LANGUAGE_CODE]
        return preference.get_language_display()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """The role picker speaks of roles, not of Django's groups ("Tillgängliga roller")."""
        if db_field.name == "groups":
            kwargs["widget"] = FilteredSelectMultiple(_("roller"), is_stacked=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "groups" in form.base_fields and not request.user.is_superuser:
            form.base_fields["groups"].queryset = Group.objects.filter(
                name__in=manageable_roles(request.user)
            )
        if "groups" in form.base_fields:
            form.base_fields["groups"].label_from_instance = lambda group: role_label(group.name)
            form.base_fields["groups"].label = capfirst(_("roller"))
            form.base_fields["groups"].help_text = _(
                "Administratör: allt, även användare och roller. Trygghetssamordnare: planer, "
                "aktörer, import, all uppföljning och tertialer. Rapportör: uppföljning för sina "
                "aktörers aktiviteter. Läsare: läser uppföljning och rapporter. Administratörer "
                "och trygghetssamordnare får automatiskt tillgång till admin."
            )
        return form

    def save_model(self, request, obj, form, change):
        obj._roles_before = (
            set(User.objects.get(pk=obj.pk).groups.values_list("name", flat=True))
            if change and obj.pk
            else set()
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sync_role_flags(form.instance, getattr(form.instance, "_roles_before", set()))


# Contact persons have their own admin module (report links and reminders, issue #13).
import actors.admin_contacts  # noqa: E402, F401
