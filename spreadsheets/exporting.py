"""A plan back out to Excel (same layout as the adopted document) and to CSV."""

from __future__ import annotations

import csv
import datetime
import io

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from actors.models import Actor
from followup.selectors import latest_follow_ups
from plans.models import Plan, actor_order
from plans.selectors import plan_activities
from spreadsheets.importing.parsing import COLUMNS
from spreadsheets.resources import FORMULA_START, ActivityResource, neutralise_formula
from vallentuna.text import clean_control_characters

COLUMN_WIDTHS = [32, 50, 50, 26, 13, 40, 8]
HEADER_FILL = PatternFill("solid", fgColor="DDE7EE")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def export_table(plan: Plan, tertial=None, *, neutralise: bool) -> tuple[list[str], list[list]]:
    """Header and rows of the plan's table, via the resource (a constant number of queries)."""
    activities = plan_activities(plan)
    follow_ups: dict = {}
    if activities:
        follow_ups = latest_follow_ups([a.pk for a in activities], up_to=tertial)
    resource = ActivityResource(follow_ups=follow_ups, neutralise=neutralise)
    dataset = resource.export(queryset=activities)
    # Text stored before control characters were refused would break the .xlsx (XML
    # forbids them): exported as the import would store it today.
    rows = [
        [clean_control_characters(v) if isinstance(v, str) else v for v in row] for row in dataset
    ]
    return [str(h) for h in dataset.headers], rows


def export_filename(plan: Plan, extension: str) -> str:
    return f"{slugify(plan.title) or 'plan'}.{extension}"


def export_xlsx(plan: Plan, tertial=None) -> bytes:
    """Title above the table, bold header, wrapped text, widths, real dates, merged focus areas."""
    header, rows = export_table(plan, tertial, neutralise=False)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Handlingsplan")[:31]
    sheet.append([plan.title])
    sheet["A1"].font = Font(bold=True, size=14)
    subtitle = [plan.registration_number, plan.decision]
    if tertial is not None:
        subtitle.append(_("Uppföljning %(tertial)s") % {"tertial": tertial.label})
    sheet.append([" – ".join(p for p in subtitle if p)])
    sheet.append([])
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    group_start, previous = None, None
    for values in rows:
        focus = values[0]
        sheet.append(values)
        row = sheet.max_row
        for column, cell in enumerate(sheet[row], start=1):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = BORDER
            value = cell.value
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str) and value.startswith(FORMULA_START):
                # Kept as the text it is, never run: a string cell with Excel's quote prefix.
                cell.data_type = "s"
                cell.quotePrefix = True
            if column == 1 and focus == previous:
                cell.value = None
        if focus != previous:
            _merge(sheet, group_start, row - 1)
            group_start = row
        previous = focus
    _merge(sheet, group_start, sheet.max_row)
    for index, width in enumerate(COLUMN_WIDTHS[: len(header)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _merge(sheet, first: int | None, last: int) -> None:
    if first is not None and last > first:
        sheet.merge_cells(start_row=first, start_column=1, end_row=last, end_column=1)


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


TEMPLATE_TITLE = "Handlingsplan för … 20XX–20XX"


def template_xlsx() -> bytes:
    """An empty plan in the adopted document's layout, ready to fill in and import.

    Sheet "Handlingsplan": title row, blank row, the header (Fokusområde | Aktivitet |
    Genomförande | Ansvarig | Genomfört | Uppföljning) and one example row. Sheet
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
            _("Exempel: Trygg skolväg"),
            _("Exempel: Kartlägga otrygga platser längs skolvägarna"),
            _("Exempel: Trygghetsvandringar med elever och vårdnadshavare"),
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
