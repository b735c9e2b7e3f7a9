"""Closing and reopening a plan's tertial."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.decorators import permission_required
from actors.permissions import can_close_tertial
from followup import services
from followup.views.links import board_url, tertial_or_404
from plans.models import Plan


def _closure_action(request: HttpRequest, slug: str, tertial: str, action) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    tertial_value = tertial_or_404(tertial)
    try:
        action(plan, tertial_value, request.user)
    except services.FollowUpError as exc:
        messages.error(request, str(exc))
    else:
        if action is services.close_tertial:
            text = _("%(t)s är stängd: uppföljningen kan inte längre ändras.")
        else:
            text = _("%(t)s är öppnad igen.")
        messages.success(request, text % {"t": tertial_value.label})
    return redirect(board_url(plan, tertial_value))


@login_required
@require_POST
@permission_required(can_close_tertial)
def close(request: HttpRequest, slug: str, tertial: str) -> HttpResponse:
    return _closure_action(request, slug, tertial, services.close_tertial)


@login_required
@require_POST
@permission_required(can_close_tertial)
def reopen(request: HttpRequest, slug: str, tertial: str) -> HttpResponse:
    return _closure_action(request, slug, tertial, services.reopen_tertial)
