"""A logged-in user's language is kept on the account and follows them to another browser.

Anonymous visitors keep the cookie; the middleware (vallentuna.middleware) is the one place
that decides a request's language: the session's (a user's stored choice, put there at
login), else the cookie, else Swedish.
"""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from actors.models import UserPreference
from actors.permissions import ROLE_READER
from actors.selectors import email_language, language_of
from tests.vallentuna.english import swedish_in, user_data

pytestmark = pytest.mark.django_db

PASSWORD = "Lösenord-för-test-1"


@pytest.fixture
def reader(make_user):
    return make_user(ROLE_READER, username="lisa", first_name="Lisa", email="lisa@example.org")


def log_in(client: Client, username: str = "lisa"):
    return client.post("/konto/login/", {"username": username, "password": PASSWORD}, follow=True)


def switch(client: Client, language: str, next_url: str = "/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_switching_language_while_logged_in_stores_it_on_the_account(client, reader):
    client.force_login(reader)
    assert language_of(reader) is None
    assert switch(client, "en").status_code == 302
    assert UserPreference.objects.get(user=reader).language == "en"
    switch(client, "sv")
    preference = UserPreference.objects.get(user=reader)
    assert preference.language == "sv"
    # history: who changed it, and each change once
    assert [h.language for h in preference.history.order_by("history_date")] == ["en", "sv"]
    assert preference.history.latest().history_user == reader
    switch(client, "sv")
    assert preference.history.count() == 2


def test_an_unknown_language_is_not_stored(client, reader):
    client.force_login(reader)
    switch(client, "xx")
    assert not UserPreference.objects.exists()


def test_an_anonymous_visitor_keeps_the_cookie_and_nothing_is_stored(client, reader):
    switch(client, "en", "/konto/login/")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert not UserPreference.objects.exists()
    assert client.get("/konto/login/")["Content-Language"] == "en"


def test_the_stored_language_follows_the_user_to_a_fresh_browser(client, reader):
    client.force_login(reader)
    switch(client, "en")

    fresh = Client()  # another browser: no language cookie
    assert fresh.get("/konto/login/")["Content-Language"] == "sv"
    page = log_in(fresh)
    assert page.status_code == 200 and page.redirect_chain  # landed on the overview
    assert page["Content-Language"] == "en"
    html = page.content.decode()
    assert '<html lang="en">' in html and "Overview" in html
    # the browser now remembers it too, also after logging out
    assert fresh.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    fresh.post("/konto/logout/")
    assert fresh.get("/konto/login/")["Content-Language"] == "en"


def test_a_user_who_never_chose_gets_the_browsers_cookie_or_swedish(client, reader):
    assert log_in(client)["Content-Language"] == "sv"
    other = Client()
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert log_in(other)["Content-Language"] == "en"
    assert not UserPreference.objects.exists()  # a cookie is not a choice made on the account


def test_a_choice_made_on_the_login_page_wins_over_the_stored_one_and_is_stored(client, reader):
    UserPreference.objects.create(user=reader, language="sv")
    switch(client, "en", "/konto/login/")
    assert log_in(client)["Content-Language"] == "en"
    assert language_of(reader) == "en"


def test_logging_in_again_in_an_old_browser_keeps_the_choice_made_since_elsewhere(reader):
    old, new = Client(), Client()
    log_in(old)
    switch(old, "en")  # chosen in the old browser, kept in its session
    log_in(new)
    switch(new, "sv")  # changed since in another browser
    assert log_in(old)["Content-Language"] == "sv"  # the old session's language is no choice
    assert language_of(reader) == "sv"


def test_the_user_admin_shows_the_language(client, make_user, reader):
    from actors.permissions import ROLE_ADMIN

    admin_user = make_user(ROLE_ADMIN, is_superuser=True, is_staff=True)
    UserPreference.objects.create(user=reader, language="en")
    client.force_login(admin_user)
    listing = client.get("/admin/auth/user/").content.decode()
    assert "Engelska" in listing
    page = client.get(f"/admin/auth/user/{reader.pk}/change/").content.decode()
    assert "Engelska" in page and "Språk" in page


def test_password_reset_is_written_in_the_accounts_language(client, reader):
    UserPreference.objects.create(user=reader, language="en")
    response = client.post("/konto/password_reset/", {"email": "lisa@example.org"})
    assert response["Content-Language"] == "sv"  # the page: the asker's language
    message = mail.outbox[-1]
    assert "password" in message.subject.lower() and "lösenord" not in message.subject
    assert "new password" in message.body and "lösenord" not in message.body
    for line in [message.subject, *message.body.splitlines()]:
        assert not swedish_in(escape(line), user_data()), line


def test_email_language_is_the_users_choice_and_swedish_for_addresses_without_account(
    reader, make_user
):
    assert email_language(reader) == "sv"
    assert email_language("lisa@example.org") == "sv"  # an account that never chose
    UserPreference.objects.create(user=reader, language="en")
    assert email_language(reader) == "en"
    assert email_language("LISA@example.org ") == "en"
    assert email_language("polisen@example.org") == "sv"  # a contact without an account
    assert email_language("") == "sv"
    # two accounts share the address and disagree: the municipality's language
    make_user(ROLE_READER, username="lisa2", email="lisa@example.org")
    assert email_language("lisa@example.org") == "sv"
    reader.is_active = False
    reader.save()
    assert email_language("lisa@example.org") == "sv"
