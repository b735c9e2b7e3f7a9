"""What every page needs to warn before the session ends (base layout, WCAG 2.2.1)."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from actors.middleware import LAST_SEEN_RESOLUTION, seconds_left


def session_timing(request: HttpRequest) -> dict:
    """``session_timing`` for a logged-in user: seconds left, the inactivity limit, when to
    warn, and where "Fortsätt" renews the session. Nothing for a visitor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    return {
        "session_timing": {
            **seconds_left(request),
            "timeout": settings.SESSION_INACTIVITY_TIMEOUT,
            # The server notes activity at most once per resolution: count from the earliest.
            "resolution": LAST_SEEN_RESOLUTION,
            "warning": settings.SESSION_WARNING_SECONDS,
            "keep_alive_url": reverse("actors:keep_alive"),
            "status_url": reverse("actors:session_left"),
        }
    }
