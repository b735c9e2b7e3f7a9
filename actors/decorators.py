"""The one way a view refuses: ask ``actors.permissions``, log the refusal, raise 403.

    @login_required
    @permission_required(can_close_tertial)
    def close(request, ...): ...

Object-level checks (may this user report on *this* activity?) call :func:`deny`
after fetching the object, so that the log names the object.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from actors import security


def deny(request: HttpRequest, *, obj: Any = None, message: str = "") -> NoReturn:
    """Write the refusal to the security log and raise ``PermissionDenied`` (a 403 page).

    The log line is the one the middleware writes for other 403s (view name and URL
    arguments), with the object when there is one.
    """
    match = getattr(request, "resolver_match", None)
    security.log_event(
        security.ACCESS_DENIED,
        request,
        obj=obj,
        status=403,
        view=match.view_name if match else "",
        arguments=dict(match.kwargs) if match else {},
    )
    raise PermissionDenied(message)


def permission_required(
    check: Callable[[Any], bool], *, message: str = ""
) -> Callable[[Callable], Callable]:
    """Refuse (logged, 403) unless ``check(request.user)`` from ``actors.permissions`` says yes."""

    def decorator(func: Callable) -> Callable:
        @wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):
            if not check(request.user):
                deny(request, message=str(message))
            return func(request, *args, **kwargs)

        return wrapper

    return decorator
