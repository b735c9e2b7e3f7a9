"""What a reader hands on besides plain values, and the limits on how much it may read.

A cell whose value cannot be trusted is not turned into text or a blank: it is kept as a
marker (``CellError``, ``MissingValue``) so that the analysis can refuse exactly the
cells the import would use, naming sheet, row, column and value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

# Excel's and LibreOffice's error values (ECMA-376 §18.17.7.x, ODF 'Err:' codes aside).
ERROR_VALUES = frozenset(
    {
        "#N/A",
        "#REF!",
        "#VALUE!",
        "#DIV/0!",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#PYTHON!",
    }
)
_LIBREOFFICE_ERROR = re.compile(r"^Err:\d{3}$")


class FileRejected(Exception):
    """The file as a whole cannot be imported; the message says why, in Swedish."""


@dataclass(frozen=True)
class CellError:
    """A formula's error result (#N/A, #REF! …) where a value was expected."""

    value: str

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class MissingValue:
    """A formula whose result was never computed (the file holds no cached value)."""

    formula: str = ""

    def __str__(self) -> str:
        return f"={self.formula}" if self.formula else ""


def is_error_text(text: str) -> bool:
    """True for '#N/A', '#REF!' … and LibreOffice's 'Err:502' (as shown in a cell)."""
    return text in ERROR_VALUES or bool(_LIBREOFFICE_ERROR.match(text))


@dataclass
class Sheet:
    name: str
    # (row number as the user sees it, cell values) for every row that holds a value.
    rows: list[tuple[int, list]] = field(default_factory=list)
    hidden: bool = False
    # Excel for Mac's 1904 date system: serial numbers count from 1904-01-01.
    date1904: bool = False


# Excel for Mac's and the OOXML spec's escape of a character in text: _x000D_ is CR.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape_ooxml(text: str) -> str:
    """'a_x000D_b' → 'a\\rb' as Excel and LibreOffice show it; '_x005F_' is a literal '_'."""
    if "_x" not in text:
        return text
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


# --- limits: the work is bounded by what is read, not only by the file's size ----------


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 50_000)


def max_cells() -> int:
    return getattr(settings, "IMPORT_MAX_CELLS", 500_000)


def max_characters() -> int:
    return getattr(settings, "IMPORT_MAX_CHARACTERS", 20_000_000)


# Excel's limit for the text of one cell; in XML at most 5 bytes a character (&amp;).
MAX_CELL_CHARACTERS = 32_767
MAX_TEXT_BYTES = 5 * MAX_CELL_CHARACTERS + 1024


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def _where(sheet: str) -> str:
    return _("Bladet ”%(sheet)s”") % {"sheet": sheet} if sheet else _("Arbetsboken")


class Budget:
    """Counts what a reader reads (cells, characters, rows with values) across all sheets.

    Each limit, when passed, raises FileRejected naming the sheet: a file of one row of
    millions of cells, or of millions of shared strings, is refused after reading at
    most ``max_cells()`` cells or ``max_characters()`` characters (a few seconds, tens of
    MB), whatever its packed or unpacked size. Measured in ``bench/import_limits.py``.
    """

    def __init__(self) -> None:
        self.cells = max_cells()
        self.characters = max_characters()
        self.rows = max_rows()

    def cell(self, sheet: str, n: int = 1) -> None:
        self.cells -= n
        if self.cells < 0:
            raise FileRejected(
                _(
                    "%(where)s har för många celler: importen läser högst %(max)s celler i "
                    "en fil. Ta bort celler och blad som inte hör till planens tabell, eller "
                    "dela upp filen, och importera igen."
                )
                % {"where": _where(sheet), "max": _number(max_cells())}
            )

    def prescan(self, source, pattern: re.Pattern, sheet: str) -> None:
        """Refuse a part with more elements than the budget allows before parsing it.

        Counting start tags in the decompressed bytes runs at C speed (about 0.5 s for
        100 MB), while parsing costs microseconds per element: a sheet of millions of
        cells, or millions of shared strings, is refused without being parsed.
        """
        tail = b""
        found = 0
        run = 0  # bytes of text since the last '<' (a text run may span chunks)
        while chunk := source.read(1024 * 1024):
            buffer = tail + chunk
            found += sum(1 for m in pattern.finditer(buffer) if m.end() > len(tail))
            if found > self.cells:
                self.cell(sheet, found)
            pieces = chunk.split(b"<")
            if len(pieces) == 1:
                run += len(chunk)
            else:
                run = max(run + len(pieces[0]), max(map(len, pieces[1:])))
                longest, run = run, len(pieces[-1])
                if longest > MAX_TEXT_BYTES:
                    self._long_text(sheet)
            if run > MAX_TEXT_BYTES:
                self._long_text(sheet)
            tail = buffer[-32:]

    def _long_text(self, sheet: str) -> None:
        raise FileRejected(
            _(
                "%(where)s har en cell med mer text än ett kalkylark tillåter i en cell "
                "(%(max)s tecken). Korta texten och importera igen."
            )
            % {"where": _where(sheet), "max": _number(MAX_CELL_CHARACTERS)}
        )

    def text(self, sheet: str, n: int) -> None:
        self.characters -= n
        if self.characters < 0:
            raise FileRejected(
                _(
                    "%(where)s innehåller för mycket text: importen läser högst %(max)s "
                    "tecken i en fil. Ta bort text och blad som inte hör till planens "
                    "tabell, eller dela upp filen, och importera igen."
                )
                % {"where": _where(sheet), "max": _number(max_characters())}
            )

    def row(self, sheet: str) -> None:
        self.rows -= 1
        if self.rows < 0:
            raise FileRejected(
                _(
                    "Bladet ”%(sheet)s” har fler än %(max)s rader med värden. Dela upp "
                    "tabellen i flera filer, eller ta bort rader som inte hör till planen, "
                    "och importera igen."
                )
                % {"sheet": sheet, "max": _number(max_rows())}
            )
