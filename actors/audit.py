"""Attributing changes to a person outside a web request (commands, services, benches)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.http import HttpRequest
from simple_history.models import HistoricalRecords


@contextmanager
def acting_as(user) -> Iterator[None]:
    """History rows written inside the block name ``user`` as the one who made the change.

    In a request, simple-history's HistoryRequestMiddleware does this; management
    commands (``--user``) and imports use this context manager instead.
    """
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    request = HttpRequest()
    request.user = user
    context.request = request
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous
