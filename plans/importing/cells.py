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
    return getattr(settings, "IMPORT_MAX_CELLS", 1_000_000)


def max_characters() -> int:
    return getattr(settings, "IMPORT_MAX_CHARACTERS", 20_000_000)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


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
                    "Bladet ”%(sheet)s” har för många celler: importen läser högst "
                    "%(max)s celler i en fil. Ta bort celler och blad som inte hör till "
                    "planens tabell, eller dela upp filen, och importera igen."
                )
                % {"sheet": sheet, "max": _number(max_cells())}
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
                % {
                    "where": _("Bladet ”%(sheet)s”") % {"sheet": sheet}
                    if sheet
                    else _("Arbetsboken"),
                    "max": _number(max_characters()),
                }
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
