"""The data migration plans/0006 (and ``setup_demo``, through the same function) gives
plans adopted before the lifecycle existed an
``adopted_at``, so that their changes since adoption are listed (and nothing before)."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from actors.models import Actor
from plans import services
from plans.adoption import fill_adopted_at
from plans.models import Plan
from plans.selectors import changes_since_adoption

pytestmark = pytest.mark.django_db


def _forget_adoption(plan: Plan) -> Plan:
    Plan.objects.filter(pk=plan.pk).update(adopted_at=None)
    plan.refresh_from_db()
    return plan


def test_a_plan_loaded_after_its_decision_lists_only_later_changes(seed_plan):
    Plan.objects.filter(pk=seed_plan.pk).update(decision_date=datetime.date(2016, 10, 3))
    seed_plan.refresh_from_db()
    assert seed_plan.adopted_at is None

    assert fill_adopted_at(apps) == 1

    seed_plan.refresh_from_db()
    assert seed_plan.adopted_at > timezone.make_aware(datetime.datetime(2016, 10, 3))
    assert changes_since_adoption(seed_plan) == []  # not every activity "tillagd"
    area = seed_plan.focus_areas.get(order=2)
    services.add_activity(area, title="Ny aktivitet efteråt", user=None, responsible=[])
    assert changes_since_adoption(seed_plan) == ["Aktivitet 2.4 tillagd: Ny aktivitet efteråt"]


def test_the_recorded_change_to_adopted_is_the_time(db, recommendations):
    plan = services.create_plan(
        user=None,
        title="Plan 2019",
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 12, 31),
        decision_body="KS",
        decision_paragraph="§1",
        decision_date=datetime.date(2019, 1, 10),
    )
    area = services.add_focus_area(plan, title="Område", user=None)
    police, _ = Actor.objects.get_or_create(code="Lopo Täby", defaults={"name": "Polisen"})
    services.add_activity(area, title="Före", user=None, responsible=[police])
    plan = services.change_status(plan, Plan.Status.ADOPTED, user=None)
    adopted = plan.history.filter(status="adopted").earliest("history_date").history_date
    services.add_activity(area, title="Efter", user=None, responsible=[])
    _forget_adoption(plan)

    fill_adopted_at(apps)

    plan.refresh_from_db()
    assert plan.adopted_at == adopted
    assert changes_since_adoption(plan) == ["Aktivitet 1.2 tillagd: Efter"]


def test_without_history_the_decision_date_else_now(db, recommendations):
    dated, undated = (
        Plan.objects.create(
            title=title,
            period_start=datetime.date(2016, 1, 1),
            period_end=datetime.date(2017, 12, 31),
            status=Plan.Status.ADOPTED,
            decision_date=decision,
        )
        for title, decision in (("Med datum", datetime.date(2016, 10, 3)), ("Utan", None))
    )
    for plan in (dated, undated):
        Plan.history.filter(id=plan.pk).delete()  # as a plan loaded without history
    now = timezone.now()

    fill_adopted_at(apps, now=now)

    dated.refresh_from_db()
    undated.refresh_from_db()
    assert timezone.localtime(dated.adopted_at).replace(tzinfo=None) == datetime.datetime(
        2016, 10, 3
    )
    assert undated.adopted_at == now


def test_drafts_and_plans_with_a_time_are_left_alone(seed_plan, recommendations):
    draft = services.create_plan(
        user=None,
        title="Utkast",
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 12, 31),
    )
    known = timezone.now() - datetime.timedelta(days=3)
    Plan.objects.filter(pk=seed_plan.pk).update(adopted_at=known)

    assert fill_adopted_at(apps) == 0

    draft.refresh_from_db()
    seed_plan.refresh_from_db()
    assert draft.adopted_at is None
    assert seed_plan.adopted_at == known
