"""A fixed-window request counter in the cache (shared by every app server that shares it)."""

from __future__ import annotations

import time

from django.core.cache import cache


def _now() -> float:
    return time.time()


def allow(key: str, limit: int, window: int = 60) -> bool:
    """Count one request for ``key``; False once more than ``limit`` came in this window.

    ``window`` is in seconds. Works with any Django cache (database, Redis, memory);
    ``cache.add`` starts a window atomically, ``cache.incr`` counts in it.
    """
    bucket = int(_now() // window)
    cache_key = f"ratelimit:{key}:{bucket}"
    if cache.add(cache_key, 1, timeout=window + 1):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    return count <= limit
