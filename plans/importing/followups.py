"""The Uppföljning column, through the follow-up app's public interface only.

The follow-up app is optional for this module: until its selectors and services
exist, a filled cell is reported as not imported (never dropped silently) and the
export leaves the column empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace

from django.utils.translation import gettext as _


def api() -> SimpleNamespace | None:
    """The follow-up interface, or None while it does not exist in this installation."""
    try:
        from followup import selectors, services
        from followup.tertial import Tertial
    except ImportError:
        return None
    if not hasattr(selectors, "latest_follow_ups") or not hasattr(services, "record_follow_up"):
        return None
    return SimpleNamespace(
        latest_follow_ups=selectors.latest_follow_ups,
        record_follow_up=services.record_follow_up,
        Tertial=Tertial,
        # optional parts of the interface: checks that make the preview truthful
        validate_entry=getattr(services, "validate_entry", None),
        is_closed=getattr(selectors, "is_closed", None),
        errors=tuple(e for e in (getattr(services, "FollowUpError", None),) if isinstance(e, type)),
    )


def available() -> bool:
    return api() is not None


def tertial_of(follow_up):
    tertial = getattr(follow_up, "tertial", None)
    if tertial is not None:
        return tertial
    return api().Tertial(follow_up.year, follow_up.number)


def cell_text(follow_up) -> str:
    """'Pågående (T2 2017)' and the comment on the next line: what export writes."""
    head = f"{follow_up.get_status_display()} ({tertial_of(follow_up).label})"
    comment = (follow_up.comment or "").strip()
    return f"{head}\n{comment}" if comment else head


_CELL = re.compile(
    r"^(?P<status>[^\n(]+?) \((?P<tertial>T[123] \d{4})\)(?:\n(?P<comment>.*))?$", re.S
)


@dataclass
class FollowUpCell:
    comment: str
    status_label: str = ""
    tertial_label: str = ""


def parse_cell(text: str) -> FollowUpCell:
    """A cell as export writes it gives status, tertial and comment; anything else is a comment."""
    if match := _CELL.match(text):
        return FollowUpCell(
            comment=(match.group("comment") or "").strip(),
            status_label=match.group("status").strip(),
            tertial_label=match.group("tertial"),
        )
    return FollowUpCell(comment=text)


def default_status():
    try:
        from followup.models import Status
    except ImportError:  # pragma: no cover - only without the follow-up app
        return None
    return Status.NOT_STARTED


def status_for_label(label: str):
    """The status value whose Swedish label is ``label`` (case-insensitive), or None."""
    try:
        from followup.models import Status
    except ImportError:  # pragma: no cover - only without the follow-up app
        return None
    for value, display in Status.choices:
        if str(display).casefold() == label.casefold():
            return value
    return None


def not_imported_message() -> str:
    return _(
        "Uppföljningen importerades inte: uppföljning per tertial finns ännu inte i systemet. "
        "Texten finns kvar i filen."
    )


def no_tertial_message() -> str:
    return _("Uppföljningen importerades inte: välj vilken tertial uppföljningen gäller.")
