"""Layouts of a plan's table from the field (issue 12): the adopted document's table in two
parts (a page break, each part under its own header row and followed by the legend), the
title row above it, and the template workbook with its example left in."""

import datetime
import io
import pathlib

import openpyxl
import pytest

from plans.models import Activity, Plan
from spreadsheets.exporting import template_xlsx
from spreadsheets.importing.results import NEW
from tests.spreadsheets.files.workbooks import (
    FA2,
    HEADER,
    MESSY_HEADER,
    PLAN_TITLE,
    SEED_ROWS,
    seed_workbook,
    simple_workbook,
    to_bytes,
    two_part_csv,
    two_part_rows,
    two_part_workbook,
)
from tests.spreadsheets.imports import error_texts, import_new_plan, imported_activities

FILES = pathlib.Path(__file__).parent / "files"
REPEATED_HEADER_NOTE = (
    "Blad ”Handlingsplan”: Rubrikraden upprepas på rad 16 (tabellen står i delar); den raden "
    "lästes som rubrik, inte som aktivitet."
)


def run(data: bytes, filename: str = "plan.xlsx", *, title: str = "", **kwargs):
    return import_new_plan(
        data, filename, title=title, period_start=datetime.date(2016, 1, 1), **kwargs
    )


def plan_table(result) -> list[tuple]:
    """The imported plan as its pages show it: focus area, activity, implementation,
    responsible, deadline, in order."""
    return [
        (a.focus_area.title, a.title, a.implementation, a.responsible_display(), a.deadline)
        for a in imported_activities(result)
    ]


def two_part_file(kind: str, **kwargs) -> tuple[bytes, str]:
    if kind == "xlsx":
        return two_part_workbook(**kwargs), "plan.xlsx"
    if kind == "csv":
        return two_part_csv(**kwargs), "plan.csv"
    name = f"seed-plan-two-parts.{kind}"  # two_part_workbook() saved by LibreOffice
    return (FILES / name).read_bytes(), name


# --- the table in two parts ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "ods", "xls", "csv"])
def test_the_adopted_plan_in_two_parts_imports_exactly_as_in_one_table(actors, kind):
    one_table = plan_table(run(seed_workbook(), title="En tabell 2016-2017"))
    assert len(one_table) == len(SEED_ROWS) == 8

    result = run(*two_part_file(kind), tertial=None)
    assert plan_table(result) == one_table
    assert Plan.objects.get(pk=result.plan_id).title == PLAN_TITLE  # the title row
    assert result.header_row == 3
    assert [str(n) for n in result.notes] == [
        REPEATED_HEADER_NOTE.replace("Handlingsplan", "CSV", 1)
        if kind == "csv"
        else REPEATED_HEADER_NOTE
    ]


def test_the_qa_testers_seed_command_line_is_now_accepted(actors):
    from followup.tertial import Tertial

    data, name = two_part_file("ods")
    result = run(data, name, title="X", tertial=Tertial.parse("T1 2017"))
    assert result.counts[NEW] == 8 and not result.errors


def test_the_part_above_a_fuller_repeated_header_is_not_dropped(actors):
    # The first header lacks Uppföljning, the repeat has it: the table still starts at the
    # first header, and the column counts in both parts.
    rows = two_part_rows()
    rows[2] = MESSY_HEADER[:5]
    rows[3] = [*rows[3][:5], "Påbörjad"]
    rows[16] = [*rows[16][:5], "Klar"]
    workbook = openpyxl.Workbook()
    for values in rows:
        workbook.active.append(values)
    from followup.tertial import Tertial

    result = run(to_bytes(workbook), tertial=Tertial.parse("T1 2017"))
    assert result.header_row == 3
    assert len(plan_table(result)) == 8
    follow_ups = {
        a.title: [f.comment for f in a.follow_ups.all()]
        for a in Activity.objects.filter(focus_area__plan_id=result.plan_id)
    }
    assert follow_ups[SEED_ROWS[0][1]] == ["Påbörjad"]
    assert follow_ups[SEED_ROWS[4][1]] == ["Klar"]


def test_a_header_row_with_the_columns_elsewhere_is_refused_with_a_message(actors):
    rows = two_part_rows()
    rows[15] = [HEADER[0], HEADER[2], HEADER[1], *HEADER[3:]]  # Aktivitet and Genomförande swapped
    workbook = openpyxl.Workbook()
    workbook.active.title = "Handlingsplan"
    for values in rows:
        workbook.active.append(values)
    assert error_texts(run(to_bytes(workbook))) == [
        "Blad ”Handlingsplan”, rad 16: Raden ser ut som en rubrikrad men har inte samma "
        "kolumner på samma platser som tabellens rubrikrad (rad 3), så raderna under den kan "
        "inte läsas. Står tabellen i flera delar: ge varje del samma rubrikrad. Är det en "
        "annan tabell: flytta den till ett eget blad."
    ]
    assert not Plan.objects.exists()


def test_a_legend_heading_between_the_parts_is_not_a_focus_area(actors):
    # The second part goes on with the first part's last focus area (its cell is blank
    # after the break); the 'Förkortningar' line over the legend names no focus area.
    result = run(two_part_workbook(legend_heading=True, continued=True))
    table = plan_table(result)
    assert [fa for fa, *_rest in table] == [SEED_ROWS[0][0]] + [FA2] * 7
    assert result.new_focus_areas == [SEED_ROWS[0][0], FA2]


def test_a_legend_line_merged_across_the_table_is_legend_too(actors):
    workbook = openpyxl.load_workbook(io.BytesIO(two_part_workbook()))
    sheet = workbook.active
    for row in (9, 22):  # 'KLK = Kommunledningskontoret' under each part
        assert sheet.cell(row, 1).value.startswith("KLK = ")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    assert len(plan_table(run(to_bytes(workbook)))) == 8


def test_the_legend_between_the_parts_explains_new_actors(actors):
    rows = two_part_rows()
    rows[3][3] = "KLK och RTJ"
    rows.insert(10, ["RTJ = Räddningstjänsten (Storstockholm)"])  # first legend only
    workbook = openpyxl.Workbook()
    for values in rows:
        workbook.active.append(values)
    data = to_bytes(workbook)
    assert "Okänd aktör ”RTJ”" in error_texts(run(data))[0]
    result = run(data, create_actors=True)
    assert result.new_actors == [("RTJ", "Räddningstjänsten")]
    assert plan_table(result)[0][3] == "KLK och RTJ"


# --- the title row ------------------------------------------------------------------------


def with_title(title: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    for values in ([title], ["KS 2016.371"], [], HEADER, SEED_ROWS[0]):
        sheet.append(list(values))
    return to_bytes(workbook)


def test_a_title_row_longer_than_a_plan_title_says_so(actors):
    data = with_title("Handlingsplan " + "lång " * 70)
    [error] = run(data).errors
    assert error.field == "new_plan_title"
    assert str(error) == (
        "Filens titelrad ovanför tabellen har 363 tecken, men en plans titel får ha högst "
        "300. Ange en kortare titel för den nya planen."
    )
    # never the next line above the table instead ('KS 2016.371')
    assert run(data, title="Kortare 2017").applied


def test_a_typed_title_longer_than_a_plan_title_is_an_error_not_a_crash(actors):
    [error] = run(with_title(PLAN_TITLE), title="P" * 301).errors
    assert str(error) == "Planens titel har 301 tecken; den får ha högst 300."
    assert not Plan.objects.exists()


def test_a_title_row_of_exactly_the_limit_is_the_title(actors):
    result = run(with_title("T" * 300))
    assert Plan.objects.get(pk=result.plan_id).title == "T" * 300


# --- the template workbook ----------------------------------------------------------------


def filled_template(rows: list[list], *, title: str = "") -> bytes:
    """The template as staff fill it in: their rows typed under the example, left in."""
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    sheet = workbook.worksheets[0]  # 'Handlingsplan', in the language it was written in
    if title:
        sheet["A1"] = title
    for values in rows:
        sheet.append(values)
    return to_bytes(workbook)


OWN_ROWS = [
    ["Trygg skolväg", "Kartlägga otrygga platser", "Trygghetsvandringar", "SBF", "2017-04-30"],
    [None, "Förbättra belysningen", "Inventera", "SBF och KLK", "2017-08-31"],
]


def test_the_templates_example_row_left_in_is_skipped_with_a_note(actors):
    result = run(filled_template(OWN_ROWS, title="Handlingsplan för trygghet 2017"))
    assert [title for _fa, title, *_rest in plan_table(result)] == [
        "Kartlägga otrygga platser",
        "Förbättra belysningen",
    ]
    assert [str(n) for n in result.notes] == [
        "Blad ”Handlingsplan”, rad 4: Mallens exempelrad (”Exempel: Kartlägga otrygga "
        "platser längs skolvägarna”) importeras inte."
    ]
    assert not Activity.objects.filter(title__startswith="Exempel").exists()


def test_the_example_row_is_recognised_in_the_english_template_too(actors):
    from django.utils import translation

    with translation.override("en"):
        data = filled_template(OWN_ROWS, title="Safety plan 2017")
    assert b"Exempel" not in data  # written in English
    result = run(data)
    assert len(plan_table(result)) == 2
    assert len(result.notes) == 1


def test_the_untouched_template_says_to_type_the_activities(actors):
    assert error_texts(run(template_xlsx(), "mall.xlsx")) == [
        "Blad ”Handlingsplan”, rad 3: Tabellen har inga rader med aktiviteter under "
        "rubrikraden, bara mallens exempelrad, som inte importeras. Skriv planens aktiviteter "
        "under rubrikraden och importera filen igen.",
        "Filens titelrad ovanför tabellen är mallens exempel ”Handlingsplan för … 20XX–20XX”. "
        "Ange den nya planens titel (i fältet, eller i filens titelrad).",
    ]


def test_the_templates_title_is_not_a_plan_title_but_a_typed_one_is(actors):
    assert error_texts(run(filled_template(OWN_ROWS))) == [
        "Filens titelrad ovanför tabellen är mallens exempel ”Handlingsplan för … 20XX–20XX”. "
        "Ange den nya planens titel (i fältet, eller i filens titelrad)."
    ]
    result = run(filled_template(OWN_ROWS), title="Trygghetsplan 2017")
    assert len(plan_table(result)) == 2


def test_an_example_text_left_in_an_own_row_is_an_error(actors):
    workbook = openpyxl.load_workbook(io.BytesIO(filled_template([])))
    sheet = workbook["Handlingsplan"]
    sheet["B4"] = "Kartlägga otrygga platser"  # an own activity typed over the example's
    assert error_texts(run(to_bytes(workbook), title="Trygghetsplan 2017")) == [
        "Blad ”Handlingsplan”, rad 4, kolumn Fokusområde, värde ”Exempel: Trygg skolväg”: "
        "Cellen har kvar mallens exempeltext. Skriv planens egen text i cellen, eller ta bort "
        "exempelraden.",
        "Blad ”Handlingsplan”, rad 4, kolumn Genomförande, värde ”Exempel: "
        "Trygghetsvandringar med elever och vårdnadshavare”: Cellen har kvar mallens "
        "exempeltext. Skriv planens egen text i cellen, eller ta bort exempelraden.",
    ]


def test_a_plan_whose_own_texts_begin_with_exempel_imports(actors):
    rows = [["Exempel: goda förebilder", "Exempel: mentorer i skolan", "x", "BUF", "2017-04-30"]]
    result = run(simple_workbook(rows), title="Plan 2017")
    assert [t for _fa, t, *_r in plan_table(result)] == ["Exempel: mentorer i skolan"]
