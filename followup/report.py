"""The tertial report: one context for the HTML page, the PDF and the management command."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from followup.contributions import summaries
from followup.models import STATUS_ICONS, Status
from followup.pdf import cyclic_gc_paused, html_to_pdf
from followup.selectors import PlanStatus, plan_status
from followup.tertial import Tertial
from plans.models import Plan

#: Fill colour per status in the chart; each status also has a pattern, an icon and a text.
STATUS_COLOURS = {
    Status.NOT_STARTED: "#5c5c5c",
    Status.STARTED: "#1f5fa8",
    Status.DELAYED: "#a34400",
    Status.DONE: "#1e6b30",
    Status.STRUCK: "#5a3d7a",
    "unreported": "#ffffff",
}

CHART_LABEL_WIDTH = 230
CHART_BAR_WIDTH = 420
CHART_ROW_HEIGHT = 26
CHART_BAR_HEIGHT = 16


def status_legend() -> list[dict]:
    items = [
        {
            "value": value,
            "label": label,
            "icon": STATUS_ICONS[value],
            "colour": STATUS_COLOURS[value],
        }
        for value, label in Status.choices
    ]
    items.append(
        {
            "value": "unreported",
            "label": translation.gettext("Ej rapporterad"),
            "icon": "–",
            "colour": STATUS_COLOURS["unreported"],
        }
    )
    return items


def build_chart(status: PlanStatus) -> dict:
    """Stacked bars, one per focus area: the geometry the SVG template draws (no raster image)."""
    legend = status_legend()
    bars = []
    for index, area in enumerate(status.areas):
        progress = area.progress
        counts = {**progress.per_status, "unreported": progress.not_reported}
        x, segments = 0.0, []
        for item in legend:
            count = counts.get(item["value"], 0)
            if not count:
                continue
            width = CHART_BAR_WIDTH * count / progress.total
            segments.append({**item, "count": count, "x": round(x, 2), "width": round(width, 2)})
            x += width
        bars.append(
            {
                "label": f"{area.focus_area.order}. {area.focus_area.title}",
                "y": index * CHART_ROW_HEIGHT,
                "total": progress.total,
                "segments": segments,
            }
        )
    height = max(1, len(bars)) * CHART_ROW_HEIGHT
    return {
        "bars": bars,
        "legend": legend,
        "label_width": CHART_LABEL_WIDTH,
        "bar_width": CHART_BAR_WIDTH,
        "bar_height": CHART_BAR_HEIGHT,
        "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 10,
        "height": height,
        "text_y": CHART_BAR_HEIGHT - 4,
    }


def report_context(
    plan: Plan,
    tertial: Tertial,
    *,
    produced_at: datetime.datetime | None = None,
    today: datetime.date | None = None,
    contributions: bool = False,
) -> dict:
    """Everything the report shows for a plan and tertial, shared by HTML and PDF.

    For a past tertial the content depends only on what was recorded up to that tertial.
    ``contributions`` adds the actors' contributions as an appendix (one more query).
    """
    status = plan_status(plan, tertial, today=today)
    changes = [row for row in status.rows if row.changed]
    return {
        "appendix": contributions_appendix(status) if contributions else None,
        "plan": plan,
        "tertial": tertial,
        "status": status,
        "areas": status.areas,
        "progress": status.progress,
        "chart": build_chart(status),
        "legend": status_legend(),
        "changes": changes,
        "transitions": group_changes(changes),
        "unchanged_count": status.progress.reported - len(changes),
        "previous_tertial": tertial.previous,
        "produced_at": timezone.localtime(produced_at or timezone.now()),
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "report_title": f"{tertial.report_name.capitalize()} {tertial.year}",
    }


def contributions_appendix(status: PlanStatus) -> list[dict]:
    """Per focus area, each activity with every responsible actor's contribution (one query).

    The report's body is the coordinator's follow-up; this appendix shows what each actor
    gave, attributed ('Lopo Täby – Anna Andersson (via länk)').
    """
    by_activity = summaries([row.activity for row in status.rows], status.tertial)
    return [
        {
            "area": area.focus_area,
            "rows": [
                {"activity": row.activity, "summary": by_activity[row.activity.pk]}
                for row in area.rows
            ],
        }
        for area in status.areas
    ]


def group_changes(changes: list) -> list[dict]:
    """Changed activities grouped by transition ('Påbörjad → Genomförd'), in scale order.

    A paragraph per transition keeps the section short and cheap to lay out even when
    hundreds of activities changed (a table row per change doubled the PDF's rows).
    """
    order = {value: i for i, value in enumerate(Status.values)}
    groups: dict[tuple, list] = {}
    for row in changes:
        before = row.previous.status if row.previous else None
        groups.setdefault((before, row.status), []).append(row)
    return [
        {"before": before, "after": after, "rows": rows, "count": len(rows)}
        for (before, after), rows in sorted(
            groups.items(),
            key=lambda item: (order.get(item[0][1], 99), order.get(item[0][0], -1)),
        )
    ]


def report_filename(plan: Plan, tertial: Tertial) -> str:
    return f"{slugify(plan.slug or plan.title)}-{tertial.year}-t{tertial.number}.pdf"


def render_report_html(context: dict, *, pdf: bool, request=None) -> str:
    return render_to_string(
        "reports/report.html",
        {**context, "pdf": pdf, "layout": "reports/pdf_base.html" if pdf else "base.html"},
        request=request,
    )


def render_report_pdf(
    plan: Plan,
    tertial: Tertial,
    *,
    produced_at: datetime.datetime | None = None,
    fetcher=None,
    contributions: bool = False,
) -> bytes:
    """The report as PDF bytes, in Swedish whatever language the caller runs in.

    The cyclic garbage collector is paused for the whole build (see ``cyclic_gc_paused``).
    """
    with translation.override("sv"), cyclic_gc_paused():
        context = report_context(
            plan, tertial, produced_at=produced_at, contributions=contributions
        )
        html = render_report_html(context, pdf=True)
        return html_to_pdf(html, fetcher)
