"""The import pages as staff use them (issue 12): a confirm runs once, the file and the
options survive an error, a template to start from, a link to the imported plan."""

import io
import pathlib

import openpyxl
import pytest
from django.urls import reverse
from django.utils.formats import date_format

from actors.permissions import ROLE_COORDINATOR
from plans.models import Activity, Plan
from tests.spreadsheets.test_import_views import hidden_fields, upload

FILES = pathlib.Path(__file__).parent / "files"
CASE_TITLE = "Handlingsplan för en tryggare kommun 2017"


@pytest.fixture
def actors_only(seed_plan):
    seed_plan.delete()


def preview(client, name: str, **fields):
    return upload(client, (FILES / name).read_bytes(), name=name, **fields)


def test_a_second_submit_of_the_same_preview_says_it_is_imported_and_links_the_plan(
    client,
    coordinator,
    actors_only,
):
    client.force_login(coordinator)
    page = preview(client, "x08_hidden_first_sheet.xlsx")
    html = page.content.decode()
    assert "Blad ”Plan 2017”, rubrikrad 3" in html  # which sheet was read
    assert "titeln från filens titelrad" in html
    # the period the new plan gets, said before it is confirmed
    period = " ".join(html.split("Planens period</dt><dd>")[1].split("</dd>")[0].split())
    fields = hidden_fields(html)
    first = client.post(reverse("spreadsheets:import_confirm"), fields, follow=True)
    plan = Plan.objects.get(title=CASE_TITLE)
    assert period == (
        f"{date_format(plan.period_start, 'j F Y')} – {date_format(plan.period_end, 'j F Y')}"
    )
    board = reverse("followup:board") + f"?plan={plan.slug}"
    assert f'href="{board}"' in first.content.decode()
    assert "Importen är klar till planen" in first.content.decode()

    second = client.post(reverse("spreadsheets:import_confirm"), fields, follow=True)
    html = second.content.decode()
    assert second.status_code == 200
    assert f"Den här förhandsgranskningen är redan importerad till planen ”{CASE_TITLE}”" in html
    assert f'href="{board}"' in html
    assert Plan.objects.filter(title=CASE_TITLE).count() == 1
    assert Activity.objects.filter(focus_area__plan=plan).count() == 3


def test_the_done_page_is_only_for_the_user_who_imported(
    client,
    coordinator,
    make_user,
    actors_only,
):
    client.force_login(coordinator)
    fields = hidden_fields(preview(client, "x02_date1904_general.xlsx").content.decode())
    done = client.post(reverse("spreadsheets:import_confirm"), fields)
    assert done.status_code == 302
    client.force_login(make_user(role=ROLE_COORDINATOR, actors=(), username="annan"))
    assert client.get(done["Location"]).status_code == 404


def test_after_an_error_the_file_and_the_options_are_kept(
    client,
    coordinator,
    actors_only,
):
    client.force_login(coordinator)
    page = preview(
        client, "x07_error_values.xlsx", new_plan_title="Min plan 2017", tertial="T1 2017"
    )
    html = page.content.decode()
    assert "felvärdet #N/A" in html
    assert "Vald fil: <strong>x07_error_values.xlsx</strong>" in html
    assert 'value="Min plan 2017"' in html
    assert 'value="T1 2017"' in html
    fields = hidden_fields(html)
    assert fields["stored_filename"] == "x07_error_values.xlsx"
    # Submitted again without choosing the file: the same file is read again.
    again = client.post(
        reverse("spreadsheets:import"),
        {
            "stored_token": fields["stored_token"],
            "stored_filename": fields["stored_filename"],
            "new_plan_title": "Min plan 2017",
        },
    )
    assert again.status_code == 200
    assert "felvärdet #REF!" in again.content.decode()


def test_the_import_page_offers_a_template_workbook_with_a_legend(
    client,
    coordinator,
    seed_plan,
):
    client.force_login(coordinator)
    page = client.get(reverse("spreadsheets:import")).content.decode()
    assert reverse("spreadsheets:import_template") in page
    response = client.get(reverse("spreadsheets:import_template"))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Handlingsplan", "Förkortningar"]
    sheet = workbook["Handlingsplan"]
    assert [c.value for c in sheet[3]] == [
        "Fokusområde",
        "Aktivitet",
        "Genomförande",
        "Ansvarig",
        "Genomfört",
        "Uppföljning",
    ]
    legend = {row[0]: row[1] for row in workbook["Förkortningar"].iter_rows(values_only=True)}
    assert legend["KLK"] == "Kommunledningskontoret"
    assert legend["Lopo Täby"].startswith("Lokalpolisområde Täby")


def test_the_template_is_read_and_a_row_typed_under_its_example_imports(
    client, coordinator, actors_only
):
    from spreadsheets.exporting import template_xlsx
    from spreadsheets.services import NewPlan, import_plan
    from tests.spreadsheets.files.workbooks import to_bytes

    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    workbook["Handlingsplan"].append(["Trygg skolväg", "Kartlägga", "x", "SBF", "2017-04-30"])
    result = import_plan(to_bytes(workbook), filename="mall.xlsx", new_plan=NewPlan("Mall"))
    assert (result.sheet, result.header_row) == ("Handlingsplan", 3)
    assert result.ok and result.counts["new"] == 1  # the example row is not an activity
    assert [n.row for n in result.notes] == [4]


def test_the_board_shows_an_ongoing_activity_as_lopande(client, make_user, seed_plan):
    activity = Activity.objects.filter(focus_area__plan=seed_plan).first()
    activity.deadline, activity.ongoing = None, True
    activity.save()
    client.force_login(make_user(role=ROLE_COORDINATOR, actors=()))
    html = client.get(
        reverse("followup:board"), {"plan": seed_plan.slug, "tertial": "2017-t1"}
    ).content.decode()
    assert "Löpande" in html
