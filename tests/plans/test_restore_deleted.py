"""An Administratör (or Trygghetssamordnare) finds and restores a deleted plan, focus area or
activity; a deleted plan's change log stays reachable."""

import pytest
from django.urls import reverse

from actors.models import Actor
from actors.permissions import ROLE_ADMIN
from actors.roles import sync_role_flags
from plans.models import Activity, FocusArea, Plan
from plans.selectors import deleted


@pytest.fixture
def administrator(make_user):
    user = make_user(ROLE_ADMIN, username="adam", first_name="Adam", last_name="Admin")
    sync_role_flags(user, set())
    return user


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def small_plan(make_plan):
    """Built in bulk, then given the history rows that normal saves and imports write."""
    from vallentuna.history import record_history

    plan = make_plan(2, 3, title="Plan som tas bort")
    record_history(list(FocusArea.objects.filter(plan=plan)))
    record_history(list(Activity.objects.filter(focus_area__plan=plan)))
    return plan


def _delete(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not obj.__class__.objects.filter(pk=obj.pk).exists()


def test_a_deleted_plan_is_listed_and_restored_with_its_focus_areas_and_activities(
    admin_client, small_plan, administrator
):
    responsible = {
        a.pk: set(a.responsible.values_list("pk", flat=True))
        for a in Activity.objects.filter(focus_area__plan=small_plan)
    }
    assert len(responsible) == 6
    _delete(admin_client, small_plan)
    assert not FocusArea.objects.filter(plan_id=small_plan.pk).exists()

    listing = admin_client.get(reverse("admin:plans_plan_deleted")).content.decode()
    assert "Plan som tas bort" in listing
    record = deleted(Plan).get(id=small_plan.pk)
    response = admin_client.post(reverse("admin:plans_plan_restore", args=[record.history_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:plans_plan_change", args=[small_plan.pk])

    plan = Plan.objects.get(pk=small_plan.pk)
    assert plan.title == "Plan som tas bort"
    assert plan.focus_areas.count() == 2
    restored = {
        a.pk: set(a.responsible.values_list("pk", flat=True))
        for a in Activity.objects.filter(focus_area__plan=plan)
    }
    assert restored == responsible
    last = plan.history.latest()
    assert (last.history_type, last.history_user) == ("+", administrator)
    assert not deleted(Plan).filter(id=plan.pk).exists()


def test_one_deleted_activity_is_restored_alone(admin_client, small_plan):
    activity = Activity.objects.filter(focus_area__plan=small_plan).first()
    actors = set(activity.responsible.all())
    _delete(admin_client, activity)
    record = deleted(Activity).get(id=activity.pk)
    admin_client.post(reverse("admin:plans_activity_restore", args=[record.history_id]))
    assert set(Activity.objects.get(pk=activity.pk).responsible.all()) == actors


def test_a_focus_area_of_a_deleted_plan_says_to_restore_the_plan(admin_client, small_plan):
    area = small_plan.focus_areas.first()
    _delete(admin_client, small_plan)
    record = deleted(FocusArea).get(id=area.pk)
    response = admin_client.post(
        reverse("admin:plans_focusarea_restore", args=[record.history_id]), follow=True
    )
    assert "Återställ planen" in response.content.decode()
    assert not FocusArea.objects.filter(pk=area.pk).exists()


def test_the_change_list_links_to_the_deleted(admin_client, small_plan):
    html = admin_client.get(reverse("admin:plans_activity_changelist")).content.decode()
    assert "Återställ borttagna" in html and reverse("admin:plans_activity_deleted") in html


def test_a_reporter_cannot_restore(client, make_user, small_plan, admin_client):
    _delete(admin_client, small_plan)
    from actors.permissions import ROLE_REPORTER

    client.force_login(make_user(ROLE_REPORTER))
    record = deleted(Plan).get(id=small_plan.pk)
    client.post(reverse("admin:plans_plan_restore", args=[record.history_id]))
    assert not Plan.objects.filter(pk=small_plan.pk).exists()


def test_a_deleted_plans_change_log_stays_reachable(admin_client, small_plan):
    plan_pk = small_plan.pk
    _delete(admin_client, small_plan)
    index = admin_client.get(reverse("changelog:changelog_index")).content.decode()
    url = reverse("changelog:deleted_plan", args=[plan_pk])
    assert "Borttagna planer" in index and url in index
    response = admin_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Planen är borttagen" in html and "Plan som tas bort" in html
    assert "Borttagen" in html  # the delete itself is in the log
    assert "Fokusområde 1" in html
    filtered = admin_client.get(url, {"kind": "focusarea"})
    assert filtered.status_code == 200


def test_the_delete_confirmation_names_links_in_words(admin_client, small_plan):
    activity = Activity.objects.filter(focus_area__plan=small_plan).first()
    actor = activity.responsible.first()
    html = admin_client.get(
        reverse("admin:plans_activity_delete", args=[activity.pk])
    ).content.decode()
    assert "Activity_responsible object" not in html and "relation" not in html
    assert f"Ansvariga för aktivitet ”{activity}”: {actor}" in html
    assert "bara kopplingen tas bort" in html
    plan_html = admin_client.get(
        reverse("admin:plans_plan_delete", args=[small_plan.pk])
    ).content.decode()
    assert "object (" not in plan_html
    assert "Kopplingar: ansvariga" in plan_html
    assert Actor.objects.filter(pk=actor.pk).exists()


def test_the_change_log_says_restored_not_created(admin_client, small_plan):
    activity = Activity.objects.filter(focus_area__plan=small_plan).first()
    _delete(admin_client, activity)
    record = deleted(Activity).get(id=activity.pk)
    admin_client.post(reverse("admin:plans_activity_restore", args=[record.history_id]))
    page = admin_client.get(f"/andringslogg/{small_plan.slug}/").content.decode()
    assert "Återställd" in page
    assert page.index("Återställd") < page.index("Borttagen")  # newest first


def test_a_deleted_activity_and_focus_area_link_to_their_plans_change_log(admin_client, small_plan):
    area = FocusArea.objects.filter(plan=small_plan).order_by("order").last()
    activity = Activity.objects.filter(focus_area__plan=small_plan).exclude(focus_area=area)[0]
    _delete(admin_client, activity)
    _delete(admin_client, area)
    log = f'href="/andringslogg/{small_plan.slug}/"'
    for name in ("activity", "focusarea"):
        page = admin_client.get(reverse(f"admin:plans_{name}_deleted")).content.decode()
        assert log in page, name
