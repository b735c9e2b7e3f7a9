"""Streaming reader for Excel workbooks (.xlsx, .xlsm), Transitional and Strict Open XML.

Elements are matched by local name, so a Strict Open XML workbook (its own namespaces,
``purl.oclc.org/ooxml``) reads like an ordinary one. Only what the import needs is read:
the sheets in order with their hidden state, the date system (``date1904``), which
styles are dates, the shared strings and each sheet's cells and merged ranges.

Every cell and every character counts against a ``Budget``, and each element is dropped
once read, so memory and time stay bounded by the limits whatever the file holds.
Formula cells give their cached value; a formula without one becomes ``MissingValue``,
an error result ``CellError``. Text is unescaped as Excel shows it (``_x000D_`` → CR).
"""

from __future__ import annotations

import datetime
import posixpath
import re
import zipfile

from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from spreadsheets.importing.cells import (
    Budget,
    CellError,
    FileRejected,
    MissingValue,
    Sheet,
    is_error_text,
    unescape_ooxml,
)

MAX_COLUMNS = 50  # the table has 7 columns; anything beyond 50 is counted, not kept
# Start tags that each cost a parse step: cells, rows, merged ranges, shared strings.
_ELEMENTS = re.compile(rb"<(?:[\w.-]+:)?(?:c|row|mergeCell|si)[\s/>]")
STRICT_NAMESPACE = "http://purl.oclc.org/ooxml/"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attr(element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (r:id in either dialect)."""
    value = element.get(name)
    if value is not None:
        return value
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _iter(archive: zipfile.ZipFile, path: str, events=("end",)):
    source = archive.open(path)
    try:
        yield from iterparse(source, events=events, forbid_dtd=True)
    finally:
        source.close()


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id → (type, resolved target) from the part's .rels file."""
    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", name + ".rels")
    if path not in archive.NameToInfo:
        return {}
    found = {}
    for _event, element in _iter(archive, path):
        if _local(element.tag) == "Relationship" and element.get("TargetMode") != "External":
            target = element.get("Target") or ""
            found[element.get("Id", "")] = (element.get("Type", ""), _resolve(part, target))
    return found


def _main_part(archive: zipfile.ZipFile) -> str:
    for rel_type, target in _relationships(archive, "").values():
        if rel_type.endswith("/officeDocument") and target in archive.NameToInfo:
            return target
    if "xl/workbook.xml" in archive.NameToInfo:
        return "xl/workbook.xml"
    raise FileRejected(
        _("Filen är ett zip-arkiv men ingen Excel-arbetsbok (.xlsx). Den importeras inte.")
    )


def read_xlsx(archive: zipfile.ZipFile, budget: Budget) -> list[Sheet]:
    """All worksheets in workbook order (chart sheets have no cells and are left out)."""
    workbook_path = _main_part(archive)
    rels = _relationships(archive, workbook_path)
    date1904 = False
    entries: list[tuple[str, bool, str]] = []  # (name, hidden, path)
    for _event, element in _iter(archive, workbook_path):
        tag = _local(element.tag)
        if tag == "workbookPr":
            date1904 = (element.get("date1904") or "").lower() in ("1", "true")
        elif tag == "sheet":
            rel_type, target = rels.get(_attr(element, "id") or "", ("", ""))
            if rel_type.endswith("/worksheet") and target in archive.NameToInfo:
                hidden = (element.get("state") or "visible") != "visible"
                entries.append((element.get("name") or "", hidden, target))
    strings_path = next((t for r, t in rels.values() if r.endswith("/sharedStrings")), None)
    styles_path = next((t for r, t in rels.values() if r.endswith("/styles")), None)
    strings = _shared_strings(archive, strings_path, budget) if strings_path else []
    date_styles = _date_styles(archive, styles_path) if styles_path else frozenset()
    reader = _SheetReader(strings, date_styles, date1904, budget)
    return [reader.read(archive, name, hidden, path) for name, hidden, path in entries]


def is_strict(archive: zipfile.ZipFile) -> bool:
    """True for a Strict Open XML workbook (ISO/IEC 29500 Strict namespaces)."""
    try:
        with archive.open(_main_part(archive)) as source:
            return STRICT_NAMESPACE.encode() in source.read(4096)
    except (FileRejected, KeyError):
        return False


def _shared_strings(archive, path: str, budget: Budget) -> list[str]:
    """The shared string table, text runs joined, phonetic hints (rPh) left out."""
    if path not in archive.NameToInfo:
        return []
    with archive.open(path) as source:
        budget.prescan(source, _ELEMENTS, "")
    strings: list[str] = []
    pieces: list[str] = []
    phonetic = 0
    root = None
    for event, element in _iter(archive, path, events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            if tag == "rPh":
                phonetic += 1
            elif root is None:
                root = element
            continue
        if tag == "t" and not phonetic:
            pieces.append(element.text or "")
        elif tag == "rPh":
            phonetic -= 1
        elif tag == "si":
            text = unescape_ooxml("".join(pieces))
            pieces.clear()
            budget.text("", len(text) + 1)  # +1: millions of empty strings cost too
            strings.append(text)
            root.clear()  # the strings read so far are no longer held as elements
    return strings


def _date_styles(archive, path: str) -> frozenset[int]:
    """Indexes of the cell formats (cellXfs) whose number format shows a date or time."""
    if path not in archive.NameToInfo:
        return frozenset()
    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    in_cell_xfs = False
    for event, element in _iter(archive, path, events=("start", "end")):
        tag = _local(element.tag)
        if tag == "cellXfs":
            in_cell_xfs = event == "start"
        elif event == "end" and tag == "numFmt":
            try:
                custom[int(element.get("numFmtId", ""))] = element.get("formatCode") or ""
            except ValueError:
                continue
        elif event == "end" and tag == "xf" and in_cell_xfs:
            try:
                xf_formats.append(int(element.get("numFmtId") or 0))
            except ValueError:
                xf_formats.append(0)
    dates = set()
    for index, format_id in enumerate(xf_formats):
        code = custom.get(format_id) or BUILTIN_FORMATS.get(format_id)
        if code and is_date_format(code) and not is_timedelta_format(code):
            dates.add(index)
    return frozenset(dates)


def _split_reference(ref: str) -> tuple[int, int]:
    """'AB12' → (12, 28)."""
    letters = ref.rstrip("0123456789")
    return int(ref[len(letters) :]), column_index_from_string(letters)


class _SheetReader:
    def __init__(self, strings: list[str], date_styles, date1904: bool, budget: Budget):
        self.strings = strings
        self.date_styles = date_styles
        self.date1904 = date1904
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        self.budget = budget

    def read(self, archive, name: str, hidden: bool, path: str) -> Sheet:
        sheet = Sheet(name=name, hidden=hidden, date1904=self.date1904)
        budget = self.budget
        with archive.open(path) as source:
            budget.prescan(source, _ELEMENTS, name)
        merged: list[tuple[int, int, int, int]] = []
        row: dict[int, object] = {}
        row_number = 0
        column = 0
        parent = None  # the sheetData element, emptied after each row
        row_element = None
        for event, element in _iter(archive, path, events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "row":
                    row_element = element
                    ref = element.get("r")
                    row_number = int(ref) if ref and ref.isdigit() else row_number + 1
                    column = 0
                    row = {}
                elif tag == "sheetData":
                    parent = element
                continue
            if tag == "c":
                budget.cell(name)
                ref = element.get("r")
                if ref:
                    try:
                        _row, column = _split_reference(ref)
                    except ValueError:
                        column += 1
                else:
                    column += 1
                if column <= MAX_COLUMNS:
                    value = self._value(element, name)
                    if value is not None and value != "":
                        row[column] = value
                if row_element is not None:
                    row_element.remove(element)
            elif tag == "row":
                budget.cell(name)
                if row:
                    budget.row(name)
                    cells = [None] * max(row)
                    for index, value in row.items():
                        cells[index - 1] = value
                    sheet.rows.append((row_number, cells))
                if parent is not None:
                    parent.clear()
                row_element = None
            elif tag == "mergeCell":
                budget.cell(name)
                ref = element.get("ref") or ""
                first, _sep, last = ref.partition(":")
                try:
                    top, left = _split_reference(first)
                    bottom, right = _split_reference(last or first)
                except ValueError:
                    continue
                merged.append((top, left, bottom, right))
        fill_merged(sheet, merged)
        return sheet

    def _value(self, element, sheet: str):
        kind = element.get("t") or "n"
        raw = None
        formula = None
        inline: list[str] = []
        for child in element.iter():
            tag = _local(child.tag)
            if tag == "v":
                raw = child.text
            elif tag == "f":
                formula = child.text or ""
            elif tag == "t" and kind == "inlineStr":
                inline.append(child.text or "")
        if kind == "inlineStr":
            text = unescape_ooxml("".join(inline))
            self.budget.text(sheet, len(text))
            return text
        if raw is None or (raw == "" and kind != "str"):
            return MissingValue(formula) if formula is not None else None
        if kind == "s":
            try:
                text = self.strings[int(raw)]
            except (ValueError, IndexError):
                return None
            self.budget.text(sheet, len(text))
            return text
        if kind in ("str", "inlineStr"):
            text = unescape_ooxml(raw)
            self.budget.text(sheet, len(text))
            return text
        if kind == "e":
            return CellError(raw)
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.datetime.fromisoformat(raw.strip().rstrip("Z"))
            except ValueError:
                return raw
        try:
            number = float(raw)
        except ValueError:
            return CellError(raw) if is_error_text(raw) else raw
        style = element.get("s")
        if style is not None and style.isdigit() and int(style) in self.date_styles:
            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                return number
        return int(number) if number.is_integer() and abs(number) < 2**53 else number


def fill_merged(sheet: Sheet, merged: list[tuple[int, int, int, int]]) -> None:
    """Each merged range's top-left value carried into every cell of the range (as the
    eye reads a merged focus-area cell spanning its activities)."""
    if not merged:
        return
    by_number = {number: cells for number, cells in sheet.rows}
    added = False
    for top, left, bottom, right in merged:
        if left > MAX_COLUMNS or top not in by_number:
            continue
        top_cells = by_number[top]
        value = top_cells[left - 1] if left - 1 < len(top_cells) else None
        if value is None:
            continue
        right = min(right, MAX_COLUMNS)
        # Only rows that exist (hold a value) or fall inside the table are filled in;
        # a range never adds more rows than it spans, and those are bounded by the sheet.
        for number in range(top, bottom + 1):
            cells = by_number.get(number)
            if cells is None:
                if bottom - top > 10_000:
                    continue  # a huge merged block: fill only rows that exist
                cells = by_number[number] = []
                added = True
            while len(cells) < right:
                cells.append(None)
            for index in range(left - 1, right):
                if cells[index] is None:
                    cells[index] = value
    if added:
        sheet.rows = sorted(by_number.items())
