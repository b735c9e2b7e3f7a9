"""Workbooks as staff really keep them, built with openpyxl for the import tests and the bench."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
from openpyxl.styles import Alignment, Font

PLAN_TITLE = "Handlingsplan mot våldsbejakande extremism 2016-2017"
HEADER = ["Fokusområde", "Aktivitet", "Genomförande", "Ansvarig", "Genomfört", "Uppföljning"]
# Trailing spaces, NBSP and odd case: what a header row typed by hand looks like.
MESSY_HEADER = [
    "Fokusområde ",
    "AKTIVITET",
    "Genomförande\u00a0",
    " ansvarig",
    "Genomfört",
    "Uppföljning ",
]

FA1 = "Lokal lägesbild om våldsbejakande extremism"
FA2 = "Öka kunskap om våldsbejakande extremism"
FA3 = "Öka kunskap om råd och stöd vid oro för våldsbejakande extremism"
ALL5 = "KLK, BUF, KFF, SF och Lopo Täby"

# The adopted plan's table (seed document), one tuple per activity:
# (focus area, aktivitet, genomförande, ansvarig, genomfört)
SEED_ROWS = [
    (
        FA1,
        "Fastställa en aktuell och bred lägesbild av situationen lokalt i kommunen samt inom "
        "Lokalpolisområde Täby",
        "Ta fram, sammanställ och analysera samverkansaktörernas tillgängliga information om "
        "problemets förekomst och omfattning i angivet område",
        "Trygghets-samordnaren och Lopo Täby",
        datetime.date(2016, 12, 31),
    ),
    (
        FA2,
        "Ta fram ett lämpligt informationspaket om våldsbejakande extremism och möjliga åtgärder "
        "för att förebygga, motverka och minska skadorna av fenomenet",
        "Undersök utbildningsbehovet hos de personalgrupper som möter unga i sin yrkesvardag och "
        "matcha det med lämpligt informationspaket",
        ALL5,
        datetime.date(2017, 4, 30),
    ),
    (
        FA2,
        "Ta fram ett lämpligt informationsmaterial för spridning till allmänheten om "
        "våldsbejakande extremism",
        "Utforma lämpligt informationsmaterial för webb, trycksaker och eventuellt presentationer",
        "KLK, SF, och Lopo Täby",
        datetime.date(2017, 8, 31),
    ),
    (
        FA2,
        "Sprid fastställd lägesbild och fastställt informationspaket till avsedda mottagare",
        "Anslå information på lämpliga webbplatser, genomför utbildningsinsatser och "
        "presentationer",
        ALL5,
        datetime.date(2017, 12, 31),
    ),
    (
        FA3,
        "Sprid information om tillgänglig samhällsinformation om våldsbejakande extremism",
        "Sprid information om Nationella samordnaren mot våldsbejakande extremism",
        ALL5,
        datetime.date(2017, 4, 30),
    ),
    (
        FA3,
        "Sprid numret till den nationella stödtelefonen om våldsbejakande extremism",
        "Informera om Röda Korsets nationella stödtelefon via kommunens webbsidor",
        ALL5,
        datetime.date(2017, 4, 30),
    ),
    (
        FA3,
        "Sprid information om kontakt med socialtjänsten vid oro för barn, ungdomar eller vuxna",
        "Informera om kontaktmöjligheter med socialtjänstens via kommunens webbsidor",
        ALL5,
        datetime.date(2017, 4, 30),
    ),
    (
        FA3,
        "Sprid information om kontakt med polisen; akut eller vid oro och information",
        "Informera om kontaktmöjligheter med Polisen via kommunens webbsidor",
        ALL5,
        datetime.date(2017, 4, 30),
    ),
]

LEGEND = [
    ("KLK", "Kommunledningskontoret"),
    ("KFF", "Kultur- och fritidsförvaltningen"),
    ("SBF", "Samhällsbyggnadsförvaltningen"),
    ("BUF", "Barn och ungdomsförvaltningen"),
    ("SF", "Socialförvaltningen"),
    (
        "Lopo Täby",
        "Lokalpolisområde Täby (Danderyds kommun, Täby kommun, Vallentuna kommun, "
        "Vaxholms stad och Österåker kommun)",
    ),
]


def to_bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def seed_workbook(
    rows=None,
    *,
    header=None,
    title_rows: bool = True,
    merge_focus_areas: bool = True,
    blank_row_inside: bool = True,
    legend_sheet: bool = True,
    legend_active: bool = True,
    text_dates: dict[int, str] | None = None,
    follow_up: dict[int, str] | None = None,
    extra_columns: dict[str, list] | None = None,
) -> bytes:
    """The seed plan as a hand-typed workbook.

    Title rows above the header, the messy header, merged focus-area cells, a blank
    row in the middle of the table, Excel dates (or the given text per row index),
    and an abbreviation legend on another sheet which is the active one.
    """
    rows = list(rows if rows is not None else SEED_ROWS)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Handlingsplan"
    if title_rows:
        sheet.append([PLAN_TITLE])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.merge_cells("A1:F1")
        sheet.append(["KS 2016.371"])
        sheet.append([])
    header = list(header or MESSY_HEADER)
    extra_columns = extra_columns or {}
    sheet.append(header + list(extra_columns))
    header_row = sheet.max_row
    previous_focus = None
    group_start = None
    for index, (focus, title, implementation, responsible, deadline) in enumerate(rows):
        if blank_row_inside and index == 2:
            sheet.append([])
        date_value = (text_dates or {}).get(index, deadline)
        follow = (follow_up or {}).get(index)
        values = [focus, title, implementation, responsible, date_value, follow]
        values += [column[index] for column in extra_columns.values()]
        sheet.append(values)
        row = sheet.max_row
        if merge_focus_areas:
            if focus == previous_focus:
                sheet.cell(row, 1).value = None
            else:
                _merge_group(sheet, group_start, row - 1)
                group_start = row
        previous_focus = focus
        for cell in sheet[row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(date_value, datetime.date):
            sheet.cell(row, 5).number_format = "yyyy-mm-dd"
    if merge_focus_areas:
        _merge_group(sheet, group_start, sheet.max_row)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    if legend_sheet:
        legend = workbook.create_sheet("Förkortningar")
        legend.append(["Förkortning", "Betydelse"])
        for code, name in LEGEND:
            legend.append([code, name])
        if legend_active:
            workbook.active = 1
    return to_bytes(workbook)


def _merge_group(sheet, first: int | None, last: int) -> None:
    """Merge column A over a focus area's rows (blank rows in between included)."""
    if first is not None and last > first:
        sheet.merge_cells(start_row=first, start_column=1, end_row=last, end_column=1)


def simple_workbook(rows: list[list], *, header=None, sheet_title: str = "Plan") -> bytes:
    """A plain table: the header and then the given rows as they are."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append(list(header or HEADER))
    for row in rows:
        sheet.append(list(row))
    return to_bytes(workbook)


def two_part_rows(*, legend_heading: bool = False, continued: bool = False) -> list[list]:
    """The adopted document's layout as its pages show it: the title, a blank row, the table
    in two parts (the page break), each under its own header row and followed by the legend.

    The first header is the messy hand-typed one, the repeat the clean one (the same
    columns as the header detection reads them). ``legend_heading`` puts a line
    'Förkortningar' over each legend; ``continued`` puts the second part's activities
    under the first part's last focus area, its cell left blank after the break.
    """
    legend = [[f"{code} = {name}"] for code, name in LEGEND]
    heading = [["Förkortningar"]] if legend_heading else []
    first, second = SEED_ROWS[:4], SEED_ROWS[4:]
    if continued:
        second = [(FA2, *row[1:]) for row in second]
    rows: list[list] = [[PLAN_TITLE], [], list(MESSY_HEADER)]
    for part, (header, activities) in enumerate(((None, first), (HEADER, second))):
        if header:
            rows.append(list(header))
        previous = FA2 if continued and part else None
        for focus, title, implementation, responsible, deadline in activities:
            rows.append(
                [focus if focus != previous else None, title, implementation, responsible, deadline]
            )
            previous = focus
        rows += [[], *heading, *legend, []]
    return rows


def two_part_workbook(**kwargs) -> bytes:
    """``two_part_rows`` as a workbook: Excel dates, each focus area merged over its rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Handlingsplan"
    groups: list[list[int]] = []  # first and last row of each focus area's cell
    for values in two_part_rows(**kwargs):
        sheet.append(values)
        row = sheet.max_row
        if len(values) < 5 or not isinstance(values[4], datetime.date):
            continue
        sheet.cell(row, 5).number_format = "yyyy-mm-dd"
        if values[0] is not None:
            groups.append([row, row])
        elif groups and groups[-1][1] == row - 1:
            groups[-1][1] = row
    for first, last in groups:
        _merge_group(sheet, first, last)
    sheet["A1"].font = Font(bold=True, size=14)
    return to_bytes(workbook)


def two_part_csv(**kwargs) -> bytes:
    """``two_part_rows`` as Excel in Swedish saves CSV: semicolons, UTF-8 with BOM, ISO dates."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    for values in two_part_rows(**kwargs):
        writer.writerow([v.isoformat() if isinstance(v, datetime.date) else v for v in values])
    return buffer.getvalue().encode("utf-8-sig")
