"""Tertials: the four-month periods municipalities report on (T1 jan–apr, T2 maj–aug, T3 sep–dec).

A small value type so that no view, template or report does date arithmetic of its own.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import total_ordering

from django.utils import timezone
from django.utils.translation import gettext as _

# (first month, last month) of T1, T2 and T3.
_MONTHS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}
_LABEL_RE = re.compile(r"^\s*T\s*([123])\s*[- /_]?\s*(\d{4})\s*$", re.IGNORECASE)
_LABEL_RE_YEAR_FIRST = re.compile(r"^\s*(\d{4})\s*[- /_]?\s*T\s*([123])\s*$", re.IGNORECASE)


@total_ordering
@dataclass(frozen=True, slots=True)
class Tertial:
    """One tertial of one year; ordered by time."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in _MONTHS:
            raise ValueError(_("Tertial måste vara 1, 2 eller 3, inte %(n)s.") % {"n": self.number})
        if not 1 <= self.year <= 9999:
            raise ValueError(_("Ogiltigt år: %(y)s.") % {"y": self.year})

    # --- construction -----------------------------------------------------
    @classmethod
    def of(cls, date: datetime.date) -> Tertial:
        """The tertial a date falls in."""
        return cls(date.year, (date.month - 1) // 4 + 1)

    @classmethod
    def current(cls) -> Tertial:
        """Today's tertial in Europe/Stockholm."""
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, text: str) -> Tertial:
        """'T2 2017', 'T2-2017', 't2 2017' or '2017-T2' → Tertial(2017, 2)."""
        value = str(text or "")
        if match := _LABEL_RE.match(value):
            number, year = match.groups()
        elif match := _LABEL_RE_YEAR_FIRST.match(value):
            year, number = match.groups()
        else:
            raise ValueError(
                _("”%(value)s” är inte en tertial. Skriv till exempel ”T2 2017”.")
                % {"value": value.strip()}
            )
        return cls(int(year), int(number))

    # --- dates ------------------------------------------------------------
    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, _MONTHS[self.number][0], 1)

    @property
    def end(self) -> datetime.date:
        last_month = _MONTHS[self.number][1]
        if last_month == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, last_month + 1, 1) - datetime.timedelta(days=1)

    def __contains__(self, date: datetime.date) -> bool:
        return self.start <= date <= self.end

    @property
    def previous(self) -> Tertial:
        if self.number == 1:
            return Tertial(self.year - 1, 3)
        return Tertial(self.year, self.number - 1)

    @property
    def next(self) -> Tertial:
        if self.number == 3:
            return Tertial(self.year + 1, 1)
        return Tertial(self.year, self.number + 1)

    # --- names ------------------------------------------------------------
    @property
    def label(self) -> str:
        return f"T{self.number} {self.year}"

    @property
    def slug(self) -> str:
        """URL form: 'T2-2017'."""
        return f"T{self.number}-{self.year}"

    @property
    def report_name(self) -> str:
        """What municipalities call the report for this tertial."""
        return {
            1: _("tertialrapport januari–april"),
            2: _("delårsrapport januari–augusti"),
            3: _("helår"),
        }[self.number]

    @property
    def period_display(self) -> str:
        """'1 januari–30 april 2017'."""
        months = {1: _("januari"), 4: _("april"), 5: _("maj"), 8: _("augusti")}
        months.update({9: _("september"), 12: _("december")})
        return (
            f"{self.start.day} {months[self.start.month]}–"
            f"{self.end.day} {months[self.end.month]} {self.year}"
        )

    def __str__(self) -> str:
        return self.label

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Tertial):
            return NotImplemented
        return (self.year, self.number) < (other.year, other.number)

    @classmethod
    def between(cls, first: Tertial, last: Tertial) -> list[Tertial]:
        """Every tertial from first to last, inclusive."""
        result, t = [], first
        while t <= last:
            result.append(t)
            t = t.next
        return result
