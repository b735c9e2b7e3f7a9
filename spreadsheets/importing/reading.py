"""Reading an uploaded file into plain rows of cell values, safely.

Everything that can make a file dangerous or unreadable is checked here: the size, what
the bytes really are (whatever the name says), password protection and how far a zip
would expand; then one reader per format, each bounded by what it reads (``Budget``:
cells, characters, rows with values):

- .xlsx/.xlsm, Transitional and Strict Open XML: ``spreadsheets.importing.xlsx``;
- .ods (LibreOffice): ``spreadsheets.importing.ods``;
- .xls (old Excel, BIFF8): ``spreadsheets.importing.xls``;
- CSV and tab-separated text in any encoding staff's programs write:
  ``spreadsheets.importing.encoding``.

Every sheet is read with its hidden state and date system; merged cells are filled in.
"""

from __future__ import annotations

import csv
import io
import zipfile
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.conf import settings
from django.utils.translation import gettext as _

from spreadsheets.importing.cells import Budget, FileRejected, Sheet, max_rows
from spreadsheets.importing.encoding import decode_text
from spreadsheets.importing.xlsx import MAX_COLUMNS

__all__ = ["FileRejected", "Sheet", "check_size", "max_rows", "max_upload_bytes", "read_sheets"]

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML file is an OLE compound file with this stream (names are UTF-16).
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
MAX_ZIP_MEMBERS = 10_000
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


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
    """All sheets of a workbook (.xlsx, .ods, .xls), or the one table of a CSV file."""
    check_size(len(data))
    if not data.strip():
        raise FileRejected(_("Filen är tom."))
    budget = Budget()
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise FileRejected(
                _(
                    "Filen är lösenordsskyddad. Ta bort lösenordet i Excel "
                    "(Arkiv → Info → Skydda arbetsbok) och spara filen igen."
                )
            )
        from spreadsheets.importing.xls import read_xls

        sheets = read_xls(data, budget)
    elif data.startswith(ZIP_MAGIC):
        sheets = _read_zip(data, budget)
    elif filename.lower().endswith((".csv", ".txt", ".tsv", ".tab")):
        return [_read_csv(data, budget)]
    else:
        raise FileRejected(
            _(
                "Filen ”%(name)s” är inte ett kalkylark. Importera en Excel-arbetsbok "
                "(.xlsx eller .xls), ett LibreOffice-kalkylark (.ods) eller en CSV-fil."
            )
            % {"name": filename or _("(namnlös)")}
        )
    if not any(cells for sheet in sheets for _n, cells in sheet.rows):
        raise FileRejected(_("Arbetsboken är tom: inget blad innehåller några värden."))
    return sheets


def _read_zip(data: bytes, budget: Budget) -> list[Sheet]:
    archive = _check_zip(data)
    with archive:
        names = archive.NameToInfo
        try:
            if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
                from spreadsheets.importing.ods import read_ods

                return read_ods(archive, budget)
            if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
                raise FileRejected(
                    _(
                        "Filen är ett OpenDocument-dokument men inget kalkylark (.ods). "
                        "Importera planens tabell som kalkylark."
                    )
                )
            if "xl/workbook.bin" in names:
                raise FileRejected(
                    _(
                        "Filen är en binär Excel-arbetsbok (.xlsb). Öppna den i Excel och "
                        "spara den som Excel-arbetsbok (.xlsx), och importera den igen."
                    )
                )
            from spreadsheets.importing.xlsx import is_strict, read_xlsx

            try:
                return read_xlsx(archive, budget)
            except (ParseError, DefusedXmlException, KeyError, ValueError) as exc:
                if is_strict(archive):
                    raise FileRejected(
                        _(
                            "Filen är sparad som ”Strikt Open XML-kalkylblad” och kunde inte "
                            "läsas. Öppna den i Excel och spara den med Spara som → "
                            "”Excel-arbetsbok (*.xlsx)”, och importera den igen."
                        )
                    ) from exc
                raise
        except FileRejected:
            raise
        except (
            ParseError,
            DefusedXmlException,
            KeyError,
            ValueError,
            zipfile.BadZipFile,
            EOFError,
            OSError,
        ) as exc:
            raise FileRejected(
                _(
                    "Filen är skadad och kunde inte läsas som ett kalkylark (%(error)s). "
                    "Öppna den i Excel eller LibreOffice, spara den igen och importera den."
                )
                % {"error": exc.__class__.__name__}
            ) from exc


def _check_zip(data: bytes) -> zipfile.ZipFile:
    """Refuse a zip bomb from its central directory, before anything is decompressed.

    zipfile never expands a member beyond its declared size, so checking the declared
    sizes bounds what the readers can pull in; the readers' ``Budget`` bounds the work.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise FileRejected(_("Filen är skadad och kan inte läsas som en Excel-arbetsbok.")) from exc
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        archive.close()
        raise FileRejected(_("Filen innehåller för många delar för att vara ett kalkylark."))
    total = sum(info.file_size for info in infos)
    if total > max_uncompressed_bytes():
        archive.close()
        raise FileRejected(
            _(
                "Filen skulle packas upp till %(size)s, mer än de %(limit)s som tillåts. "
                "Den importeras inte."
            )
            % {"size": megabytes(total), "limit": megabytes(max_uncompressed_bytes())}
        )
    names = archive.NameToInfo
    if not ({"xl/workbook.xml", "xl/workbook.bin", "mimetype", "_rels/.rels"} & set(names)):
        archive.close()
        raise FileRejected(
            _("Filen är ett zip-arkiv men ingen Excel-arbetsbok (.xlsx). Den importeras inte.")
        )
    return archive


class _SemicolonDialect(csv.excel):
    delimiter = ";"


def _read_csv(data: bytes, budget: Budget) -> Sheet:
    """A CSV or tab-separated text file (Excel's "Unicode-text" save is UTF-16 with tabs)."""
    text, _encoding = decode_text(data)
    text = text.lstrip("\ufeff")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        counts = {d: sample.count(d) for d in ";,\t"}
        delimiter = max(counts, key=counts.get)
        dialect = {";": _SemicolonDialect, "\t": csv.excel_tab}.get(delimiter, csv.excel)
    sheet = Sheet(name="CSV")
    budget.text("CSV", len(text))
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row_number, cells in enumerate(reader, start=1):
            budget.cell(sheet.name, len(cells) + 1)
            cells = cells[:MAX_COLUMNS]
            while cells and not cells[-1].strip():
                cells.pop()
            if cells:
                budget.row(sheet.name)
                sheet.rows.append((row_number, cells))
    except csv.Error as exc:
        raise FileRejected(
            _("CSV-filen kunde inte läsas (%(error)s).") % {"error": str(exc)}
        ) from exc
    return sheet
