"""The import service: real spreadsheets in, the plan's rows, actors, dates and history out."""

import datetime

from actors.models import Actor
from plans.models import Activity, FocusArea, Plan
from spreadsheets.importing.results import ERROR, NEW, UNCHANGED, UPDATE
from spreadsheets.services import NewPlan, import_plan
from tests.spreadsheets.files.workbooks import (
    ALL5,
    FA1,
    FA2,
    FA3,
    HEADER,
    PLAN_TITLE,
    SEED_ROWS,
    seed_workbook,
    simple_workbook,
)

HistoricalActivity = Activity.history.model


def table(plan: Plan) -> list[tuple]:
    """The plan as rows: (focus area, order, title, implementation, actors, deadline)."""
    return [
        (
            a.focus_area.title,
            a.order,
            a.title,
            a.implementation,
            a.responsible_display(),
            a.deadline,
        )
        for a in Activity.objects.filter(focus_area__plan=plan)
        .with_related()
        .order_by("focus_area__order", "order")
    ]


def history_count() -> int:
    return HistoricalActivity.objects.count()


def import_new(data: bytes, user=None, title: str = PLAN_TITLE, **kwargs):
    return import_plan(
        data, filename="plan.xlsx", new_plan=NewPlan(title), user=user, dry_run=False, **kwargs
    )


def test_the_seed_workbook_becomes_the_adopted_plan(actors, make_user):
    user = make_user(username="importor")
    result = import_new(seed_workbook(), user=user)

    assert result.ok and result.applied
    assert result.sheet == "Handlingsplan"  # not the active sheet (the legend)
    assert result.header_row == 4  # below the title rows
    assert result.counts == {NEW: 8, UPDATE: 0, UNCHANGED: 0, ERROR: 0}
    plan = Plan.objects.get(pk=result.plan_id)
    assert plan.title == PLAN_TITLE
    assert (plan.period_start, plan.period_end) == (
        datetime.date(2016, 1, 1),
        datetime.date(2017, 12, 31),
    )
    assert list(plan.focus_areas.values_list("title", "order")) == [(FA1, 1), (FA2, 2), (FA3, 3)]
    rows = table(plan)
    assert rows[0][4] == "Trygghetssamordnaren och Lopo Täby"  # 'Trygghets-samordnaren'
    assert rows[1][4] == ALL5
    assert rows[2][4] == "KLK, SF och Lopo Täby"  # 'KLK, SF, och Lopo Täby'
    assert [r[5] for r in rows] == [r[4] for r in SEED_ROWS]
    # merged cells and the blank row inside the table continue the focus area above
    assert [(r[0], r[1]) for r in rows] == [
        (FA1, 1),
        (FA2, 1),
        (FA2, 2),
        (FA2, 3),
        (FA3, 1),
        (FA3, 2),
        (FA3, 3),
        (FA3, 4),
    ]
    assert [r[2] for r in rows] == [r[1] for r in SEED_ROWS]


def test_import_writes_history_with_the_importing_user_and_the_actor_lists(actors, make_user):
    user = make_user(username="importor")
    import_new(seed_workbook(), user=user)

    records = HistoricalActivity.objects.filter(history_type="+", history_user=user)
    assert records.count() == 8
    assert HistoricalActivity.objects.filter(history_user__isnull=False).count() == 8
    assert {r.history_type for r in records} == {"+"}
    assert {r.history_user_id for r in records} == {user.pk}
    first = records.get(title__startswith="Fastställa")
    assert {m.actor.code for m in first.responsible.all()} == {"Trygghetssamordnaren", "Lopo Täby"}
    assert FocusArea.history.filter(history_user=user).count() == 3
    assert Plan.history.get(history_type="+", title=PLAN_TITLE, history_user=user)


def test_reimporting_the_same_file_changes_nothing_and_adds_no_history(actors, make_user):
    user = make_user()
    data = seed_workbook()
    plan = Plan.objects.get(pk=import_new(data, user=user).plan_id)
    before = (history_count(), FocusArea.history.count(), table(plan))

    again = import_plan(data, filename="plan.xlsx", plan=plan, user=user, dry_run=False)

    assert again.ok
    assert again.counts == {NEW: 0, UPDATE: 0, UNCHANGED: 8, ERROR: 0}
    assert not again.has_changes
    assert (history_count(), FocusArea.history.count(), table(plan)) == before


def test_an_edited_file_updates_the_matched_activities_with_history(actors, make_user):
    first_user, second_user = make_user(username="forsta"), make_user(username="andra")
    plan = Plan.objects.get(pk=import_new(seed_workbook(), user=first_user).plan_id)
    edited = list(SEED_ROWS)
    focus, title, implementation, _responsible, _deadline = edited[1]
    edited[1] = (
        focus,
        title,
        implementation + " Nytt stycke.",
        "KLK & SF",
        datetime.date(2018, 1, 31),
    )
    edited.append((FA3, "En helt ny aktivitet", "Görs", "BUF/KFF", datetime.date(2017, 12, 1)))
    history_before = history_count()

    result = import_plan(
        seed_workbook(edited), filename="plan.xlsx", plan=plan, user=second_user, dry_run=False
    )

    assert result.counts == {NEW: 1, UPDATE: 1, UNCHANGED: 7, ERROR: 0}
    changed = next(r for r in result.rows if r.outcome == UPDATE)
    assert {c.field for c in changed.changes} == {"Genomförande", "Ansvarig", "Genomfört"}
    activity = Activity.objects.get(pk=changed.activity_id)
    assert activity.implementation.endswith("Nytt stycke.")
    assert activity.responsible_display() == "KLK och SF"
    assert activity.deadline == datetime.date(2018, 1, 31)
    new = Activity.objects.get(title="En helt ny aktivitet")
    assert (new.focus_area.title, new.order, new.responsible_display()) == (FA3, 5, "BUF och KFF")
    assert history_count() == history_before + 2
    latest = activity.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == second_user
    assert {m.actor.code for m in latest.responsible.all()} == {"KLK", "SF"}
    previous = latest.prev_record
    delta = latest.diff_against(previous)
    assert {c.field for c in delta.changes} == {
        "implementation",
        "deadline",
        "responsible",
        "version",  # counted up, as a page edit does (optimistic locking)
    }
    assert latest.version == previous.version + 1


def test_an_id_column_makes_updates_unambiguous(seed_plan):
    activity = Activity.objects.get(focus_area__plan=seed_plan, focus_area__order=1)
    data = simple_workbook(
        [
            [
                FA2,
                "Ny titel på lägesbilden",
                "Nytt genomförande",
                "KLK",
                "2017-01-31",
                "",
                activity.pk,
            ]
        ],
        header=[*HEADER, "ID"],
    )
    result = import_plan(data, filename="x.xlsx", plan=seed_plan, dry_run=False)

    assert result.counts[UPDATE] == 1
    activity.refresh_from_db()
    assert activity.title == "Ny titel på lägesbilden"
    assert activity.focus_area.title == FA2
    assert activity.order == 4  # after the three already there
    assert result.untouched == 7


def test_an_unknown_id_is_an_error(seed_plan):
    data = simple_workbook([[FA1, "X", "", "KLK", "", "", 99999]], header=[*HEADER, "ID"])
    result = import_plan(data, filename="x.xlsx", plan=seed_plan, dry_run=False)
    assert "ingen aktivitet med id 99999" in str(result.errors[0])


def test_dates_as_excel_dates_iso_text_and_swedish_text(actors):
    data = seed_workbook(
        text_dates={
            0: "2016-12-31",
            1: "30 april 2017",
            2: " 31 aug. 2017 ",
            3: "den 31 december 2017",
        }
    )
    plan = Plan.objects.get(pk=import_new(data).plan_id)
    assert [r[5] for r in table(plan)] == [r[4] for r in SEED_ROWS]


def test_an_unreadable_date_is_an_error_with_sheet_row_column_and_value(actors):
    result = import_new(seed_workbook(text_dates={1: "våren 2017"}))
    assert not result.applied
    error = result.errors[0]
    assert (error.sheet, error.row, error.column, error.value) == (
        "Handlingsplan",
        6,
        "Genomfört",
        "våren 2017",
    )
    assert "inte ett datum" in str(error)
    assert "Blad ”Handlingsplan”, rad 6, kolumn Genomfört" in str(error)


def test_an_unknown_actor_is_an_error_naming_it_and_the_existing_actors(actors):
    rows = list(SEED_ROWS)
    rows[3] = (*rows[3][:3], "KLK, Fritidsgården och SF", rows[3][4])
    result = import_new(seed_workbook(rows))

    assert not result.applied
    assert not Plan.objects.filter(title=PLAN_TITLE).exists()
    (error,) = result.errors
    assert error.column == "Ansvarig"
    assert "Okänd aktör ”Fritidsgården”" in error.message
    assert "KLK, Trygghetssamordnaren, BUF, KFF, SF, SBF, Lopo Täby, SSBF" in error.message


def test_every_error_is_listed_and_nothing_is_written(seed_plan):
    """All or nothing: one good row and three bad ones write nothing and report all three."""
    before = table(seed_plan), history_count()
    rows = [
        [FA1, "Fastställa en aktuell och bred lägesbild", "", "KLK", "2017-01-01"],
        [FA1, "Ny rad med okänd aktör", "", "Okänd", "2017-01-01"],
        [FA1, "Ny rad med dåligt datum", "", "KLK", "snart"],
        [FA1, "", "Genomförande utan aktivitet", "KLK", ""],
    ]
    result = import_plan(simple_workbook(rows), filename="x.xlsx", plan=seed_plan, dry_run=False)
    assert not result.applied
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Ansvarig"),
        (4, "Genomfört"),
        (5, "Aktivitet"),
    ]
    assert result.counts[ERROR] == 3
    assert (table(seed_plan), history_count()) == before


def test_actor_names_full_names_aliases_and_separators_in_any_mix(actors):
    rows = [
        (FA1, "A1", "", "Kommunledningskontoret\nBarn- och ungdomsförvaltningen", None),
        (FA1, "A2", "", "kff /  sf & Polisen", None),
        (FA1, "A3", "", "Trygghets-\u00a0samordnaren, LPO\u00a0Täby", None),
        (FA1, "A4", "", "Kultur- och fritidsförvaltningen samt Socialtjänsten;SSBF", None),
        (FA1, "A5", "", "KLK,,BUF och och SF", None),
    ]
    plan = Plan.objects.get(pk=import_new(seed_workbook(rows, text_dates={})).plan_id)
    assert [r[4] for r in table(plan)] == [
        "KLK och BUF",
        "KFF, SF och Lopo Täby",
        "Trygghetssamordnaren och Lopo Täby",
        "KFF, SF och SSBF",
        "KLK, BUF och SF",
    ]


def test_text_is_trimmed_and_normalised_but_meaningful_line_breaks_kept(actors):
    rows = [
        (
            FA1,
            "  Sprid\u00a0\u00a0information   ",
            "Steg ett\r\n  Steg två  \n\n\n\nSlut  ",
            "KLK",
            None,
        ),
    ]
    plan = Plan.objects.get(pk=import_new(seed_workbook(rows)).plan_id)
    (row,) = table(plan)
    assert row[2] == "Sprid information"
    assert row[3] == "Steg ett\nSteg två\n\nSlut"


def test_a_legend_can_create_actors_the_user_asks_for(actors):
    rows = [(FA1, "A1", "", "KLK och RTJ", None)]
    data = seed_workbook(rows)
    refused = import_new(data)
    assert "Okänd aktör ”RTJ”" in str(refused.errors[0])

    from openpyxl import load_workbook

    from tests.spreadsheets.files.workbooks import to_bytes

    workbook = load_workbook(__import__("io").BytesIO(data))
    workbook["Förkortningar"].append(["RTJ", "Räddningstjänsten (Storstockholm)"])
    result = import_new(to_bytes(workbook), create_actors=True)
    assert result.applied
    assert result.new_actors == [("RTJ", "Räddningstjänsten")]
    created = Actor.objects.get(code="RTJ")
    assert (created.name, created.description) == ("Räddningstjänsten", "Storstockholm")
    assert table(Plan.objects.get(pk=result.plan_id))[0][4] == "KLK och RTJ"


def test_legend_lines_under_the_table_are_not_activities(actors):
    data = simple_workbook(
        [
            [FA1, "A1", "", "KLK", "2017-04-30"],
            [],
            ["KLK = Kommunledningskontoret"],
            ["Lopo Täby = Lokalpolisområde Täby (Danderyds kommun, Täby kommun)"],
        ]
    )
    result = import_new(data)
    assert result.counts[NEW] == 1
    assert result.ok


def test_a_dry_run_writes_nothing(actors):
    history_before = history_count()
    result = import_plan(
        seed_workbook(), filename="plan.xlsx", new_plan=NewPlan(PLAN_TITLE), dry_run=True
    )
    assert result.ok and not result.applied
    assert result.counts[NEW] == 8
    assert not Plan.objects.exists()
    assert history_count() == history_before


def test_a_new_plan_may_not_take_an_existing_title(seed_plan):
    result = import_new(seed_workbook(), title=seed_plan.title.upper())
    assert "Det finns redan en plan" in str(result.errors[0])


def test_duplicate_rows_without_id_are_errors(actors):
    rows = [SEED_ROWS[0], SEED_ROWS[0]]
    result = import_new(seed_workbook(rows, merge_focus_areas=False, blank_row_inside=False))
    assert "finns redan på rad 5" in str(result.errors[0])


def test_the_preview_runs_a_constant_number_of_queries(make_plan, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from spreadsheets.exporting import export_xlsx

    counts = []
    for size in [(2, 5), (6, 20)]:
        plan = make_plan(*size)
        data = export_xlsx(plan)
        with CaptureQueriesContext(connection) as queries:
            result = import_plan(data, filename="x.xlsx", plan=plan, dry_run=True)
        assert result.counts[UNCHANGED] == size[0] * size[1]
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # actors, focus areas, activities, their actors (+ follow-ups when that app exists)
    with django_assert_max_num_queries(6):
        import_plan(data, filename="x.xlsx", plan=plan, dry_run=True)


def test_merged_cells_in_any_column_carry_their_value_to_every_row(actors):
    """A merged Ansvarig cell over three activities gives all three those actors."""
    import io

    from openpyxl import load_workbook

    from tests.spreadsheets.files.workbooks import to_bytes

    rows = [(FA2, f"Aktivitet {i}", "", "KLK och SF" if i == 1 else None, None) for i in (1, 2, 3)]
    workbook = load_workbook(io.BytesIO(seed_workbook(rows, blank_row_inside=False)))
    workbook["Handlingsplan"].merge_cells("D5:D7")
    plan = Plan.objects.get(pk=import_new(to_bytes(workbook)).plan_id)
    assert [r[4] for r in table(plan)] == ["KLK och SF"] * 3
