"""The layout every page shares: who you are, where you are, what you may use."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string

from actors.permissions import ROLE_ADMIN, ROLE_COORDINATOR, ROLE_READER, ROLE_REPORTER
from vallentuna import navigation

pytestmark = pytest.mark.django_db


def nav_links(html: str) -> list[tuple[str, str, bool]]:
    """(label, href, is current) for each link of the main navigation."""
    nav = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "the page has no main navigation"
    return [
        (label.strip(), href, 'aria-current="page"' in attrs)
        for href, attrs, label in re.findall(r'<a href="([^"]+)"([^>]*)>([^<]+)</a>', nav.group(1))
    ]


def labels(html: str) -> list[str]:
    return [label for label, _href, _current in nav_links(html)]


def test_every_page_has_a_skip_link_to_the_main_content(client, make_user):
    client.force_login(make_user(role=ROLE_READER))
    html = client.get("/").content.decode()
    body = html.split("<body", 1)[1]
    first_link = re.search(r"<a [^>]*>", body).group(0)
    assert 'href="#main"' in first_link and "skip-link" in first_link
    assert '<main id="main"' in html


def test_the_header_names_the_municipality_the_app_the_user_and_the_role(client, make_user):
    user = make_user(role=ROLE_REPORTER, first_name="Rikard", last_name="Rapportör")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Vallentuna kommun" in html
    assert "Handlingsplaner – uppföljning" in html
    assert "Rikard Rapportör" in html
    assert '<span class="site-user__role">Rapportör</span>' in html


def test_logout_is_a_post_form_with_csrf(client, make_user):
    client.force_login(make_user(role=ROLE_READER))
    html = client.get("/").content.decode()
    form = re.search(r'<form method="post" action="/konto/logout/"[^>]*>(.*?)</form>', html, re.S)
    assert form and "csrfmiddlewaretoken" in form.group(1) and "Logga ut" in form.group(1)


def test_a_reader_sees_only_what_a_reader_may_use(client, make_user):
    client.force_login(make_user(role=ROLE_READER))
    assert labels(client.get("/").content.decode()) == [
        "Översikt",
        "Planer",
        "Uppföljning",
        "Rapporter",
    ]


def test_a_reporter_sees_the_same_sections_as_a_reader(client, make_user):
    client.force_login(make_user(role=ROLE_REPORTER))
    assert labels(client.get("/").content.decode()) == [
        "Översikt",
        "Planer",
        "Uppföljning",
        "Rapporter",
    ]


def test_a_coordinator_also_sees_import_export_and_the_change_log(client, make_user):
    client.force_login(make_user(role=ROLE_COORDINATOR))
    assert labels(client.get("/").content.decode()) == [
        "Översikt",
        "Planer",
        "Uppföljning",
        "Rapporter",
        "Import/Export",
        "Ändringslogg",
    ]


def test_an_administrator_with_staff_access_also_sees_admin(client, make_user):
    client.force_login(make_user(role=ROLE_ADMIN, is_staff=True))
    assert labels(client.get("/").content.decode())[-1] == "Admin"


def test_a_user_without_a_role_gets_no_sections(client, make_user):
    client.force_login(make_user())
    assert "site-nav" not in client.get("/").content.decode()


def test_the_current_section_is_marked_with_aria_current(client, make_user):
    client.force_login(make_user(role=ROLE_COORDINATOR))
    links = nav_links(client.get("/").content.decode())
    assert [label for label, _href, current in links if current] == ["Översikt"]


@pytest.mark.parametrize(
    ("view_name", "expected"),
    [
        ("overview", "Översikt"),
        ("plans:list", "Planer"),
        ("plans:plan", "Planer"),
        ("followup:carry_over", "Planer"),
        ("followup:board", "Uppföljning"),
        ("followup:report_index", "Rapporter"),
        ("followup:report", "Rapporter"),
        ("followup:report_pdf", "Rapporter"),
        ("spreadsheets:import", "Import/Export"),
        ("spreadsheets:export", "Import/Export"),
        ("changelog:changelog_index", "Ändringslogg"),
        ("changelog:changelog", "Ändringslogg"),
        ("admin:plans_plan_changelist", "Admin"),
    ],
)
def test_sub_pages_mark_their_section(rf, make_user, view_name, expected):
    from django.urls import ResolverMatch

    request = rf.get("/")
    request.user = make_user(role=ROLE_ADMIN, is_staff=True)
    namespace, _sep, url_name = view_name.rpartition(":")
    request.resolver_match = ResolverMatch(
        lambda r: None,
        (),
        {},
        url_name=url_name,
        namespaces=namespace.split(":") if namespace else [],
    )
    nav = navigation.navigation(request)["site_nav"]
    assert [item.label for item in nav.items if item.current] == [expected]


@pytest.mark.parametrize(
    ("level", "prefix", "role"),
    [
        (constants.SUCCESS, "Klart:", 'role="status"'),
        (constants.ERROR, "Fel:", 'role="alert"'),
        (constants.WARNING, "Observera:", 'role="status"'),
        (constants.INFO, "Information:", 'role="status"'),
    ],
)
def test_messages_say_what_kind_they_are_in_words_not_only_colour(level, prefix, role):
    html = render_to_string(
        "includes/messages.html", {"messages": [Message(level, "Statusen är sparad.")]}
    )
    assert prefix in html and role in html and "Statusen är sparad." in html


def test_the_accessibility_statement_is_public_and_says_how_to_report_shortcomings(client):
    response = client.get("/tillganglighet/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Hur tillgänglig är tjänsten?",
        "Rapportera brister i tjänstens tillgänglighet",
        "Tillsyn",
        "Teknisk information om tjänstens tillgänglighet",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat tjänsten",
    ):
        assert heading in html
    assert 'href="mailto:kommun@vallentuna.se"' in html
    assert "digg.se" in html


def test_the_accessibility_contact_address_is_a_setting(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@example.se"
    html = client.get("/tillganglighet/").content.decode()
    assert 'href="mailto:tillganglighet@example.se"' in html
    assert "kommun@vallentuna.se" not in html
