"""The Trygghetssamordnare adds, edits and deactivates Rapportörer and Läsare and their
actors in admin, and nobody else; the Administratör manages everyone."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from actors.models import Actor, Membership
from actors.permissions import ROLE_ADMIN, ROLE_COORDINATOR, ROLE_READER, ROLE_REPORTER
from actors.roles import sync_role_flags

User = get_user_model()


@pytest.fixture
def users(make_user, seed_plan):
    made = {}
    for role in (ROLE_ADMIN, ROLE_COORDINATOR, ROLE_REPORTER, ROLE_READER):
        user = make_user(role, username=f"u-{role.lower()}")
        sync_role_flags(user, set())
        made[role] = user
    return made


@pytest.fixture
def sara(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_user_list_holds_only_reporters_and_readers(sara, users):
    html = sara.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "u-rapportör" in html and "u-läsare" in html
    assert "u-administratör" not in html and "u-trygghetssamordnare" not in html


@pytest.mark.parametrize("role", [ROLE_ADMIN, ROLE_COORDINATOR])
def test_other_roles_pages_are_refused(sara, users, role):
    user = users[role]
    for name in ("admin:auth_user_change", "admin:auth_user_password_change"):
        assert sara.get(reverse(name, args=[user.pk])).status_code == 403
    response = sara.post(reverse("admin:auth_user_change", args=[user.pk]), {"username": "kapad"})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.username != "kapad"


def test_the_coordinator_adds_a_police_reporter_with_an_actor(sara, users):
    police = Actor.objects.create(code="Polisen", name="Polismyndigheten")
    response = sara.post(
        reverse("admin:auth_user_add"),
        {
            "username": "polis",
            "usable_password": "true",
            "password1": "Ett-bra-lösen-för-polisen-9",
            "password2": "Ett-bra-lösen-för-polisen-9",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    polis = User.objects.get(username="polis")
    reporter_role = Group.objects.get(name=ROLE_REPORTER)
    change = reverse("admin:auth_user_change", args=[polis.pk])
    response = sara.post(
        change,
        {
            "username": "polis",
            "first_name": "Petra",
            "last_name": "Polis",
            "email": "petra@polisen.se",
            "is_active": "on",
            "groups": [reporter_role.pk],
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-actor": police.pk,
            "memberships-0-title": "Kommunpolis",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    polis.refresh_from_db()
    assert set(polis.groups.values_list("name", flat=True)) == {ROLE_REPORTER}
    assert Membership.objects.filter(user=polis, actor=police).exists()
    assert not polis.is_staff and not polis.is_superuser


def test_the_coordinator_cannot_give_a_role_other_than_reporter_or_reader(sara, users):
    reader = users[ROLE_READER]
    form = sara.get(reverse("admin:auth_user_change", args=[reader.pk])).content.decode()
    assert "is_superuser" not in form and "is_staff" not in form
    assert "user_permissions" not in form
    options = re.search(r'<select name="groups".*?</select>', form, re.S).group(0)
    assert ROLE_REPORTER in options and ROLE_READER in options
    assert ROLE_COORDINATOR not in options and ROLE_ADMIN not in options
    response = sara.post(
        reverse("admin:auth_user_change", args=[reader.pk]),
        {
            "username": reader.username,
            "is_active": "on",
            "groups": [Group.objects.get(name=ROLE_COORDINATOR).pk],
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    reader.refresh_from_db()
    assert set(reader.groups.values_list("name", flat=True)) == {ROLE_READER}
    assert not reader.is_staff


def test_the_coordinator_deactivates_a_reader(sara, users):
    reader = users[ROLE_READER]
    response = sara.post(
        reverse("admin:auth_user_change", args=[reader.pk]),
        {
            "username": reader.username,
            "groups": [Group.objects.get(name=ROLE_READER).pk],
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    assert not reader.is_active


def test_the_coordinator_cannot_delete_users(sara, users):
    reader = users[ROLE_READER]
    sara.post(reverse("admin:auth_user_delete", args=[reader.pk]), {"post": "yes"})
    assert User.objects.filter(pk=reader.pk).exists()


def test_memberships_of_other_roles_are_out_of_reach(sara, users):
    coordinator = users[ROLE_COORDINATOR]
    klk = Actor.objects.get(code="KLK")
    theirs = Membership.objects.create(user=coordinator, actor=klk)
    listing = sara.get(reverse("admin:actors_membership_changelist")).content.decode()
    assert "u-trygghetssamordnare" not in listing
    assert sara.get(reverse("admin:actors_membership_change", args=[theirs.pk])).status_code in (
        302,
        404,
    )
    response = sara.post(
        reverse("admin:actors_membership_add"), {"user": coordinator.pk, "actor": klk.pk}
    )
    assert response.status_code == 200  # refused: not a choice
    assert Membership.objects.filter(user=coordinator).count() == 1
    picker = sara.get(
        reverse("admin:autocomplete"),
        {"app_label": "actors", "model_name": "membership", "field_name": "user", "term": "u-"},
    ).json()
    names = {r["text"] for r in picker["results"]}
    assert "u-rapportör" in names and "u-trygghetssamordnare" not in names


def test_the_administrator_still_manages_everyone(client, users):
    client.force_login(users[ROLE_ADMIN])
    html = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "u-trygghetssamordnare" in html
    change = reverse("admin:auth_user_change", args=[users[ROLE_COORDINATOR].pk])
    assert client.get(change).status_code == 200
