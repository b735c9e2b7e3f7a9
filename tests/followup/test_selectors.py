"""Reading follow-up in a constant number of queries; overdue and due flags."""

import datetime

import pytest

from followup.models import Status
from followup.selectors import entries_with_previous, latest_follow_ups, plan_status
from followup.services import record_follow_up
from followup.tertial import Tertial
from plans.models import Activity

T3_16, T1, T2 = Tertial(2016, 3), Tertial(2017, 1), Tertial(2017, 2)


@pytest.fixture
def reported(activities, coordinator):
    """Activity 1: started T3 2016, done T1 2017. Activity 2: started T1 only."""
    a1, a2 = activities[0], activities[1]
    record_follow_up(activity=a1, tertial=T3_16, user=coordinator, status=Status.STARTED)
    record_follow_up(activity=a1, tertial=T1, user=coordinator, status=Status.DONE)
    record_follow_up(activity=a2, tertial=T1, user=coordinator, status=Status.STARTED)
    return a1, a2


def test_entries_with_previous_gives_the_tertials_entry_and_the_one_before(
    reported, django_assert_num_queries
):
    a1, a2 = reported

    def statuses(entries):
        return {
            pk: tuple(e and (e.tertial.label, e.status) for e in pair)
            for pk, pair in entries.items()
        }

    with django_assert_num_queries(1):
        entries = entries_with_previous([a1.pk, a2.pk], T1)
    assert statuses(entries) == {
        a1.pk: (("T1 2017", Status.DONE), ("T3 2016", Status.STARTED)),
        a2.pk: (("T1 2017", Status.STARTED), None),
    }
    assert statuses(entries_with_previous([a1.pk, a2.pk], T3_16)) == {
        a1.pk: (("T3 2016", Status.STARTED), None)
    }
    # nothing reported in T2 yet: no entry, the previous is T1's
    assert statuses(entries_with_previous([a1.pk, a2.pk], T2)) == {
        a1.pk: (None, ("T1 2017", Status.DONE)),
        a2.pk: (None, ("T1 2017", Status.STARTED)),
    }


def test_latest_follow_ups_is_the_latest_at_or_before(reported, django_assert_num_queries):
    a1, a2 = reported
    with django_assert_num_queries(1):
        latest = latest_follow_ups([a1.pk, a2.pk])
    assert {k: v.status for k, v in latest.items()} == {a1.pk: Status.DONE, a2.pk: Status.STARTED}
    before = latest_follow_ups([a1.pk, a2.pk], up_to=T3_16)
    assert {k: v.status for k, v in before.items()} == {a1.pk: Status.STARTED}
    assert latest_follow_ups([a1.pk], up_to=T2)[a1.pk].tertial == T1


@pytest.mark.parametrize("size", [(2, 3), (10, 30)])
def test_selectors_run_one_query_whatever_the_size(
    make_plan, coordinator, size, django_assert_num_queries
):
    plan = make_plan(*size)
    ids = list(Activity.objects.filter(focus_area__plan=plan).values_list("pk", flat=True))
    for activity in Activity.objects.filter(pk__in=ids[:5]):
        record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.DONE)
    with django_assert_num_queries(1):
        assert (
            sum(current is not None for current, _ in entries_with_previous(ids, T1).values()) == 5
        )
    with django_assert_num_queries(1):
        assert len(latest_follow_ups(ids, up_to=T2)) == 5


def test_overdue_means_deadline_passed_and_not_done_or_struck(seed_plan, activities, coordinator):
    # activity 1's deadline is 31 Dec 2016; activity 2's 30 Apr 2017
    record_follow_up(activity=activities[0], tertial=T1, user=coordinator, status=Status.STARTED)
    record_follow_up(activity=activities[1], tertial=T1, user=coordinator, status=Status.DONE)
    rows = {r.activity.pk: r for r in plan_status(seed_plan, T1).rows}
    assert rows[activities[0].pk].overdue  # deadline passed, only started
    assert not rows[activities[1].pk].overdue  # done
    assert rows[activities[1].pk].due  # deadline 30 April falls in T1
    assert not rows[activities[0].pk].due
    # activity 3 (deadline 31 Aug 2017) is neither overdue nor due in T1
    assert not rows[activities[2].pk].overdue and not rows[activities[2].pk].due


def test_a_past_tertial_is_judged_as_of_its_end_not_today(seed_plan, activities):
    status = plan_status(seed_plan, T1, today=datetime.date(2030, 1, 1))
    assert status.as_of == datetime.date(2017, 5, 1)
    # the current tertial is judged as of today
    today = datetime.date(2017, 3, 15)
    assert plan_status(seed_plan, T1, today=today).as_of == today
    rows = {r.activity.pk: r for r in plan_status(seed_plan, T1, today=today).rows}
    assert not rows[activities[1].pk].overdue  # 30 April not yet passed on 15 March


def test_deadlines_need_not_fall_on_tertial_ends(seed_plan, activities, coordinator):
    activity = activities[2]
    activity.deadline = datetime.date(2017, 6, 15)
    activity.save()
    rows = {
        r.activity.pk: r for r in plan_status(seed_plan, T2, today=datetime.date(2017, 7, 1)).rows
    }
    assert rows[activity.pk].due and rows[activity.pk].overdue


def test_progress_counts_per_status_and_reported(seed_plan, reported):
    status = plan_status(seed_plan, T1)
    assert status.progress.total == 8
    assert status.progress.reported == 2
    assert status.progress.not_reported == 6
    counts = {s["value"]: s["count"] for s in status.progress.statuses()}
    assert counts[Status.DONE] == 1 and counts[Status.STARTED] == 1
    first_area = status.areas[0].progress
    assert (first_area.total, first_area.reported) == (1, 1)


def test_latest_status_follows_every_save_whatever_the_order_of_tertials(activities, coordinator):
    from followup.models import LatestStatus

    a1 = activities[0]
    assert not LatestStatus.objects.filter(activity=a1).exists()  # nothing reported yet
    record_follow_up(activity=a1, tertial=T1, user=coordinator, status=Status.STARTED)
    assert LatestStatus.objects.get(activity=a1).status == Status.STARTED
    # an earlier tertial reported afterwards does not replace the latest one
    record_follow_up(activity=a1, tertial=T3_16, user=coordinator, status=Status.DELAYED)
    latest = LatestStatus.objects.get(activity=a1)
    assert (latest.tertial, latest.status) == (T1, Status.STARTED)
    record_follow_up(activity=a1, tertial=T1, user=coordinator, status=Status.DONE)
    assert LatestStatus.objects.get(activity=a1).status == Status.DONE
    record_follow_up(activity=a1, tertial=T2, user=coordinator, status=Status.STRUCK, comment="x")
    assert LatestStatus.objects.get(activity=a1).tertial == T2
    a1.delete()
    assert not LatestStatus.objects.filter(activity_id=a1.pk).exists()


@pytest.mark.parametrize("tertial", [T3_16, T1, T2, Tertial(2017, 3)])
def test_carried_status_is_the_latest_entry_up_to_the_tertial(
    reported, activities, coordinator, tertial
):
    from followup.selectors import carried_status

    a1, a2 = reported
    record_follow_up(activity=a2, tertial=T2, user=coordinator, status=Status.DELAYED)
    expected = {
        a.pk: (e.status if (e := latest_follow_ups([a.pk], tertial).get(a.pk)) else None)
        for a in activities
    }
    carried = dict(
        Activity.objects.filter(pk__in=[a.pk for a in activities])
        .annotate(carried=carried_status(tertial))
        .values_list("pk", "carried")
    )
    assert carried == expected
    assert carried[activities[2].pk] is None  # never reported
