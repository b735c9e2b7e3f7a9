"""The four roles: created by the migration, assignable in admin, each with exactly its rights."""

import pytest
from django.contrib.auth.models import Group, Permission

from actors.permissions import (
    ROLE_ADMIN,
    ROLE_COORDINATOR,
    ROLE_READER,
    ROLE_REPORTER,
    ROLES,
    can_close_tertial,
    can_contribute_for,
    can_edit_plans,
    can_import_plans,
    can_report_all,
    can_report_on,
    can_view_changelog,
    can_view_plans,
)
from actors.roles import ROLE_PERMISSIONS, sync_roles
from plans.models import Activity

PASSWORD = "Lösenord-för-test-1"


def test_the_migration_created_the_four_roles_with_their_permissions(db):
    groups = {g.name: g for g in Group.objects.prefetch_related("permissions__content_type")}
    assert set(groups) == set(ROLES)
    for role, perms in ROLE_PERMISSIONS.items():
        have = {f"{p.content_type.app_label}.{p.codename}" for p in groups[role].permissions.all()}
        if perms == "__all__":
            assert {"auth.change_user", "auth.change_group", "plans.import_plan"} <= have
        else:
            assert have == set(perms)


def test_sync_roles_is_idempotent_and_restores_a_tampered_role(db):
    reader = Group.objects.get(name=ROLE_READER)
    reader.permissions.add(Permission.objects.get(codename="change_plan"))
    sync_roles()
    sync_roles()
    assert not reader.permissions.filter(codename="change_plan").exists()
    assert Group.objects.filter(name__in=ROLES).count() == 4


# role -> (view, edit plans, import, report on all, close tertial, changelog)
EXPECTED = {
    ROLE_ADMIN: (True, True, True, True, True, True),
    ROLE_COORDINATOR: (True, True, True, True, True, True),
    ROLE_REPORTER: (True, False, False, False, False, False),
    ROLE_READER: (True, False, False, False, False, False),
    None: (False, False, False, False, False, False),
}


@pytest.mark.parametrize("role", [*ROLES, None])
def test_each_role_may_do_exactly_what_it_says(make_user, seed_plan, role):
    user = make_user(role, actors=("BUF",))
    got = (
        can_view_plans(user),
        can_edit_plans(user),
        can_import_plans(user),
        can_report_all(user),
        can_close_tertial(user),
        can_view_changelog(user),
    )
    assert got == EXPECTED[role]


def test_a_reporter_contributes_only_for_their_actors_and_the_coordinator_writes_the_follow_up(
    make_user, seed_plan
):
    from actors.models import Actor
    from actors.permissions import contribution_actor_ids

    reporter = make_user(ROLE_REPORTER, actors=("BUF",))
    reader = make_user(ROLE_READER, actors=("BUF",))
    coordinator = make_user(ROLE_COORDINATOR, actors=("KLK",))
    buf, klk, police = (Actor.objects.get(code=c).pk for c in ("BUF", "KLK", "Lopo Täby"))
    theirs = Activity.objects.filter(responsible__code="BUF").first()
    assert can_contribute_for(reporter, buf) is True
    assert can_contribute_for(reporter, police) is False
    assert can_contribute_for(reader, buf) is False
    assert can_contribute_for(coordinator, klk) is True
    assert contribution_actor_ids(reporter, {buf, klk, police}) == {buf}
    # The activity's follow-up (what the report shows) is the coordinator's alone.
    assert can_report_on(reporter, theirs) is False
    assert can_report_on(reader, theirs) is False
    assert can_report_on(coordinator, theirs) is True


def test_an_administrator_creates_a_user_per_role_in_admin(client, django_user_model, seed_plan):
    """The admin user form: roles and actors; admin access follows the role."""
    admin_user = django_user_model.objects.create_superuser("ada", "ada@example.org", PASSWORD)
    client.force_login(admin_user)
    created = {}
    for n, role in enumerate([ROLE_ADMIN, ROLE_COORDINATOR, ROLE_REPORTER, ROLE_READER]):
        username = f"ny{n}"
        response = client.post(
            "/admin/auth/user/add/",
            {
                "username": username,
                "password1": "Trygghet-i-Vallentuna-2016",
                "password2": "Trygghet-i-Vallentuna-2016",
                "usable_password": "true",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
                "memberships-MIN_NUM_FORMS": "0",
                "memberships-MAX_NUM_FORMS": "1000",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        user = django_user_model.objects.get(username=username)
        group = Group.objects.get(name=role)
        response = client.post(
            f"/admin/auth/user/{user.pk}/change/",
            {
                "username": username,
                "first_name": "Ny",
                "last_name": role,
                "email": "",
                "is_active": "on",
                "groups": [group.pk],
                "date_joined_0": "2026-11-25",
                "date_joined_1": "10:00:00",
                "memberships-TOTAL_FORMS": "1",
                "memberships-INITIAL_FORMS": "0",
                "memberships-MIN_NUM_FORMS": "0",
                "memberships-MAX_NUM_FORMS": "1000",
                "memberships-0-actor": str(seed_plan_actor_id()),
                "memberships-0-title": "Handläggare",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        user.refresh_from_db()
        created[role] = user
    assert created[ROLE_ADMIN].is_superuser and created[ROLE_ADMIN].is_staff
    assert created[ROLE_COORDINATOR].is_staff and not created[ROLE_COORDINATOR].is_superuser
    assert not created[ROLE_REPORTER].is_staff and not created[ROLE_READER].is_staff
    assert created[ROLE_REPORTER].memberships.get().actor.code == "BUF"
    buf = created[ROLE_REPORTER].memberships.get().actor
    assert can_contribute_for(created[ROLE_REPORTER], buf.pk)


def seed_plan_actor_id() -> int:
    from actors.models import Actor

    return Actor.objects.get(code="BUF").pk


def test_taking_the_administrator_role_away_takes_superuser_away(
    client, django_user_model, make_user, seed_plan
):
    from actors.roles import sync_role_flags

    user = make_user(ROLE_ADMIN)
    sync_role_flags(user, set())
    assert user.is_superuser
    user.groups.set([Group.objects.get(name=ROLE_READER)])
    sync_role_flags(user, {ROLE_ADMIN})
    user.refresh_from_db()
    assert not user.is_superuser and not user.is_staff
