"""Streaming reader for OpenDocument spreadsheets (.ods), LibreOffice's own format.

Read from ``content.xml`` by local name: each table in order, hidden or not (its style's
``table:display="false"``), the date system (``table:null-date``), merged ranges
(``number-columns-spanned`` / ``number-rows-spanned``) and the cells. Repeated cells and
rows (``number-columns-repeated="16384"``, LibreOffice's way of writing empty space) are
skipped without being expanded; values repeated are kept only up to the table's width
and count against the ``Budget`` as what they are, so a tiny file cannot make the import
build millions of cells. Error results (``calcext:value-type="error"``, '#N/A') become
``CellError``; a formula with no value ``MissingValue``.
"""

from __future__ import annotations

import datetime
import re
import zipfile

from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from spreadsheets.importing.cells import (
    Budget,
    CellError,
    FileRejected,
    MissingValue,
    Sheet,
    is_error_text,
)
from spreadsheets.importing.xlsx import MAX_COLUMNS, fill_merged

_ELEMENTS = re.compile(rb"<(?:[\w-]+:)?(?:table-cell|covered-table-cell|table-row)[\s/>]")
MAX_REPEATED_ROWS = 1_000  # a row of values repeated more often than this is not a plan
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attrs(element) -> dict[str, str]:
    return {_local(key): value for key, value in element.attrib.items()}


def read_ods(archive: zipfile.ZipFile, budget: Budget) -> list[Sheet]:
    if "content.xml" not in archive.NameToInfo:
        raise FileRejected(
            _(
                "Filen är ett zip-arkiv men inget OpenDocument-kalkylark (.ods). Den importeras inte."
            )
        )
    reader = _Reader(budget)
    with archive.open("content.xml") as source:
        budget.prescan(source, _ELEMENTS, "")
    with archive.open("content.xml") as source:
        reader.read(source)
    return reader.sheets


class _Reader:
    def __init__(self, budget: Budget):
        self.budget = budget
        self.sheets: list[Sheet] = []
        self.hidden_styles: set[str] = set()
        self.date1904 = False

    def read(self, source) -> None:
        budget = self.budget
        sheet: Sheet | None = None
        merged: list[tuple[int, int, int, int]] = []
        row_number = 0
        column = 0
        row: dict[int, object] = {}
        paragraphs: list[str] = []
        style_name = ""
        annotation = 0
        row_element = None
        table_element = None
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            tag = _local(element.tag)
            if event == "start":
                if tag == "table-row":
                    row_element = element
                    row = {}
                    column = 0
                elif tag == "table" and sheet is None:
                    attrs = _attrs(element)
                    sheet = Sheet(
                        name=attrs.get("name", ""),
                        hidden=attrs.get("style-name", "") in self.hidden_styles,
                        date1904=self.date1904,
                    )
                    table_element = element
                    merged, row_number = [], 0
                elif tag == "style":
                    style_name = _attrs(element).get("name", "")
                elif tag in ("table-cell", "covered-table-cell"):
                    paragraphs = []
                elif tag == "annotation":
                    annotation += 1  # a comment on the cell: not its value
                continue
            if tag == "table-properties":
                if _attrs(element).get("display") == "false":
                    self.hidden_styles.add(style_name)
            elif tag == "null-date":
                self.date1904 = _attrs(element).get("date-value", "").startswith("1904")
            elif tag == "annotation":
                annotation -= 1
            elif tag in ("p", "h") and sheet is not None:
                if not annotation:
                    paragraphs.append(_paragraph_text(element))
                element.clear()
            elif tag in ("table-cell", "covered-table-cell") and sheet is not None:
                attrs = _attrs(element)
                repeat = _count(attrs.get("number-columns-repeated"))
                value = (
                    None if tag == "covered-table-cell" else self._value(element, attrs, paragraphs)
                )
                budget.cell(sheet.name)
                if value is not None:
                    budget.cell(sheet.name, min(repeat, MAX_COLUMNS) - 1)
                    for k in range(repeat):
                        if column + k + 1 > MAX_COLUMNS:
                            break
                        row[column + k + 1] = value
                    spanned_columns = _count(attrs.get("number-columns-spanned"))
                    spanned_rows = _count(attrs.get("number-rows-spanned"))
                    if spanned_columns > 1 or spanned_rows > 1:
                        merged.append(
                            (
                                row_number + 1,
                                column + 1,
                                row_number + spanned_rows,
                                column + spanned_columns,
                            )
                        )
                column += repeat
                paragraphs = []
                if row_element is not None:
                    row_element.remove(element)
            elif tag == "table-row" and sheet is not None:
                repeat = _count(_attrs(element).get("number-rows-repeated"))
                budget.cell(sheet.name)
                if row:
                    if repeat > MAX_REPEATED_ROWS:
                        raise FileRejected(
                            _(
                                "Bladet ”%(sheet)s” upprepar en rad med värden %(n)s gånger. "
                                "Ta bort raderna som inte hör till planen och importera igen."
                            )
                            % {"sheet": sheet.name, "n": repeat}
                        )
                    cells = [None] * max(row)
                    for index, value in row.items():
                        cells[index - 1] = value
                    for k in range(repeat):
                        budget.row(sheet.name)
                        budget.cell(sheet.name, len(cells))
                        sheet.rows.append((row_number + k + 1, list(cells)))
                row_number += repeat
                row_element = None
                if table_element is not None:
                    # rows sit in the table or in a row group: drop them once read
                    element.clear()
            elif tag == "table" and sheet is not None:
                fill_merged(sheet, merged)
                self.sheets.append(sheet)
                sheet = None
                table_element = None
            if tag in ("table-row-group", "table-rows", "table-header-rows"):
                element.clear()

    def _value(self, element, attrs: dict[str, str], paragraphs: list[str]):
        kind = element.get(OFFICE + "value-type") or ""
        text = "\n".join(paragraphs)
        if element.get(CALCEXT + "value-type") == "error":
            return CellError(text or "#VALUE!")
        if kind == "":
            if "formula" in attrs and not text:
                return MissingValue(attrs["formula"].partition(":")[2].lstrip("="))
            return text or None
        self.budget.text("", len(text))
        if kind == "string":
            if "formula" in attrs and is_error_text(text):
                return CellError(text)  # an error written by a tool without calcext
            return text or None
        if kind == "date":
            raw = attrs.get("date-value", "")
            try:
                return datetime.datetime.fromisoformat(raw)
            except ValueError:
                return text or raw
        if kind in ("float", "percentage", "currency"):
            raw = attrs.get("value", "")
            try:
                number = float(raw)
            except ValueError:
                return text or None
            return int(number) if number.is_integer() and abs(number) < 2**53 else number
        if kind == "boolean":
            return attrs.get("boolean-value") == "true"
        return text or None


def _paragraph_text(element) -> str:
    """A text:p as shown: text:s is spaces (c of them), text:tab a tab, text:line-break a
    line break; spans and links give their text."""
    parts = [element.text or ""]
    for child in element:
        tag = _local(child.tag)
        if tag == "s":
            parts.append(" " * _count(_attrs(child).get("c")))
        elif tag == "tab":
            parts.append("\t")
        elif tag == "line-break":
            parts.append("\n")
        elif tag != "annotation":
            parts.append(_paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _count(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1
