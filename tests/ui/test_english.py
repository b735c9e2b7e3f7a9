"""The header's language switch in a real browser: keyboard, remembered, axe-clean in English."""

import pytest

from tests.ui.conftest import DESKTOP, PHONE
from tests.vallentuna.english import swedish_in, user_data

pytestmark = pytest.mark.browser

BOARD = "/uppfoljning/?plan=vbe-2016-2017&tertial=T3-2017"


def choose(page, button: str, language: str) -> None:
    """Press the header's language button and wait for the page in that language."""
    page.get_by_role("button", name=button).click()
    page.wait_for_selector(f"html[lang={language}]")
    page.wait_for_load_state()


def test_a_coordinator_switches_to_english_with_the_keyboard_and_back(
    page, login, follow_up_data, coordinator
):
    login(coordinator)
    page.goto(BOARD)
    switch = page.get_by_role("button", name="Språk: English")
    switch.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("html[lang=en]")
    page.wait_for_load_state()

    assert page.url.endswith(BOARD)  # back on the same page
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("navigation", name="Main menu").is_visible()
    assert page.get_by_role("link", name="Follow-up", exact=True).is_visible()

    # remembered: other pages, and a new visit, are in English too
    page.get_by_role("link", name="Reports", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1, name="Reports").is_visible()
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"

    choose(page, "Language: Svenska", "sv")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("button", name="Språk: English").is_visible()


def test_the_login_page_can_be_switched_before_logging_in(page, coordinator):
    page.goto("/konto/login/")
    choose(page, "Språk: English", "en")
    page.get_by_label("User name").fill(coordinator.get_username())
    page.get_by_label("Password").fill("Lösenord-för-test-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Overview", exact=True).is_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
@pytest.mark.parametrize("path", ["/", BOARD, "/rapporter/vbe-2016-2017/2017/T3/"])
def test_english_pages_are_axe_clean_and_english(
    page, login, follow_up_data, coordinator, assert_no_axe_violations, viewport, path
):
    page.set_viewport_size(viewport)
    login(coordinator)
    choose(page, "Språk: English", "en")
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "en"
    assert_no_axe_violations(page, f"{path} in English")


def test_the_language_switch_is_axe_clean_in_swedish(page, assert_no_axe_violations):
    page.goto("/konto/login/")
    switch = page.locator("form.site-language")
    assert switch.get_by_role("button").is_visible()
    assert switch.locator("[lang=en]").inner_text() == "English"
    assert_no_axe_violations(page, "the login page with the language switch")


def test_an_english_session_in_the_browser_shows_no_swedish_on_the_board(
    page, login, follow_up_data, coordinator
):
    """What a user sees after the scripts ran (htmx, the session warning's texts …)."""
    login(coordinator)
    choose(page, "Språk: English", "en")
    page.goto(BOARD)
    page.get_by_role("link", name="Edit").first.click()
    page.get_by_role("button", name="Save").first.wait_for()
    data = [*user_data(), "Sara Samordnare"]
    found = swedish_in(page.content(), data)
    assert not found, "\n".join(found)
