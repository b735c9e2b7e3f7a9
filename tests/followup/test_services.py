"""Recording follow-up: one entry per activity and tertial, no lost updates, closed tertials."""

import pytest
from django.core.exceptions import ValidationError

from followup.models import FollowUp, Status, TertialClosure
from followup.services import (
    FollowUpError,
    NotUpdatedError,
    StaleFollowUpError,
    TertialClosedError,
    close_tertial,
    record_follow_up,
    reopen_tertial,
)
from followup.tertial import Tertial

T1 = Tertial(2017, 1)


def test_first_report_creates_the_entry_with_reporter_and_time(activities, coordinator):
    entry = record_follow_up(
        activity=activities[0],
        tertial=T1,
        user=coordinator,
        status=Status.STARTED,
        comment="  Igång. ",
    )
    assert (entry.status, entry.comment, entry.version) == (Status.STARTED, "Igång.", 1)
    assert entry.reported_by == coordinator
    assert entry.reported_at is not None
    assert entry.tertial == T1


def test_reporting_again_in_the_same_tertial_updates_and_history_keeps_every_version(
    activities, coordinator, reporter
):
    record_follow_up(
        activity=activities[1], tertial="T1 2017", user=coordinator, status=Status.STARTED
    )
    entry = record_follow_up(
        activity=activities[1],
        tertial=T1,
        user=reporter,
        status=Status.DONE,
        comment="Klart i april.",
    )
    assert FollowUp.objects.filter(activity=activities[1]).count() == 1
    assert entry.version == 2 and entry.reported_by == reporter
    history = list(entry.history.order_by("history_date"))
    assert [h.status for h in history] == [Status.STARTED, Status.DONE]
    assert [h.history_user for h in history] == [coordinator, reporter]


def test_other_tertials_get_their_own_entries(activities, coordinator):
    record_follow_up(activity=activities[0], tertial=T1, user=coordinator, status=Status.STARTED)
    record_follow_up(activity=activities[0], tertial=T1.next, user=coordinator, status=Status.DONE)
    assert FollowUp.objects.filter(activity=activities[0]).count() == 2


def test_omitted_fields_keep_their_values(activities, coordinator):
    record_follow_up(
        activity=activities[0], tertial=T1, user=coordinator, status=Status.DELAYED, comment="Sen."
    )
    entry = record_follow_up(
        activity=activities[0], tertial=T1, user=coordinator, comment="Mycket sen."
    )
    assert (entry.status, entry.comment) == (Status.DELAYED, "Mycket sen.")


def test_saving_the_same_values_changes_nothing(activities, coordinator):
    first = record_follow_up(
        activity=activities[0], tertial=T1, user=coordinator, status=Status.DONE
    )
    again = record_follow_up(
        activity=activities[0], tertial=T1, user=coordinator, status=Status.DONE
    )
    assert again.version == first.version == 1
    assert again.history.count() == 1


def test_struck_needs_a_reason(activities, coordinator):
    with pytest.raises(ValidationError) as exc:
        record_follow_up(
            activity=activities[0], tertial=T1, user=coordinator, status=Status.STRUCK, comment=" "
        )
    assert "kräver ett skäl" in exc.value.message_dict["comment"][0]
    assert not FollowUp.objects.exists()
    entry = record_follow_up(
        activity=activities[0],
        tertial=T1,
        user=coordinator,
        status=Status.STRUCK,
        comment="Ersätts av nationell kampanj.",
    )
    assert entry.status == Status.STRUCK


def test_unknown_status_is_refused_in_swedish(activities, coordinator):
    with pytest.raises(ValidationError, match="Okänd status ”klar”"):
        record_follow_up(activity=activities[0], tertial=T1, user=coordinator, status="klar")


def test_a_stale_version_is_refused_and_nothing_is_overwritten(activities, coordinator, reporter):
    """Two people open the same entry (version 1); the second save is refused."""
    record_follow_up(
        activity=activities[1],
        tertial=T1,
        user=coordinator,
        status=Status.STARTED,
        comment="Start.",
    )
    record_follow_up(
        activity=activities[1],
        tertial=T1,
        user=coordinator,
        status=Status.DONE,
        comment="Klar.",
        expected_version=1,
    )
    with pytest.raises(StaleFollowUpError) as exc:
        record_follow_up(
            activity=activities[1],
            tertial=T1,
            user=reporter,
            status=Status.DELAYED,
            comment="Sen.",
            expected_version=1,
        )
    assert "Sara Samordnare sparade" in str(exc.value)
    assert exc.value.current.comment == "Klar."
    entry = FollowUp.objects.get(activity=activities[1])
    assert (entry.status, entry.comment, entry.version) == (Status.DONE, "Klar.", 2)


def test_two_first_reports_at_once_the_second_is_refused(activities, coordinator, reporter):
    """Both saw 'not reported' (version 0)."""
    record_follow_up(
        activity=activities[1], tertial=T1, user=coordinator, status=Status.DONE, expected_version=0
    )
    with pytest.raises(StaleFollowUpError):
        record_follow_up(
            activity=activities[1],
            tertial=T1,
            user=reporter,
            status=Status.STARTED,
            expected_version=0,
        )
    assert FollowUp.objects.get(activity=activities[1]).status == Status.DONE


def _report_all(activities, user, tertial=T1):
    for activity in activities:
        record_follow_up(activity=activity, tertial=tertial, user=user, status=Status.STARTED)


def test_closing_with_unfinished_activities_not_updated_asks_for_confirmation(
    seed_plan, activities, coordinator
):
    record_follow_up(activity=activities[0], tertial=T1, user=coordinator, status=Status.DONE)
    with pytest.raises(
        NotUpdatedError, match="7 ej genomförda aktiviteter är inte uppdaterade"
    ) as e:
        close_tertial(seed_plan, T1, coordinator)
    assert [row.activity for row in e.value.rows] == activities[1:]
    assert not TertialClosure.objects.exists()
    closure = close_tertial(seed_plan, T1, coordinator, confirm_not_updated=True)
    assert closure.closed


def test_a_closed_tertial_is_read_only_until_reopened_and_both_are_recorded(
    seed_plan, activities, coordinator
):
    _report_all(activities, coordinator)
    closure = close_tertial(seed_plan, T1, coordinator)
    assert closure.closed and closure.closed_by == coordinator
    with pytest.raises(TertialClosedError, match="T1 2017 är stängd"):
        record_follow_up(activity=activities[0], tertial=T1, user=coordinator, status=Status.DONE)
    assert (
        FollowUp.objects.get(activity=activities[0], year=2017, number=1).status == Status.STARTED
    )
    # the next tertial is open
    record_follow_up(activity=activities[0], tertial=T1.next, user=coordinator, status=Status.DONE)

    reopened = reopen_tertial(seed_plan, T1, coordinator)
    assert not reopened.closed and reopened.reopened_by == coordinator
    record_follow_up(activity=activities[0], tertial=T1, user=coordinator, status=Status.DONE)
    assert [h.closed for h in reopened.history.order_by("history_date")] == [True, False]

    close_tertial(seed_plan, T1, coordinator)
    assert TertialClosure.objects.get().history.count() == 3


def test_closing_twice_or_reopening_an_open_tertial_says_so(seed_plan, activities, coordinator):
    _report_all(activities, coordinator)
    close_tertial(seed_plan, T1, coordinator)
    with pytest.raises(FollowUpError, match="redan stängd"):
        close_tertial(seed_plan, T1, coordinator)
    with pytest.raises(FollowUpError, match="T2 2017 är inte stängd"):
        reopen_tertial(seed_plan, T1.next, coordinator)
