"""Nothing typed is lost: the page warns before the session ends and "Fortsätt" renews it;
text typed when the session ended anyway comes back after the login; a failed save is
announced and focuses the field in error."""

import re
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from playwright.sync_api import expect

from actors.middleware import LAST_SEEN

pytestmark = pytest.mark.browser

BOARD = "/uppfoljning/?plan=vbe-2016-2017&tertial=T1-2017"


def _session(page) -> SessionStore:
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=key)


def test_the_page_warns_before_the_session_ends_and_continue_renews_it(
    page, login, seed_plan, coordinator, settings
):
    settings.SESSION_INACTIVITY_TIMEOUT = 300
    settings.SESSION_WARNING_SECONDS = 296  # shown at the first check after the page loads
    login(coordinator)
    page.goto(BOARD)
    dialog = page.get_by_role("alertdialog", name="Du loggas snart ut")
    expect(dialog).to_be_visible(timeout=15_000)
    expect(dialog).to_contain_text("Välj Fortsätt för att vara kvar")
    cont = dialog.get_by_role("button", name="Fortsätt")
    expect(cont).to_be_focused()
    session = _session(page)
    session[LAST_SEEN] = time.time() - 250  # the server's clock: 50 s left
    session.save()
    cont.click()
    expect(dialog).to_be_hidden()
    assert time.time() - _session(page)[LAST_SEEN] < 10  # renewed on the server


def test_text_typed_when_the_session_ended_comes_back_after_the_login(
    page, login, seed_plan, coordinator
):
    login(coordinator)
    page.goto(BOARD)
    expect(page.locator("#fu-restored")).to_be_hidden()  # nothing to restore: no empty bar
    row = page.locator("tr#a-2")
    row.get_by_role("link", name=re.compile("Ändra")).click()
    comment = page.locator("tr#a-2").get_by_label("Kommentar")
    comment.fill("Lång text som inte får försvinna.")
    page.locator("tr#a-2").get_by_label(re.compile("Status")).select_option(label="Påbörjad")
    session = _session(page)
    session[LAST_SEEN] = time.time() - 10_000  # the inactivity limit passed long ago
    session.save()
    page.locator("tr#a-2").get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(r"/konto/login/"))
    expect(page.get_by_text("Du har loggats ut efter")).to_be_visible()
    page.get_by_label("Användarnamn").fill(coordinator.username)
    page.get_by_label("Lösenord").fill("Lösenord-för-test-1")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/uppfoljning/"))
    restored = page.locator("tr#a-2").get_by_label("Kommentar")
    expect(restored).to_have_value("Lång text som inte får försvinna.")
    expect(page.locator("tr#a-2").get_by_label(re.compile("Status"))).to_have_value("started")
    expect(page.locator("#fu-restored")).to_be_visible()
    expect(page.locator("#fu-restored")).to_contain_text("Din osparade text är tillbaka")
    expect(restored).to_be_focused()
    # Saved now, and forgotten by the browser.
    page.locator("tr#a-2").get_by_role("button", name="Spara").click()
    expect(page.locator("tr#a-2")).to_contain_text("Lång text som inte får försvinna.")
    # htmx forgets it once the saved row has settled (a few ms after it shows): wait for it.
    page.wait_for_function(
        "() => Object.keys(sessionStorage).filter(k => k.startsWith('fu-draft:')).length === 0",
        timeout=5_000,
    )


def test_a_failed_save_is_announced_and_focuses_the_field_in_error(
    page, login, seed_plan, coordinator
):
    login(coordinator)
    page.goto(BOARD)
    page.locator("tr#a-2").get_by_role("link", name=re.compile("Ändra")).click()
    page.locator("tr#a-2").get_by_label(re.compile("Status")).select_option(label="Avförd")
    page.locator("tr#a-2").get_by_role("button", name="Spara").click()
    comment = page.locator("tr#a-2").get_by_label("Kommentar")
    expect(comment).to_be_focused()
    expect(comment).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#fu-live")).to_have_text(re.compile(r"^Inte sparat: .*skäl"))
    expect(page.locator("#fu-live")).to_have_attribute("role", "status")


def test_admin_warns_too(page, login, seed_plan, coordinator, settings):
    """The coordinator writes in admin as well (an activity's texts)."""
    settings.SESSION_INACTIVITY_TIMEOUT = 300
    settings.SESSION_WARNING_SECONDS = 296
    login(coordinator)
    page.goto("/admin/plans/activity/")
    dialog = page.get_by_role("alertdialog", name="Du loggas snart ut")
    expect(dialog).to_be_visible(timeout=15_000)
    dialog.get_by_role("button", name="Fortsätt").click()
    expect(dialog).to_be_hidden()


def _asks_the_server(response) -> bool:
    return response.url.endswith(reverse("actors:session_left"))


def test_the_page_says_logged_out_only_when_the_server_agrees(
    page, login, seed_plan, coordinator, settings
):
    """The page's count is conservative; when it runs out it asks the server, which may
    still hold the session (activity in another tab): then it keeps warning instead."""
    settings.SESSION_INACTIVITY_TIMEOUT = 300
    settings.SESSION_WARNING_SECONDS = 60
    login(coordinator)
    page.clock.install()
    page.goto(BOARD)
    dialog = page.locator("#session-warning")
    session = _session(page)
    session[LAST_SEEN] = time.time()  # the server saw the user just now (another tab)
    session.save()
    # Wait for the server's answer each time: the page's clock is fake, the request is not,
    # and an answer arriving after the next run_for would leave no timer to act on it.
    with page.expect_response(_asks_the_server):
        page.clock.run_for(310_000)  # the page's own count has run out
    expect(page.locator("#session-warning-title")).to_have_text("Du loggas snart ut")
    expect(dialog).to_be_hidden()  # the server has minutes left: no warning yet
    session[LAST_SEEN] = time.time() - 10_000  # now it really has ended
    session.save()
    with page.expect_response(_asks_the_server):
        page.clock.run_for(310_000)
    expect(page.locator("#session-warning-title")).to_have_text("Du har loggats ut")
    expect(dialog).to_be_visible()
