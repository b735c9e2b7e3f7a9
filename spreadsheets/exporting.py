"""A plan back out to Excel (same layout as the adopted document) and to CSV."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from copy import copy

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

from actors.models import Actor
from followup.selectors import latest_follow_ups
from followup.tertial import Tertial
from plans.models import Activity, Plan, actor_order
from spreadsheets.importing.parsing import COLUMNS
from spreadsheets.importing.template import TEMPLATE_EXAMPLE, TEMPLATE_TITLE
from spreadsheets.resources import FORMULA_START, ActivityResource, neutralise_formula
from vallentuna.text import clean_control_characters

COLUMN_WIDTHS = [32, 50, 50, 26, 13, 40, 8, 40]
HEADER_FILL = PatternFill("solid", fgColor="DDE7EE")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


#: Activities read, looked up and written per round: the export's memory is bounded by this
#: (one query for the table's order, then three per round), not by the plan's size.
EXPORT_CHUNK = 500


def export_table(plan: Plan, tertial=None, *, neutralise: bool) -> tuple[list[str], Iterator[list]]:
    """Header and rows of the plan's table, via the resource, read EXPORT_CHUNK activities at
    a time (rows are produced as they are written, so memory does not grow with the plan)."""
    # each activity's status carried forward to the tertial, never past the plan's end
    # (an entry outside the plan's period is not part of its follow-up)
    last = Tertial.of(plan.period_end)
    up_to = min(tertial, last) if tertial is not None else last
    ids, carried = [], False  # carried over from an earlier plan (#17): one column more
    for pk, facts, note in (
        Activity.objects.filter(focus_area__plan=plan)
        .order_by("focus_area__order", "order")
        .values_list("pk", "origin_facts", "origin_note")
        .iterator()
    ):
        ids.append(pk)
        carried = carried or bool(facts or note)
    resource = ActivityResource(neutralise=neutralise)
    headers = [str(h) for h in resource.get_export_headers()]
    if carried:
        headers.append(str(_("Ursprung")))

    def rows() -> Iterator[list]:
        for start in range(0, len(ids), EXPORT_CHUNK):
            chunk = ids[start : start + EXPORT_CHUNK]
            batch = list(
                Activity.objects.filter(pk__in=chunk)
                .with_related()
                .order_by("focus_area__order", "order")
            )
            resource.follow_ups = latest_follow_ups(chunk, up_to=up_to)
            for activity, row in zip(batch, resource.export(queryset=batch), strict=True):
                # Text stored before control characters were refused would break the .xlsx
                # (XML forbids them): exported as the import would store it today.
                values = [clean_control_characters(v) if isinstance(v, str) else v for v in row]
                if carried:
                    note = clean_control_characters(activity.origin_text)  # export's language
                    values.append(neutralise_formula(note) if neutralise else note)
                yield values

    return headers, rows()


def export_filename(plan: Plan, extension: str) -> str:
    return f"{slugify(plan.title) or 'plan'}.{extension}"


def export_xlsx(plan: Plan, tertial=None) -> bytes:
    """Title above the table, bold header, wrapped text, widths, real dates, merged focus areas.

    Written in openpyxl's write-only mode: each row goes straight to the file as it is
    appended, so time and memory grow linearly with the rows (a normal worksheet scanned
    every row on each append: quadratic, over 180 s for 20,000 activities). The merged
    focus-area ranges are collected and set once before saving (adding them one by one
    compares each with all the others). Layout settings go on before the first row, as
    write-only mode requires. bench/export.py measures it against django-import-export.
    """
    header, rows = export_table(plan, tertial, neutralise=False)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Handlingsplan")[:31])
    for index, width in enumerate(COLUMN_WIDTHS[: len(header)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_row = 4
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    styles = _Styles(sheet)
    title = WriteOnlyCell(sheet, plan.title)
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    subtitle = [plan.registration_number, plan.decision]
    if tertial is not None:
        subtitle.append(_("Uppföljning %(tertial)s") % {"tertial": tertial.label})
    sheet.append([" – ".join(p for p in subtitle if p)])
    sheet.append([])
    sheet.append([styles.cell(value, styles.header) for value in header])
    merged: list[CellRange] = []
    group_start, previous, row = None, None, header_row
    for values in rows:
        row += 1
        focus = values[0]
        if focus != previous:
            if group_start is not None and row - 1 > group_start:
                merged.append(CellRange(min_col=1, min_row=group_start, max_col=1, max_row=row - 1))
            group_start = row
        cells = [styles.body_cell(value) for value in values]
        if focus == previous:
            cells[0] = styles.cell(None, styles.body)  # covered by the merged range above
        sheet.append(cells)
        previous = focus
    if group_start is not None and row > group_start:
        merged.append(CellRange(min_col=1, min_row=group_start, max_col=1, max_row=row))
    sheet.merged_cells = MultiCellRange(merged)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Styles:
    """The export's few cell styles, made once and copied to each cell (no per-cell lookup)."""

    def __init__(self, sheet) -> None:
        self.sheet = sheet
        self.header = self._template(
            font=Font(bold=True), fill=HEADER_FILL, border=BORDER, alignment=WRAP_TOP
        )
        self.body = self._template(border=BORDER, alignment=WRAP_TOP)
        self.date = self._template(border=BORDER, alignment=WRAP_TOP, number_format="yyyy-mm-dd")
        # Kept as the text it is, never run: a string cell with Excel's quote prefix.
        self.text = self._template(border=BORDER, alignment=WRAP_TOP, quotePrefix=True)

    def _template(self, **style) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet)
        for name, value in style.items():
            setattr(cell, name, value)
        return cell

    def cell(self, value, template: WriteOnlyCell) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value)
        cell._style = copy(template._style)
        return cell

    def body_cell(self, value) -> WriteOnlyCell:
        if isinstance(value, datetime.date):
            return self.cell(value, self.date)
        if isinstance(value, str) and value.startswith(FORMULA_START):
            cell = self.cell(value, self.text)
            cell.data_type = "s"
            return cell
        return self.cell(value, self.body)


def export_csv(plan: Plan, tertial=None) -> bytes:
    """Semicolon-separated UTF-8 with BOM (what Excel in Swedish opens), ISO dates."""
    header, rows = export_table(plan, tertial, neutralise=True)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for values in rows:
        writer.writerow(
            [
                v.isoformat()
                if isinstance(v, datetime.date)
                else ("" if v is None else neutralise_formula(v))
                for v in values
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    """An empty plan in the adopted document's layout, ready to fill in and import.

    Sheet "Handlingsplan": title row, blank row, the header (Fokusområde | Aktivitet |
    Genomförande | Ansvarig | Genomfört | Uppföljning) and one example row (the import
    recognises the example row and the placeholder title, ``importing.template``). Sheet
    "Förkortningar": each actor's abbreviation and full name, as the import's legend
    reader understands them, and how Genomfört may be written.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Handlingsplan")[:31]
    sheet.append([TEMPLATE_TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    header = [str(c.label) for c in COLUMNS if c.key != "id"]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    actors = sorted(Actor.objects.all(), key=actor_order)
    example_actors = " och ".join(a.code for a in actors[:2]) or "KLK"
    sheet.append(
        [
            str(TEMPLATE_EXAMPLE["focus_area"]),
            str(TEMPLATE_EXAMPLE["title"]),
            str(TEMPLATE_EXAMPLE["implementation"]),
            example_actors,
            datetime.date(datetime.date.today().year, 12, 31),
            "",
        ]
    )
    for cell in sheet[4]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.border = BORDER
    sheet["E4"].number_format = "yyyy-mm-dd"
    for index, width in enumerate(COLUMN_WIDTHS[: len(header)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"

    legend = workbook.create_sheet(_("Förkortningar")[:31])
    legend.append([_("Förkortning"), _("Betyder")])
    for cell in legend[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for actor in actors:
        legend.append([actor.code, actor.name])
    legend.append([])
    legend.append([_("Så skrivs kolumnen Genomfört")])
    legend.cell(legend.max_row, 1).font = Font(bold=True)
    for line in (
        _("Ett datum: 2017-04-30 eller 30 april 2017"),
        _("En månad: december 2018 (betyder sista dagen i månaden)"),
        _("Löpande, Kontinuerligt eller Årligen: löpande arbete utan slutdatum"),
    ):
        legend.append([line])
    legend.append([])
    legend.append(
        [
            _(
                "Ansvarig: en eller flera förkortningar, åtskilda med komma eller ”och”. "
                "Nya aktörer kan förklaras här som ”Förkortning = fullständigt namn”."
            )
        ]
    )
    legend.column_dimensions["A"].width = 24
    legend.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
