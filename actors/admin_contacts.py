"""Contact persons in admin: their own ModelAdmin, apart from the actor and user admins.

Loaded by actors/admin.py. Changes are kept with history (who, when, before and after).
"""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

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

    def _back(self, request, response):
        """Back to the page that sent the coordinator here (``?next=``, this site only)."""
        target = request.GET.get("next", "")
        if response.status_code != 302 or {"_addanother", "_continue"} & set(request.POST):
            return response
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(target)
        return response

    def response_add(self, request, obj, post_url_continue=None):
        return self._back(request, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._back(request, super().response_change(request, obj))
