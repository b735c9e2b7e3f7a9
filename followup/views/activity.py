"""An activity's place on the board: where admin's "Visa på webbplats" leads."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from actors.decorators import permission_required
from actors.permissions import can_view_followup
from followup import selectors
from followup.views.access import activity_for
from followup.views.links import activity_board_url


@login_required
@require_GET
@permission_required(can_view_followup)
def activity(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Redirect to the board at the activity, in the plan's current tertial (or its last)."""
    found = activity_for(request, activity_id)
    return redirect(activity_board_url(found, selectors.default_tertial(found.focus_area.plan)))
