"""Status badges: colour, icon and text together (never colour alone)."""

import re

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


#: Web and e-mail addresses, also without http:// ("vallentuna.se/stod", "namn@kommun.se").
_URL = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b(?:/\S*)?",
    re.IGNORECASE,
)


@register.filter(needs_autoescape=False)
def report_text(text: str | None) -> str:
    """User text for the report: escaped, line breaks kept, and each web address in a
    ``<span class="r-url">`` that breaks anywhere but is never hyphenated (a hyphen added to
    an address would change it when copied)."""
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
