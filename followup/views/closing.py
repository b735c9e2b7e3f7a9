"""Closing and reopening a plan's tertial (closing files its report)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.decorators import permission_required
from actors.permissions import can_close_tertial
from followup import services
from followup.views.links import board_url, tertial_or_404
from plans.models import Plan


@login_required
@require_POST
@permission_required(can_close_tertial)
def close(request: HttpRequest, slug: str, tertial: str) -> HttpResponse:
    """Close the tertial. Unfinished activities not updated are listed first, on a page that
    asks for confirmation (``bekrafta=1``) before anything is closed."""
    plan = get_object_or_404(Plan, slug=slug)
    tertial_value = tertial_or_404(tertial, plan)
    confirmed = request.POST.get("bekrafta") == "1"
    try:
        services.close_tertial(plan, tertial_value, request.user, confirm_not_updated=confirmed)
    except services.NotUpdatedError as exc:
        return render(
            request,
            "followup/close_confirm.html",
            {"plan": plan, "tertial": tertial_value, "rows": exc.rows, "message": str(exc)},
        )
    except services.FollowUpError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(t)s är stängd: uppföljningen kan inte längre ändras och rapporten är arkiverad.")
            % {"t": tertial_value.label},
        )
    return redirect(board_url(plan, tertial_value))


@login_required
@require_POST
@permission_required(can_close_tertial)
def reopen(request: HttpRequest, slug: str, tertial: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    tertial_value = tertial_or_404(tertial, plan)
    try:
        services.reopen_tertial(plan, tertial_value, request.user)
    except services.FollowUpError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(t)s är öppnad igen.") % {"t": tertial_value.label})
    return redirect(board_url(plan, tertial_value))
