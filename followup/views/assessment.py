"""The coordinator's samlad bedömning of a plan's tertial, written on the board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.decorators import permission_required
from actors.permissions import can_write_assessment
from followup import services
from followup.views.links import board_url, tertial_or_404
from plans.models import Plan


@login_required
@require_POST
@permission_required(can_write_assessment)
def assessment(request: HttpRequest, slug: str, tertial: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    tertial_value = tertial_or_404(tertial, plan)
    try:
        services.save_assessment(plan, tertial_value, request.user, request.POST.get("text", ""))
    except services.FollowUpError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Den samlade bedömningen för %(t)s är sparad.") % {"t": tertial_value.label}
        )
    return redirect(board_url(plan, tertial_value) + "#bedomning")
