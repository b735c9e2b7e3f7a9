"""Swedish error pages for what Django answers itself: 400 (bad host, too many fields, a
body too large), 403 (whom to ask depends on the role) and 405 (a method the view does
not take).

404 and 500 are templates Django renders on its own; 400 needs a view so that the page
gets the site's layout, 403 one that tells the user whom to ask for access, and 405 has
no handler in Django at all (the view returns an empty ``HttpResponseNotAllowed``), hence
the middleware.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template import loader


def _site_context() -> dict:
    return {
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "SITE_NAME": settings.SITE_NAME,
        "ACCESSIBILITY_CONTACT_EMAIL": settings.ACCESSIBILITY_CONTACT_EMAIL,
    }


def _render(request: HttpRequest, template_name: str, status: int) -> HttpResponse:
    """The page with the site's layout; without the request's context processors when the
    request itself is the problem (e.g. a Host header that is not ours)."""
    template = loader.get_template(template_name)
    try:
        content = template.render({}, request)
    except Exception:  # noqa: BLE001 - a broken request must still get its page
        content = template.render(_site_context())
    return HttpResponse(content, status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: the refusal's reason when it has one (``actors.decorators.deny``'s message)
    and whom this user should ask (``actors.permissions.who_grants_access``): an
    Administratör for a Trygghetssamordnare, the coordinator for a Rapportör or Läsare."""
    from actors.permissions import who_grants_access

    template = loader.get_template("403.html")
    context = {
        "reason": str(exception or ""),
        "granted_by": who_grants_access(request.user),
    }
    return HttpResponse(template.render(context, request), status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: Swedish instead of Django's English "Bad Request (400)"."""
    return _render(request, "400.html", 400)


class MethodNotAllowedPageMiddleware:
    """Give a 405 without a body (``require_http_methods``, admin logout by GET …) the
    Swedish page; the ``Allow`` header stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            page = _render(request, "405.html", 405)
            page["Allow"] = response["Allow"]
            return page
        return response
