"""Contact persons in admin: their own ModelAdmin, apart from the actor and user admins.

Loaded by actors/admin.py. Changes are kept with history (who, when, before and after).
"""

from django.contrib import admin

from actors.models import Contact
from vallentuna.admin_history import ReadableHistoryAdmin


@admin.register(Contact)
class ContactAdmin(ReadableHistoryAdmin):
    """Kontaktpersoner: name and e-mail per actor, several per actor."""

    list_display = ["name", "email", "actor", "active"]
    list_filter = ["active", "actor"]
    list_select_related = ["actor"]
    search_fields = ["name", "email", "actor__code", "actor__name"]
    autocomplete_fields = ["actor"]
    fields = ["actor", "name", "email", "active"]
