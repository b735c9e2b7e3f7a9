"""Export to .xlsx in the plan's layout and to .csv; export → import reports every row unchanged."""

import csv
import datetime
import io

import openpyxl
import pytest

from followup.services import record_follow_up
from followup.tertial import Tertial
from plans.models import Activity, Plan
from spreadsheets.exporting import export_csv, export_xlsx
from spreadsheets.importing.results import NEW, UNCHANGED
from spreadsheets.services import NewPlan, import_plan

HEADER = ["Fokusområde", "Aktivitet", "Genomförande", "Ansvarig", "Genomfört", "Uppföljning", "ID"]


def sheet_of(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_xlsx_has_the_title_above_a_bold_header_and_the_plan_table(seed_plan):
    sheet = sheet_of(export_xlsx(seed_plan))
    assert sheet["A1"].value == seed_plan.title
    assert sheet["A1"].font.b
    assert "KS 2016.371" in sheet["A2"].value
    assert [c.value for c in sheet[4]] == HEADER
    assert all(c.font.b for c in sheet[4])
    assert sheet.freeze_panes == "A5"
    first = [c.value for c in sheet[5]]
    assert first[0] == "Lokal lägesbild om våldsbejakande extremism"
    assert first[3] == "Trygghetssamordnaren och Lopo Täby"  # as plans write it
    assert first[4] == datetime.datetime(2016, 12, 31)  # a real date, not text
    assert sheet["E5"].is_date
    assert sheet["B5"].alignment.wrap_text
    assert sheet.column_dimensions["B"].width == 50
    assert sheet.max_row == 4 + 8


def test_xlsx_merges_each_focus_area_over_its_activities(seed_plan):
    sheet = sheet_of(export_xlsx(seed_plan))
    assert sorted(str(r) for r in sheet.merged_cells.ranges) == ["A6:A8", "A9:A12"]
    assert sheet["A6"].value == "Öka kunskap om våldsbejakande extremism"
    assert sheet["A9"].value == "Öka kunskap om råd och stöd vid oro för våldsbejakande extremism"


def test_csv_is_the_table_with_iso_dates_and_every_focus_area_written_out(seed_plan):
    text = export_csv(seed_plan).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == HEADER
    assert len(rows) == 9
    assert rows[2][0] == rows[3][0] == "Öka kunskap om våldsbejakande extremism"
    assert rows[2][3] == "KLK, BUF, KFF, SF och Lopo Täby"
    assert rows[2][4] == "2017-04-30"


def test_formulas_are_neutralised_but_dates_and_numbers_stay_typed(seed_plan):
    activity = Activity.objects.get(focus_area__plan=seed_plan, focus_area__order=1)
    activity.title = '=HYPERLINK("http://evil.example","klicka")'
    activity.implementation = "-1+2"
    activity.save()
    sheet = sheet_of(export_xlsx(seed_plan))
    title, implementation = sheet["B5"], sheet["C5"]
    assert title.data_type == "s" and title.quotePrefix  # text, never run as a formula
    assert title.value == activity.title
    assert implementation.data_type == "s" and implementation.quotePrefix
    assert sheet["E5"].is_date
    assert isinstance(sheet["G5"].value, int)
    rows = list(csv.reader(io.StringIO(export_csv(seed_plan).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == "'" + activity.title
    assert rows[1][2] == "'-1+2"
    for prefix in ("+", "@"):
        activity.title = prefix + "SUM(A1)"
        activity.save()
        assert f"'{prefix}SUM(A1)" in export_csv(seed_plan).decode("utf-8-sig")


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_then_import_reports_every_row_unchanged(seed_plan, file_format):
    activity = Activity.objects.get(focus_area__plan=seed_plan, focus_area__order=1)
    activity.implementation = "=Rad ett\n- rad två"
    activity.save()
    history = Activity.history.count()
    data = export_xlsx(seed_plan) if file_format == "xlsx" else export_csv(seed_plan)

    result = import_plan(data, filename=f"plan.{file_format}", plan=seed_plan, dry_run=False)

    assert result.ok, result.errors
    assert result.counts[UNCHANGED] == 8
    assert not result.has_changes
    assert Activity.history.count() == history


def test_the_follow_up_column_carries_the_chosen_or_latest_follow_up(seed_plan, make_user):
    user = make_user()
    activity = Activity.objects.get(focus_area__plan=seed_plan, focus_area__order=1)
    record_follow_up(
        activity=activity, tertial=Tertial(2017, 1), user=user, status="started", comment="Igång"
    )
    record_follow_up(
        activity=activity, tertial=Tertial(2017, 2), user=user, status="done", comment="Klart"
    )
    latest = sheet_of(export_xlsx(seed_plan))["F5"].value
    assert latest == "Genomförd (T2 2017)\nKlart"
    chosen = sheet_of(export_xlsx(seed_plan, Tertial(2017, 1)))
    assert chosen["F5"].value == "Påbörjad (T1 2017)\nIgång"
    assert "Uppföljning T1 2017" in chosen["A2"].value
    assert sheet_of(export_xlsx(seed_plan))["F6"].value is None  # nothing reported


def test_export_with_follow_ups_then_import_is_unchanged(seed_plan, make_user):
    user = make_user()
    for activity in Activity.objects.filter(focus_area__plan=seed_plan)[:3]:
        record_follow_up(
            activity=activity, tertial=Tertial(2017, 2), user=user, status="started", comment="Ok"
        )
    result = import_plan(
        export_xlsx(seed_plan), filename="p.xlsx", plan=seed_plan, tertial=Tertial(2017, 2)
    )
    assert result.counts[UNCHANGED] == 8
    assert not result.all_notes


@pytest.mark.parametrize("size", [(2, 3), (5, 12)])
def test_export_runs_a_constant_number_of_queries(make_plan, django_assert_num_queries, size):
    plan = make_plan(*size)
    # the table's order, then activities with focus areas, their actors, the latest follow-ups
    with django_assert_num_queries(4):
        data = export_xlsx(plan)
    assert sheet_of(data).max_row == 4 + size[0] * size[1]


def test_a_large_plan_is_read_a_chunk_at_a_time_with_the_same_table(
    make_plan, django_assert_num_queries, monkeypatch
):
    """Memory is bounded by the chunk, not the plan: 60 activities in chunks of 25 are three
    rounds of three queries, and the workbook is the one written in one round."""
    from spreadsheets import exporting

    plan = make_plan(5, 12)
    whole = sheet_of(export_xlsx(plan))
    monkeypatch.setattr(exporting, "EXPORT_CHUNK", 25)
    with django_assert_num_queries(1 + 3 * 3):
        chunked = sheet_of(export_xlsx(plan))
    assert [list(r) for r in chunked.iter_rows(values_only=True)] == [
        list(r) for r in whole.iter_rows(values_only=True)
    ]
    assert chunked.merged_cells.ranges == whole.merged_cells.ranges


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_an_export_in_english_imports_unchanged(seed_plan, make_user, file_format):
    """English column names, 'Ongoing', 'KLK and SF' and English statuses are read back."""
    from django.utils import translation

    activity = Activity.objects.filter(focus_area__plan=seed_plan).order_by("pk").first()
    activity.ongoing, activity.deadline = True, None
    activity.save()
    record_follow_up(
        activity=activity, tertial=Tertial(2017, 2), user=make_user(), status="done", comment="Ok"
    )
    with translation.override("en"):
        data = export_xlsx(seed_plan) if file_format == "xlsx" else export_csv(seed_plan)
        result = import_plan(
            data, filename=f"plan.{file_format}", plan=seed_plan, tertial=Tertial(2017, 2)
        )
    text = export_csv(seed_plan).decode("utf-8-sig")
    with translation.override("en"):
        english = export_csv(seed_plan).decode("utf-8-sig")
    assert "Focus area;Activity;Implementation;Responsible;Deadline" in english
    assert "Ongoing" in english and " and " in english and "Completed (T2 2017)" in english
    assert "Fokusområde;Aktivitet" in text  # Swedish unless English is chosen
    assert result.ok, result.errors
    assert result.counts[UNCHANGED] == 8
    assert not result.has_changes


def test_next_years_plan_starts_from_this_ones_export(seed_plan):
    """The export of a plan, ID column and all, imports as a new plan: every row new."""
    result = import_plan(
        export_xlsx(seed_plan),
        filename="plan.xlsx",
        new_plan=NewPlan(
            title="Handlingsplan 2018",
            period_start=datetime.date(2018, 1, 1),
            period_end=datetime.date(2018, 12, 31),
        ),
        dry_run=False,
    )
    assert result.ok, result.errors
    assert result.counts[NEW] == 8
    assert any("Kolumnen ID används inte" in n.message for n in result.all_notes)
    new = Plan.objects.get(title="Handlingsplan 2018")
    assert Activity.objects.filter(focus_area__plan=new).count() == 8
    assert Activity.objects.filter(focus_area__plan=seed_plan).count() == 8
