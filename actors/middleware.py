"""Session rules, the two-factor requirement and logging of refused accesses."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from actors import security
from actors.permissions import requires_two_factor
from vallentuna.middleware import htmx_redirect, is_htmx

LOGIN_AT = "_login_at"
LAST_SEEN = "_last_seen"
#: Seconds between updates of LAST_SEEN. The session is written (and its expiry renewed) only
#: when it changes, so a user clicking through pages does not cost a database write per
#: request; the inactivity timeout is then exact to within this resolution.
LAST_SEEN_RESOLUTION = 60


def _to_login(request: HttpRequest) -> HttpResponse:
    login_url = resolve_url(settings.LOGIN_URL)
    if is_htmx(request):
        current = request.headers.get("HX-Current-URL") or request.get_full_path()
        return htmx_redirect(request, f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: current})}")
    return redirect_to_login(request.get_full_path(), login_url)


def _sends_to_login(response: HttpResponse) -> bool:
    """A redirect (plain or htmx's) to the login page."""
    login_url = resolve_url(settings.LOGIN_URL)
    target = response.get("HX-Redirect", "") or (
        response.get("Location", "") if response.status_code in (301, 302) else ""
    )
    return target.startswith(login_url)


def _tell_why(request: HttpRequest, response: HttpResponse, reason: str) -> HttpResponse:
    """Say on the login page why the session ended (this middleware answers before
    MessageMiddleware has run, so the message is stored on the response here)."""
    texts = {
        "inactivity": _(
            "Du har loggats ut efter %(minutes)s minuter utan aktivitet. Logga in igen för att fortsätta."
        )
        % {"minutes": settings.SESSION_INACTIVITY_TIMEOUT // 60},
        "absolute_lifetime": _(
            "Du har varit inloggad i mer än %(hours)s timmar och har loggats ut. Logga in igen."
        )
        % {"hours": settings.SESSION_ABSOLUTE_LIFETIME // 3600},
        "inactive_user": _("Ditt konto är inte längre aktivt. Kontakta en administratör."),
    }
    storage = default_storage(request)
    storage.add(messages.INFO, texts[reason])
    storage.update(response)
    return response


def seconds_left(request: HttpRequest) -> dict[str, int]:
    """How long the session lasts without another request: ``{"expires_in": s, "absolute_in": s}``.

    ``expires_in`` is the earlier of the inactivity limit (from the last-seen time the server
    holds) and the absolute lifetime; ``absolute_in`` is the absolute lifetime alone (a
    renewal cannot go past it). The page's warning counts down from these.
    """
    now = time.time()
    session = request.session
    absolute_in = settings.SESSION_ABSOLUTE_LIFETIME - (now - session.get(LOGIN_AT, now))
    inactive_in = settings.SESSION_INACTIVITY_TIMEOUT - (now - session.get(LAST_SEEN, now))
    return {
        "expires_in": max(0, int(min(absolute_in, inactive_in))),
        "absolute_in": max(0, int(absolute_in)),
    }


def renew(request: HttpRequest) -> dict[str, int]:
    """Count now as activity (the user chose to continue): the inactivity clock restarts."""
    request.session[LAST_SEEN] = time.time()
    return seconds_left(request)


def mark_login(request: HttpRequest) -> None:
    """Start the clocks of a new session (called when a user logs in)."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[LAST_SEEN] = now


class SessionSecurityMiddleware:
    """End a session that is too old, idle too long, or whose user was deactivated.

    The inactivity timeout is also enforced by the session's own expiry
    (SESSION_COOKIE_AGE, renewed whenever LAST_SEEN is updated, at most once a minute);
    checking it here as well makes it independent of the session backend and visible in
    the security log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = self._reason_to_end(request)
        if reason:
            user = request.user if request.user.is_authenticated else None
            security.log_event(
                security.SESSION_ENDED,
                request,
                user=user,
                reason=reason,
                user_id=request.session.get(SESSION_KEY, ""),
            )
            logout(request)  # flushes the session on the server
            return _tell_why(request, _to_login(request), reason)
        if request.user.is_authenticated and request.path != reverse("actors:session_left"):
            now = time.time()
            if now - request.session.get(LAST_SEEN, 0) >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN] = now  # saved, and its expiry renewed
        ended = self._session_expired_in_store(request)
        response = self.get_response(request)
        if ended and _sends_to_login(response):
            # The session store had already dropped the session (its own expiry, the same
            # inactivity limit): say so on the login page, as when this middleware ends it.
            return _tell_why(request, _to_login(request), "inactivity")
        return response

    @staticmethod
    def _session_expired_in_store(request: HttpRequest) -> bool:
        """The browser sent a session cookie for a session the server no longer has."""
        if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return False
        if request.user.is_authenticated:
            return False
        return request.session.session_key is None

    @staticmethod
    def _reason_to_end(request: HttpRequest) -> str:
        session = request.session
        if SESSION_KEY not in session:
            return ""
        if not request.user.is_authenticated:
            # The session names a user the backend refuses: deactivated or deleted.
            return "inactive_user"
        now = time.time()
        login_at = session.get(LOGIN_AT)
        if login_at is None:
            session[LOGIN_AT] = login_at = now
        if now - login_at > settings.SESSION_ABSOLUTE_LIFETIME:
            return "absolute_lifetime"
        last_seen = session.get(LAST_SEEN, now)
        if now - last_seen > settings.SESSION_INACTIVITY_TIMEOUT:
            return "inactivity"
        return ""


#: URL names a user who still has to give a one-time code may reach.
TWO_FACTOR_EXEMPT = frozenset({"logout", "actors:otp_verify", "actors:otp_setup"})


class TwoFactorRequiredMiddleware:
    """Roles that can change data must confirm a TOTP code after the password."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "TWO_FACTOR_REQUIRED", False):
            return None
        user = request.user
        if not user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        match = request.resolver_match
        if match and match.view_name in TWO_FACTOR_EXEMPT:
            return None
        if user.is_verified() or not requires_two_factor(user):
            return None
        from django_otp import user_has_device

        name = "actors:otp_verify" if user_has_device(user) else "actors:otp_setup"
        url = f"{reverse(name)}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"
        if is_htmx(request):
            return htmx_redirect(request, url)
        return redirect(url)


#: Import pages (app and admin): step -> view names. Posts to them are imports.
IMPORT_VIEWS = {
    "import_preview": {"spreadsheets:import", "admin:plans_plan_import"},
    security.IMPORT: {"spreadsheets:import_confirm", "admin:plans_plan_import_confirm"},
}


class SecurityLogMiddleware:
    """Write refused accesses (403, and 404 on an existing route) and imports to the security log.

    A 404 on a route that exists usually means an object id the user may not
    see or that does not exist; both are worth knowing about. Views that have
    already logged the refusal themselves (with the object) are not logged twice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        self._log_import(request, response)
        if response.status_code in (403, 404) and not getattr(request, "_security_logged", False):
            match = getattr(request, "resolver_match", None)
            if response.status_code == 403 or match is not None:
                security.log_event(
                    security.ACCESS_DENIED if response.status_code == 403 else security.NOT_FOUND,
                    request,
                    status=response.status_code,
                    view=match.view_name if match else "",
                    arguments=dict(match.kwargs) if match else {},
                )
        return response

    @staticmethod
    def _log_import(request: HttpRequest, response: HttpResponse) -> None:
        """Every upload and confirmed import, with who, from where, which file and plan.

        The import views may log with more detail themselves (``log_event(IMPORT, …)``);
        then this is skipped.
        """
        match = getattr(request, "resolver_match", None)
        if request.method != "POST" or match is None or getattr(request, "_import_logged", False):
            return
        for event, names in IMPORT_VIEWS.items():
            if match.view_name in names:
                upload = request.FILES.get("file")
                security.log_event(
                    event,
                    request,
                    filename=upload.name if upload else request.POST.get("filename", ""),
                    size=upload.size if upload else "",
                    plan_id=request.POST.get("plan", ""),
                    new_plan_title=request.POST.get("new_plan_title", ""),
                    status=response.status_code,
                )
