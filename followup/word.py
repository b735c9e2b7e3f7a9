"""The tertial report as a Word document (.docx), from the same context as the HTML and PDF.

Coordinators paste from it into the tjänsteskrivelse, so it is built as Word expects: the
plan title and the sections as Word headings (Rubrik 1/2, so the navigation pane and a table of
contents find them), tables with their header row marked to repeat on each page, each status
as its symbol and its text, and the chart as the figures it draws (the focus-area table) with
its description. Every text goes through ``vallentuna.text.clean_control_characters``: XML 1.0 forbids control
characters, and python-docx refuses them.
"""

from __future__ import annotations

import datetime
import io

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from followup.report import document_language, report_context
from followup.templatetags.followup_tags import status_text
from followup.tertial import Tertial
from plans.models import Plan
from vallentuna.text import clean_control_characters

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_report_docx(
    plan: Plan,
    tertial: Tertial,
    *,
    produced_at: datetime.datetime | None = None,
    language: str = "sv",
    contributions: bool = False,
    version: int | None = None,
) -> bytes:
    """The report as .docx bytes in ``language`` (the command's default: Swedish), with the
    actors' contributions as an appendix, of a filed ``version`` (as ``render_report_pdf``)."""
    with translation.override(language):
        return context_to_docx(
            report_context(
                plan,
                tertial,
                produced_at=produced_at,
                contributions=contributions,
                version=version,
            )
        )


def context_to_docx(context: dict) -> bytes:
    """Write ``report_context``'s dictionary as a Word document; returns its bytes."""
    plan, tertial, progress = context["plan"], context["tertial"], context["progress"]
    doc = Document()
    _set_up(doc, context)

    doc.add_paragraph(_t(context["MUNICIPALITY_NAME"] or "Vallentuna kommun"))
    doc.add_heading(_t(plan.title), level=1)
    doc.add_paragraph(
        _t(
            f"{context['report_title']} – "
            + _("uppföljning")
            + f" {tertial.label} ({tertial.period_display})"
        )
    )
    if context.get("preliminary"):
        doc.add_paragraph(
            _t(
                _("Preliminär")
                + " – "
                + _("tertialen är inte stängd; rapporten kan ändras tills uppföljningen stängs.")
            )
        )
    _table(
        doc, None, [[label, value] for _name, label, value in context["facts"]], row_headers=True
    )
    assessment = context.get("assessment")
    if assessment:
        doc.add_heading(_("Samlad bedömning"), level=2)
        doc.add_paragraph(_t(assessment["text"]))
        if assessment["by"]:
            doc.add_paragraph(_t(f"{assessment['by']}, {assessment['at']}"))
    if plan.get("purpose"):
        doc.add_heading(_("Syfte"), level=2)
        doc.add_paragraph(_t(plan["purpose"]))
    if plan.get("goal"):
        doc.add_heading(_("Mål"), level=2)
        doc.add_paragraph(_t(plan["goal"]))

    doc.add_heading(_("Sammanfattning"), level=2)
    doc.add_paragraph(_t(context["summary_text"]))
    rows = [[status_text(s["value"]), s["count"], f"{s['share']} %"] for s in progress.statuses]
    rows.append([status_text(None), progress.not_reported, _share(progress.not_reported, progress)])
    rows += [
        [_("Summa"), progress.total, "100 %"],
        [_("Rapporterade denna tertial"), progress.reported, _share(progress.reported, progress)],
        [
            _("Status från tidigare tertial (ej uppdaterad)"),
            progress.carried,
            _share(progress.carried, progress),
        ],
        [_("Passerad deadline"), progress.overdue, _share(progress.overdue, progress)],
        [_("Klart senast denna tertial"), progress.due, _share(progress.due, progress)],
    ]
    doc.add_paragraph(_("Hela planen: antal aktiviteter per status"), style="Caption")
    _table(doc, [_("Status"), _("Antal"), _("Andel")], rows, row_headers=True, numeric_from=1)

    statuses = [item for item in context["legend"] if item["value"] != "unreported"]
    head = [_("Fokusområde"), _("Aktiviteter"), _("Rapporterade")]
    head += [str(item["label"]) for item in statuses]
    head += [_("Passerad deadline"), _("Klart senast denna tertial")]
    rows = [
        [
            f"{area.order}. {area.title}",
            area.progress.total,
            area.progress.reported,
            *[s["count"] for s in area.progress.statuses],
            area.progress.overdue,
            area.progress.due,
        ]
        for area in context["areas"]
    ]
    doc.add_paragraph(
        _("Per fokusområde (diagrammet i PDF:en och på webbsidan visar samma siffror)"),
        style="Caption",
    )
    _table(doc, head, rows, row_headers=True, numeric_from=1, font_size=8)
    doc.add_paragraph(_t(context["chart"]["description"]))

    for area in context["areas"]:
        doc.add_heading(_t(f"{area.order}. {area.title}"), level=2)
        doc.add_paragraph(_t(area.summary))
        head = [
            _("Fokusområde"),
            _("Aktivitet"),
            _("Genomförande"),
            _("Ansvarig"),
            _("Genomfört (klart senast)"),
            _("Uppföljning"),
        ]
        _table(doc, head, [_activity_row(area, row) for row in area.rows], widths=ACTIVITY_WIDTHS)

    if context["previous_tertial"]:  # not in the plan's first tertial
        _changes(doc, context)
    _plan_life(doc, context)
    if context.get("appendix"):
        _contributions_appendix(doc, context)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _changes(doc, context: dict) -> None:
    """As the page's "Förändringar sedan …": status changes since the tertial before."""
    previous = context["previous_tertial"]
    doc.add_heading(_("Förändringar sedan %(previous)s") % {"previous": previous}, level=2)
    n_changes = context["changes_count"]
    if n_changes:
        doc.add_paragraph(
            ngettext(
                "%(n)s aktivitet har ändrat status:",
                "%(n)s aktiviteter har ändrat status:",
                n_changes,
            )
            % {"n": n_changes}
        )
        for group in context["transitions"]:
            paragraph = doc.add_paragraph()
            paragraph.add_run(
                _t(
                    f"{status_text(group['before'])} → {status_text(group['after'])} "
                    f"({group['count']})"
                )
            ).bold = True
            paragraph.add_run(
                _t(": " + "; ".join(f"{r['number']} {r['title']}" for r in group["rows"]))
            )
    else:
        doc.add_paragraph(_("Ingen aktivitet har ändrat status sedan föregående tertial."))
    n = context["unchanged_count"]
    doc.add_paragraph(
        ngettext(
            "%(n)s rapporterad aktivitet har samma status som tidigare.",
            "%(n)s rapporterade aktiviteter har samma status som tidigare.",
            n,
        )
        % {"n": n}
    )


def _plan_life(doc, context: dict) -> None:
    """As reports/_plan_life.html: changes since adoption, carried over, checklist annex."""
    if context.get("plan_changes"):
        doc.add_heading(_("Planen ändrad sedan fastställandet"), level=2)
        for change in context["plan_changes"]:
            doc.add_paragraph(_t(change), style="List Bullet")
    if context.get("carried_over"):
        doc.add_heading(_("Överfört till uppföljande plan"), level=2)
        for activity in context["carried_over"]:
            targets = "; ".join(
                f"{copy.focus_area.plan.title}"
                + (
                    f" ({copy.focus_area.plan.registration_number})"
                    if copy.focus_area.plan.registration_number
                    else ""
                )
                + ", "
                + _("aktivitet %(n)s") % {"n": copy.number}
                for copy in activity.carried_over.all()
            )
            doc.add_paragraph(
                _t(f"{activity.number} {activity.title} → {targets}"), style="List Bullet"
            )
    if context.get("checklist_rows"):
        doc.add_heading(_("Bilaga: %(name)s") % {"name": _t(context["checklist"].name)}, level=2)
        rows = []
        for row in context["checklist_rows"]:
            where = "–"
            if row.assessment:
                where = row.assessment.note
                activities = row.assessment.activities.all()
                if activities:
                    where += " " + _("Aktiviteter:") + " " + ", ".join(a.number for a in activities)
                if row.assessment.texts:
                    where += " " + _("Texter:") + " " + ", ".join(row.assessment.text_labels)
            suggestion = row.suggestion.text if row.suggestion else ""
            rows.append(
                [
                    f"{row.recommendation.number}. {row.recommendation.title}",
                    str(row.state_display),
                    where,
                    suggestion or "–",
                ]
            )
        head = [_("Rekommendation"), _("Tas upp"), _("Var"), _("Förslag ur planens data")]
        _table(doc, head, rows, font_size=8)


def _contributions_appendix(doc, context: dict) -> None:
    """As reports/_contributions_appendix.html: each actor's own status and comment."""
    doc.add_heading(
        _("Bilaga: de ansvariga aktörernas bidrag %(tertial)s")
        % {"tertial": context["tertial"].label},
        level=2,
    )
    doc.add_paragraph(
        _(
            "Varje ansvarig aktörs egen status och kommentar, som de lämnade dem. Rapportens "
            "uppföljning ovan är trygghetssamordnarens sammanställning."
        )
    )
    for group in context["appendix"]:
        doc.add_heading(_t(f"{group['area'].order}. {group['area'].title}"), level=3)
        rows = []
        for item in group["rows"]:
            activity = f"{group['area'].order}.{item['activity'].order} {item['activity'].title}"
            for a in item["summary"].actors:
                c = a.contribution
                if c:
                    rows.append([activity, c.attribution, status_text(c.status), c.comment])
                else:
                    rows.append([activity, a.actor.code, "–", _("Inget bidrag lämnat.")])
        head = [_("Aktivitet"), _("Aktör och vem"), _("Status"), _("Kommentar")]
        _table(doc, head, rows, font_size=8)


#: Column widths of the activity tables, as in the PDF (static/css/report.css).
ACTIVITY_WIDTHS = (Mm(21), Mm(32), Mm(36), Mm(25), Mm(20), Mm(44))


def _t(value) -> str:
    return clean_control_characters(str(value))


def _share(count: int, progress) -> str:
    return f"{round(100 * count / progress.total) if progress.total else 0} %"


def _date(value) -> str:
    return date_filter(value, "j F Y") if value else "–"


def _activity_row(area, row) -> list[str]:
    deadline = _("Löpande") if row.ongoing else (row.deadline or "–")
    if row.overdue:
        deadline += "\n⚑ " + _("Passerad")
    elif row.due:
        deadline += "\n◆ " + _("Denna tertial")
    follow = status_text(row.status)
    if row.carried_from:
        follow += "\n" + _("Senast rapporterad %(t)s") % {"t": row.carried_from}
        if row.not_updated:
            follow += " – " + _("ej uppdaterad")
    elif row.never_reported:
        follow += "\n" + _("Aldrig rapporterad")
    if row.comment:
        follow += "\n" + row.comment
    if len(row.course) > 1:
        follow += "\n" + _("Förlopp:") + " " + row.course_text
    return [
        f"{area.order}. {area.title}",
        f"{row.number} {row.title}",
        row.implementation,
        row.responsible,
        deadline,
        follow,
    ]


def _set_up(doc, context: dict) -> None:
    """A4 with the PDF's margins, the report's language for every style, the title in the
    document's properties, and the plan and tertial in the running header."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(18)
    section.left_margin = section.right_margin = Mm(16)
    props = doc.core_properties
    props.title = _t(f"{context['report_title']} – {context['plan'].title}")
    language = document_language()
    props.language = language
    props.author = _t(context["MUNICIPALITY_NAME"] or "")
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10)
    run_defaults = doc.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    if run_defaults is not None:
        rpr = run_defaults.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run_defaults.append(rpr)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), language)
    header = section.header.paragraphs[0]
    header.text = _t(f"{context['plan'].title} – {context['tertial'].label}")
    footer = section.footer.paragraphs[0]
    footer.text = _t(
        _("Framställd")
        + f" {_date(context['produced_at'])} {time_filter(context['produced_at'], 'H:i')}"
    )


def _table(
    doc,
    head: list[str] | None,
    rows: list[list],
    *,
    row_headers: bool = False,
    numeric_from: int | None = None,
    widths: tuple | None = None,
    font_size: float = 9,
) -> None:
    """A table; its header row (if any) marked as a header that repeats on every page, the
    first column bold when it heads its row. Rows may run onto the next page."""
    columns = len(head) if head else len(rows[0]) if rows else 1
    table = doc.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    if head:
        cells = table.add_row().cells
        for cell, text in zip(cells, head, strict=True):
            _fill(cell, text, bold=True, size=font_size)
        _repeat_as_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            _fill(
                cell,
                value,
                bold=row_headers and index == 0,
                size=font_size,
                right=numeric_from is not None and index >= numeric_from,
            )
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width


def _fill(cell, value, *, bold: bool, size: float, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    lines = _t(value).replace("\r\n", "\n").split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)
        if index < len(lines) - 1:
            run.add_break()


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
