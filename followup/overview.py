"""Översikt (the start page) and the site navigation every page shows.

The view is thin: what it shows is read by ``followup.overview_selectors``.
``navigation`` is a context processor (registered in settings) so that the base
layout can ask ``actors.permissions`` which sections a user may use, without
every view having to pass that along.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from actors import permissions
from followup.overview_selectors import overview_for


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "followup/overview.html", overview_for(request.user))


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


# (label, URL name, view names that count as "here", who may see it).
# URL names belonging to other apps are resolved defensively: an item whose
# URL does not exist (yet) is simply left out instead of breaking every page.
_NAV = [
    (_("Översikt"), "overview", ("overview",), permissions.can_view_plans),
    (
        _("Uppföljning"),
        "followup:board",
        ("followup:board", "followup:"),
        permissions.can_view_plans,
    ),
    (_("Rapporter"), "followup:report_index", ("followup:report",), permissions.can_view_plans),
    (
        _("Import/Export"),
        "plans:import",
        ("plans:import", "plans:export"),
        permissions.can_import_plans,
    ),
    (
        _("Ändringslogg"),
        "actors:changelog_index",
        ("actors:changelog",),
        permissions.can_view_changelog,
    ),
    (_("Admin"), "admin:index", ("admin:",), lambda user: user.is_active and user.is_staff),
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
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            visible.append((label, url, patterns))
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
            return str(_("Administratör"))
        return ", ".join(names)


def navigation(request: HttpRequest) -> dict:
    """Context processor: ``site_nav`` for templates/includes/nav.html."""
    return {"site_nav": SiteNavigation(request)}
