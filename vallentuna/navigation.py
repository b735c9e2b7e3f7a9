"""The header's navigation: the pages a user may open, the current one marked, and the role.

Part of the base layout (a context processor); each item asks ``actors.permissions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actors import permissions


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


# (label, URL name, view names that count as "here", who may see it).
_NAV = [
    (_("Översikt"), "overview", ("overview",), permissions.can_view_plans),
    (
        _("Planer"),
        "plans:list",
        ("plans:", "followup:carry_over"),
        permissions.can_view_plans,
    ),
    (
        _("Uppföljning"),
        "followup:board",
        ("followup:board", "followup:"),
        permissions.can_view_plans,
    ),
    (_("Rapporter"), "followup:report_index", ("followup:report",), permissions.can_view_plans),
    (
        _("Import/Export"),
        "spreadsheets:import",
        ("spreadsheets:import", "spreadsheets:export"),
        permissions.can_import_plans,
    ),
    (
        _("Ändringslogg"),
        "changelog:changelog_index",
        ("changelog:changelog",),
        permissions.can_view_changelog,
    ),
    (_("Admin"), "admin:index", ("admin:",), permissions.can_use_admin),
]


class SiteNavigation:
    """What the header shows for one request; computed only if a template asks for it."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.user = getattr(request, "user", None)

    @cached_property
    def items(self) -> list[NavItem]:
        if self.user is None or not self.user.is_authenticated:
            return []
        match = getattr(self.request, "resolver_match", None)
        view_name = match.view_name if match else ""
        visible = []
        for label, url_name, patterns, allowed in _NAV:
            if not allowed(self.user):
                continue
            visible.append((label, reverse(url_name), patterns))
        # The most specific match wins (Rapporter over the followup: catch-all).
        best, best_len = None, -1
        for label, _url, patterns in visible:
            for p in patterns:
                hit = view_name == p or view_name.startswith(p)
                if hit and len(p) > best_len:
                    best, best_len = label, len(p)
        return [NavItem(label, url, label == best) for label, url, _p in visible]

    @cached_property
    def role(self) -> str:
        """The user's role(s) as shown in the header, e.g. 'Trygghetssamordnare'."""
        if self.user is None or not self.user.is_authenticated:
            return ""
        names = [g.name for g in self.user.groups.all() if g.name in permissions.ROLES]
        names.sort(key=permissions.ROLES.index)
        if not names and self.user.is_superuser:
            names = [permissions.ROLE_ADMIN]
        return ", ".join(permissions.role_label(name) for name in names)


def navigation(request: HttpRequest) -> dict:
    """Context processor: ``site_nav`` for templates/includes/nav.html."""
    return {"site_nav": SiteNavigation(request)}
