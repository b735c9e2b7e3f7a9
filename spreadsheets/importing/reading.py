"""Reading an uploaded file into plain rows of cell values, safely.

Everything that can make a file dangerous or unreadable is checked here, before
openpyxl sees it: the size, what the bytes really are (whatever the name says),
password protection and how far a zip would expand. Merged cells are filled in
and every sheet is read, not only the active one.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML file is an OLE compound file with this stream (names are UTF-16).
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
MAX_ZIP_MEMBERS = 10_000


class FileRejected(Exception):
    """The file as a whole cannot be imported; the message says why, in Swedish."""


@dataclass
class Sheet:
    name: str
    # (row number as the user sees it, cell values) for every row, blank ones included.
    rows: list[tuple[int, list]] = field(default_factory=list)


def max_upload_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)


def check_size(size: int) -> None:
    """Refuse a file over the limit before anything reads it."""
    limit = max_upload_bytes()
    if size > limit:
        raise FileRejected(
            _("Filen är för stor (%(size)s). Den största fil som kan importeras är %(limit)s.")
            % {"size": megabytes(size), "limit": megabytes(limit)}
        )


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def read_sheets(data: bytes, filename: str = "") -> list[Sheet]:
    """All sheets of an .xlsx file, or the one table of a .csv file."""
    check_size(len(data))
    if not data.strip():
        raise FileRejected(_("Filen är tom."))
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise FileRejected(
                _(
                    "Filen är lösenordsskyddad. Ta bort lösenordet i Excel "
                    "(Arkiv → Info → Skydda arbetsbok) och spara filen igen."
                )
            )
        raise FileRejected(
            _(
                "Filen är i det gamla Excel-formatet (.xls). Öppna den i Excel och spara "
                "den som Excel-arbetsbok (.xlsx)."
            )
        )
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data)
    if filename.lower().endswith((".csv", ".txt")):
        return [_read_csv(data)]
    raise FileRejected(
        _(
            "Filen ”%(name)s” är inte ett kalkylark. Importera en Excel-arbetsbok (.xlsx) "
            "eller en CSV-fil."
        )
        % {"name": filename or _("(namnlös)")}
    )


def _check_zip(data: bytes) -> None:
    """Refuse a zip bomb from its central directory, before anything is decompressed.

    zipfile never expands a member beyond its declared size, so checking the declared
    sizes bounds what openpyxl can pull into memory.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise FileRejected(_("Filen är skadad och kan inte läsas som en Excel-arbetsbok.")) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise FileRejected(_("Filen innehåller för många delar för att vara ett kalkylark."))
        total = sum(info.file_size for info in infos)
        if total > max_uncompressed_bytes():
            raise FileRejected(
                _(
                    "Filen skulle packas upp till %(size)s, mer än de %(limit)s som tillåts. "
                    "Den importeras inte."
                )
                % {"size": megabytes(total), "limit": megabytes(max_uncompressed_bytes())}
            )
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            raise FileRejected(
                _("Filen är ett zip-arkiv men ingen Excel-arbetsbok (.xlsx). Den importeras inte.")
            )


def _read_xlsx(data: bytes) -> list[Sheet]:
    """Every sheet, streamed (openpyxl's read-only mode) so memory stays bounded by MAX_ROWS.

    Read-only mode does not report merged cells, so their ranges are taken from each
    sheet's XML (``<mergeCell ref="A5:A9"/>``), also streamed.
    """
    _check_zip(data)
    import openpyxl  # imported late: only needed for uploads

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on malformed files
        raise FileRejected(
            _("Filen kunde inte läsas som en Excel-arbetsbok (%(error)s).")
            % {"error": exc.__class__.__name__}
        ) from exc
    sheets: list[Sheet] = []
    budget = [max_rows()]
    try:
        for worksheet in workbook.worksheets:
            if not hasattr(worksheet, "reset_dimensions"):
                continue  # a chart sheet: no cells
            sheets.append(_sheet_rows(workbook, worksheet, budget))
    except FileRejected:
        raise
    except Exception as exc:  # malformed sheet XML surfaces while streaming
        raise FileRejected(
            _("Filen kunde inte läsas som en Excel-arbetsbok (%(error)s).")
            % {"error": exc.__class__.__name__}
        ) from exc
    finally:
        workbook.close()
    if not any(any(_filled(v) for v in cells) for sheet in sheets for _n, cells in sheet.rows):
        raise FileRejected(_("Arbetsboken är tom: inget blad innehåller några värden."))
    return sheets


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 50_000)


MAX_COLUMNS = 50
_MERGE_CELL = re.compile(
    rb"<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3}\d+):([A-Z]{1,3}\d+)\""
)


def _merged_ranges(workbook, worksheet) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of each merged range, scanning the XML in chunks."""
    from openpyxl.utils.cell import coordinate_to_tuple

    ranges = []
    tail = b""
    # openpyxl 3.1 keeps the open archive and each sheet's path on the read-only objects.
    with workbook._archive.open(worksheet._worksheet_path) as source:
        while chunk := source.read(1024 * 1024):
            buffer = tail + chunk
            last_end = 0
            for match in _MERGE_CELL.finditer(buffer):
                first = coordinate_to_tuple(match.group(1).decode())
                last = coordinate_to_tuple(match.group(2).decode())
                ranges.append((first[0], first[1], last[0], last[1]))
                last_end = match.end()
            tail = buffer[max(last_end, len(buffer) - 200) :]
    return ranges


def _sheet_rows(workbook, worksheet, budget: list[int]) -> Sheet:
    """Values row by row; each merged range carries its top-left value into every cell."""
    worksheet.reset_dimensions()  # never trust the stored size: it may cut rows off
    sheet = Sheet(name=worksheet.title)
    for row_number, row in enumerate(
        worksheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1
    ):
        budget[0] -= 1
        if budget[0] < 0:
            raise FileRejected(
                _("Filen har fler än %(max)s rader. Dela upp den eller ta bort tomma rader.")
                % {"max": max_rows()}
            )
        sheet.rows.append((row_number, list(row[:MAX_COLUMNS])))
    ranges = _merged_ranges(workbook, worksheet)
    for min_row, min_col, max_row, max_col in ranges:
        if min_row > len(sheet.rows) or min_col > MAX_COLUMNS:
            continue
        top_left = sheet.rows[min_row - 1][1]
        value = top_left[min_col - 1] if min_col - 1 < len(top_left) else None
        for row_index in range(min_row, min(max_row, len(sheet.rows)) + 1):
            cells = sheet.rows[row_index - 1][1]
            for col_index in range(min_col, min(max_col, MAX_COLUMNS) + 1):
                while len(cells) < col_index:
                    cells.append(None)
                if cells[col_index - 1] is None:
                    cells[col_index - 1] = value
    return sheet


class _SemicolonDialect(csv.excel):
    delimiter = ";"


def _read_csv(data: bytes) -> Sheet:
    if b"\x00" in data[:4096]:
        raise FileRejected(_("Filen är inte en CSV-fil med text. Den importeras inte."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise FileRejected(_("Filens teckenkodning kunde inte läsas."))
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = _SemicolonDialect if sample.count(";") > sample.count(",") else csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    sheet = Sheet(name="CSV")
    try:
        for row_number, cells in enumerate(reader, start=1):
            sheet.rows.append((row_number, list(cells)))
    except csv.Error as exc:
        raise FileRejected(
            _("CSV-filen kunde inte läsas (%(error)s).") % {"error": str(exc)}
        ) from exc
    return sheet


def _filled(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


def is_date_value(value) -> bool:
    return isinstance(value, datetime.date)
