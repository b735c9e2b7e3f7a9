"""The Uppföljning column on import: a comment for the tertial the user chooses."""

import pytest

from followup.models import FollowUp
from followup.services import close_tertial, record_follow_up
from followup.tertial import Tertial
from plans.models import Activity
from spreadsheets.importing.results import ERROR, UNCHANGED, UPDATE
from spreadsheets.services import import_plan
from tests.spreadsheets.files.workbooks import SEED_ROWS, seed_workbook

T2 = Tertial(2017, 2)


@pytest.fixture
def first_activity(seed_plan) -> Activity:
    return Activity.objects.get(focus_area__plan=seed_plan, focus_area__order=1)


def run(plan, follow_up: dict, *, rows=None, tertial=T2, user=None, dry_run=False):
    return import_plan(
        seed_workbook(rows, follow_up=follow_up),
        filename="plan.xlsx",
        plan=plan,
        user=user,
        tertial=tertial,
        dry_run=dry_run,
    )


def test_a_filled_cell_becomes_the_comment_for_the_chosen_tertial(
    seed_plan, first_activity, make_user
):
    user = make_user(username="importor")
    result = run(seed_plan, {0: "Lägesbilden är framtagen."}, user=user)

    assert result.applied
    assert result.counts[UPDATE] == 1 and result.counts[UNCHANGED] == 7
    (change,) = result.rows[0].changes
    assert change.field == "Uppföljning T2 2017"
    entry = FollowUp.objects.get(activity=first_activity, year=2017, number=2)
    assert entry.comment == "Lägesbilden är framtagen."
    assert entry.status == "not_started"
    assert entry.reported_by == user
    assert entry.history.first().history_user == user


def test_reimporting_the_same_follow_up_changes_nothing(seed_plan, first_activity, make_user):
    user = make_user()
    run(seed_plan, {0: "Klart."}, user=user)
    history = FollowUp.history.count()
    again = run(seed_plan, {0: "Klart."}, user=user)
    assert again.counts[UNCHANGED] == 8
    assert FollowUp.history.count() == history


def test_an_exported_cell_sets_status_and_comment(seed_plan, first_activity):
    result = run(seed_plan, {0: "Försenad (T2 2017)\nVäntar på polisen."})
    assert result.applied
    entry = FollowUp.objects.get(activity=first_activity, year=2017, number=2)
    assert (entry.status, entry.comment) == ("delayed", "Väntar på polisen.")


def test_a_cell_reported_for_another_tertial_is_never_filed_under_the_chosen_one(
    seed_plan, first_activity
):
    result = run(seed_plan, {0: "Genomförd (T3 2017)\nKlart i december."})
    assert not result.applied
    (error,) = result.errors
    assert error.column == "Uppföljning" and error.row
    assert "gäller T3 2017, men importen gäller T2 2017" in error.message
    assert "Välj T3 2017 som tertial" in error.message
    assert not FollowUp.objects.exists()


def test_without_a_tertial_the_cell_is_reported_as_not_imported(seed_plan, first_activity):
    result = run(seed_plan, {0: "Klart."}, tertial=None)
    assert result.applied
    (note,) = result.all_notes
    assert "välj vilken tertial" in note.message
    assert not FollowUp.objects.exists()


def with_new_implementation() -> list:
    """The seed rows with the first activity's Genomförande changed."""
    rows = list(SEED_ROWS)
    rows[0] = (*rows[0][:2], "Nytt genomförande", *rows[0][3:])
    return rows


def test_a_closed_tertial_is_an_error_and_nothing_is_written(seed_plan, make_user):
    user = make_user()
    for activity in Activity.objects.filter(focus_area__plan=seed_plan):
        record_follow_up(activity=activity, tertial=T2, user=user, status="started")
    close_tertial(seed_plan, T2, user)
    result = run(seed_plan, {0: "Ny kommentar"}, rows=with_new_implementation())
    assert not result.applied
    assert result.rows[0].outcome == ERROR
    assert "stängd" in str(result.errors[0])
    assert not Activity.objects.filter(implementation="Nytt genomförande").exists()


def test_a_struck_status_without_reason_is_an_error_in_the_preview(seed_plan):
    result = run(seed_plan, {0: "Avförd (T2 2017)"}, dry_run=True)
    assert not result.ok
    assert result.errors[0].column == "Uppföljning"


def test_a_follow_up_refused_at_write_time_rolls_everything_back(seed_plan, monkeypatch):
    from followup.services import FollowUpError

    def refuse(**kwargs):
        raise FollowUpError("Stängd just nu.")

    monkeypatch.setattr("spreadsheets.services.record_follow_up", refuse)
    result = run(seed_plan, {0: "Kommentar"}, rows=with_new_implementation())
    assert not result.applied
    assert "Stängd just nu." in str(result.errors[0])
    assert not Activity.objects.filter(implementation="Nytt genomförande").exists()


def test_a_new_plan_gets_its_follow_ups_in_the_same_import(seed_plan, make_user):
    seed_plan.delete()
    user = make_user()
    from spreadsheets.services import NewPlan

    result = import_plan(
        seed_workbook(follow_up={7: "Påbörjad (T2 2017)\nLänk på webben"}),
        filename="p.xlsx",
        new_plan=NewPlan("Ny plan 2016-2017"),
        user=user,
        tertial=T2,
        dry_run=False,
    )
    assert result.applied
    entry = FollowUp.objects.get()
    assert entry.activity.title == SEED_ROWS[7][1]
    assert (entry.tertial, entry.status, entry.comment) == (T2, "started", "Länk på webben")
