"""Before the session ends for inactivity the page warns and "Fortsätt" renews it (WCAG 2.2.1)."""

import re
import time

from django.conf import settings
from django.test import Client

from actors.middleware import LAST_SEEN, LOGIN_AT


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[LOGIN_AT] = session[LAST_SEEN] = time.time()
    session.save()
    return client


def _attr(html: str, name: str) -> int:
    return int(re.search(rf'{name}="(\d+)"', html).group(1))


def test_every_page_of_a_logged_in_user_carries_the_warning_and_the_time_left(
    coordinator, settings
):
    settings.SESSION_INACTIVITY_TIMEOUT = 1800
    settings.SESSION_WARNING_SECONDS = 180
    html = _logged_in(coordinator).get("/").content.decode()
    assert 1790 <= _attr(html, "data-session-expires-in") <= 1800
    assert _attr(html, "data-session-warning") == 180
    assert 'data-keep-alive-url="/konto/fortsatt/"' in html
    assert 'role="alertdialog"' in html and 'aria-labelledby="session-warning-title"' in html
    assert "Fortsätt" in html


def test_the_time_left_counts_from_the_last_activity_the_server_noted(coordinator, settings):
    settings.SESSION_INACTIVITY_TIMEOUT = 1800
    client = _logged_in(coordinator)
    session = client.session
    session[LAST_SEEN] = time.time() - 50  # within the minute that is not written again
    session.save()
    html = client.get("/").content.decode()
    assert 1740 <= _attr(html, "data-session-expires-in") <= 1751


def test_the_absolute_lifetime_caps_the_time_left(coordinator, settings):
    settings.SESSION_INACTIVITY_TIMEOUT = 1800
    settings.SESSION_ABSOLUTE_LIFETIME = 3600
    client = _logged_in(coordinator)
    session = client.session
    session[LOGIN_AT] = time.time() - 3000
    session.save()
    html = client.get("/").content.decode()
    assert _attr(html, "data-session-expires-in") <= 600
    assert _attr(html, "data-session-absolute-in") <= 600


def test_a_visitor_gets_no_warning(db):
    html = Client().get("/konto/login/").content.decode()
    assert "data-session-expires-in" not in html and "session-warning" not in html


def test_continue_renews_the_session(coordinator, settings):
    settings.SESSION_INACTIVITY_TIMEOUT = 1800
    client = _logged_in(coordinator)
    session = client.session
    session[LAST_SEEN] = time.time() - 1700  # 100 s left
    session.save()
    response = client.post("/konto/fortsatt/")
    assert response.status_code == 200
    assert response.json()["expires_in"] >= 1790
    assert time.time() - client.session[LAST_SEEN] < 5
    assert client.get("/").status_code == 200


def test_continue_cannot_revive_a_session_that_has_ended(coordinator, settings):
    settings.SESSION_INACTIVITY_TIMEOUT = 1800
    client = _logged_in(coordinator)
    session = client.session
    session[LAST_SEEN] = time.time() - 1900
    session.save()
    response = client.post("/konto/fortsatt/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert client.get("/").status_code == 302


def test_continue_takes_only_post(coordinator):
    assert _logged_in(coordinator).get("/konto/fortsatt/").status_code == 405


def test_a_session_the_store_has_dropped_sends_to_the_login_page_with_the_reason(client, db):
    """The session's own expiry (SESSION_COOKIE_AGE, the inactivity limit) can remove it
    before the middleware sees it idle: the login page still says why."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32  # no such session any more
    response = client.get("/uppfoljning/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    page = client.get(response["Location"]).content.decode()
    assert "Du har loggats ut efter" in page


def test_a_dropped_session_on_an_htmx_save_redirects_the_page_with_the_reason(client, db):
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    response = client.post("/uppfoljning/aktivitet/1/T1-2017/", {}, headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith("/konto/login/")
    assert "Du har loggats ut efter" in client.get(response["HX-Redirect"]).content.decode()


def test_a_visitor_without_a_session_gets_the_login_page_without_a_reason(client, db):
    response = client.get("/uppfoljning/")
    assert "Du har loggats ut" not in client.get(response["Location"]).content.decode()


def test_the_page_can_ask_how_long_the_session_has_left_without_renewing_it(coordinator, settings):
    """The warning asks before it says "Du har loggats ut" (its own count is conservative)."""
    settings.SESSION_INACTIVITY_TIMEOUT = 1800
    client = _logged_in(coordinator)
    session = client.session
    seen = time.time() - 1700  # 100 s left
    session[LAST_SEEN] = seen
    session.save()
    response = client.get("/konto/sessionen/")
    assert response.status_code == 200
    assert 90 <= response.json()["expires_in"] <= 100
    assert client.session[LAST_SEEN] == seen  # asking is not activity


def test_asking_after_the_session_ended_gets_the_login_page(coordinator, settings):
    settings.SESSION_INACTIVITY_TIMEOUT = 1800
    client = _logged_in(coordinator)
    session = client.session
    session[LAST_SEEN] = time.time() - 1900
    session.save()
    response = client.get("/konto/sessionen/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


def test_the_warning_knows_where_to_ask(coordinator):
    html = _logged_in(coordinator).get("/").content.decode()
    assert 'data-status-url="/konto/sessionen/"' in html
