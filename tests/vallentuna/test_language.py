"""Swedish for everyone, whatever the browser asks for; English only by choice."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, make_user):
    client.force_login(make_user(role="Läsare"))
    return client


def test_an_english_browser_still_gets_swedish(logged_in, seed_plan):
    response = logged_in.get(reverse("overview"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert response["Content-Language"] == "sv"
    assert '<html lang="sv">' in page
    assert "Översikt" in page


def test_english_is_available_when_the_user_chooses_it(logged_in):
    response = logged_in.post(
        reverse("set_language"), {"language": "en", "next": "/konto/password_change/"}
    )
    assert response.status_code == 302
    assert logged_in.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = logged_in.get("/konto/password_change/")
    assert page["Content-Language"] == "en"
    assert "Old password" in page.content.decode()  # Django's own form, now in English


def test_an_unknown_language_cookie_falls_back_to_swedish(logged_in):
    logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert logged_in.get(reverse("overview"))["Content-Language"] == "sv"


def test_dates_are_written_in_swedish():
    from django.utils import formats, translation

    with translation.override("sv"):
        assert formats.date_format(datetime.date(2017, 4, 30), "j F Y") == "30 april 2017"
