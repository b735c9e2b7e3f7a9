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


class ChosenLanguageMiddleware:
    """Swedish for everyone, English for whoever chooses it.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    staff with an English browser still get a Swedish page, never a mix of
    Swedish texts and English dates or form errors. A user who picks English
    with Django's ``set_language`` view (``/i18n/setlang/``) gets its cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
