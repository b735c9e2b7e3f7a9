"""Status badges: colour, icon and text together (never colour alone); user text for the
report, addresses kept from hyphenation; which report table rows may run over a page."""

import math
import re
import unicodedata

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from followup.models import STATUS_ICONS, Status

register = template.Library()


@register.simple_tag
def status_badge(status: str | None, *, muted: bool = False) -> str:
    """The badge as HTML. A simple tag, not an inclusion tag: the board and the report draw
    one or two per row, and rendering a template for each cost the 1,000-activity board
    about 3 of its 45 ms (docs/benchmarks.md)."""
    if not status:
        value, icon, label = "none", "–", _("Ej rapporterad")
    else:
        value = status
        icon = STATUS_ICONS.get(status, "")
        label = Status(status).label if status in Status.values else status
    return format_html(
        '<span class="status status--{}{}"><span class="status__icon" aria-hidden="true">{}</span>'
        ' <span class="status__text">{}</span></span>',
        value,
        " status--muted" if muted else "",
        icon,
        label,
    )


@register.filter
def status_text(status: str | None) -> str:
    """'✓ Genomförd': icon and text in one run of text (lean for long PDF tables)."""
    if not status:
        return "– " + _("Ej rapporterad")
    label = Status(status).label if status in Status.values else status
    return f"{STATUS_ICONS.get(status, '')} {label}"


#: Web and e-mail addresses, also without http:// ("vallentuna.se/stod", "namn@kommun.se"),
#: and identifiers: a run of letters mixed with digits or underscores, 8 characters or more
#: ("4a2b3c4d5e6f7a8b9c0d1e2f", "slutversion_till_ks", "KS2016/371"). Swedish hyphenation
#: would put hyphens inside them that are not part of them.
_URL = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b(?:/\S*)?"
    r"|(?<![\w/%.#-])(?=[\w/%.#-]{8})(?=[\w/%.#-]*(?:\d|_))(?=[\w/%.#-]*[^\W\d_])[\w/%.#-]*\w",
    re.IGNORECASE,
)


@register.filter(needs_autoescape=False)
def report_text(text: str | None) -> str:
    """Text that users type, for the report (HTML and PDF): escaped, line breaks kept, and
    each web or e-mail address or identifier in a ``<span class="r-url">`` that breaks
    anywhere but is never hyphenated (a hyphen added to an address would change it when
    copied). For every user text in the report: titles, genomförande, comments,
    contributions and the samlad bedömning."""
    if not text:
        return ""
    parts, end = [], 0
    for match in _URL.finditer(text):
        parts.append(escape(text[end : match.start()]))
        parts.append(format_html('<span class="r-url">{}</span>', match.group(0)))
        end = match.end()
    parts.append(escape(text[end:]))
    html = "".join(str(part) for part in parts)
    return mark_safe(html.replace("\r\n", "\n").replace("\n", "<br>"))  # noqa: S308 - escaped above


#: A row of the report's PDF tables is kept on one page (static/css/report.css) unless it may
#: be taller than a page: WeasyPrint moves a row asked to stay whole to the next page, and one
#: taller than a page it then draws without the repeated header row. So such a row is marked
#: ``r-tall`` and may run onto the next page, under its header row repeated there. The
#: estimate errs on the tall side: every text as if in the narrowest column (the activity
#: table's Aktivitet, about 22 characters of 8 pt a line; capitals and wide East Asian
#: characters and emoji count more), ten lines more for the status, where it comes from and
#: its course, and three quarters of the about 66 lines an A4 page holds under the header
#: row as the limit.
ROW_LINE_CHARS = 22
ROW_EXTRA_LINES = 10
ROW_TALL_LINES = 50


def _line_width(line: str) -> float:
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 1.4 if c.isupper() else 1 for c in line
    )


def text_lines(text: str | None, chars_per_line: float = ROW_LINE_CHARS) -> int:
    """How many lines ``text`` takes at most in a report table's cell (at least one per line
    typed)."""
    lines = str(text or "").replace("\r\n", "\n").split("\n")
    return sum(max(1, math.ceil(_line_width(line) / chars_per_line)) for line in lines)


@register.simple_tag
def tall_row(*texts) -> bool:
    """Whether a report table's row with these cell texts may be taller than a PDF page
    (see ``ROW_TALL_LINES``): ``{% tall_row row.title row.comment as tall %}``."""
    return max((text_lines(t) for t in texts), default=0) + ROW_EXTRA_LINES > ROW_TALL_LINES
