"""The import and export pages, and their admin counterparts: thin entry points to the service."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.permissions import ROLE_ADMIN, ROLE_COORDINATOR, ROLE_READER, ROLE_REPORTER
from plans.models import Activity, Plan
from tests.spreadsheets.files.workbooks import PLAN_TITLE, seed_workbook

HistoricalActivity = Activity.history.model


@pytest.fixture
def fresh(seed_plan):
    """The seed's actors without the seed plan, so the file creates it anew."""
    seed_plan.delete()


def upload(client, data: bytes, name: str = "plan.xlsx", **fields):
    return client.post(
        reverse("spreadsheets:import"),
        {"file": SimpleUploadedFile(name, data), **fields},
    )


def hidden_fields(html: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))


@pytest.mark.parametrize("name", ["spreadsheets:import", "spreadsheets:export"])
def test_anonymous_users_are_sent_to_log_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [ROLE_READER, ROLE_REPORTER])
@pytest.mark.parametrize("name", ["spreadsheets:import", "spreadsheets:export"])
def test_only_the_import_right_opens_the_pages(client, make_user, seed_plan, role, name):
    client.force_login(make_user(role=role, is_staff=True))
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("spreadsheets:import_confirm"), {}).status_code == 403


@pytest.mark.parametrize("role", [ROLE_COORDINATOR, ROLE_ADMIN])
def test_coordinators_and_administrators_may_import(client, make_user, seed_plan, role):
    client.force_login(make_user(role=role, actors=()))
    response = client.get(reverse("spreadsheets:import"))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<label for="id_file">Kalkylark: Excel (.xlsx, .xls), LibreOffice (.ods) eller CSV:</label>'
        in html
    )
    assert 'for="id_plan"' in html and 'for="id_new_plan_title"' in html
    assert "<script>" not in html


def test_upload_previews_without_writing_then_confirm_imports_as_the_user(
    client, coordinator, fresh
):
    client.force_login(coordinator)
    history = HistoricalActivity.objects.count()

    preview = upload(client, seed_workbook(), new_plan_title=PLAN_TITLE)

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "<caption>Förhandsgranskning rad för rad – inget är sparat ännu</caption>" in html
    assert '<th scope="col">Ansvarig</th>' in html
    assert '<th scope="row" data-label="Rad">6</th>' in html
    assert "KLK, BUF, KFF, SF och Lopo Täby" in html
    assert html.count("<strong>Ny</strong>") == 8
    assert not Plan.objects.filter(title=PLAN_TITLE).exists()
    assert HistoricalActivity.objects.count() == history

    confirmed = client.post(
        reverse("spreadsheets:import_confirm"), hidden_fields(html), follow=True
    )

    assert "Importen är klar" in confirmed.content.decode()
    plan = Plan.objects.get(title=PLAN_TITLE)
    assert Activity.objects.filter(focus_area__plan=plan).count() == 8
    added = HistoricalActivity.objects.filter(focus_area__plan=plan)
    assert added.count() == 8
    assert set(added.values_list("history_user", flat=True)) == {coordinator.pk}


def test_uploading_the_same_file_again_has_nothing_to_import(client, coordinator, seed_plan):
    client.force_login(coordinator)
    html = upload(client, seed_workbook(), plan=seed_plan.pk).content.decode()
    assert html.count("<strong>Oförändrad</strong>") == 8
    assert "Det finns inget att importera" in html
    assert "Bekräfta och importera" not in html


def test_a_bad_file_shows_all_errors_in_swedish_and_no_confirm_button(
    client, coordinator, seed_plan
):
    client.force_login(coordinator)
    response = upload(client, b"%PDF-1.4 inte ett kalkylark", name="plan.xlsx", plan=seed_plan.pk)
    html = response.content.decode()
    assert response.status_code == 200
    assert "inte ett kalkylark" in html
    assert "Bekräfta och importera" not in html
    assert 'role="alert"' in html


def test_a_file_over_the_limit_is_refused_and_the_form_keeps_what_was_typed(
    client, coordinator, seed_plan, settings
):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    client.force_login(coordinator)
    response = upload(client, seed_workbook(), new_plan_title="Min nya plan")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Filen är för stor" in html
    assert 'value="Min nya plan"' in html
    assert 'aria-invalid="true"' in html


def test_choosing_neither_plan_nor_title_takes_the_files_title_row(client, coordinator, seed_plan):
    client.force_login(coordinator)
    response = upload(client, seed_workbook())
    assert response.status_code == 200
    # The title row above the table is the new plan's title (here: one that exists).
    assert f"Det finns redan en plan som heter ”{PLAN_TITLE}”" in response.content.decode()


def test_a_missing_title_is_shown_at_the_title_field_and_in_the_error_summary(
    client, coordinator, seed_plan
):
    from tests.spreadsheets.files.workbooks import FA1, simple_workbook

    client.force_login(coordinator)
    workbook = simple_workbook([[FA1, "En aktivitet", "Genomförs", "KLK", "2017-04-30", ""]])
    response = upload(client, workbook, name="utan-titel.xlsx")
    html = response.content.decode()
    assert response.status_code == 200
    summary = html.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert 'href="#id_new_plan_title"' in summary
    assert "Ange en titel för den nya planen" in summary
    assert 'name="new_plan_title"' in html and 'aria-invalid="true"' in html
    # The chosen file is kept for the re-try.
    assert "Vald fil: <strong>utan-titel.xlsx</strong>" in html


def test_a_preview_token_only_works_for_its_own_user(client, coordinator, make_user, fresh):
    client.force_login(coordinator)
    fields = hidden_fields(
        upload(client, seed_workbook(), new_plan_title=PLAN_TITLE).content.decode()
    )
    client.force_login(make_user(role=ROLE_COORDINATOR, actors=()))
    response = client.post(reverse("spreadsheets:import_confirm"), fields, follow=True)
    assert "Förhandsgranskningen har gått ut" in response.content.decode()
    assert not Plan.objects.filter(title=PLAN_TITLE).exists()


def test_export_page_downloads_xlsx_and_csv(client, coordinator, seed_plan):
    client.force_login(coordinator)
    page = client.get(reverse("spreadsheets:export"))
    assert page.status_code == 200
    assert 'for="id_plan"' in page.content.decode()
    xlsx = client.get(reverse("spreadsheets:export"), {"plan": seed_plan.pk, "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        'filename="handlingsplan-mot-valdsbejakande-extremism-2016-2017.xlsx"'
        in (xlsx["Content-Disposition"])
    )
    assert xlsx.content.startswith(b"PK")
    csv = client.get(reverse("spreadsheets:export"), {"plan": seed_plan.pk, "format": "csv"})
    assert "Fokusområde;Aktivitet" in csv.content.decode("utf-8-sig")


def test_export_with_a_bad_tertial_is_a_form_error(client, coordinator, seed_plan):
    client.force_login(coordinator)
    response = client.get(
        reverse("spreadsheets:export"),
        {"plan": seed_plan.pk, "format": "xlsx", "tertial": "T9 2017"},
    )
    assert response.status_code == 400
    assert "”T9 2017” är inte en tertial" in response.content.decode()


# --- admin ---------------------------------------------------------------------


def test_admin_plan_list_links_to_import_for_those_with_the_right(client, coordinator, seed_plan):
    client.force_login(coordinator)
    html = client.get(reverse("admin:plans_plan_changelist")).content.decode()
    assert reverse("admin:plans_plan_import") in html
    assert "Exportera vald plan till Excel" in html


def test_admin_import_uses_the_same_preview_and_confirm(client, coordinator, fresh):
    client.force_login(coordinator)
    url = reverse("admin:plans_plan_import")
    assert client.get(url).status_code == 200
    html = client.post(
        url, {"file": SimpleUploadedFile("p.xlsx", seed_workbook()), "new_plan_title": PLAN_TITLE}
    ).content.decode()
    assert html.count("<strong>Ny</strong>") == 8
    response = client.post(reverse("admin:plans_plan_import_confirm"), hidden_fields(html))
    assert response.status_code == 302
    assert Plan.objects.filter(title=PLAN_TITLE).exists()


def test_admin_export_action_returns_the_workbook(client, coordinator, seed_plan):
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:plans_plan_changelist"),
        {"action": "export_xlsx", "_selected_action": [seed_plan.pk]},
    )
    assert response.status_code == 200
    assert response.content.startswith(b"PK")


def test_staff_without_the_import_right_get_no_admin_import(client, make_user, seed_plan):
    client.force_login(make_user(role=ROLE_READER, is_staff=True))
    assert client.get(reverse("admin:plans_plan_import")).status_code == 403
    html = client.get(reverse("admin:plans_plan_changelist")).content.decode()
    assert reverse("admin:plans_plan_import") not in html


def test_admin_activity_export_needs_the_import_right(client, coordinator, make_user, seed_plan):
    url = reverse("admin:plans_activity_export")
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    client.force_login(make_user(role=ROLE_READER, is_staff=True))
    assert client.get(url).status_code == 403


def test_a_plan_changed_after_the_preview_is_not_overwritten_blindly(
    client, coordinator, seed_plan
):
    from tests.spreadsheets.files.workbooks import SEED_ROWS

    client.force_login(coordinator)
    rows = list(SEED_ROWS)
    rows[0] = (*rows[0][:2], "Nytt genomförande", *rows[0][3:])
    html = upload(client, seed_workbook(rows), plan=seed_plan.pk).content.decode()
    assert html.count("<strong>Ändras</strong>") == 1
    other = Activity.objects.get(focus_area__plan=seed_plan, focus_area__order=2, order=1)
    other.deadline = None  # someone edits the plan meanwhile
    other.save()

    response = client.post(reverse("spreadsheets:import_confirm"), hidden_fields(html))

    page = response.content.decode()
    assert response.status_code == 409
    assert "Planen har ändrats sedan förhandsgranskningen" in page
    assert page.count("<strong>Ändras</strong>") == 2  # the new, true preview
    assert not Activity.objects.filter(implementation="Nytt genomförande").exists()
    again = client.post(reverse("spreadsheets:import_confirm"), hidden_fields(page), follow=True)
    assert "Importen är klar" in again.content.decode()
    assert Activity.objects.filter(implementation="Nytt genomförande").exists()


def test_the_whole_story_import_preview_confirm_reimport_export(client, coordinator, fresh):
    """A hand-typed file in the seed's layout in, unchanged on re-import, the same table out."""
    import io

    import openpyxl

    client.force_login(coordinator)
    data = seed_workbook()
    html = upload(client, data, new_plan_title=PLAN_TITLE).content.decode()
    client.post(reverse("spreadsheets:import_confirm"), hidden_fields(html))
    plan = Plan.objects.get(title=PLAN_TITLE)
    assert plan.title in client.get(reverse("admin:plans_plan_changelist")).content.decode()

    again = upload(client, data, plan=plan.pk).content.decode()
    assert again.count("<strong>Oförändrad</strong>") == 8
    assert "Det finns inget att importera" in again

    exported = client.get(
        reverse("spreadsheets:export"), {"plan": plan.pk, "format": "xlsx"}
    ).content
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    table = [[c.value for c in row][:5] for row in sheet.iter_rows(min_row=4)]
    assert table[0] == ["Fokusområde", "Aktivitet", "Genomförande", "Ansvarig", "Genomfört"]
    assert table[2][3] == "KLK, BUF, KFF, SF och Lopo Täby"
    assert table[1][0] == "Lokal lägesbild om våldsbejakande extremism"
    assert len(table) == 9
    back = upload(client, exported, plan=plan.pk).content.decode()
    assert back.count("<strong>Oförändrad</strong>") == 8


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(
    client, coordinator, seed_plan, settings
):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    client.force_login(coordinator)
    big = SimpleUploadedFile("stor.xlsx", b"x" * 200_000)
    response = client.post(reverse("spreadsheets:import"), {"file": big, "plan": seed_plan.pk})
    assert response.status_code == 413
    assert "Filen är för stor" in response.content.decode()


def test_the_upload_still_requires_a_csrf_token(coordinator, seed_plan):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(
        reverse("spreadsheets:import"),
        {"file": SimpleUploadedFile("p.xlsx", seed_workbook()), "plan": seed_plan.pk},
    )
    assert response.status_code == 403
    assert client.get(reverse("spreadsheets:import")).status_code == 200


def test_preview_and_export_pages_run_the_same_queries_for_any_plan_size(
    client, coordinator, make_plan
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from spreadsheets.exporting import export_xlsx

    client.force_login(coordinator)
    counts = []
    for size in [(2, 3), (6, 15)]:
        plan = make_plan(*size)
        data = export_xlsx(plan)
        with CaptureQueriesContext(connection) as preview:
            html = upload(client, data, plan=plan.pk).content.decode()
        assert html.count("<strong>Oförändrad</strong>") == size[0] * size[1]
        with CaptureQueriesContext(connection) as download:
            client.get(reverse("spreadsheets:export"), {"plan": plan.pk, "format": "xlsx"})
        counts.append((len(preview), len(download)))
    assert counts[0] == counts[1]


def test_admin_activity_export_writes_the_plan_columns(client, coordinator, seed_plan):
    import io

    import openpyxl

    client.force_login(coordinator)
    url = reverse("admin:plans_activity_export")
    html = client.get(url).content.decode()
    fields = set(re.findall(r'name="(activityresource_\w+)"', html))
    xlsx = dict(
        (label, value) for value, label in re.findall(r'<option value="(\d+)"[^>]*>\s*(\w+)', html)
    )["xlsx"]
    response = client.post(url, {**dict.fromkeys(fields, "on"), "format": xlsx, "resource": "0"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["Fokusområde", "Aktivitet", "Genomförande", "Ansvarig", "Genomfört"]
    assert sheet.max_row == 9
    assert "KLK, BUF, KFF, SF och Lopo Täby" in [c.value for c in sheet["D"]]


def test_after_an_error_in_the_options_the_chosen_file_is_kept(client, coordinator, seed_plan):
    client.force_login(coordinator)
    response = upload(client, seed_workbook(), name="planen.xlsx", tertial="T9 2017")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in html and "T9 2017" in html
    assert "Vald fil: <strong>planen.xlsx</strong>" in html
    fields = hidden_fields(html)
    assert re.fullmatch(r"[0-9a-f]{32}", fields["stored_token"])
    # Choosing a right tertial is enough: no new file.
    retry = client.post(
        reverse("spreadsheets:import"),
        {**fields, "plan": seed_plan.pk, "tertial": "T2 2017"},
    )
    assert retry.status_code == 200
    assert "Förhandsgranska import" in retry.content.decode()
