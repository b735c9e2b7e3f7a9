"""The Uppföljning column, through the follow-up app's public interface only.

Export writes each activity's follow-up as one cell (``cell_text``); import reads such a
cell back (``parse_cell``) and records it with ``record_follow_up`` for the chosen tertial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from followup.models import Status
from followup.tertial import Tertial


def cell_text(follow_up) -> str:
    """'Pågående (T2 2017)' and the comment on the next line: what export writes."""
    head = f"{follow_up.get_status_display()} ({follow_up.tertial.label})"
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


def parse_tertial(value: str | None) -> Tertial | None:
    """A Tertial from 'T2 2017', None if blank; ValueError (Swedish message) otherwise."""
    value = (value or "").strip()
    return Tertial.parse(value) if value else None


def status_for_label(label: str):
    """The status value whose Swedish label is ``label`` (case-insensitive), or None."""
    for value, display in Status.choices:
        if str(display).casefold() == label.casefold():
            return value
    return None


def no_tertial_message() -> str:
    return _("Uppföljningen importerades inte: välj vilken tertial uppföljningen gäller.")
