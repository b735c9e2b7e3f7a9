"""Project-wide request plumbing: login everywhere, and no caching of plan data."""

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode


def htmx_redirect(request: HttpRequest, url: str) -> HttpResponse:
    """An htmx request is sent to a full page with HX-Redirect, not a swapped fragment."""
    response = HttpResponse(status=200)
    response["HX-Redirect"] = url
    return response


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware; htmx requests get HX-Redirect to the login page.

    Views that anyone may see (login, password reset, the accessibility
    statement) are marked with ``login_not_required``.
    """

    def handle_no_permission(self, request, view_func):
        if is_htmx(request):
            login_url = resolve_url(self.get_login_url(view_func))
            current = request.headers.get("HX-Current-URL") or request.get_full_path()
            return htmx_redirect(
                request, f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: current})}"
            )
        return super().handle_no_permission(request, view_func)


class NoStoreMiddleware:
    """Pages and files from the app carry plan data: no browser or proxy may keep them.

    Static files are served before this by WhiteNoise and keep their long cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            add_never_cache_headers(response)
        return response


#: The session's language: a logged-in user's stored choice (put there at login, see
#: ``actors.services.language_at_login``) or a choice made with the switch in this session.
LANGUAGE_SESSION_KEY = "_language"


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The language cookie exactly as Django's ``set_language`` writes it (a year)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _known(language: str | None) -> str | None:
    return language if language in dict(settings.LANGUAGES) else None


def _session_language(request: HttpRequest) -> str | None:
    session = getattr(request, "session", None)
    return _known(session.get(LANGUAGE_SESSION_KEY)) if session is not None else None


class ChosenLanguageMiddleware:
    """Swedish for everyone, English for whoever chooses it: the one place that decides a
    request's language.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    staff with an English browser still get a Swedish page, never a mix of
    Swedish texts and English dates or form errors. In order:

    1. the session's language (``LANGUAGE_SESSION_KEY``): at login the user's stored
       choice (``actors.models.UserPreference``) is put there, so the choice follows the
       user to another browser;
    2. the language cookie, which the header's switch (``/i18n/setlang/``) sets: how an
       anonymous visitor's choice is kept, and the fallback for a user who never chose;
    3. Swedish (``LANGUAGE_CODE``).

    When the session's language differs from the cookie (just after a login), the
    response sets the cookie too: the browser then stays in that language after logout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cookie = _known(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        language = _session_language(request) or cookie or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        chosen = _session_language(request)  # a login in this request may have set it
        if chosen and chosen != cookie and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            set_language_cookie(response, chosen)
        response.headers.setdefault("Content-Language", language)
        return response
