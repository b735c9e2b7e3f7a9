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


def language_switch(html: str) -> str:
    import re

    form = re.search(r'<form method="post" action="/i18n/setlang/"[^>]*>(.*?)</form>', html, re.S)
    assert form, "the header has no language switch"
    return form.group(1)


def test_the_header_offers_english_in_swedish_and_svenska_in_english(logged_in, seed_plan):
    switch = language_switch(logged_in.get(reverse("overview")).content.decode())
    assert 'name="language" value="en"' in switch and '<span lang="en">English</span>' in switch
    assert 'name="next" value="/"' in switch and "csrfmiddlewaretoken" in switch
    assert "Språk:" in switch  # the button's accessible name says what it is

    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = logged_in.get(reverse("followup:board") + "?plan=vbe-2016-2017").content.decode()
    switch = language_switch(page)
    assert 'name="language" value="sv"' in switch and '<span lang="sv">Svenska</span>' in switch
    assert 'value="/uppfoljning/?plan=vbe-2016-2017"' in switch
    assert "Language:" in switch
    assert '<html lang="en">' in page and "Follow-up" in page


def test_the_choice_is_remembered_for_a_year(logged_in):
    response = logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 365 * 24 * 60 * 60
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_login_page_has_the_switch_too(client):
    page = client.get("/konto/login/").content.decode()
    assert '<span lang="en">English</span>' in language_switch(page)


def test_dates_follow_the_chosen_language(logged_in, seed_plan):
    logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = logged_in.get(reverse("overview")).content.decode()
    assert "1 January 2016 – 31 December 2017" in page  # the plan period
    logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    assert (
        "1 januari 2016 – 31 december 2017" in logged_in.get(reverse("overview")).content.decode()
    )


def test_the_role_is_shown_in_the_chosen_language(client, make_user):
    client.force_login(make_user(role="Trygghetssamordnare"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("overview")).content.decode()
    assert '<span class="site-user__role">Community safety coordinator</span>' in html


def test_a_visitor_can_choose_english_before_logging_in(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/konto/login/"})
    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "User name" in client.get("/konto/login/").content.decode()


def test_english_dates_are_day_month_year_and_24_hour_time():
    from django.utils import formats, translation

    moment = datetime.datetime(2026, 11, 30, 21, 41)
    with translation.override("en"):
        assert formats.date_format(datetime.date(2017, 4, 30)) == "30 April 2017"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "30 November 2026 21:41"
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"


def test_admin_shows_english_dates_as_the_pages_do(client, make_user, settings):
    """A coordinator sees a reader's dates read-only, written out."""
    from django.utils import timezone

    from actors.roles import sync_role_flags

    coordinator = make_user("Trygghetssamordnare")
    sync_role_flags(coordinator, set())
    reader = make_user("Läsare")
    reader.date_joined = timezone.make_aware(datetime.datetime(2026, 11, 30, 21, 41))
    reader.save()
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("admin:auth_user_change", args=[reader.pk])).content.decode()
    assert "30 November 2026 21:41" in page
    assert "p.m." not in page
