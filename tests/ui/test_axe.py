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
