"""The plan register's rules: constraints in the database, history of every change, Swedish order."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from actors.audit import acting_as
from actors.models import Actor
from plans.models import Activity, FocusArea, Plan, join_swedish

pytestmark = pytest.mark.django_db


def new_plan(**fields) -> Plan:
    defaults = {
        "title": "Plan",
        "period_start": datetime.date(2017, 1, 1),
        "period_end": datetime.date(2017, 12, 31),
    }
    return Plan.objects.create(**(defaults | fields))


def test_a_plan_must_end_after_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        new_plan(period_start=datetime.date(2017, 12, 31), period_end=datetime.date(2017, 1, 1))


def test_several_plans_live_side_by_side_with_their_own_focus_areas(seed_plan):
    follow_up_plan = new_plan(
        title="Handlingsplan mot våldsbejakande extremism 2017", registration_number=""
    )
    FocusArea.objects.create(
        plan=follow_up_plan, title="Lokal lägesbild om våldsbejakande extremism", order=1
    )
    assert (
        FocusArea.objects.filter(title="Lokal lägesbild om våldsbejakande extremism").count() == 2
    )
    assert seed_plan.focus_areas.count() == 3
    assert follow_up_plan.slug != seed_plan.slug


def test_registration_numbers_are_unique_but_may_be_blank(seed_plan):
    new_plan(title="Utkast A")
    new_plan(title="Utkast B")
    with pytest.raises(IntegrityError), transaction.atomic():
        new_plan(title="Kopia", registration_number="KS 2016.371")


def test_order_is_unique_within_its_parent(seed_plan):
    area = seed_plan.focus_areas.get(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        FocusArea.objects.create(plan=seed_plan, title="Dubblett", order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(focus_area=area, order=1, title="Dubblett")


def test_actor_codes_are_unique_regardless_of_case(seed_plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.create(code="klk", name="Kopia av KLK")


def test_actors_sort_swedish_with_a_ring_a_umlaut_and_o_umlaut_after_z(db):
    for code in ["Östra", "Zeta", "Ärla", "Åby", "Björk", "aska"]:
        Actor.objects.create(code=code, name=code)
    assert list(Actor.objects.order_by("code").values_list("code", flat=True)) == [
        "aska",
        "Björk",
        "Zeta",
        "Åby",
        "Ärla",
        "Östra",
    ]


def test_plans_sort_swedish_by_title(db):
    for title in ["Ösby-planen", "Zonplan", "Åtgärdsplan", "Ärendeplan"]:
        new_plan(title=title)
    assert list(Plan.objects.order_by("title").values_list("title", flat=True)) == [
        "Zonplan",
        "Åtgärdsplan",
        "Ärendeplan",
        "Ösby-planen",
    ]


def test_changing_responsible_actors_is_recorded_with_who_and_what(seed_plan, django_user_model):
    editor = django_user_model.objects.create_user("sara", password="x")
    activity = Activity.objects.get(focus_area__plan=seed_plan, focus_area__order=2, order=2)
    assert {a.code for a in activity.responsible.all()} == {"KLK", "SF", "Lopo Täby"}
    assert activity.history.count() == 1  # the baseline written when the fixture was loaded
    buf = Actor.objects.get(code="BUF")
    with acting_as(editor):
        activity.responsible.add(buf)
    latest, baseline = activity.history.all()[:2]
    assert latest.history_user == editor
    changes = {c.field: c for c in latest.diff_against(baseline).changes}
    assert set(changes) == {"responsible"}
    before = {row["actor"] for row in changes["responsible"].old}
    after = {row["actor"] for row in changes["responsible"].new}
    assert after - before == {buf.pk}


def test_changing_a_deadline_is_recorded_with_before_and_after(seed_plan, django_user_model):
    editor = django_user_model.objects.create_user("sara", password="x")
    activity = Activity.objects.get(focus_area__plan=seed_plan, focus_area__order=2, order=2)
    with acting_as(editor):
        activity.deadline = datetime.date(2017, 9, 30)
        activity.save()
    latest, baseline = activity.history.all()[:2]
    change = latest.diff_against(baseline).changes[0]
    assert (change.field, change.old, change.new) == (
        "deadline",
        datetime.date(2017, 8, 31),
        datetime.date(2017, 9, 30),
    )
    assert latest.history_user == editor


def test_join_swedish_writes_lists_as_plans_do():
    assert join_swedish([]) == ""
    assert join_swedish(["KLK"]) == "KLK"
    assert join_swedish(["KLK", "SF"]) == "KLK och SF"
    assert join_swedish(["KLK", "BUF", "SF"]) == "KLK, BUF och SF"
