"""Reader for the old Excel format (.xls, BIFF8), as LibreOffice and old Excel write it.

xlrd gives what the import needs and python-calamine does not: error cells as errors
(calamine turns #N/A into an empty cell), the workbook's date system (1904 or 1900),
hidden sheets and merged ranges. A .xls file is not compressed, so what xlrd reads is
bounded by the upload limit; the cells still count against the same ``Budget``.
"""

from __future__ import annotations

import xlrd
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from spreadsheets.importing.cells import Budget, CellError, FileRejected, Sheet
from spreadsheets.importing.xlsx import MAX_COLUMNS, fill_merged


def read_xls(data: bytes, budget: Budget) -> list[Sheet]:
    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True
        )
    except Exception as exc:  # xlrd raises many kinds on malformed files
        raise FileRejected(
            _(
                "Filen kunde inte läsas som en Excel-arbetsbok i det gamla formatet (.xls). "
                "Öppna den i Excel eller LibreOffice och spara den som Excel-arbetsbok "
                "(.xlsx), och importera den igen."
            )
        ) from exc
    epoch = CALENDAR_MAC_1904 if book.datemode == 1 else CALENDAR_WINDOWS_1900
    sheets = []
    try:
        for index in range(book.nsheets):
            source = book.sheet_by_index(index)
            sheet = Sheet(
                name=source.name, hidden=source.visibility != 0, date1904=book.datemode == 1
            )
            for row_index in range(source.nrows):
                row = source.row(row_index)[:MAX_COLUMNS]
                budget.cell(sheet.name, source.row_len(row_index) + 1)
                cells = [_value(cell, epoch, budget, sheet.name) for cell in row]
                while cells and cells[-1] is None:
                    cells.pop()
                if cells:
                    budget.row(sheet.name)
                    sheet.rows.append((row_index + 1, cells))
            fill_merged(
                sheet,
                [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in source.merged_cells],
            )
            book.unload_sheet(index)
            sheets.append(sheet)
    finally:
        book.release_resources()
    return sheets


def _value(cell, epoch, budget: Budget, sheet: str):
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_TEXT:
        budget.text(sheet, len(cell.value))
        return cell.value or None
    if kind == xlrd.XL_CELL_ERROR:
        return CellError(xlrd.error_text_from_code.get(cell.value, "#VALUE!"))
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_DATE:
        try:
            return from_excel(cell.value, epoch)
        except (OverflowError, ValueError):
            return cell.value
    number = cell.value
    return int(number) if float(number).is_integer() and abs(number) < 2**53 else number
