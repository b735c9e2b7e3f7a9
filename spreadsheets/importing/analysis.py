"""Reading the table out of the sheets and deciding, row by row, what an import would do.

Nothing here writes to the database: the result is both the preview shown to the
user and the list of writes that ``spreadsheets.services.import_plan`` carries out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actors.models import Actor
from followup.models import Status
from followup.selectors import is_closed, latest_follow_ups
from followup.services import validate_entry
from plans.models import ONGOING_LABEL, Activity, FocusArea, Plan, actor_order, join_swedish
from plans.services import focus_area_title
from spreadsheets.importing import followups
from spreadsheets.importing.cells import CellError, MissingValue
from spreadsheets.importing.parsing import (
    COLUMNS,
    COLUMNS_BY_KEY,
    ActorMatcher,
    ValueProblem,
    clean_text,
    header_key,
    join_list,
    legend_entry,
    match_key,
    parse_deadline,
    parse_id,
    split_legend_name,
)
from spreadsheets.importing.reading import Sheet
from spreadsheets.importing.results import (
    ERROR,
    NEW,
    UNCHANGED,
    UPDATE,
    Change,
    ImportResult,
    Issue,
    RowResult,
)
from spreadsheets.importing.template import (
    TEMPLATE_EXAMPLE,
    example_columns,
    example_keys,
    is_template_title,
)
from vallentuna.text import quoted

HEADER_SEARCH_ROWS = 50


@dataclass
class NewActivity:
    row: int
    focus_area: FocusArea  # existing or about to be created
    title: str
    implementation: str
    deadline: datetime.date | None
    actors: list[Actor]
    ongoing: bool = False
    activity: Activity | None = None  # set once created


@dataclass
class ActivityUpdate:
    row: int
    activity: Activity
    fields: dict
    actors: list[Actor]
    actors_changed: bool


@dataclass
class FollowUpWrite:
    target: Activity | NewActivity
    tertial: object
    comment: str
    status: str | None


@dataclass
class Pending:
    """The writes an import will make once confirmed."""

    plan: Plan
    new_actors: list[Actor] = field(default_factory=list)
    new_focus_areas: list[FocusArea] = field(default_factory=list)
    creates: list[NewActivity] = field(default_factory=list)
    updates: list[ActivityUpdate] = field(default_factory=list)
    follow_ups: list[FollowUpWrite] = field(default_factory=list)
    # activity id → {actor id: through row id}, for the history of changed actor lists
    through_ids: dict[int, dict[int, int]] = field(default_factory=dict)


@dataclass
class Table:
    sheet: Sheet
    header_row: int
    columns: dict[str, int]  # column key → index in the row
    title: str = ""  # the title row above the header, if there is one
    # why the title row above the header cannot be a plan's title ('' if it can, or if
    # there is none): too long, or the template's placeholder
    title_problem: str = ""
    # Rows below the header that repeat it (a table in parts, each with its header, as a
    # document printed over several pages is): skipped, not read as activities.
    repeated_headers: list[int] = field(default_factory=list)
    # Rows below the header that look like a header but name other columns or put them
    # elsewhere: what stands under them cannot be read with this header's columns.
    other_headers: list[int] = field(default_factory=list)


def header_columns(cells: list) -> dict[str, int]:
    """The columns a row names as a header row does: column key → index (first one wins)."""
    columns: dict[str, int] = {}
    for index, value in enumerate(cells):
        key = header_key(value)
        if key and key not in columns:
            columns[key] = index
    return columns


def _is_header(columns: dict[str, int]) -> bool:
    """A header row names Aktivitet and at least one more column."""
    return "title" in columns and len(columns) >= 2


def _same_layout(a: dict[str, int], b: dict[str, int]) -> bool:
    """Whether two header rows agree: every column both name stands in the same place,
    and no place is given two different columns (one may name columns the other leaves
    blank)."""
    if any(a[key] != b[key] for key in a.keys() & b.keys()):
        return False
    places_a = {index: key for key, index in a.items()}
    return all(places_a.get(index, key) == key for key, index in b.items())


def find_table(sheets: list[Sheet]) -> tuple[Table | None, list[Issue]]:
    """The header row on whichever sheet holds the plan's table (title rows may stand above).

    A visible sheet always wins over a hidden one (an old draft is often kept hidden
    before the current table); a hidden sheet is read only if no visible one has a table.
    A table in parts (a header row over each part, as a document printed over several
    pages has) starts at its first header; together its header rows name the columns.
    """
    best: tuple[tuple[bool, int], Sheet, int, dict[str, int]] | None = None
    for sheet in sheets:
        for row_number, cells in sheet.rows[:HEADER_SEARCH_ROWS]:
            columns = header_columns(cells)
            score = (not sheet.hidden, len(columns))
            if _is_header(columns) and (best is None or score > best[0]):
                best = (score, sheet, row_number, columns)
    if best is None:
        required = join_list([str(c.label) for c in COLUMNS if c.required])
        return None, [
            Issue(
                _(
                    "Hittade ingen tabell. Tabellen ska ha en rubrikrad med kolumnerna %(columns)s. "
                    "Lästa blad: %(sheets)s."
                )
                % {"columns": required, "sheets": join_list([quoted(s.name) for s in sheets])}
            )
        ]
    _score, sheet, best_row, best_columns = best
    table = _table_in_parts(sheet, best_row, best_columns)
    missing = [str(c.label) for c in COLUMNS if c.required and c.key not in table.columns]
    if missing:
        message = (
            _("Kolumnen %(columns)s saknas i tabellens rubrikrad.")
            if len(missing) == 1
            else _("Kolumnerna %(columns)s saknas i tabellens rubrikrad.")
        ) % {"columns": join_list(missing)}
        return None, [Issue(message, sheet=sheet.name, row=table.header_row)]
    table.title, table.title_problem = _title_row(sheet, table.header_row)
    return table, []


def _table_in_parts(sheet: Sheet, best_row: int, best_columns: dict[str, int]) -> Table:
    """The table whose fullest header row is ``best_row``: it starts at the first header
    row that agrees with that one (a part above it is the same table, never dropped), and
    every later header row is a repeat of it (skipped) or a different table's."""
    headers = [
        (row_number, columns)
        for row_number, cells in sheet.rows
        if _is_header(columns := header_columns(cells))
    ]
    start = next(n for n, c in headers if _same_layout(c, best_columns))  # best_row at last
    table = Table(sheet=sheet, header_row=start, columns={})
    for row_number, columns in headers:
        if row_number < start:
            continue
        if _same_layout(columns, best_columns) and _same_layout(columns, table.columns):
            for key, index in columns.items():
                table.columns.setdefault(key, index)
            if row_number > start:
                table.repeated_headers.append(row_number)
        else:
            table.other_headers.append(row_number)
    return table


def _title_row(sheet: Sheet, header_row: int) -> tuple[str, str]:
    """The first row above the header that holds one text alone: the plan's title, and
    why it cannot be one ('' if it can)."""
    for row_number, cells in sheet.rows:
        if row_number >= header_row:
            break
        # One text, perhaps merged across the table's width (then repeated in each cell).
        if (text := _lone_text(cells)) is None:
            continue
        title = " ".join(text.split())
        limit = Plan._meta.get_field("title").max_length
        if len(title) > limit:
            return "", _(
                "Filens titelrad ovanför tabellen har %(n)s tecken, men en plans titel får "
                "ha högst %(max)s. Ange en kortare titel för den nya planen."
            ) % {"n": len(title), "max": limit}
        if is_template_title(title):
            return "", _(
                "Filens titelrad ovanför tabellen är mallens exempel ”%(title)s”. Ange "
                "den nya planens titel (i fältet, eller i filens titelrad)."
            ) % {"title": title}
        return title, ""
    return "", ""


def _lone_text(cells: list) -> str | None:
    """The one text a row holds, in one cell or merged across several (then repeated in
    each); None if the row holds no text or more than one."""
    texts = {clean_text(v) for v in cells if isinstance(v, str)} - {""}
    if len(texts) != 1 or any(v is not None and not isinstance(v, str) for v in cells):
        return None
    return next(iter(texts))


def legend_entries(sheets: list[Sheet], table: Table) -> dict[str, tuple[str, str, str]]:
    """Abbreviations explained in the file (legend sheet or lines under the table).

    Key: actor key of the abbreviation; value: (code, name, description).
    """
    from spreadsheets.importing.parsing import actor_key

    entries: dict[str, tuple[str, str, str]] = {}
    for sheet in sheets:
        if sheet.hidden and sheet is not table.sheet:
            continue  # like the table, the legend is read from what the user sees
        for row_number, cells in sheet.rows:
            if sheet is table.sheet:
                if row_number <= table.header_row:
                    continue
                # inside the table a legend line stands alone (in one cell, or merged)
                entry = table_legend_line(cells, table)
            else:
                entry = legend_entry(cells)
            if entry is None:
                continue
            code, text = entry
            name, description = split_legend_name(text)
            entries.setdefault(actor_key(code), (code, name, description))
    return entries


def table_legend_line(cells: list, table: Table) -> tuple[str, str] | None:
    """A line of the legend among the table's rows ('KLK = Kommunledningskontoret', under
    the table or between its parts): one text alone, in one cell or merged across several,
    but not an activity alone in the Aktivitet column."""
    if not any(isinstance(v, str) and "=" in v for v in cells):
        return None  # the common case, a row of the table: no legend line (cheap)
    text = _lone_text(cells)
    if text is None:
        return None
    if [i for i, v in enumerate(cells) if clean_text(v)] == [table.columns["title"]]:
        return None
    return legend_entry([text])


def _legend_follows(rows: list[tuple[int, list]], position: int, table: Table) -> bool:
    """Whether the next row with a value after ``position`` is a line of the legend."""
    for _row_number, cells in rows[position + 1 :]:
        if any(clean_text(v) for v in cells):
            return table_legend_line(cells, table) is not None
    return False


class Analyser:
    """Compares the file's rows with the plan and says what each row would do."""

    def __init__(
        self,
        sheets: list[Sheet],
        *,
        plan: Plan,
        create_actors: bool = False,
        tertial=None,
    ):
        self.sheets = sheets
        self.plan = plan
        self.create_actors = create_actors
        self.tertial = tertial

    def run(self, result: ImportResult) -> Pending:
        pending = Pending(plan=self.plan)
        table, issues = find_table(self.sheets)
        result.file_errors.extend(issues)
        if table is None:
            return pending
        result.sheet, result.header_row = table.sheet.name, table.header_row
        result.file_title, result.file_title_problem = table.title, table.title_problem
        hidden = [s.name for s in self.sheets if s.hidden and s is not table.sheet]
        if table.sheet.hidden:
            result.notes.append(
                Issue(
                    _(
                        "Tabellen lästes från det dolda bladet ”%(sheet)s”, eftersom inget "
                        "synligt blad har en tabell. Kontrollera att det är rätt tabell."
                    )
                    % {"sheet": table.sheet.name}
                )
            )
        elif hidden:
            result.notes.append(
                Issue(
                    _("Dolda blad lästes inte: %(sheets)s.")
                    % {"sheets": join_list([quoted(name) for name in hidden])}
                )
            )
        self._load(pending)
        legend = legend_entries(self.sheets, table) if self.create_actors else {}
        self._analyse_rows(table, legend, pending, result)
        if self.ids_ignored:
            result.notes.append(
                Issue(
                    _(
                        "Kolumnen ID används inte när en ny plan skapas (id:na hör till planen "
                        "som filen togs ut ur): varje rad blir en ny aktivitet."
                    ),
                    sheet=table.sheet.name,
                )
            )
        result.untouched = len(self.activities_by_id) - len(self.matched_ids)
        result.new_focus_areas = [fa.title for fa in pending.new_focus_areas]
        result.new_actors = [(a.code, a.name) for a in pending.new_actors]
        if table.repeated_headers:
            rows = join_list([str(n) for n in table.repeated_headers])
            result.notes.append(
                Issue(
                    ngettext(
                        "Rubrikraden upprepas på rad %(rows)s (tabellen står i delar); den "
                        "raden lästes som rubrik, inte som aktivitet.",
                        "Rubrikraden upprepas på raderna %(rows)s (tabellen står i delar); de "
                        "raderna lästes som rubriker, inte som aktiviteter.",
                        len(table.repeated_headers),
                    )
                    % {"rows": rows},
                    sheet=table.sheet.name,
                )
            )
        result.notes.extend(
            Issue(
                _("Mallens exempelrad (”%(example)s”) importeras inte.")
                % {"example": TEMPLATE_EXAMPLE["title"]},
                sheet=table.sheet.name,
                row=row_number,
            )
            for row_number in self.example_rows
        )
        if not result.rows and not result.file_errors:
            message = _("Tabellen har inga rader med aktiviteter under rubrikraden.")
            if self.example_rows:
                message = _(
                    "Tabellen har inga rader med aktiviteter under rubrikraden, bara mallens "
                    "exempelrad, som inte importeras. Skriv planens aktiviteter under "
                    "rubrikraden och importera filen igen."
                )
            result.file_errors.append(Issue(message, sheet=table.sheet.name, row=table.header_row))
        return pending

    # --- database state (a constant number of queries) ---------------------
    def _load(self, pending: Pending) -> None:
        self.matcher = ActorMatcher(Actor.objects.all())
        self.focus_areas: dict[str, FocusArea] = {}
        self.activities_by_id: dict[int, Activity] = {}
        self.activities_by_key: dict[tuple[str, str], Activity] = {}
        self.actor_ids: dict[int, list[int]] = {}
        self.matched_ids: set[int] = set()
        self.follow_ups: dict[int, object] = {}
        self.tertial_closed = False
        self.ids_ignored = False  # a new plan: the file's ID column names another plan's rows
        self.actor_by_id = {a.pk: a for a in self.matcher.actors}
        if self.plan.pk is None:
            return
        areas = list(FocusArea.objects.filter(plan=self.plan))
        area_by_id = {fa.pk: fa for fa in areas}
        for fa in areas:
            self.focus_areas[match_key(fa.title)] = fa
        activities = list(Activity.objects.filter(focus_area__plan=self.plan))
        for activity in activities:
            activity.focus_area = area_by_id[activity.focus_area_id]
            fa_key = match_key(activity.focus_area.title)
            self.activities_by_id[activity.pk] = activity
            self.activities_by_key.setdefault((fa_key, match_key(activity.title)), activity)
        through = Activity.responsible.through.objects.filter(
            activity__focus_area__plan=self.plan
        ).values_list("id", "activity_id", "actor_id")
        actor_by_id = self.actor_by_id
        for through_id, activity_id, actor_id in through:
            pending.through_ids.setdefault(activity_id, {})[actor_id] = through_id
        for activity_id, ids in pending.through_ids.items():
            self.actor_ids[activity_id] = sorted(
                ids, key=lambda i: actor_order(actor_by_id[i]) if i in actor_by_id else (0, "")
            )
        if self.tertial is not None:
            self.tertial_closed = is_closed(self.plan.pk, self.tertial)
        if activities:
            # the tertial chosen, else each activity's latest (what an export writes)
            self.follow_ups = latest_follow_ups([a.pk for a in activities], up_to=self.tertial)

    # --- rows -------------------------------------------------------------
    def _analyse_rows(self, table: Table, legend, pending: Pending, result: ImportResult) -> None:
        columns = table.columns
        sheet = table.sheet.name
        current_focus = ""
        seen_keys: dict[tuple[str, str], int] = {}
        seen_ids: dict[int, int] = {}
        new_areas: dict[str, FocusArea] = {}
        new_actor_by_key: dict[str, Actor] = {}

        def cell(cells: list, key: str):
            index = columns.get(key)
            if index is None or index >= len(cells):
                return None
            return cells[index]

        rows = [(n, cells) for n, cells in table.sheet.rows if n > table.header_row]
        repeated_headers, other_headers = set(table.repeated_headers), set(table.other_headers)
        examples = example_keys()
        self.example_rows: list[int] = []
        for position, (row_number, cells) in enumerate(rows):
            if row_number in repeated_headers:
                continue  # the header over the table's next part
            if row_number in other_headers:
                result.file_errors.append(
                    Issue(
                        _(
                            "Raden ser ut som en rubrikrad men har inte samma kolumner på "
                            "samma platser som tabellens rubrikrad (rad %(row)s), så raderna "
                            "under den kan inte läsas. Står tabellen i flera delar: ge varje "
                            "del samma rubrikrad. Är det en annan tabell: flytta den till ett "
                            "eget blad."
                        )
                        % {"row": table.header_row},
                        sheet=sheet,
                        row=row_number,
                    )
                )
                continue
            values = {key: cell(cells, key) for key in columns}
            unusable = _unusable_cells(values, sheet, row_number)
            for key in unusable:
                values[key] = None
            texts = {key: clean_text(v) for key, v in values.items()}
            if not any(texts.values()) and not any(
                v is not None and (not isinstance(v, str) or v.strip()) for v in cells
            ):
                result.blank_rows += 1
                continue
            if table_legend_line(cells, table):
                continue  # 'KLK = Kommunledningskontoret' under the table or between its parts
            example = example_columns(texts, examples)
            if len(example) == len(examples):
                self.example_rows.append(row_number)  # the template's example row, left in
                continue
            data_keys = [k for k in columns if k != "focus_area" and texts.get(k)]
            if not data_keys:
                # A focus-area heading on a row of its own; or the legend's heading
                # ('Förkortningar'), which names no focus area.
                if texts["focus_area"] and not _legend_follows(rows, position, table):
                    current_focus = texts["focus_area"]
                continue
            if texts["focus_area"]:
                current_focus = texts["focus_area"]
            row = self._row(row_number, sheet, texts, values, current_focus, result)
            errors = row.errors
            errors.extend(unusable.values())
            errors.extend(
                Issue(
                    _(
                        "Cellen har kvar mallens exempeltext. Skriv planens egen text i "
                        "cellen, eller ta bort exempelraden."
                    ),
                    sheet,
                    row_number,
                    str(COLUMNS_BY_KEY[key].label),
                    texts[key],
                )
                for key in example
            )
            errors.extend(_storage_problems(values, current_focus, sheet, row_number))

            def error(
                message: str, key: str = "", value: str = "", _errors=errors, _row=row_number
            ):
                column = str(COLUMNS_BY_KEY[key].label) if key else ""
                _errors.append(Issue(message, sheet=sheet, row=_row, column=column, value=value))

            if not current_focus:
                error(
                    _("Fokusområde saknas, och det finns inget fokusområde ovanför."), "focus_area"
                )
            if not texts["title"] and "title" not in unusable:
                error(_("Aktivitet saknas."), "title")
            # actors
            actors, unknown = self.matcher.parse(values["responsible"])
            for name in unknown:
                entry = legend.get(_legend_key(name))
                if entry is not None:
                    actor = new_actor_by_key.get(_legend_key(name))
                    if actor is None and (problem := _legend_too_long(entry)):
                        error(problem, "responsible", texts["responsible"])
                        continue
                    if actor is None:
                        code, full_name, description = entry
                        actor = Actor(
                            code=code,
                            name=full_name,
                            description=description,
                            kind=Actor.Kind.OTHER,
                        )
                        new_actor_by_key[_legend_key(name)] = actor
                        pending.new_actors.append(actor)
                        self.matcher.add(actor)
                    if actor not in actors:
                        actors.append(actor)
                    continue
                error(
                    _("Okänd aktör ”%(name)s”. Aktörer som finns: %(known)s.")
                    % {"name": name, "known": self.matcher.known_display()},
                    "responsible",
                    texts["responsible"],
                )
            if not actors and not unknown:
                error(_("Ansvarig saknas: ange minst en aktör."), "responsible")
            actors.sort(key=actor_order)
            row.responsible = join_swedish([a.code for a in actors])
            # date and id
            deadline, ongoing = None, False
            try:
                parsed = parse_deadline(values["deadline"], date1904=table.sheet.date1904)
                deadline, ongoing = parsed.date, parsed.ongoing
            except ValueProblem as exc:
                error(str(exc), "deadline", texts["deadline"])
            row.deadline, row.ongoing = deadline, ongoing
            activity_id = None
            try:
                activity_id = parse_id(values.get("id"))
            except ValueProblem as exc:
                error(str(exc), "id", texts.get("id", ""))
            if activity_id is not None and self.plan.pk is None:
                # A new plan from an export of another (next year's plan from this one):
                # the ids belong to that plan, so every row is a new activity.
                activity_id = None
                self.ids_ignored = True

            # matching
            fa_key = match_key(current_focus)
            title_key = match_key(texts["title"])
            existing: Activity | None = None
            if activity_id is not None:
                existing = self.activities_by_id.get(activity_id)
                if existing is None:
                    error(
                        _(
                            "Det finns ingen aktivitet med id %(id)s i planen ”%(plan)s”. "
                            "Är raden en ny aktivitet: töm ID-cellen. Kommer filen från en "
                            "annan plan: välj den planen, eller skapa en ny plan av filen."
                        )
                        % {"id": activity_id, "plan": self.plan.title},
                        "id",
                        str(activity_id),
                    )
                elif activity_id in seen_ids:
                    error(
                        _("Aktiviteten med id %(id)s finns redan på rad %(row)s.")
                        % {"id": activity_id, "row": seen_ids[activity_id]},
                        "id",
                        str(activity_id),
                    )
                seen_ids.setdefault(activity_id, row_number)
            elif texts["title"]:
                if (fa_key, title_key) in seen_keys:
                    error(
                        _(
                            "Samma aktivitet under samma fokusområde finns redan på rad %(row)s. "
                            "Ta bort dubbletten eller lägg till en ID-kolumn."
                        )
                        % {"row": seen_keys[(fa_key, title_key)]},
                        "title",
                        texts["title"],
                    )
                seen_keys.setdefault((fa_key, title_key), row_number)
                existing = self.activities_by_key.get((fa_key, title_key))
                if existing is not None and existing.pk in self.matched_ids:
                    existing = None  # already taken by a row with an ID
            if existing is not None:
                self.matched_ids.add(existing.pk)
                row.activity_id = existing.pk

            if errors:
                row.outcome = ERROR
                continue

            # focus area (existing, or new in this import); plans.services numbers focus
            # areas and activities when they are written
            focus_area = self.focus_areas.get(fa_key) or new_areas.get(fa_key)
            if focus_area is None:
                focus_area = FocusArea(plan=self.plan, title=focus_area_title(current_focus))
                new_areas[fa_key] = focus_area
                pending.new_focus_areas.append(focus_area)

            if existing is None:
                new = NewActivity(
                    row=row_number,
                    focus_area=focus_area,
                    title=texts["title"],
                    implementation=texts["implementation"],
                    deadline=deadline,
                    actors=actors,
                    ongoing=ongoing,
                )
                pending.creates.append(new)
                row.outcome = NEW
                self._follow_up(row, texts, None, new, pending, sheet)
                continue

            self._compare(row, existing, focus_area, texts, (deadline, ongoing), actors, pending)
            self._follow_up(row, texts, existing, existing, pending, sheet)

    def _row(self, row_number, sheet, texts, values, current_focus, result: ImportResult):
        row = RowResult(
            row=row_number,
            outcome=UNCHANGED,
            focus_area=current_focus,
            title=texts["title"],
            implementation=texts["implementation"],
            follow_up=texts.get("follow_up", ""),
        )
        result.rows.append(row)
        return row

    def _compare(self, row, existing, focus_area, texts, when, actors, pending):
        deadline, ongoing = when
        fields: dict = {}
        changes: list[Change] = []
        if focus_area is not existing.focus_area:
            fields["focus_area"] = focus_area
            changes.append(Change(_("Fokusområde"), existing.focus_area.title, focus_area.title))
        for key, label in (("title", _("Aktivitet")), ("implementation", _("Genomförande"))):
            if texts[key] != getattr(existing, key):
                fields[key] = texts[key]
                changes.append(Change(label, getattr(existing, key), texts[key]))
        if deadline != existing.deadline or ongoing != existing.ongoing:
            fields["deadline"] = deadline
            fields["ongoing"] = ongoing
            changes.append(
                Change(
                    _("Genomfört"),
                    _date_text(existing.deadline, existing.ongoing),
                    _date_text(deadline, ongoing),
                )
            )
        old_ids = self.actor_ids.get(existing.pk, [])
        new_ids = [a.pk for a in actors]
        actors_changed = set(old_ids) != set(new_ids) or any(a.pk is None for a in actors)
        if actors_changed:
            old_display = join_swedish(
                [self.actor_by_id[i].code for i in old_ids if i in self.actor_by_id]
            )
            changes.append(Change(_("Ansvarig"), old_display, row.responsible))
        if changes:
            row.outcome = UPDATE
            row.changes.extend(changes)
            pending.updates.append(
                ActivityUpdate(
                    row=row.row,
                    activity=existing,
                    fields=fields,
                    actors=actors,
                    actors_changed=actors_changed,
                )
            )

    def _follow_up(self, row, texts, existing, target, pending: Pending, sheet: str) -> None:
        text = texts.get("follow_up", "")
        if not text:
            return
        current = self.follow_ups.get(existing.pk) if existing is not None else None
        if current is not None and text == followups.cell_text(current):
            return  # exactly what an export of this activity writes: nothing to import
        column = str(COLUMNS_BY_KEY["follow_up"].label)
        if self.tertial is None:
            row.notes.append(
                Issue(followups.no_tertial_message(), sheet, row.row, column, _short(text))
            )
            return
        if current is not None and current.tertial != self.tertial:
            current = None  # an earlier tertial's entry: this tertial has none yet
        parsed = followups.parse_cell(text)
        if parsed.tertial_label and parsed.tertial_label != self.tertial.label:
            # An export's cell says which tertial it was reported for: never file it under
            # another one.
            row.errors.append(
                Issue(
                    _(
                        "Uppföljningen i cellen gäller %(cell)s, men importen gäller "
                        "%(tertial)s. Välj %(cell)s som tertial, eller ta bort uppföljningen "
                        "ur cellen (eller ”(%(cell)s)” om texten gäller %(tertial)s)."
                    )
                    % {"cell": parsed.tertial_label, "tertial": self.tertial.label},
                    sheet,
                    row.row,
                    column,
                    _short(text),
                )
            )
            row.outcome = ERROR
            return
        status = followups.status_for_label(parsed.status_label) if parsed.status_label else None
        if current is not None:
            same_comment = (current.comment or "").strip() == parsed.comment
            if same_comment and (status is None or status == current.status):
                return
        problem = self._follow_up_problem(current, status, parsed.comment)
        if problem:
            row.errors.append(Issue(problem, sheet, row.row, column, _short(text)))
            row.outcome = ERROR
            return
        old = followups.cell_text(current) if current is not None else ""
        row.changes.append(
            Change(_("Uppföljning %(tertial)s") % {"tertial": self.tertial.label}, old, text)
        )
        if row.outcome == UNCHANGED:
            row.outcome = UPDATE
        pending.follow_ups.append(
            FollowUpWrite(
                target=target, tertial=self.tertial, comment=parsed.comment, status=status
            )
        )

    def _follow_up_problem(self, current, status, comment: str) -> str:
        """Why the follow-up app would refuse this entry (checked now, for a truthful preview)."""
        if self.tertial_closed:
            return _("Uppföljningen för %(tertial)s är stängd och kan inte ändras.") % {
                "tertial": self.tertial.label
            }
        new_status = status or (current.status if current else Status.NOT_STARTED)
        try:
            validate_entry(new_status, comment)
        except ValidationError as exc:
            return " ".join(exc.messages)
        return ""


def _legend_key(name: str) -> str:
    from spreadsheets.importing.parsing import actor_key

    return actor_key(name)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _date_text(value: datetime.date | None, ongoing: bool = False) -> str:
    if ongoing:
        return str(ONGOING_LABEL)
    return value.isoformat() if value else ""


def _legend_too_long(entry: tuple[str, str, str]) -> str:
    """Why the legend's explanation of an abbreviation cannot become an actor, or ''."""
    code, name, _description = entry
    for value, field_name in ((code, "code"), (name, "name")):
        limit = Actor._meta.get_field(field_name).max_length
        if len(value) > limit:
            return _(
                "Förkortningslistans förklaring av ”%(code)s” är för lång för en aktör: "
                "%(n)s tecken, högst %(max)s. Korta den i förkortningslistan (en längre "
                "beskrivning kan stå inom parentes efter namnet) och importera igen."
            ) % {"code": code[:40], "n": len(value), "max": limit}
    return ""


def _unusable_cells(values: dict, sheet: str, row: int) -> dict[str, Issue]:
    """Cells the import would use that hold an error value or an uncomputed formula."""
    found: dict[str, Issue] = {}
    for key, value in values.items():
        column = str(COLUMNS_BY_KEY[key].label)
        if isinstance(value, CellError):
            found[key] = Issue(
                _(
                    "Cellen innehåller felvärdet %(error)s (en formel som inte gick att räkna "
                    "ut), inte ett värde. Rätta formeln eller skriv in värdet i cellen, spara "
                    "och importera filen igen."
                )
                % {"error": value.value},
                sheet,
                row,
                column,
                value.value,
            )
        elif isinstance(value, MissingValue):
            found[key] = Issue(
                _(
                    "Cellen har en formel men inget uträknat värde (filen är skriven av ett "
                    "program som inte räknar ut formler). Öppna filen i Excel eller "
                    "LibreOffice och spara den, så att värdena räknas ut, och importera den "
                    "igen."
                ),
                sheet,
                row,
                column,
                str(value),
            )
    return found


def _storage_problems(values: dict, focus_area: str, sheet: str, row: int) -> list[Issue]:
    """What the database would refuse, found now so that the preview is true: a NUL
    character (PostgreSQL stores none) and text longer than its column allows."""
    problems = []
    for key, text in values.items():
        if isinstance(text, str) and "\x00" in text:
            problems.append(
                Issue(
                    _(
                        "Cellen innehåller ett NUL-tecken (kod 0), som inte kan sparas; "
                        "filen är troligen skadad. Spara den igen som ”CSV UTF-8” eller "
                        "Excel-arbetsbok och importera den igen."
                    ),
                    sheet,
                    row,
                    str(COLUMNS_BY_KEY[key].label),
                    _short(text.replace("\x00", "")),
                )
            )
    limit = FocusArea._meta.get_field("title").max_length
    if len(focus_area) > limit:
        problems.append(
            Issue(
                _(
                    "Fokusområdets namn har %(n)s tecken; det får ha högst %(max)s. Korta "
                    "namnet (en förklaring kan stå i aktivitetens text) och importera igen."
                )
                % {"n": len(focus_area), "max": limit},
                sheet,
                row,
                str(COLUMNS_BY_KEY["focus_area"].label),
                _short(focus_area),
            )
        )
    return problems
