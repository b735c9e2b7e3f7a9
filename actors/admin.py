from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actors.models import Actor, Membership, Network, NetworkGroup, Position


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
