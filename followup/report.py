"""The tertial report: one context for the HTML page, the PDF, the Word version and the
management command."""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext, ngettext

from followup import report_schema, selectors
from followup.contribution_models import attribution
from followup.contributions import contributions_by_activity
from followup.models import STATUS_ICONS, Status
from followup.pdf import cyclic_gc_paused, html_to_pdf
from followup.selectors import (
    CourseStep,
    assessment_for,
    course_text,
    courses,
    in_plan,
    plan_status,
    reportable_tertials,
)
from followup.tertial import Tertial
from plans.models import Plan, actor_order, join_swedish, origin_text
from plans.status import status_label
from vallentuna.text import clean_control_characters

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
            "label": str(label),
            "icon": STATUS_ICONS[value],
            "colour": STATUS_COLOURS[value],
        }
        for value, label in Status.choices
    ]
    items.append(
        {
            "value": "unreported",
            "label": str(translation.gettext("Ej rapporterad")),
            "icon": "–",
            "colour": STATUS_COLOURS["unreported"],
        }
    )
    return items


def _counts(progress) -> dict:
    counts = {s["value"]: s["count"] for s in progress["statuses"]}
    counts["unreported"] = progress["not_reported"]
    return counts


def build_chart(areas: list[dict]) -> dict:
    """Stacked bars, one per focus area (``report_data``'s areas): the geometry the SVG
    template draws (no raster image)."""
    legend = status_legend()
    bars = []
    for index, area in enumerate(areas):
        total = area["progress"]["total"]
        counts = _counts(area["progress"])
        x, segments = 0.0, []
        for item in legend:
            count = counts.get(item["value"], 0)
            if not count:
                continue
            width = CHART_BAR_WIDTH * count / total
            segments.append({**item, "count": count, "x": round(x, 2), "width": round(width, 2)})
            x += width
        bars.append(
            {
                "label": f"{area['order']}. {area['title']}",
                "y": index * CHART_ROW_HEIGHT,
                "total": total,
                "segments": segments,
            }
        )
    height = max(1, len(bars)) * CHART_ROW_HEIGHT
    return {
        "bars": bars,
        "description": chart_description(areas, legend),
        "legend": legend,
        "label_width": CHART_LABEL_WIDTH,
        "bar_width": CHART_BAR_WIDTH,
        "bar_height": CHART_BAR_HEIGHT,
        "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 10,
        "height": height,
        "text_y": CHART_BAR_HEIGHT - 4,
    }


def chart_description(areas: list[dict], legend: list[dict] | None = None) -> str:
    """The chart in words, for its alternative text (the PDF's Figure /Alt, the HTML's SVG
    <title>, the Word picture's description): what it shows and every bar's figures, so that
    nothing the chart says is only in the picture (WCAG 2.1, 1.1.1)."""
    legend = legend or status_legend()
    parts = [
        translation.gettext(
            "Stapeldiagram: antal aktiviteter per status i varje fokusområde, en stapel per "
            "fokusområde."
        )
    ]
    for area in areas:
        counts = _counts(area["progress"])
        figures = ", ".join(
            f"{counts[item['value']]} {item['label'].lower()}"
            for item in legend
            if counts.get(item["value"])
        )
        total = area["progress"]["total"]
        activities = ngettext("%(n)s aktivitet", "%(n)s aktiviteter", total) % {"n": total}
        parts.append(
            f"{area['order']}. {area['title']}: {activities}"
            + (f", {figures}." if figures else ".")
        )
    return clean_control_characters(" ".join(parts))


#: The shape of ``report_data`` (``followup.report_schema``): raise it when the data's keys
#: change, and teach ``report_schema.upgrade`` the step (filed reports are converted).
REPORT_DATA_SCHEMA = report_schema.REPORT_DATA_SCHEMA


class Data(dict):
    """A dict whose keys read as attributes too (``row.title`` in Python and templates)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _wrap(value):
    if isinstance(value, dict):
        return Data({k: _wrap(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


def _plain(value):
    """JSON-able: lazy translations and other values as text."""
    return json.loads(json.dumps(value, default=str))


def _progress_data(progress) -> dict:
    return {
        "total": progress.total,
        "reported": progress.reported,
        "carried": progress.carried,
        "not_reported": progress.not_reported,
        "not_updated": progress.not_updated,
        "reported_share": progress.reported_share,
        "overdue": progress.overdue,
        "due": progress.due,
        "statuses": [
            {"value": s["value"], "count": s["count"], "share": s["share"]}
            for s in progress.statuses()
        ],
    }


def _row_data(area, row, course: list, given: dict[str, dict]) -> dict:
    activity, current = row.activity, row.current
    responsible = [a.code for a in sorted(activity.responsible.all(), key=actor_order)]
    return {
        "pk": activity.pk,
        "number": f"{area.focus_area.order}.{activity.order}",
        "title": activity.title,
        "origin": dict(getattr(activity, "origin_facts", None) or {}),
        "origin_note": str(getattr(activity, "origin_note", "") or ""),
        "implementation": activity.implementation,
        "responsible": responsible,
        "deadline": activity.deadline.isoformat() if activity.deadline else "",
        "ongoing": activity.ongoing,
        "status": row.status,
        "reported": row.reported,
        "carried_from": row.carried_from.tertial.label if row.carried_from else "",
        "not_updated": row.not_updated,
        "never_reported": row.never_reported,
        "comment": current.comment if current else "",
        "reporter": current.reporter_display if current else "",
        "overdue": row.overdue,
        "due": row.due,
        "course": [
            {"tertial": step.tertial.label, "status": step.status, "reported": step.reported}
            for step in course
        ],
        "contributions": report_schema.contribution_facts(responsible, given),
    }


def report_data(
    plan: Plan,
    tertial: Tertial,
    *,
    produced_at: datetime.datetime | None = None,
    today: datetime.date | None = None,
) -> dict:
    """What the report shows for a plan and tertial, as JSON-able data.

    The one source of every format (HTML, PDF, Word) and what is frozen when a tertial is
    closed (``FiledReport.data``): the plan's texts, each activity with its texts,
    responsible actors, deadline, status carried forward, comment and course over the
    plan's tertials, the summaries and the chart. For a past tertial it depends only on
    what was recorded up to that tertial. Language-neutral: codes, ISO dates, numbers and
    what the users wrote, as written; ``present`` makes the labels, sentences and dates in
    the reader's language, for every format (issue #16). Each row carries the responsible
    actors' contributions for the tertial (the appendix, ``report_schema`` schema 3), so that
    they are frozen with the rest.
    """
    status = plan_status(plan, tertial, today=today)
    given = {
        activity_id: {c.actor.code: report_schema.contribution_fact(c) for c in by_actor.values()}
        for activity_id, by_actor in contributions_by_activity(
            [row.activity.pk for row in status.rows], tertial
        ).items()
    }
    produced = timezone.localtime(produced_at or timezone.now())
    course_tertials = [t for t in reportable_tertials(plan) if t <= tertial]
    course_by_activity = courses([row.activity.pk for row in status.rows], course_tertials)
    changes = [row for row in status.rows if row.changed]
    assessment = assessment_for(plan, tertial)
    data = {
        "schema": REPORT_DATA_SCHEMA,
        "plan": {
            "title": plan.title,
            "slug": plan.slug,
            "registration_number": plan.registration_number,
            "decision": plan.decision,
            "decision_body": plan.decision_body,
            "decision_paragraph": plan.decision_paragraph,
            "decision_date": plan.decision_date.isoformat() if plan.decision_date else "",
            "period_start": plan.period_start.isoformat() if plan.period_start else "",
            "period_end": plan.period_end.isoformat() if plan.period_end else "",
            "purpose": plan.purpose,
            "goal": plan.goal,
        },
        "tertial": {"year": tertial.year, "number": tertial.number},
        "municipality": settings.MUNICIPALITY_NAME,
        "produced_at": produced.isoformat(),
        "as_of": status.as_of.isoformat() if status.as_of else "",
        "closed_at": timezone.localtime(status.closure.closed_at).isoformat()
        if status.closed and status.closure.closed_at
        else None,
        "progress": _progress_data(status.progress),
        "assessment": {
            "text": assessment.text,
            "by": (assessment.written_by.get_full_name() or assessment.written_by.get_username())
            if assessment.written_by
            else "",
            "at": timezone.localtime(assessment.written_at).isoformat()
            if assessment.written_at
            else "",
        }
        if assessment and assessment.text
        else None,
        "course_tertials": [t.label for t in course_tertials],
        "areas": [
            {
                "order": area.focus_area.order,
                "title": area.focus_area.title,
                "progress": _progress_data(area.progress),
                "rows": [
                    _row_data(
                        area,
                        row,
                        course_by_activity[row.activity.pk],
                        given.get(row.activity.pk, {}),
                    )
                    for row in area.rows
                ],
            }
            for area in status.areas
        ],
        # no comparison in the plan's first tertial (the one before is not the plan's)
        "previous_tertial": tertial.previous.label
        if (tertial.year > 1 or tertial.number > 1) and in_plan(plan, tertial.previous)
        else "",
        "changes_count": len(changes),
        "transitions": [
            {
                "before": group["before"],
                "after": group["after"],
                "count": group["count"],
                "rows": [
                    {
                        "number": f"{r.activity.focus_area.order}.{r.activity.order}",
                        "title": r.activity.title,
                    }
                    for r in group["rows"]
                ],
            }
            for group in group_changes(changes)
        ],
        "unchanged_count": status.progress.reported - len(changes),
    }
    return _plain(data)


def present(data: dict) -> Data:
    """The report's words from its facts (``report_data``, live or filed), in the active
    language: cover facts, title, dates, summaries, status labels, the legend and chart,
    deadlines, responsible actors, origins and courses. The one place that words the report
    for the page, the PDF and Word."""
    tertial = Tertial(data["tertial"]["year"], data["tertial"]["number"])
    plan = dict(data["plan"])
    plan["period"] = " – ".join(
        _show_date(v) for v in (plan.get("period_start"), plan.get("period_end")) if v
    )
    areas = [
        {
            **area,
            "summary": area_summary_text(_present_progress(area["progress"])),
            "progress": _present_progress(area["progress"]),
            "rows": [_present_row(row) for row in area["rows"]],
        }
        for area in data["areas"]
    ]
    assessment = data.get("assessment")
    if assessment:
        assessment = {**assessment, "at": _show_date(assessment.get("at"), empty="")}
    progress = _present_progress(data["progress"])
    return _wrap(
        {
            **data,
            "plan": plan,
            "report_title": f"{capfirst(tertial.report_name)} {tertial.year}",
            "as_of": _show_date(data.get("as_of")),
            "facts": _cover_facts(data, plan, tertial),
            "summary_text": summary_text(progress),
            "progress": progress,
            "assessment": assessment,
            "areas": areas,
            "chart": build_chart(areas),
            "legend": status_legend(),
            "appendix": contributions_appendix(data),
        }
    )


def _present_progress(progress: dict) -> Data:
    return _wrap(
        {
            **progress,
            "statuses": [{**s, "label": status_label(s["value"])} for s in progress["statuses"]],
        }
    )


def _present_row(row: dict) -> dict:
    steps = [
        CourseStep(Tertial.parse(s["tertial"]), s["status"], s["reported"]) for s in row["course"]
    ]
    responsible = row["responsible"]
    return {
        **row,
        "origin_note": origin_text(row.get("origin"), row.get("origin_note", "")),
        "responsible": join_swedish(responsible) if isinstance(responsible, list) else responsible,
        "deadline": _show_date(row["deadline"], empty=""),
        "course": [
            {**s, "icon": step.icon, "label": str(step.label)}
            for s, step in zip(row["course"], steps, strict=True)
        ],
        "course_text": course_text(steps),
    }


def _cover_facts(data: dict, plan: dict, tertial: Tertial) -> list[tuple[str, str, str]]:
    """The cover's facts as ``(name, label, value)`` in reading order; ``name`` lets the
    PDF take the production time into its running footer."""
    facts = []
    if plan.get("registration_number"):
        facts.append(("registration", gettext("Diarienummer"), plan["registration_number"]))
    if "decision_date" in plan:  # the decision's parts, its date in the reader's language
        parts = [plan["decision_body"], plan["decision_paragraph"]]
        if plan["decision_date"]:
            parts.append(_show_date(plan["decision_date"]))
        decision = " ".join(part for part in parts if part)
    else:  # filed before the parts were kept
        decision = plan.get("decision", "")
    if decision:
        facts.append(("decision", gettext("Beslut"), decision))
    produced = _moment(data["produced_at"])
    facts += [
        ("period", gettext("Planperiod"), plan["period"]),
        ("reported", gettext("Rapporterad period"), f"{tertial.label}, {tertial.period_display}"),
        ("as_of", gettext("Status bedömd per"), _show_date(data.get("as_of"))),
        ("produced", gettext("Framställd"), f"{_date(produced)} {time_filter(produced, 'H:i')}"),
    ]
    if data.get("closed_at"):
        when = _show_date(data["closed_at"])
        facts.append(
            ("closed", gettext("Uppföljningen"), gettext("stängd %(when)s") % {"when": when})
        )
    return facts


def _moment(value: str) -> datetime.datetime:
    """A stored ISO time, in the local time zone."""
    moment = datetime.datetime.fromisoformat(value)
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _show_date(value: str | None, *, empty: str = "–") -> str:
    """An ISO date or time (local) as '1 January 2018' / '1 januari 2018' in the active
    language; a text that is no ISO date (kept from an old record) as it is."""
    if not value:
        return empty
    try:
        if len(value) == 10:
            return _date(datetime.date.fromisoformat(value))
        return _date(_moment(value))
    except ValueError:
        return value


def report_context(
    plan: Plan,
    tertial: Tertial,
    *,
    produced_at: datetime.datetime | None = None,
    today: datetime.date | None = None,
    contributions: bool = False,
    version: int | None = None,
    checklist: bool = False,
) -> dict:
    """Everything the report shows for a plan and tertial, shared by HTML, PDF and Word.

    A closed tertial (or a filed ``version`` asked for) is read from its filed report,
    frozen at the closing, in every part (the actors' contributions too): later edits of the
    plan do not change it. An open tertial is read live and is marked preliminary.
    ``contributions`` adds the actors' contributions as an appendix.
    """
    filed = selectors.filed_report(plan, tertial, version)
    if version is not None and filed is None:
        raise FiledReportMissing(version)
    if filed is not None:
        data = filed_data(filed)
    else:
        data = report_data(plan, tertial, produced_at=produced_at, today=today)
    context = present(data)
    facts = list(context["facts"])
    if filed is not None:
        facts.append(("version", gettext("Arkiverad rapport"), filed.label))
    else:
        facts.append(
            (
                "preliminary",
                gettext("Preliminär"),
                gettext(
                    "Tertialen är inte stängd: rapporten kan ändras tills uppföljningen stängs."
                ),
            )
        )
    context.update(
        {
            "plan": Data({**context["plan"], "slug": plan.slug}),
            "tertial": tertial,
            "facts": facts,
            "filed": filed,
            "preliminary": filed is None,
            "produced_at": _moment(data["produced_at"]),
            "MUNICIPALITY_NAME": data["municipality"],
            "appendix": context["appendix"] if contributions else None,
            # issue #17: the plan's changes, carry-over and checklist (live, not frozen)
            **plan_life_context(plan, tertial, checklist=checklist, filed=filed),
        }
    )
    return context


class FiledReportMissing(Exception):
    """No filed report of that version."""


def filed_data(filed) -> dict:
    """A filed report's data in the current shape (``report_schema``). A record the
    migrations left in an older shape is read all the same: schema 1 from its JSON, and the
    contributions a schema-2 record did not keep from the history as they stood when it was
    frozen (as the migration ``followup/0010`` adds them; not saved here)."""
    return selectors.with_contributions_then(filed.data, filed.tertial, filed.closed_at)


def plan_life_context(plan: Plan, tertial: Tertial, *, checklist: bool = False, filed=None) -> dict:
    """Issue #17 in the report: the plan's structure changes since the adoption, in the
    plan's last tertial what was carried over into which plan, and with ``checklist`` the
    plan's checklist as an annex.

    Which changes: a preliminary report (no ``filed`` report: the tertial is open) shows the
    plan live, so it lists the changes up to now, whatever the tertial (a past tertial's
    report of a plan edited today lists that edit, as its live table shows it). A filed
    report is the record frozen when the tertial was closed, so it lists the changes up to
    its closing (``filed.closed_at``, or the moment its data was frozen if that was later, as
    for a tertial frozen afterwards by ``freeze_closed_tertials``): later edits are in
    neither its table nor this list, on the page, in Word and in a PDF however late it is
    made. The history is never rewritten, so that list is the same each time. The
    carried-over list is read live (the section says so for a filed report).
    """
    from plans.checklist import plan_checklist
    from plans.selectors import carried_over_from, changes_since_adoption

    until = report_schema.frozen_at(filed.closed_at, filed.data or {}) if filed else None
    last = tertial == Tertial.of(plan.period_end)
    the_checklist, rows = plan_checklist(plan) if checklist else (None, [])
    return {
        "plan_changes": changes_since_adoption(plan, until=until),
        "carried_over": carried_over_from(plan) if last else [],
        "checklist": the_checklist,
        "checklist_rows": rows,
    }


def contributions_appendix(data: dict) -> list[dict]:
    """Per focus area, each activity with every responsible actor's contribution, from the
    report's facts (``report_data``, live or filed: frozen at the closing as the rest).

    The report's body is the coordinator's follow-up; this appendix shows what each actor
    gave, attributed ('Lopo Täby – Anna Andersson (via länk)', in the reader's language).
    The shape the appendix's template and Word read: ``area`` (order, title), per row
    ``activity`` (number, order, title) and ``summary`` (total, given, ``actors``: each
    ``actor`` (code) with its ``contribution`` (status, comment, attribution, the day it
    was given) or None).
    """
    groups = []
    for area in data["areas"]:
        rows = []
        for row in area["rows"]:
            actors = [
                {
                    "actor": {"code": c["actor"]},
                    "contribution": {
                        "status": c["status"],
                        "comment": c["comment"],
                        "by": c["by"],
                        "via_link": c["via_link"],
                        "at": _show_date(c["at"], empty=""),
                        "attribution": attribution(c["actor"], c["by"], c["via_link"]),
                    }
                    if c["given"]
                    else None,
                }
                for c in row.get("contributions") or []
            ]
            rows.append(
                {
                    "activity": {
                        "number": row["number"],
                        "order": row["number"].rpartition(".")[2],
                        "title": row["title"],
                    },
                    "summary": {
                        "total": len(actors),
                        "given": sum(a["contribution"] is not None for a in actors),
                        "actors": actors,
                    },
                }
            )
        groups.append({"area": {"order": area["order"], "title": area["title"]}, "rows": rows})
    return groups


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


def summary_text(progress) -> str:
    """The summary's sentences: plan size and reporting (this tertial, carried from an
    earlier one, never), overdue, due this tertial."""
    return " ".join(
        [
            ngettext(
                "Planen har %(total)s aktivitet.",
                "Planen har %(total)s aktiviteter.",
                progress.total,
            )
            % {"total": progress.total},
            gettext(
                "%(reported)s av dem är rapporterade för tertialen (%(share)s %%), "
                "%(carried)s har kvar sin status från en tidigare tertial och "
                "%(not_reported)s har aldrig rapporterats."
            )
            % {
                "reported": progress.reported,
                "share": progress.reported_share,
                "carried": progress.carried,
                "not_reported": progress.not_reported,
            },
            ngettext(
                "%(n)s aktivitet har passerad deadline utan att vara genomförd eller avförd.",
                "%(n)s aktiviteter har passerad deadline utan att vara genomförda eller avförda.",
                progress.overdue,
            )
            % {"n": progress.overdue},
            ngettext(
                "%(n)s aktivitet ska enligt planen vara klar under tertialen.",
                "%(n)s aktiviteter ska enligt planen vara klara under tertialen.",
                progress.due,
            )
            % {"n": progress.due},
        ]
    )


def area_summary_text(progress) -> str:
    """A focus area's one-line summary above its table."""
    text = gettext("%(reported)s av %(total)s rapporterade (%(share)s %%).") % {
        "reported": progress.reported,
        "total": progress.total,
        "share": progress.reported_share,
    }
    if progress.carried:
        text += " " + gettext("%(n)s med status från en tidigare tertial.") % {
            "n": progress.carried
        }
    for s in progress.statuses:
        if s["count"]:
            text += f" {s['label']}: {s['count']} ({s['share']} %)."
    if progress.overdue:
        text += " " + gettext("Passerad deadline") + f": {progress.overdue}."
    if progress.due:
        text += " " + gettext("Klart senast denna tertial") + f": {progress.due}."
    return text


def _date(value) -> str:
    return date_filter(value, "j F Y") if value else "–"


#: The document language tag per interface language (PDF /Lang, <html lang>, Word).
DOCUMENT_LANGUAGES = {"sv": "sv-SE", "en": "en-GB"}


def document_language(language: str | None = None) -> str:
    """'sv-SE' or 'en-GB': the language tag of a report document in ``language`` (default:
    the active language)."""
    code = (language or translation.get_language() or "sv").split("-")[0]
    return DOCUMENT_LANGUAGES.get(code, "sv-SE")


def report_language() -> str:
    """The active interface language as a report language ('sv' or 'en')."""
    code = (translation.get_language() or "sv").split("-")[0]
    return code if code in DOCUMENT_LANGUAGES else "sv"


def report_filename(
    plan: Plan,
    tertial: Tertial,
    extension: str = "pdf",
    *,
    language: str = "sv",
    filed_version: int | None = None,
    version: int | None = None,
) -> str:
    """The one name of a report file, so that copies that differ are told apart in a
    downloads folder: ``vbe-2016-2017-2017-t3.pdf`` made on demand in Swedish,
    ``…-t3-en.pdf`` in English (any other language: its code), ``…-t3-arkiv-v1.pdf`` the
    copy filed at the closing (``filed_version``: the archived record, Swedish) and
    ``…-t3-v1-en.pdf`` a filed ``version`` worded anew on demand."""
    name = f"{slugify(plan.slug or plan.title)}-{tertial.year}-t{tertial.number}"
    if filed_version is not None:
        return f"{name}-arkiv-v{filed_version}.{extension}"
    if version is not None:
        name += f"-v{version}"
    code = (language or "sv").split("-")[0].lower()
    if code != "sv":
        name += f"-{slugify(code)}"
    return f"{name}.{extension}"


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal, safe inside ``<style>`` (no quote, backslash, line
    break or ``<`` left as it is)."""
    escaped = "".join(
        ch if ch.isprintable() and ch not in '"\\<>&' else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def _css_content(text: str, values: dict[str, str]) -> str:
    """A translated text with ``%(name)s`` placeholders as a CSS ``content`` value: the words
    as strings, each placeholder as the CSS value ``values[name]`` (a counter, a named string)."""
    marker = "\x00"
    pieces = (text % {name: f"{marker}{name}{marker}" for name in values}).split(marker)
    # odd pieces are the placeholders' names, even ones the words between them
    return " ".join(
        values[piece] if i % 2 else _css_string(piece)
        for i, piece in enumerate(pieces)
        if i % 2 or piece
    )


def running_css() -> str:
    """The PDF's running footer in the active language: 'Framställd …' and 'Sida 1 av 4'
    ('Produced …', 'Page 1 of 4'). Set here rather than in report.css so that the words
    are translated; the margin boxes stay pagination artifacts in the tagged PDF."""
    produced = _css_content(gettext("Framställd %(when)s"), {"when": "string(produced)"})
    page = _css_content(
        gettext("Sida %(page)s av %(pages)s"),
        {"page": "counter(page)", "pages": "counter(pages)"},
    )
    return (
        f"@page {{ @bottom-left {{ content: {produced}; }} @bottom-right {{ content: {page}; }} }}"
    )


def render_report_html(context: dict, *, pdf: bool, request=None) -> str:
    """The report as HTML (the page, or the document WeasyPrint lays out), without control
    characters even if some were stored before they were refused at input."""
    return clean_control_characters(
        render_to_string(
            "reports/report.html",
            {
                **context,
                "pdf": pdf,
                "document_language": document_language(),
                # our CSS; the translated words are escaped as CSS strings (_css_string)
                "running_css": mark_safe(running_css()) if pdf else "",  # noqa: S308
                "layout": "reports/pdf_base.html" if pdf else "base.html",
            },
            request=request,
        )
    )


def render_report_pdf(
    plan: Plan,
    tertial: Tertial,
    *,
    produced_at: datetime.datetime | None = None,
    fetcher=None,
    archival: bool = False,
    tagged: bool = True,
    contributions: bool = False,
    checklist: bool = False,
    version: int | None = None,
    language: str = "sv",
) -> bytes:
    """The report as PDF bytes in ``language`` (the filed copy: Swedish, the archived record;
    on demand: the requester's language), its /Lang, ``<html lang>`` and XMP to match.

    Tagged PDF/UA-1 (ISO 14289-1) for publishing; with ``archival=True`` PDF/A-2a
    (ISO 19005-2: fonts embedded, sRGB output intent, tagged) that also identifies as
    PDF/UA-1, for the copy filed when a tertial is closed. ``tagged=False`` gives the untagged
    PDF (for the benchmark only). The cyclic garbage collector is paused for the whole build
    (see ``cyclic_gc_paused``).
    """
    with translation.override(language), cyclic_gc_paused():
        context = report_context(
            plan,
            tertial,
            produced_at=produced_at,
            contributions=contributions,
            checklist=checklist,
            version=version,
        )
        html = render_report_html(context, pdf=True)
        return html_to_pdf(html, fetcher, tagged=tagged, archival=archival)
