"""Follow-up in admin: read-only lists with history.

Entries are written only through followup.services (the follow-up page, the Excel
import), which check closed tertials and stale versions; admin must not bypass that.
"""

from django.contrib import admin

from followup.models import FollowUp, TertialClosure
from vallentuna.admin_history import ReadableHistoryAdmin


class ReadOnlyHistoryAdmin(ReadableHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyHistoryAdmin):
    list_display = ["activity", "year", "number", "status", "reported_by", "reported_at", "version"]
    list_filter = ["year", "number", "status", "activity__focus_area__plan"]
    list_select_related = ["activity", "reported_by"]
    search_fields = ["activity__title", "comment", "reported_by_name"]
    date_hierarchy = "reported_at"


@admin.register(TertialClosure)
class TertialClosureAdmin(ReadOnlyHistoryAdmin):
    list_display = ["plan", "year", "number", "closed", "closed_by", "closed_at", "reopened_by"]
    list_filter = ["closed", "year", "plan"]
    list_select_related = ["plan", "closed_by", "reopened_by"]
