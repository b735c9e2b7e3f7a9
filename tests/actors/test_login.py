"""Login: who gets in, brute-force locking on username + IP, and session rules."""

import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actors.middleware import LAST_SEEN, LOGIN_AT
from actors.permissions import ROLE_READER, ROLE_REPORTER

PASSWORD = "Lösenord-för-test-1"


def login(client: Client, username: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return client.post(
        "/konto/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.fixture
def reader(make_user):
    return make_user(ROLE_READER, username="lisa", first_name="Lisa", email="lisa@example.org")


# --- Who may see what without logging in -------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/andringslogg/", "/konto/tvafaktor/"])
def test_every_page_sends_an_anonymous_visitor_to_the_login_page(client, path, db):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


@pytest.mark.parametrize("path", ["/admin/", "/admin/plans/plan/"])
def test_admin_sends_an_anonymous_visitor_to_a_login_page(client, path, db):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(("/konto/login/", "/admin/login/"))


@pytest.mark.parametrize("path", ["/konto/login/", "/konto/password_reset/", "/tillganglighet/"])
def test_login_password_reset_and_accessibility_statement_are_public(client, path, db):
    assert client.get(path).status_code == 200


def test_htmx_requests_are_sent_to_the_login_page_with_hx_redirect(client, db):
    response = client.get("/", headers={"HX-Request": "true", "HX-Current-URL": "/"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/konto/login/?next=")


def test_the_login_page_is_swedish_with_the_labels_the_browser_tests_use(client, db):
    html = client.get("/konto/login/").content.decode()
    for text in ("Användarnamn", "Lösenord", "Logga in", "Glömt lösenordet?"):
        assert text in html


def test_a_wrong_password_keeps_the_username_and_says_what_is_wrong(client, reader):
    response = login(client, "lisa", "fel")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in html
    assert 'value="lisa"' in html


def test_password_reset_sends_a_swedish_mail_with_a_working_link(client, reader):
    response = client.post("/konto/password_reset/", {"email": "lisa@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "nytt lösenord" in body
    link = next(line for line in body.splitlines() if "/konto/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Välj ett nytt lösenord" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Ett-helt-nytt-lösen-9", "new_password2": "Ett-helt-nytt-lösen-9"},
    )
    assert done.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password("Ett-helt-nytt-lösen-9")


def test_django_password_validators_refuse_weak_passwords(reader):
    for weak in ("kort", "1234567890123", "password123", "lisa@example.org"):
        with pytest.raises(ValidationError):
            validate_password(weak, user=reader)
    validate_password("Trygghet-i-Vallentuna-2016", user=reader)


# --- Brute-force protection (django-axes on username + IP) --------------------------------


def test_the_sixth_failed_login_for_a_user_is_refused_even_with_the_right_password(client, reader):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert login(client, "lisa", "fel").status_code == 200
    # The fifth failure locks: the page says so instead of "wrong password" ...
    assert login(client, "lisa", "fel").status_code == 429
    # ... and the sixth attempt is refused, even with the right password.
    response = login(client, "lisa", PASSWORD)
    assert response.status_code == 429
    assert "Inloggningen är tillfälligt spärrad" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_lockout_does_not_lock_out_another_user_from_the_same_ip(client, reader, make_user):
    make_user(ROLE_READER, username="kollega")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        login(client, "lisa", "fel")
    response = login(Client(), "kollega", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_lockout_does_not_lock_the_same_user_out_from_another_ip(client, reader):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        login(client, "lisa", "fel", ip="10.0.0.1")
    assert login(Client(), "lisa", PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_lock_lifts_after_the_cool_off_time(client, reader):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "lisa", "fel")
    assert login(client, "lisa", PASSWORD).status_code == 429
    # Let the cool-off time pass.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    response = login(client, "lisa", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(reader.pk)


# --- Sessions ----------------------------------------------------------------------------


def test_logging_in_starts_a_new_session(client, reader):
    client.get("/konto/login/")
    client.session.save()
    before = client.session.session_key
    login(client, "lisa")
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logout_ends_the_session_on_the_server(client, reader):
    login(client, "lisa")
    old_key = client.session.session_key
    assert client.get("/").status_code == 200
    response = client.post("/konto/logout/")
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=old_key).exists()
    # Replaying the old cookie does not get back in.
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert replay.get("/").status_code == 302


def test_a_deactivated_user_is_logged_out_at_the_next_request(client, reader):
    login(client, "lisa")
    key = client.session.session_key
    assert client.get("/").status_code == 200
    reader.is_active = False
    reader.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert not Session.objects.filter(session_key=key).exists()
    login_page = client.get(response["Location"]).content.decode()
    assert "Ditt konto är inte längre aktivt." in login_page


def _age_session(client: Client, **seconds_ago: float) -> None:
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_thirty_minutes_without_activity_ends_the_session(client, reader):
    assert settings.SESSION_INACTIVITY_TIMEOUT == 30 * 60
    login(client, "lisa")
    _age_session(client, **{LAST_SEEN: 29 * 60})
    assert client.get("/").status_code == 200
    _age_session(client, **{LAST_SEEN: 31 * 60})
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert SESSION_KEY not in client.session
    login_page = client.get(response["Location"]).content.decode()
    assert "Du har loggats ut efter 30 minuter utan aktivitet." in login_page


def test_the_server_side_session_expires_thirty_minutes_after_the_last_request(client, reader):
    response = login(client, "lisa")
    # The cookie itself ends when the browser closes.
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""
    assert client.get("/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)


def test_clicking_through_pages_writes_the_session_at_most_once_a_minute(client, reader):
    """Activity renews the session, but not with a database write on every request."""
    login(client, "lisa")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get("/").status_code == 200
    assert not [
        q for q in queries.captured_queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]
    ]
    _age_session(client, **{LAST_SEEN: 20 * 60})
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=10)
    )
    assert client.get("/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date - timezone.now() > datetime.timedelta(minutes=29)
    assert time.time() - client.session[LAST_SEEN] < 5


def test_an_active_session_still_ends_after_its_absolute_lifetime(client, reader):
    login(client, "lisa")
    _age_session(client, **{LOGIN_AT: settings.SESSION_ABSOLUTE_LIFETIME + 1, LAST_SEEN: 10})
    response = client.get("/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    login_page = client.get(response["Location"]).content.decode()
    assert "Du har varit inloggad i mer än 10 timmar och har loggats ut." in login_page


def test_a_reporter_logs_in_and_reaches_the_start_page(client, make_user, seed_plan):
    make_user(ROLE_REPORTER, username="rikard", actors=("BUF",))
    response = login(client, "rikard")
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_logging_out_lands_on_the_login_page_saying_so(client, reader):
    login(client, "lisa")
    response = client.post("/konto/logout/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/konto/login/"
    assert "Du är utloggad." in html and "Användarnamn" in html
