"""Admin's user pages name the roles (groups called Läsare, Rapportör …) in the user's
language: the list's column and filter and the user form's role choices."""

import pytest
from django.urls import reverse

from actors.permissions import ROLE_COORDINATOR, ROLE_READER, role_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_in_english(client, make_user):
    from actors.roles import sync_role_flags

    user = make_user(ROLE_COORDINATOR, first_name="Sara", last_name="Samordnare")
    sync_role_flags(user, set())
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return user


def test_role_label_follows_the_language():
    from django.utils import translation

    with translation.override("en"):
        assert role_label(ROLE_READER) == "Reader"
        assert role_label("Egen grupp") == "Egen grupp"
    with translation.override("sv"):
        assert role_label(ROLE_READER) == "Läsare"


def test_the_user_list_names_roles_in_english(client, make_user, coordinator_in_english):
    make_user(ROLE_READER, username="lisa")
    page = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Reader" in page
    assert "Läsare" not in page
    assert "?roll=L%C3%A4sare" in page  # the filter, by the group's own name


def test_the_role_filter_lists_only_the_matching_users(client, make_user, coordinator_in_english):
    make_user(ROLE_READER, username="lisa")
    make_user("Rapportör", username="rikard")
    page = client.get(reverse("admin:auth_user_changelist"), {"roll": ROLE_READER}).content
    assert b"lisa" in page
    assert b"rikard" not in page


def test_the_user_form_offers_the_roles_in_english(client, make_user, coordinator_in_english):
    reader = make_user(ROLE_READER, username="lisa")
    page = client.get(reverse("admin:auth_user_change", args=[reader.pk])).content.decode()
    assert ">Reader</option>" in page
    assert "Läsare" not in page


def test_the_role_picker_speaks_of_roles(client, make_user, coordinator_in_english):
    reader = make_user(ROLE_READER, username="lisa")
    page = client.get(reverse("admin:auth_user_change", args=[reader.pk])).content.decode()
    assert 'data-field-name="roles"' in page  # the widget's "Available roles", "Choose all roles"
    assert ">Roles:</label>" in page
