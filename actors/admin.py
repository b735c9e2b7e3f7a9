from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

import actors.security  # noqa: F401 - connects the security-log receivers (see below)
from actors.models import Actor, Membership, Network, NetworkGroup, Position
from actors.roles import sync_role_flags


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "sort_order"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["code", "name", "aliases", "description"]
    inlines = [MembershipInline]
    autocomplete_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
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
class NetworkAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    search_fields = ["name", "description"]
    filter_horizontal = ["actors"]
    inlines = [NetworkGroupInline]


@admin.register(NetworkGroup)
class NetworkGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "network", "order"]
    list_filter = ["network"]
    list_select_related = ["network"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
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


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users with their role (group) and the actors they work for."""

    inlines = [UserMembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "roles", "is_active"]
    list_filter = ["groups", "is_active", "is_staff"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roller"))
    def roles(self, obj) -> str:
        return ", ".join(sorted(g.name for g in obj.groups.all()))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "groups" in form.base_fields:
            form.base_fields["groups"].label = _("roller")
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
