"""Status badges: colour, icon and text together (never colour alone)."""

from django import template
from django.utils.translation import gettext as _

from followup.models import STATUS_ICONS, Status

register = template.Library()


@register.inclusion_tag("followup/_status.html")
def status_badge(status: str | None, *, muted: bool = False) -> dict:
    if not status:
        return {"value": "none", "icon": "–", "label": _("Ej rapporterad"), "muted": muted}
    return {
        "value": status,
        "icon": STATUS_ICONS.get(status, ""),
        "label": Status(status).label if status in Status.values else status,
        "muted": muted,
    }


@register.filter
def status_text(status: str | None) -> str:
    """'✓ Genomförd': icon and text in one run of text (lean for long PDF tables)."""
    if not status:
        return "– " + _("Ej rapporterad")
    label = Status(status).label if status in Status.values else status
    return f"{STATUS_ICONS.get(status, '')} {label}"
