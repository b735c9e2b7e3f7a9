"""Shared fixtures: the adopted plan, plans of any size, and users per role."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model

from actors.models import Actor, Membership
from plans.models import Activity, FocusArea, Plan
from tests.seed_cache import SeedRows

pytest_plugins = ["tests.browser_fixtures"]

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the tests' cache is in memory, across tests,
    while their rows, and so the ids counted figures are cached under, are rolled back)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def recommendations(db):
    """The twelve recommendations (data migration plans 0005), loaded again if a live-server
    test's flush took them away."""
    from plans.checklist_data import load_twelve

    return load_twelve()


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker) -> SeedRows:
    """What ``load_fixtures("vallentuna_2016_2017")`` writes, captured once (tests/seed_cache.py)."""
    with django_db_blocker.unblock():
        return SeedRows.capture()


@pytest.fixture
def seed_plan(db, recommendations, seed_rows) -> Plan:
    """The Vallentuna plan 2016–2017 exactly as adopted (fixtures/vallentuna_2016_2017.json),
    with the first history rows ``load_fixtures`` gives it."""
    seed_rows.insert()
    return Plan.objects.get(registration_number="KS 2016.371")


def build_plan(
    n_focus_areas: int,
    activities_per_area: int,
    *,
    title: str | None = None,
    actors_per_activity: int = 2,
) -> Plan:
    """A plan of the given size, built with bulk inserts (for query-count tests and benches)."""
    n = next(_counter)
    actors = list(Actor.objects.all()[:8])
    if len(actors) < actors_per_activity:
        actors += [
            Actor.objects.create(code=f"A{n}-{i}", name=f"Aktör {n}-{i}", sort_order=i)
            for i in range(actors_per_activity - len(actors))
        ]
    plan = Plan.objects.create(
        title=title or f"Testplan {n}",
        period_start=datetime.date(2016, 1, 1),
        period_end=datetime.date(2017, 12, 31),
        status=Plan.Status.ADOPTED,
    )
    areas = FocusArea.objects.bulk_create(
        FocusArea(plan=plan, title=f"Fokusområde {i + 1}", order=i + 1)
        for i in range(n_focus_areas)
    )
    deadlines = [
        datetime.date(2016, 12, 31),
        datetime.date(2017, 4, 30),
        datetime.date(2017, 8, 31),
    ]
    activities = Activity.objects.bulk_create(
        Activity(
            focus_area=area,
            order=j + 1,
            title=f"Aktivitet {area.order}.{j + 1}",
            implementation="Genomförs enligt plan",
            deadline=deadlines[j % len(deadlines)],
        )
        for area in areas
        for j in range(activities_per_area)
    )
    through = Activity.responsible.through
    through.objects.bulk_create(
        through(activity_id=a.pk, actor_id=actors[(i + k) % len(actors)].pk)
        for i, a in enumerate(activities)
        for k in range(actors_per_activity)
    )
    return plan


@pytest.fixture
def make_plan(db):
    return build_plan


@pytest.fixture
def make_user(db):
    """make_user(role=None, actors=("BUF",), **fields): a user in a role group, member of actors."""
    from django.contrib.auth.models import Group

    from actors.roles import ROLE_PERMISSIONS, sync_roles

    groups: dict = {}

    def factory(role: str | None = None, actors=(), username: str | None = None, **fields):
        if role and not groups:
            # The migrations made them (test_roles checks that); a live-server test's flush
            # takes them away, and then they are made again.
            groups.update((g.name, g) for g in Group.objects.filter(name__in=ROLE_PERMISSIONS))
            if len(groups) < len(ROLE_PERMISSIONS):
                groups.update(sync_roles())
        user = get_user_model().objects.create_user(
            username=username or f"user{next(_counter)}", password="Lösenord-för-test-1", **fields
        )
        if role:
            user.groups.add(groups[role])
        for code in actors:
            Membership.objects.create(user=user, actor=Actor.objects.get(code=code))
        return user

    return factory


@pytest.fixture
def coordinator(make_user):
    """Sara Samordnare, Trygghetssamordnare: works in the app and in admin."""
    from actors.permissions import ROLE_COORDINATOR
    from actors.roles import sync_role_flags

    user = make_user(
        role=ROLE_COORDINATOR, username="sara", first_name="Sara", last_name="Samordnare"
    )
    sync_role_flags(user, set())
    return user


@pytest.fixture(autouse=True)
def _empty_cache():
    """Counters kept in the cache (password-reset limits …) start from zero in every test."""
    from django.core.cache import cache

    cache.clear()
    yield
