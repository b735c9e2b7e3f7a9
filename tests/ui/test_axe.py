"""axe-core in a real browser finds no WCAG 2.1 A/AA violation on any page of the app.

Each page is loaded as a logged-in Trygghetssamordnare (login and the accessibility
statement as a visitor), in the state the issue names, then checked on a desktop and
on a phone-sized window.
"""

import pytest

from tests.ui.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])


@VIEWPORTS
def test_login_page(page, assert_no_axe_violations, viewport):
    page.set_viewport_size(viewport)
    page.goto("/konto/login/")
    assert_no_axe_violations(page, "Logga in")


@VIEWPORTS
def test_login_page_with_an_error(page, assert_no_axe_violations, coordinator, viewport):
    page.set_viewport_size(viewport)
    page.goto("/konto/login/")
    page.get_by_label("Användarnamn").fill(coordinator.username)
    page.get_by_label("Lösenord").fill("fel lösenord")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page, "Logga in, fel lösenord")


@VIEWPORTS
def test_accessibility_statement(page, assert_no_axe_violations, viewport):
    page.set_viewport_size(viewport)
    page.goto("/tillganglighet/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_no_axe_violations(page, "Tillgänglighetsredogörelse")


@VIEWPORTS
def test_overview(page, login, follow_up_data, coordinator, assert_no_axe_violations, viewport):
    page.set_viewport_size(viewport)
    login(coordinator)
    page.goto("/")
    assert page.get_by_role("heading", name=follow_up_data.title).is_visible()
    assert_no_axe_violations(page, "Översikt")


def test_overview_without_plans(page, login, coordinator, assert_no_axe_violations):
    login(coordinator)
    page.goto("/")
    assert page.get_by_text("Det finns ingen handlingsplan ännu").is_visible()
    assert_no_axe_violations(page, "Översikt utan planer")


BOARD = "/uppfoljning/?plan=vbe-2016-2017&tertial=T3-2017"


@VIEWPORTS
def test_follow_up_page_with_filters_applied(
    page, login, follow_up_data, coordinator, assert_no_axe_violations, viewport
):
    page.set_viewport_size(viewport)
    login(coordinator)
    page.goto(BOARD)
    page.get_by_label("Ansvarig").select_option(label="BUF")
    page.get_by_label("Endast försenade (deadline passerad)").check()
    page.get_by_role("button", name="Visa").click()
    page.wait_for_load_state()
    assert "actor=" in page.url and "overdue=on" in page.url
    assert_no_axe_violations(page, "Uppföljning med filter")


@VIEWPORTS
def test_an_activity_in_its_edit_state(
    page, login, follow_up_data, coordinator, assert_no_axe_violations, viewport
):
    page.set_viewport_size(viewport)
    login(coordinator)
    page.goto(BOARD)
    page.get_by_role("link", name="Ändra aktivitet 1.1").click()
    status = page.get_by_label("Status (T3 2017)")
    status.wait_for()
    assert_no_axe_violations(page, "Uppföljning, aktivitet i redigeringsläge")


def test_an_activity_in_its_edit_state_without_javascript(
    browser, live_server, follow_up_data, coordinator, assert_no_axe_violations
):
    """The plain-form fallback (?edit=) is a page of its own: check it too."""
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/konto/login/")
        page.get_by_label("Användarnamn").fill(coordinator.username)
        page.get_by_label("Lösenord").fill("Lösenord-för-test-1")
        page.get_by_role("button", name="Logga in").click()
        activity = follow_up_data.focus_areas.get(order=1).activities.get(order=1)
        page.goto(f"{BOARD}&edit={activity.pk}")
        assert page.get_by_label("Status (T3 2017)").is_visible()
        context.set_default_timeout(10_000)
        # axe needs JavaScript in the page: run it in a context that has it, same HTML.
        html = page.content()
    finally:
        context.close()
    checker = browser.new_context(base_url=live_server.url)
    try:
        check_page = checker.new_page()
        check_page.route("**/*", lambda route: route.fulfill(body=html, content_type="text/html"))
        check_page.goto(BOARD)
        assert_no_axe_violations(check_page, "Uppföljning, redigering utan JavaScript")
    finally:
        checker.close()


@VIEWPORTS
def test_the_report_in_html(
    page, login, follow_up_data, coordinator, assert_no_axe_violations, viewport
):
    page.set_viewport_size(viewport)
    login(coordinator)
    page.goto(f"/rapporter/{follow_up_data.slug}/2017/T3/")
    assert page.get_by_role("heading", level=1, name=follow_up_data.title).is_visible()
    assert_no_axe_violations(page, "Rapport T3 2017 (HTML)")


def test_the_report_index(page, login, follow_up_data, coordinator, assert_no_axe_violations):
    login(coordinator)
    page.goto("/rapporter/")
    assert_no_axe_violations(page, "Rapporter")


@VIEWPORTS
def test_import_preview_with_errors(
    page, login, seed_plan, coordinator, assert_no_axe_violations, viewport
):
    from tests.spreadsheets.files.workbooks import FA1, simple_workbook

    workbook = simple_workbook(
        [
            [FA1, "En aktivitet utan fel", "Genomförs", "KLK", "2017-04-30", ""],
            [FA1, "En aktivitet med fel datum", "Genomförs", "KLK", "den trettionde", ""],
            [FA1, "", "Aktivitet saknas på raden", "Okänd aktör", "2017-04-30", ""],
        ]
    )
    page.set_viewport_size(viewport)
    login(coordinator)
    page.goto("/import/")
    page.get_by_label(
        "Kalkylark: Excel (.xlsx, .xls), LibreOffice (.ods) eller CSV"
    ).set_input_files(
        files=[
            {
                "name": "plan-med-fel.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": workbook,
            }
        ]
    )
    page.get_by_role("button", name="Förhandsgranska importen").click()
    page.wait_for_load_state()
    # First without choosing a plan, and the file has no title row to take the title from.
    assert page.get_by_text("Ange en titel för den nya planen").first.is_visible()
    # The file is kept: choosing the plan is enough to try again.
    assert page.get_by_text("Vald fil: plan-med-fel.xlsx").is_visible()
    assert_no_axe_violations(page, "Import, fel utan titel")
    page.get_by_label("Plan som filen ska importeras till").select_option(label=seed_plan.title)
    page.get_by_role("button", name="Förhandsgranska importen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Förhandsgranska import").is_visible()
    assert page.get_by_text("”den trettionde” är inte ett datum").first.is_visible()
    assert page.get_by_text("inget importeras").first.is_visible()
    assert_no_axe_violations(page, "Import, förhandsgranskning med fel")


def test_import_and_export_pages(page, login, seed_plan, coordinator, assert_no_axe_violations):
    login(coordinator)
    for path, name in (("/import/", "Import"), ("/export/", "Export")):
        page.goto(path)
        assert_no_axe_violations(page, name)


@VIEWPORTS
def test_change_log(page, login, follow_up_data, coordinator, assert_no_axe_violations, viewport):
    page.set_viewport_size(viewport)
    login(coordinator)
    page.goto("/andringslogg/")
    assert_no_axe_violations(page, "Ändringslogg, alla planer")
    page.goto(f"/andringslogg/{follow_up_data.slug}/")
    assert_no_axe_violations(page, "Ändringslogg för planen")


def test_password_reset_page(page, assert_no_axe_violations):
    page.goto("/konto/password_reset/")
    assert_no_axe_violations(page, "Glömt lösenordet")


def test_the_not_found_page(page, login, coordinator, assert_no_axe_violations):
    login(coordinator)
    response = page.goto("/finns-inte/")
    assert response.status == 404
    assert_no_axe_violations(page, "Sidan finns inte (404)")


def test_two_factor_enrolment_page(page, login, coordinator, assert_no_axe_violations):
    login(coordinator)
    page.goto("/konto/tvafaktor/aktivera/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_no_axe_violations(page, "Tvåfaktorinloggning, aktivera")
