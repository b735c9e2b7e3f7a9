"""PDF rendering with WeasyPrint, with a fetcher that serves our static files and nothing else.

WeasyPrint's default fetcher opens any URL (http, file:///etc/passwd, …). Reports contain
text typed by users, so the fetcher here refuses everything but our own static files (the
app's static folders, or the collected files in production) under a base URL that can never
resolve on a network (.invalid).
"""

from __future__ import annotations

import gc
import mimetypes
import threading
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

#: Base URL of the report documents: relative and /static/ links resolve against it.
BASE_URL = "https://rapport.invalid/"


def _static_prefix() -> str:
    prefix = settings.STATIC_URL
    return prefix if prefix.startswith("/") else "/" + prefix


def _read_static(name: str) -> bytes | None:
    """A static file's bytes: from the app's static folders (development) or, for the
    hashed names ``{% static %}`` writes in production, from the collected files in
    STATIC_ROOT. None for anything else, including names that climb out with ``..``."""
    if not name or ".." in name:
        return None
    try:
        path = finders.find(name)
        if path:
            with open(path, "rb") as fh:
                return fh.read()
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as fh:
                return fh.read()
    except (SuspiciousFileOperation, OSError):
        return None
    return None


def _fetcher_class():
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves /static/… (see ``_read_static``); refuses every other URL."""

        def __init__(self, **kwargs):
            super().__init__(allowed_protocols=("https",), allow_redirects=False, **kwargs)
            self.fetched: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            prefix = _static_prefix()
            body = None
            if (
                f"{parts.scheme}://{parts.netloc}/" == BASE_URL
                and parts.path.startswith(prefix)
                and not parts.query
            ):
                body = _read_static(unquote(parts.path[len(prefix) :]))
            if body is None:
                self.refused.append(url)
                raise ValueError(f"Rapporten hämtar inga externa resurser: {url}")
            self.fetched.append(url)
            content_type = mimetypes.guess_type(parts.path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticOnlyFetcher


def static_only_fetcher():
    """A new restricted fetcher (it records what it fetched and refused, for tests)."""
    return _fetcher_class()()


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = False


@contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector while WeasyPrint lays out a document.

    Layout creates millions of short-lived objects, almost none of them in reference cycles
    (reference counting frees them), yet each burst of allocations makes the collector walk
    every live object in the process, Django's included. For the 1,000-activity report that
    walking was 15–25 % of the time; pausing it costs a few MB (bench/report.py). Counted, so
    that two threads rendering at once do not turn it back on under each other.
    """
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()


#: The PDF flavours the report is written in: tagged and accessible for publishing (PDF/UA-1,
#: ISO 14289-1), and for the filed copy of a closed tertial also archivable (PDF/A-2a,
#: ISO 19005-2: fonts embedded, sRGB output intent, tagged), identifying as both.
PDF_VARIANT = "pdf/ua-1"
ARCHIVAL_PDF_VARIANT = "pdf/a-2a"


def html_to_pdf(html: str, fetcher=None, *, tagged: bool = True, archival: bool = False) -> bytes:
    """Render report HTML to PDF bytes with the restricted fetcher.

    ``tagged`` (the default) writes PDF/UA-1 with the structure WeasyPrint leaves out added
    (``followup.pdf_structure``); ``archival`` writes PDF/A-2a that is PDF/UA-1 as well.
    ``tagged=False`` is the untagged PDF, kept for the benchmark's comparison.
    """
    from weasyprint import HTML

    from followup.pdf_structure import complete_structure, recording_origins

    fetcher = fetcher or static_only_fetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    with cyclic_gc_paused():
        if not (tagged or archival):
            return document.write_pdf()
        variant = ARCHIVAL_PDF_VARIANT if archival else PDF_VARIANT
        with recording_origins() as origins:
            data = document.write_pdf(pdf_variant=variant)
        return complete_structure(data, origins, archival=archival)
