"""Ändringslogg: every change to a plan, who made it and what it was, newest first."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actors.audit import acting_as
from actors.models import Actor
from actors.permissions import ROLE_ADMIN, ROLE_COORDINATOR, ROLE_READER, ROLE_REPORTER
from changelog.selectors import PAGE_SIZE, Filters, changelog_page
from followup.models import FollowUp, Status, TertialClosure
from plans.models import Activity, FocusArea, Plan

PASSWORD = "Lösenord-för-test-1"


@pytest.fixture
def sara(make_user, seed_plan):
    return make_user(ROLE_COORDINATOR, username="sara", first_name="Sara", last_name="Samordnare")


@pytest.fixture
def ada(make_user, seed_plan):
    return make_user(ROLE_ADMIN, username="ada", first_name="Ada", last_name="Admin")


def page_text(client, user, plan: Plan, query: str = "") -> str:
    client.force_login(user)
    response = client.get(f"/andringslogg/{plan.slug}/{query}")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def first_activity(plan: Plan) -> Activity:
    return Activity.objects.filter(focus_area__plan=plan).order_by("focus_area__order", "order")[0]


@pytest.mark.parametrize(
    "role, status",
    [(ROLE_ADMIN, 200), (ROLE_COORDINATOR, 200), (ROLE_REPORTER, 403), (ROLE_READER, 403)],
)
def test_only_coordinators_and_administrators_see_the_changelog(
    client, make_user, seed_plan, role, status
):
    client.force_login(make_user(role, actors=("BUF",)))
    assert client.get(f"/andringslogg/{seed_plan.slug}/").status_code == status
    assert client.get("/andringslogg/").status_code == status


def test_the_index_lists_the_plans(client, sara, seed_plan):
    client.force_login(sara)
    html = client.get("/andringslogg/").content.decode()
    assert f'href="/andringslogg/{seed_plan.slug}/"' in html


def test_an_edit_shows_who_when_and_the_field_from_before_to_after(client, sara, seed_plan):
    activity = first_activity(seed_plan)
    old_deadline = activity.deadline
    with acting_as(sara):
        activity.deadline = datetime.date(2017, 4, 30)
        activity.save()
    text = page_text(client, sara, seed_plan)
    newest = text.split('class="changelog-entry"')[1]
    assert "Aktivitet: Fastställa en aktuell och bred lägesbild" in newest
    assert "Ändrad" in newest and "av Sara Samordnare" in newest
    assert (
        f'Klart senast</th> <td data-label="Före">{old_deadline.day} december 2016</td> '
        '<td data-label="Efter">30 april 2017</td>'
    ) in newest


def test_changes_to_responsible_actors_are_shown_by_name(client, sara, seed_plan):
    activity = first_activity(seed_plan)
    with acting_as(sara):
        activity.responsible.add(Actor.objects.get(code="BUF"))
    text = page_text(client, sara, seed_plan)
    newest = text.split('class="changelog-entry"')[1]
    assert "Ansvariga</th>" in newest
    assert '<td data-label="Före">Trygghetssamordnaren, Lopo Täby</td>' in newest
    assert "BUF" in newest.split('data-label="Efter"')[1]


def test_plan_focus_area_and_follow_up_changes_are_all_there_newest_first(
    client, sara, ada, seed_plan
):
    activity = first_activity(seed_plan)
    with acting_as(sara):
        seed_plan.decision_paragraph = "§139"
        seed_plan.save()
    with acting_as(ada):
        area = FocusArea.objects.filter(plan=seed_plan).first()
        area.title = "Ny rubrik för fokusområdet"
        area.save()
    with acting_as(sara):
        FollowUp.objects.create(
            activity=activity,
            year=2017,
            number=1,
            status=Status.DELAYED,
            comment="Väntar på polisens underlag",
            reported_by=sara,
            reported_at=timezone.now(),
        )
        TertialClosure.objects.create(plan=seed_plan, year=2017, number=1, closed_by=sara)
    text = page_text(client, sara, seed_plan)
    positions = [
        text.index("Tertialstängning: T1 2017"),
        text.index("Uppföljning: T1 2017: Fastställa"),
        text.index("Fokusområde: 1. Ny rubrik för fokusområdet"),
        text.index("Plan: Handlingsplan mot våldsbejakande extremism"),
    ]
    assert positions == sorted(positions)
    assert "Väntar på polisens underlag" in text
    assert '<td data-label="Efter">Försenad</td>' in text
    assert "av Ada Admin" in text
    assert '<td data-label="Före">§138</td> <td data-label="Efter">§139</td>' in text


def test_a_removed_entry_shows_what_it_was_who_removed_it_and_why(client, sara, seed_plan):
    """As check_followup_periods --remove leaves it: the values as they were and the reason."""
    from followup.services import remove_entries_outside_period

    stray = FollowUp.objects.create(
        activity=first_activity(seed_plan), year=9999, number=1, status=Status.DONE,
        comment="Skrivet i fel år", reported_at=timezone.now(),
    )  # fmt: skip
    remove_entries_outside_period(sara, ids=[stray.pk], reason="Felskriven tertial")
    text = page_text(client, sara, seed_plan)
    newest = text.split('class="changelog-entry"')[1]
    assert "Uppföljning: T1 9999" in newest and "Borttagen" in newest
    assert "av Sara Samordnare" in newest and "Varför: <span" in newest
    assert "Felskriven tertial" in newest
    assert '<td data-label="Före">Genomförd</td> <td data-label="Efter">–</td>' in newest
    assert '<td data-label="Före">Skrivet i fel år</td>' in newest


def test_another_plans_changes_are_not_shown(client, sara, seed_plan, make_plan):
    other = make_plan(1, 1, title="En annan plan")
    with acting_as(sara):
        other.title = "En annan plan, ändrad"
        other.save()
    assert "En annan plan" not in page_text(client, sara, seed_plan)


def test_filters_by_user_object_type_and_date(client, sara, ada, seed_plan):
    activity = first_activity(seed_plan)
    with acting_as(sara):
        activity.implementation = "Sara skrev detta"
        activity.save()
    with acting_as(ada):
        seed_plan.goal = "Ada skrev detta"
        seed_plan.save()

    by_sara = page_text(client, sara, seed_plan, f"?user={sara.pk}")
    assert "Sara skrev detta" in by_sara and "Ada skrev detta" not in by_sara

    plans_only = page_text(client, sara, seed_plan, "?kind=plan")
    assert "Ada skrev detta" in plans_only and "Sara skrev detta" not in plans_only

    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert "Sara skrev detta" in page_text(client, sara, seed_plan, f"?date_from={today}")
    future = page_text(client, sara, seed_plan, f"?date_from={tomorrow}")
    assert "Sara skrev detta" not in future and "0 ändringar" in future
    assert "Sara skrev detta" not in page_text(
        client, sara, seed_plan, f"?date_to={today - datetime.timedelta(days=1)}"
    )


def test_a_bad_filter_says_what_is_wrong_and_keeps_the_input(client, sara, seed_plan):
    text = page_text(client, sara, seed_plan, "?date_from=2017-05-01&date_to=2017-04-01")
    assert "Slutdatumet måste vara samma som eller efter startdatumet" in text
    assert 'value="2017-05-01"' in text


def _make_changes(plan: Plan, user, n: int) -> None:
    """n edits of each kind: activity fields, responsibles, focus areas, follow-ups."""
    activities = list(Activity.objects.filter(focus_area__plan=plan)[:n])
    areas = list(FocusArea.objects.filter(plan=plan))
    actor = Actor.objects.create(code=f"X{plan.pk}", name="Extra aktör", sort_order=1)
    with acting_as(user):
        for i, activity in enumerate(activities):
            activity.title = f"Ändrad aktivitet {i}"
            activity.deadline = datetime.date(2017, 8, 31)
            activity.save()
            activity.responsible.add(actor)
            FollowUp.objects.create(
                activity=activity,
                year=2017,
                number=2,
                status=Status.STARTED,
                reported_by=user,
                reported_at=timezone.now(),
            )
            area = areas[i % len(areas)]
            area.title = f"Fokus {i}"
            area.save()
        plan.goal = "Nytt mål"
        plan.network = None
        plan.save()
        TertialClosure.objects.create(plan=plan, year=2017, number=2, closed_by=user)


def test_a_page_runs_the_same_number_of_queries_for_a_small_and_a_large_history(
    client, sara, make_plan
):
    counts = []
    for areas, per_area, changes in [(2, 2, 2), (10, 10, 60)]:
        plan = make_plan(areas, per_area)
        _make_changes(plan, sara, changes)
        client.force_login(sara)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/andringslogg/{plan.slug}/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 25


def test_the_history_is_paginated_newest_first(sara, make_plan):
    plan = make_plan(10, 10)
    _make_changes(plan, sara, 30)
    page, entries = changelog_page(plan, Filters())
    assert page.paginator.count > PAGE_SIZE
    assert page.has_next()
    dates = [e.date for e in entries]
    assert dates == sorted(dates, reverse=True)
    second_page, older = changelog_page(plan, Filters(), 2)
    assert older and older[0].date <= entries[-1].date


def test_a_change_made_in_admin_shows_in_the_changelog_with_the_users_name(client, sara, seed_plan):
    from actors.roles import sync_role_flags

    sync_role_flags(sara, set())  # a Trygghetssamordnare works in admin
    activity = first_activity(seed_plan)
    client.force_login(sara)
    response = client.post(
        f"/admin/plans/activity/{activity.pk}/change/",
        {
            "focus_area": activity.focus_area_id,
            "order": activity.order,
            "title": activity.title,
            "implementation": "Ändrat i admin",
            "responsible": [a.pk for a in activity.responsible.all()],
            "deadline": "2017-04-30",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    text = page_text(client, sara, seed_plan)
    newest = text.split('class="changelog-entry"')[1]
    assert "av Sara Samordnare" in newest
    assert '<td data-label="Efter">Ändrat i admin</td>' in newest
    assert '<td data-label="Efter">30 april 2017</td>' in newest


def test_a_new_activity_shows_no_empty_origin_and_a_carried_over_one_its_origin_in_words(
    client, sara, seed_plan
):
    from plans import services
    from plans.models import origin_facts

    area = seed_plan.focus_areas.get(order=1)
    services.add_activity(area, title="Helt ny", user=sara, responsible=[])
    text = page_text(client, sara, seed_plan)
    assert "{}" not in text
    carried = services.add_activity(area, title="Överförd", user=sara, responsible=[])
    Activity.objects.filter(pk=carried.pk).update(
        origin_facts=origin_facts("KS 2016.371", "3.3", "not_started", (2017, 3))
    )
    services.update_activity(
        Activity.objects.get(pk=carried.pk), user=sara, implementation="Ändrad"
    )
    text = page_text(client, sara, seed_plan)
    assert "Från KS 2016.371, aktivitet 3.3" in text
    assert "{'plan'" not in text and '{"plan"' not in text
