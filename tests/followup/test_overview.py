"""Översikt: each plan with period and status, the tertial's progress, overdue and upcoming."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actors.permissions import ROLE_READER
from followup.models import FollowUp, Status
from followup.overview_selectors import LIST_LIMIT, overview_for, reporting_tertial
from followup.selectors import BOARD_ALL_AREAS_LIMIT
from followup.tertial import Tertial
from plans.models import Activity, Plan

pytestmark = pytest.mark.django_db


def report(activity: Activity, tertial: Tertial, status: str, comment: str = "") -> FollowUp:
    return FollowUp.objects.create(
        activity=activity,
        year=tertial.year,
        number=tertial.number,
        status=status,
        comment=comment,
        reported_at=timezone.now(),
    )


def test_each_plan_is_shown_with_its_period_status_and_diarienummer(client, seed_plan, coordinator):
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    assert "Handlingsplan mot våldsbejakande extremism 2016-2017" in html
    assert "1 januari 2016 – 31 december 2017" in html
    assert "Fastställd" in html
    assert "KS 2016.371" in html


def test_an_ended_plan_is_followed_up_in_its_last_tertial(seed_plan):
    assert reporting_tertial(seed_plan, datetime.date(2026, 11, 25)) == Tertial(2017, 3)
    assert reporting_tertial(seed_plan, datetime.date(2017, 3, 1)) == Tertial(2017, 1)
    assert reporting_tertial(seed_plan, datetime.date(2015, 6, 1)) == Tertial(2016, 1)


def test_progress_counts_reported_and_each_status_for_the_tertial(client, seed_plan, coordinator):
    activities = list(Activity.objects.filter(focus_area__plan=seed_plan))
    t3 = Tertial(2017, 3)
    report(activities[0], t3, Status.DONE)
    report(activities[1], t3, Status.DONE)
    report(activities[2], t3, Status.DELAYED)
    report(activities[3], t3.previous, Status.STARTED)  # an earlier tertial: carried forward

    context = overview_for(coordinator, today=datetime.date(2026, 11, 25))
    (plan,) = context["plans"]
    assert plan.tertial == t3
    assert (plan.total, plan.reported, plan.not_reported) == (8, 3, 5)
    assert (plan.carried, plan.never_reported) == (1, 4)
    counts = {s.value: s.count for s in plan.per_status}
    # the status carried forward counts: activity 4 stands as Påbörjad (reported in T2)
    assert counts == {"not_started": 0, "started": 1, "delayed": 1, "done": 2, "struck": 0}

    client.force_login(coordinator)
    html = client.get("/").content.decode()
    assert "Uppföljning T3 2017" in html
    assert "3 av 8 aktiviteter rapporterade" in html
    assert "5 återstår" in html


def test_overdue_means_deadline_passed_and_latest_status_not_done_or_struck(seed_plan, coordinator):
    by_order = {
        (a.focus_area.order, a.order): a
        for a in Activity.objects.filter(focus_area__plan=seed_plan).select_related("focus_area")
    }
    lagesbild = by_order[(1, 1)]  # deadline 31 december 2016
    info_package = by_order[(2, 1)]  # 30 april 2017
    public_info = by_order[(2, 2)]  # 31 augusti 2017
    report(lagesbild, Tertial(2016, 3), Status.DONE)
    report(info_package, Tertial(2016, 3), Status.DONE)
    report(info_package, Tertial(2017, 1), Status.DELAYED)  # the latest entry counts
    report(public_info, Tertial(2017, 1), Status.STRUCK)

    (plan,) = overview_for(coordinator, today=datetime.date(2017, 5, 2))["plans"]
    overdue = {a.pk for a in plan.overdue}
    assert info_package.pk in overdue
    assert lagesbild.pk not in overdue
    # Deadline 30 april 2017 passed for five activities; lägesbild is done.
    assert plan.overdue_count == 5
    assert len(plan.overdue) == min(5, LIST_LIMIT)
    delayed = next(a for a in plan.overdue if a.pk == info_package.pk)
    assert delayed.current_status == Status.DELAYED


def test_upcoming_deadlines_run_to_the_end_of_the_coming_tertial(client, seed_plan, coordinator):
    (plan,) = overview_for(coordinator, today=datetime.date(2017, 3, 1))["plans"]
    # From 1 March 2017 to the end of T2 2017 (31 August): five on 30 April, one on 31 August.
    assert plan.upcoming_count == 6
    assert [a.deadline for a in plan.upcoming] == [datetime.date(2017, 4, 30)] * LIST_LIMIT
    assert plan.overdue_count == 1  # lägesbild, 31 December 2016, not reported


def test_overdue_activities_link_into_the_follow_up_page(client, seed_plan, coordinator):
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    assert "Passerad deadline" in html
    assert f"/uppfoljning/?plan={seed_plan.slug}&amp;tertial=T3-2017" in html
    assert f"/uppfoljning/?plan={seed_plan.slug}&amp;tertial=T3-2017#a-" in html
    assert f'href="/rapporter/{seed_plan.slug}/2017/T3/"' in html
    assert "Fastställa en aktuell och bred lägesbild" in html
    assert "Klart senast 31 december 2016" in html
    assert "Trygghetssamordnaren och Lopo Täby" in html


@pytest.mark.parametrize("path", ["/", "/uppfoljning/", "/rapporter/"])
def test_without_plans_the_coordinator_is_told_how_to_import_one(client, coordinator, path):
    client.force_login(coordinator)
    html = client.get(path).content.decode()
    assert "Det finns ingen handlingsplan ännu" in html
    assert '<a class="button" href="/import/">Importera en plan från Excel</a>' in html


@pytest.mark.parametrize("path", ["/", "/uppfoljning/", "/rapporter/"])
def test_without_plans_a_reader_is_told_who_adds_them(client, make_user, path):
    client.force_login(make_user(role=ROLE_READER))
    html = client.get(path).content.decode()
    assert "Det finns ingen handlingsplan ännu" in html
    assert "När trygghetssamordnaren har lagt in en plan visas den här" in html
    assert 'href="/import/"' not in html


def test_a_user_without_a_role_sees_no_plans_and_is_told_why(client, seed_plan, make_user):
    client.force_login(make_user())
    html = client.get("/").content.decode()
    assert "Ditt konto har ingen roll ännu" in html
    assert seed_plan.title not in html


def test_overview_requires_login(client, seed_plan):
    response = client.get("/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def _queries_for(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _with_follow_ups(plan: Plan) -> None:
    from followup.services import refresh_latest_statuses

    activities = Activity.objects.filter(focus_area__plan=plan)
    statuses = [Status.DONE, Status.DELAYED, Status.STARTED]
    FollowUp.objects.bulk_create(
        FollowUp(
            activity=a,
            year=2017,
            number=3,
            status=statuses[i % 3],
            reported_at=timezone.now(),
        )
        for i, a in enumerate(activities)
    )
    refresh_latest_statuses(activities.values_list("pk", flat=True))  # bulk_create: no signal


def test_the_page_runs_the_same_number_of_queries_for_small_and_large_plans(
    client, make_plan, coordinator
):
    small = make_plan(2, 5)
    _with_follow_ups(small)
    few = _queries_for(client, coordinator)
    few_again = _queries_for(client, coordinator)
    large = make_plan(10, 60)
    _with_follow_ups(large)
    make_plan(3, 4)  # a third plan, without any follow-up yet
    many = _queries_for(client, coordinator)
    many_again = _queries_for(client, coordinator)
    # Session, user, permissions (2), the user's role for the header, plans, the data
    # version, then (counted afresh after a change) totals, per status, overdue and
    # upcoming (first ones with their counts, one query), their actors, the statuses
    # carried forward (one query per distinct tertial; these plans share one); the session
    # is saved at most once a minute, not on this request.
    assert few == many == 12
    # Unchanged data: the counted figures come from the cache (in production one more
    # query: the database cache).
    assert few_again == many_again == 7


def test_in_a_large_plan_activity_links_open_the_activitys_focus_area(
    client, make_plan, coordinator
):
    """The board shows a large plan one focus area at a time: the link must name the area."""
    plan = make_plan(BOARD_ALL_AREAS_LIMIT // 10 + 1, 11)  # more than the limit
    activity = Activity.objects.filter(focus_area__plan=plan).order_by("deadline", "pk").first()
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    assert f"&amp;area={activity.focus_area_id}#a-{activity.pk}" in html
    small = make_plan(1, 3)
    small_activity = Activity.objects.filter(focus_area__plan=small).first()
    html = client.get("/").content.decode()
    assert f"tertial=T3-2017#a-{small_activity.pk}" in html


def test_counted_figures_are_cached_until_an_edit(client, seed_plan, coordinator):
    from followup.services import record_follow_up
    from followup.tertial import Tertial

    today = datetime.date(2017, 6, 1)
    client.force_login(coordinator)
    activity = Activity.objects.filter(focus_area__plan=seed_plan, deadline__lt=today).first()
    before = overview_for(coordinator, today=today)["plans"][0]
    assert activity.pk in [a.pk for a in before.overdue]
    assert overview_for(coordinator, today=today)["plans"][0].overdue_count == before.overdue_count
    record_follow_up(activity=activity, tertial=Tertial(2017, 2), user=coordinator, status="done")
    after = overview_for(coordinator, today=today)["plans"][0]
    assert after.overdue_count == before.overdue_count - 1
    assert activity.pk not in [a.pk for a in after.overdue]
    assert after.reported == before.reported + 1
