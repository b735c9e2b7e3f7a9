"""What an import found or did, row by row: the preview, the command's summary and the tests
all read these objects."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NEW = "new"
UPDATE = "update"
UNCHANGED = "unchanged"
ERROR = "error"

OUTCOME_LABELS = {
    NEW: gettext_lazy("Ny"),
    UPDATE: gettext_lazy("Ändras"),
    UNCHANGED: gettext_lazy("Oförändrad"),
    ERROR: gettext_lazy("Fel"),
}


@dataclass
class Issue:
    """An error or a note, with where it is: sheet, row, column and the value found."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    # The upload form's field the error is about (e.g. "new_plan_title"): shown there and
    # linked from the error summary, so the user can fix it without a new file.
    field: str = ""

    @property
    def location(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("blad ”%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("rad %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("kolumn %(column)s") % {"column": self.column})
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]

    def __str__(self) -> str:
        where = self.location
        if self.value:
            where += (", " if where else "") + _("värde ”%(value)s”") % {"value": self.value}
        return f"{where}: {self.message}" if where else self.message


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class RowResult:
    row: int
    outcome: str
    focus_area: str = ""
    title: str = ""
    implementation: str = ""
    responsible: str = ""
    deadline: datetime.date | None = None
    ongoing: bool = False  # 'Löpande': an activity without a date
    follow_up: str = ""
    activity_id: int | None = None
    changes: list[Change] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


@dataclass
class ImportResult:
    filename: str = ""
    sheet: str = ""
    file_title: str = ""  # the title row above the table, offered as a new plan's title
    file_title_problem: str = ""  # why the title row cannot be a plan's title, if it cannot
    header_row: int | None = None
    plan_title: str = ""
    plan_id: int | None = None
    plan_is_new: bool = False
    # a new plan's period, as the import will set it (shown in the preview)
    plan_period_start: datetime.date | None = None
    plan_period_end: datetime.date | None = None
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)
    new_focus_areas: list[str] = field(default_factory=list)
    new_actors: list[tuple[str, str]] = field(default_factory=list)
    untouched: int = 0
    blank_rows: int = 0
    tertial_label: str = ""
    dry_run: bool = True
    applied: bool = False
    stale: bool = False
    already_imported: bool = False  # this preview was confirmed before (plan_id says where)
    receipt_id: int | None = None  # the ImportReceipt of a confirmed import

    @property
    def errors(self) -> list[Issue]:
        return [*self.file_errors, *(e for r in self.rows for e in r.errors)]

    @property
    def all_notes(self) -> list[Issue]:
        return [*self.notes, *(n for r in self.rows for n in r.notes)]

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {o: self.count(o) for o in (NEW, UPDATE, UNCHANGED, ERROR)}

    @property
    def has_changes(self) -> bool:
        return bool(
            self.count(NEW) or self.count(UPDATE) or self.new_focus_areas or self.new_actors
        ) or (self.plan_is_new)

    def fingerprint(self) -> str:
        """A digest of what the import would do, to check at confirm time against the preview."""
        parts = [
            repr(
                (
                    self.plan_title,
                    self.plan_is_new,
                    self.plan_period_start,
                    self.plan_period_end,
                    self.new_focus_areas,
                    self.new_actors,
                )
            ),
            *(
                repr(
                    (r.row, r.outcome, r.activity_id, [(c.field, c.old, c.new) for c in r.changes])
                )
                for r in self.rows
            ),
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def summary_lines(self) -> list[str]:
        """The same summary as the preview, as plain lines (for the command)."""
        counts = self.counts
        lines = [
            _("Plan: %(plan)s%(new)s")
            % {"plan": self.plan_title, "new": _(" (ny)") if self.plan_is_new else ""},
        ]
        if self.plan_is_new and self.plan_period_start:
            lines.append(
                _("Planens period: %(start)s – %(end)s.")
                % {"start": self.plan_period_start, "end": self.plan_period_end}
            )
        if self.sheet:
            lines.append(
                _("Tabellen på blad ”%(sheet)s”, rubrikrad %(row)s.")
                % {"sheet": self.sheet, "row": self.header_row}
            )
        lines.append(
            _("Nya: %(new)s, ändras: %(update)s, oförändrade: %(unchanged)s, med fel: %(error)s.")
            % counts
        )
        if self.new_focus_areas:
            lines.append(
                _("Nya fokusområden: %(list)s") % {"list": ", ".join(self.new_focus_areas)}
            )
        if self.new_actors:
            lines.append(
                _("Nya aktörer: %(list)s")
                % {"list": ", ".join(f"{code} ({name})" for code, name in self.new_actors)}
            )
        if self.untouched:
            lines.append(
                _("%(n)s aktiviteter i planen finns inte i filen och lämnas orörda.")
                % {"n": self.untouched}
            )
        for row in self.rows:
            if row.outcome == UPDATE:
                for change in row.changes:
                    lines.append(
                        _("Rad %(row)s: %(field)s ändras från ”%(old)s” till ”%(new)s”.")
                        % {
                            "row": row.row,
                            "field": change.field,
                            "old": change.old,
                            "new": change.new,
                        }
                    )
        lines.extend(str(note) for note in self.all_notes)
        if self.errors:
            lines.append(_("Fel (%(n)s):") % {"n": len(self.errors)})
            lines.extend(f"  {error}" for error in self.errors)
        return lines
