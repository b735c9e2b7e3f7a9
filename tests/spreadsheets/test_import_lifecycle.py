"""The import follows the plan's lifecycle (issue #17) through plans.services, like the plan
pages: an archived plan is read-only, changes to an adopted plan are listed as changes since
adoption, every change counts the version up (a page form opened before the import gets the
conflict) and history names the importing user."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import services
from plans.models import Activity, FocusArea, Plan
from plans.selectors import changes_since_adoption
from spreadsheets.exporting import export_csv
from spreadsheets.services import import_plan
from tests.spreadsheets.files.workbooks import FA3, SEED_ROWS, seed_workbook

pytestmark = pytest.mark.django_db


def edited_workbook() -> bytes:
    """The seed's table with activity 2.1's implementation changed, one new activity under
    the third focus area and a new focus area with one activity."""
    rows = list(SEED_ROWS)
    focus, title, implementation, responsible, deadline = rows[1]
    rows[1] = (focus, title, implementation + " Nytt stycke.", responsible, deadline)
    rows.append((FA3, "En helt ny aktivitet", "Görs", "BUF/KFF", datetime.date(2017, 12, 1)))
    rows.append(("Nytt fokusområde", "Första i nya området", "", "KLK", "Löpande"))
    return seed_workbook(rows)


@pytest.fixture
def adopted(seed_plan):
    """The seed plan, adopted once it was loaded (its history starts with the load)."""
    Plan.objects.filter(pk=seed_plan.pk).update(adopted_at=timezone.now())
    seed_plan.refresh_from_db()
    return seed_plan


def test_an_archived_plan_takes_no_import(seed_plan):
    data = export_csv(seed_plan)
    archived = services.change_status(seed_plan, Plan.Status.ARCHIVED, user=None)
    result = import_plan(data, filename="plan.csv", plan=archived, dry_run=False)
    assert not result.applied
    assert "arkiverad och kan inte ändras" in " ".join(i.message for i in result.file_errors)


def test_a_plan_archived_after_the_preview_takes_nothing(seed_plan, coordinator):
    data = edited_workbook()
    preview = import_plan(data, filename="plan.xlsx", plan=seed_plan, dry_run=True)
    assert preview.ok and preview.has_changes
    services.change_status(seed_plan, Plan.Status.ARCHIVED, user=coordinator)
    before = (Activity.history.count(), FocusArea.objects.count())

    # the page still holds the plan object it previewed with (not archived in memory)
    result = import_plan(
        data,
        filename="plan.xlsx",
        plan=seed_plan,
        user=coordinator,
        dry_run=False,
        expected_fingerprint=preview.fingerprint(),
    )

    assert not result.applied
    messages = " ".join(i.message for i in result.file_errors)
    assert f"”{seed_plan.title}” är arkiverad och kan inte ändras." in messages
    assert (Activity.history.count(), FocusArea.objects.count()) == before


def test_import_changes_to_an_adopted_plan_are_listed_like_page_edits(adopted, coordinator):
    assert changes_since_adoption(adopted) == []

    result = import_plan(
        edited_workbook(), filename="plan.xlsx", plan=adopted, user=coordinator, dry_run=False
    )

    assert result.applied
    lines = changes_since_adoption(adopted)
    assert "Aktivitet 2.1 ändrad: " + SEED_ROWS[1][1][:79] + "…" in lines
    assert "Aktivitet 3.5 tillagd: En helt ny aktivitet" in lines
    assert "Fokusområde 4 tillagt: Nytt fokusområde" in lines
    assert "Aktivitet 4.1 tillagd: Första i nya området" in lines
    assert len(lines) == 4


def test_history_names_the_importing_user_with_a_reason(seed_plan, coordinator):
    import_plan(
        edited_workbook(), filename="plan.xlsx", plan=seed_plan, user=coordinator, dry_run=False
    )

    changed = Activity.history.filter(history_type="~").order_by("-history_id").first()
    added = Activity.history.get(title="En helt ny aktivitet")
    area = FocusArea.history.get(title="Nytt fokusområde")
    for row in (changed, added, area):
        assert row.history_user == coordinator
        assert row.history_change_reason == "Import från plan.xlsx"


def test_the_import_counts_versions_up_so_an_open_page_form_gets_the_conflict(
    client, seed_plan, coordinator
):
    activity = Activity.objects.get(focus_area__plan=seed_plan, title=SEED_ROWS[1][1])
    seen = activity.version
    client.force_login(coordinator)
    assert client.get(reverse("plans:activity_edit", args=[activity.pk])).status_code == 200

    import_plan(
        edited_workbook(), filename="plan.xlsx", plan=seed_plan, user=coordinator, dry_run=False
    )
    activity.refresh_from_db()
    assert activity.version == seen + 1

    response = client.post(
        reverse("plans:activity_edit", args=[activity.pk]),
        {
            "title": activity.title,
            "implementation": "Skrivet i formuläret före importen",
            "responsible": [a.pk for a in activity.responsible.all()],
            "deadline": "2017-04-30",
            "version": seen,
        },
    )
    assert response.status_code == 400
    assert "efter att du öppnade sidan" in response.content.decode()
    activity.refresh_from_db()
    assert activity.implementation.endswith("Nytt stycke.")


def test_an_activity_saved_between_preview_and_confirm_stops_the_import(seed_plan, coordinator):
    data = edited_workbook()
    preview = import_plan(data, filename="plan.xlsx", plan=seed_plan, dry_run=True)
    activity = Activity.objects.get(focus_area__plan=seed_plan, title=SEED_ROWS[1][1])

    # the analysis reads the activity, then someone saves it on a plan page before the
    # import's writes: simulated by saving it from the analysis' own read
    from spreadsheets.importing import analysis

    original = analysis.Analyser._load

    def load_then_page_edit(self, pending):
        original(self, pending)
        services.update_activity(activity, user=coordinator, title=activity.title + " (sidan)")

    analysis.Analyser._load = load_then_page_edit
    try:
        result = import_plan(
            data,
            filename="plan.xlsx",
            plan=seed_plan,
            user=coordinator,
            dry_run=False,
            expected_fingerprint=preview.fingerprint(),
        )
    finally:
        analysis.Analyser._load = original

    assert not result.applied and result.stale
    assert not Activity.objects.filter(title="En helt ny aktivitet").exists()
    activity.refresh_from_db()
    assert activity.title.endswith(" (sidan)")
