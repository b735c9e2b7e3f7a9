"""A plan's period may not leave its follow-up outside (issue #11, tertials inside the plan):
a change that would put follow-up entries, contributions, a samlad bedömning or a closed and
filed tertial outside the period is refused, in the plan form and in admin alike, with a
Swedish message naming them, and nothing is saved. The rule lives in followup and is
registered with plans (plans imports no followup)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from followup import services as followup_services
from followup.contributions import record_contribution
from followup.models import Status
from followup.services import (
    close_tertial,
    period_change_problems,
    record_follow_up,
    save_assessment,
)
from followup.tertial import Tertial
from plans import services
from plans.forms import DECISION_FIELDS
from plans.models import PLAN_TEXT_FIELDS, Activity, Plan

pytestmark = pytest.mark.django_db

T1_2016, T3_2016 = Tertial(2016, 1), Tertial(2016, 3)


@pytest.fixture
def followed(seed_plan, coordinator):
    """The seed plan (2016-01-01 – 2017-12-31) with entries for 1.1 and 2.1 in T1 2016, a
    contribution to 2.2 then, and T3 2016 closed (filed) with a samlad bedömning."""
    activities = list(
        Activity.objects.filter(focus_area__plan=seed_plan).order_by("focus_area__order", "order")
    )
    for activity in activities[:2]:
        record_follow_up(activity=activity, tertial=T1_2016, user=coordinator, status=Status.DONE)
    third = activities[2]
    record_contribution(
        activity=third,
        tertial=T1_2016,
        actor=third.responsible.order_by("sort_order").first(),
        status=Status.STARTED,
        comment="Bidrag",
        user=coordinator,
    )
    save_assessment(seed_plan, T3_2016, coordinator, "Bra.")
    close_tertial(seed_plan, T3_2016, coordinator, confirm_not_updated=True)
    # the decision's date, which the adopted plan's form requires (the fixture has none)
    Plan.objects.filter(pk=seed_plan.pk).update(decision_date=datetime.date(2016, 10, 3))
    seed_plan.refresh_from_db()
    return seed_plan, [a.number for a in activities[:3]]


def page_data(plan: Plan, **changes) -> dict:
    data = {
        "title": plan.title,
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "version": plan.version,
        **{name: getattr(plan, name) or "" for name in [*DECISION_FIELDS, *PLAN_TEXT_FIELDS]},
        "decision_date": plan.decision_date.isoformat() if plan.decision_date else "",
    }
    data.update(changes)
    return data


def admin_data(plan: Plan, **changes) -> dict:
    data = {
        **page_data(plan),
        "slug": plan.slug,
        "status": plan.status,
        "checklist": plan.checklist_id or "",
        "network": plan.network_id or "",
        "shown_version": plan.version,
        "focus_areas-TOTAL_FORMS": 0,
        "focus_areas-INITIAL_FORMS": 0,
        "focus_areas-MIN_NUM_FORMS": 0,
        "focus_areas-MAX_NUM_FORMS": 1000,
    }
    del data["version"]
    data.update(changes)
    return data


def unchanged(plan: Plan, before: tuple) -> bool:
    plan.refresh_from_db()
    return (plan.period_start, plan.period_end, plan.version) == before


def test_the_followup_check_is_registered_with_plans():
    assert period_change_problems in services.PERIOD_CHECKS


def test_the_service_names_what_would_fall_outside_and_saves_nothing(followed, coordinator):
    plan, (n1, n2, n3) = followed
    before = (plan.period_start, plan.period_end, plan.version)
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        services.update_plan(plan, user=coordinator, period_start=datetime.date(2017, 1, 1))
    text = " ".join(error.value.messages)
    assert f"T1 2016 (aktiviteterna {n1}, {n2} och {n3})" in text
    assert "T3 2016 är stängd eller har en arkiverad rapport." in text
    assert "Samlad bedömning för T3 2016." in text
    assert "följs planen upp T1 2017–T3 2017" in text and "Perioden är inte ändrad" in text
    assert unchanged(plan, before)


def test_the_plan_form_refuses_it_and_the_filed_report_stays_reachable(
    client, followed, coordinator
):
    plan, (n1, n2, _n3) = followed
    before = (plan.period_start, plan.period_end, plan.version)
    client.force_login(coordinator)
    url = reverse("plans:edit", args=[plan.slug])
    response = client.post(url, page_data(plan, period_start="2016-05-01"))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"T1 2016 (aktiviteterna {n1}, {n2}" in page and "Perioden är inte ändrad" in page
    assert "T3 2016 är stängd" not in page  # inside the new period
    assert unchanged(plan, before)
    report = reverse("followup:report", args=[plan.slug, 2016, 3])
    assert "version 1, stängd" in client.get(report).content.decode()
    # ending the period before the closed tertial names it too
    response = client.post(url, page_data(plan, period_end="2016-08-31"))
    assert response.status_code == 400
    assert "T3 2016 är stängd eller har en arkiverad rapport." in response.content.decode()
    assert unchanged(plan, before)


def test_a_period_that_keeps_everything_inside_is_saved(client, followed, coordinator):
    plan, _numbers = followed
    client.force_login(coordinator)
    url = reverse("plans:edit", args=[plan.slug])
    # later and earlier ends that leave nothing outside: T1 2016 and T3 2016 stay inside
    for start, end in [("2015-09-01", "2018-12-31"), ("2016-04-30", "2016-09-01")]:
        response = client.post(url, page_data(plan, period_start=start, period_end=end))
        assert response.status_code == 302, response.content.decode()[-3000:]
        plan.refresh_from_db()
        assert (plan.period_start.isoformat(), plan.period_end.isoformat()) == (start, end)


def test_admin_refuses_it_with_the_same_message(client, followed, django_user_model):
    plan, (n1, n2, _n3) = followed
    before = (plan.period_start, plan.period_end, plan.version)
    client.force_login(django_user_model.objects.create_superuser("chef", "c@example.org", "x"))
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    response = client.post(url, admin_data(plan, period_start="2017-01-01"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"T1 2016 (aktiviteterna {n1}, {n2}" in page
    assert "T3 2016 är stängd eller har en arkiverad rapport." in page
    assert "Perioden är inte ändrad" in page
    assert unchanged(plan, before)
    response = client.post(url, admin_data(plan, period_end="2018-12-31"))
    assert response.status_code == 302, response.content.decode()[-3000:]
    plan.refresh_from_db()
    assert plan.period_end == datetime.date(2018, 12, 31)


def test_a_plan_without_follow_up_changes_its_period_freely(seed_plan, coordinator):
    plan = services.update_plan(
        seed_plan,
        user=coordinator,
        period_start=datetime.date(2017, 1, 1),
        decision_date=datetime.date(2016, 10, 3),  # an adopted plan's form requires it
    )
    assert plan.period_start == datetime.date(2017, 1, 1)


def test_many_activities_are_named_up_to_a_limit(seed_plan, coordinator, monkeypatch):
    monkeypatch.setattr(followup_services, "NAMED_ACTIVITIES", 3)
    activities = Activity.objects.filter(focus_area__plan=seed_plan)
    for activity in activities:
        record_follow_up(activity=activity, tertial=T1_2016, user=coordinator, status=Status.DONE)
    with translation.override("sv"):
        (_intro, entries) = period_change_problems(
            seed_plan, datetime.date(2017, 1, 1), datetime.date(2017, 12, 31)
        )
    assert entries.endswith(f"och {activities.count() - 3} till).")


def test_the_refusal_reads_in_english_for_an_english_user(followed, coordinator):
    plan, (n1, n2, n3) = followed
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.update_plan(plan, user=coordinator, period_start=datetime.date(2017, 1, 1))
    text = " ".join(error.value.messages)
    assert f"T1 2016 (activities {n1}, {n2} and {n3})" in text
    assert "T3 2016 is closed or has a filed report." in text
    assert "The period is not changed." in text and "Perioden" not in text


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("0001-01-01", "2017-12-31", "period_start", "Året 1 går inte"),
        ("2016-01-01", "9999-12-31", "period_end", "Året 9999 går inte"),
        ("2016-01-01", "2026-01-01", "period_end", "En plan kan gälla högst 10 år"),
    ],
)
def test_a_period_of_absurd_years_or_length_is_refused_on_the_page_and_in_admin(
    client, admin_client, followed, coordinator, start, end, field, message
):
    """A typo (year 1, 9999) or a plan of decades would give it thousands of tertials."""
    plan, _numbers = followed
    before = (plan.period_start, plan.period_end, plan.version)
    with pytest.raises(ValidationError) as error:
        services.check_period(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))
    assert field in error.value.message_dict
    client.force_login(coordinator)
    page = client.post(
        reverse("plans:edit", args=[plan.slug]), page_data(plan, period_start=start, period_end=end)
    )
    assert page.status_code == 400 and message in page.content.decode()
    assert unchanged(plan, before)
    in_admin = admin_client.post(
        reverse("admin:plans_plan_change", args=[plan.pk]),
        admin_data(plan, period_start=start, period_end=end),
    )
    assert in_admin.status_code == 200 and message in in_admin.content.decode()
    assert unchanged(plan, before)


def test_ten_years_is_a_plan_period_still(followed):
    services.check_period(datetime.date(2016, 1, 1), datetime.date(2025, 12, 31))
