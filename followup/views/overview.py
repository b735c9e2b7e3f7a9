"""Översikt, the start page: every plan's state in the reporting tertial."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from followup.overview_selectors import overview_for


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "followup/overview.html", overview_for(request.user))
