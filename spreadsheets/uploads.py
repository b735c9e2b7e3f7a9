"""The uploaded file kept between preview and confirm, in django-import-export's temp storage."""

from __future__ import annotations

import base64
import contextlib
import uuid

from django.conf import settings
from django.utils.module_loading import import_string


def _storage(user, token: str):
    """django-import-export's configured temp storage (the cache: works on several servers)."""
    storage_class = import_string(
        getattr(
            settings, "IMPORT_EXPORT_TMP_STORAGE_CLASS", "import_export.tmp_storages.CacheStorage"
        )
    )
    # The name carries the user: a token is useless to anyone else.
    return storage_class(name=f"plans-import-{user.pk}-{token}", read_mode="r")


def store_upload(user, data: bytes) -> str:
    token = uuid.uuid4().hex
    _storage(user, token).save(base64.b64encode(data).decode("ascii"))
    return token


def load_upload(user, token: str) -> bytes | None:
    storage = _storage(user, token)
    try:
        stored = storage.read()
    except OSError:
        return None
    return base64.b64decode(stored) if stored else None


def discard_upload(user, token: str) -> None:
    with contextlib.suppress(OSError):
        _storage(user, token).remove()
