"""Edits in Django admin follow the plan pages' rules (issue #17): every save, inline rows
too, counts the version up, so a plan page form opened earlier gets the conflict instead of
overwriting; structure changes to an adopted plan are listed; archived plans stay read-only;
what has follow-up is not deleted."""

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import services
from plans.models import Activity, FocusArea, Plan
from plans.selectors import changes_since_adoption

pytestmark = pytest.mark.django_db

CONFLICT = "efter att du öppnade sidan"


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chef", "chef@example.org", "x")
    client.force_login(user)
    return client


def _activity(plan: Plan) -> Activity:
    """Activity 2.1: its focus area has three."""
    return Activity.objects.get(focus_area__plan=plan, focus_area__order=2, order=1)


def _activity_data(activity: Activity, **changes) -> dict:
    data = {
        "title": activity.title,
        "implementation": activity.implementation,
        "responsible": [a.pk for a in activity.responsible.all()],
        "deadline": activity.deadline.isoformat() if activity.deadline else "",
    }
    if activity.ongoing:
        data["ongoing"] = "on"
    data.update(changes)
    return data


def _stale_page_post(client, user, activity: Activity, version: int):
    client.force_login(user)
    return client.post(
        reverse("plans:activity_edit", args=[activity.pk]),
        _activity_data(activity, implementation="Skrivet på sidan", version=version),
    )


def test_an_admin_change_makes_an_open_page_form_stale(admin_client, seed_plan, coordinator):
    activity = _activity(seed_plan)
    seen = activity.version
    response = admin_client.post(
        reverse("admin:plans_activity_change", args=[activity.pk]),
        _activity_data(
            activity, focus_area=activity.focus_area_id, order=activity.order, title="Ändrad"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Ändrad", seen + 1)

    response = _stale_page_post(admin_client, coordinator, activity, seen)
    assert response.status_code == 400
    assert CONFLICT in response.content.decode()
    activity.refresh_from_db()
    assert activity.implementation != "Skrivet på sidan"


def _inline_data(area: FocusArea, edit: dict) -> dict:
    """The focus area's admin form with its activities inline; ``edit`` changes the first."""
    activities = list(area.activities.order_by("order"))
    data = {
        "plan": area.plan_id,
        "title": area.title,
        "order": area.order,
        "activities-TOTAL_FORMS": len(activities),
        "activities-INITIAL_FORMS": len(activities),
        "activities-MIN_NUM_FORMS": 0,
        "activities-MAX_NUM_FORMS": 1000,
    }
    for i, activity in enumerate(activities):
        row = _activity_data(activity, order=activity.order, **(edit if i == 0 else {}))
        row.update({"id": activity.pk, "focus_area": area.pk})
        data.update({f"activities-{i}-{k}": v for k, v in row.items()})
    return data


def test_an_inline_edit_in_admin_makes_an_open_page_form_stale(
    admin_client, seed_plan, coordinator
):
    activity = _activity(seed_plan)
    untouched = activity.focus_area.activities.exclude(pk=activity.pk).first()
    seen, other_seen = activity.version, untouched.version
    response = admin_client.post(
        reverse("admin:plans_focusarea_change", args=[activity.focus_area_id]),
        _inline_data(activity.focus_area, {"implementation": "Ändrad i admin"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity.refresh_from_db()
    untouched.refresh_from_db()
    assert (activity.implementation, activity.version) == ("Ändrad i admin", seen + 1)
    assert untouched.version == other_seen  # an unchanged row is not a change

    response = _stale_page_post(admin_client, coordinator, activity, seen)
    assert response.status_code == 400
    assert CONFLICT in response.content.decode()
    activity.refresh_from_db()
    assert activity.implementation == "Ändrad i admin"


def test_an_inline_focus_area_edit_counts_its_version_up(admin_client, seed_plan):
    areas = list(seed_plan.focus_areas.order_by("order"))
    versions = [a.version for a in areas]
    data = {
        "title": seed_plan.title,
        "slug": seed_plan.slug,
        "status": seed_plan.status,
        "period_start": seed_plan.period_start.isoformat(),
        "period_end": seed_plan.period_end.isoformat(),
        "network": seed_plan.network_id or "",
        "registration_number": seed_plan.registration_number,
        "decision_body": seed_plan.decision_body,
        "decision_paragraph": seed_plan.decision_paragraph,
        "decision_date": "2016-10-03",
        "focus_areas-TOTAL_FORMS": len(areas),
        "focus_areas-INITIAL_FORMS": len(areas),
        "focus_areas-MIN_NUM_FORMS": 0,
        "focus_areas-MAX_NUM_FORMS": 1000,
    }
    for i, area in enumerate(areas):
        title = area.title + " (nytt namn)" if i == 0 else area.title
        data.update(
            {
                f"focus_areas-{i}-id": area.pk,
                f"focus_areas-{i}-plan": seed_plan.pk,
                f"focus_areas-{i}-order": area.order,
                f"focus_areas-{i}-title": title,
            }
        )
    response = admin_client.post(reverse("admin:plans_plan_change", args=[seed_plan.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [a.version for a in seed_plan.focus_areas.order_by("order")] == [
        versions[0] + 1,
        *versions[1:],
    ]


def test_admin_changes_to_an_adopted_plan_are_listed(admin_client, seed_plan):
    Plan.objects.filter(pk=seed_plan.pk).update(adopted_at=timezone.now())
    seed_plan.refresh_from_db()
    activity = _activity(seed_plan)
    response = admin_client.post(
        reverse("admin:plans_focusarea_change", args=[activity.focus_area_id]),
        _inline_data(activity.focus_area, {"implementation": "Ändrad i admin"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert changes_since_adoption(seed_plan) == [f"Aktivitet 2.1 ändrad: {activity}"]


def test_admin_refuses_a_date_and_ongoing_together_and_a_new_activity_in_an_archived_plan(
    admin_client, seed_plan
):
    activity = _activity(seed_plan)
    response = admin_client.post(
        reverse("admin:plans_activity_change", args=[activity.pk]),
        _activity_data(
            activity, focus_area=activity.focus_area_id, order=activity.order, ongoing="on"
        ),
    )
    assert response.status_code == 200
    assert "Välj antingen ett datum eller Löpande, inte båda." in response.content.decode()

    services.change_status(seed_plan, Plan.Status.ARCHIVED, user=None)
    response = admin_client.post(
        reverse("admin:plans_activity_add"),
        _activity_data(activity, focus_area=activity.focus_area_id, order=99, title="Ny"),
    )
    assert "är arkiverad och kan inte ändras" in response.content.decode()
    assert not Activity.objects.filter(title="Ny").exists()


def test_admin_does_not_delete_an_activity_with_follow_up(admin_client, seed_plan):
    from vallentuna.history import load_fixtures

    load_fixtures("vallentuna_2016_2017_uppfoljning")
    followed = next(a for a in Activity.objects.all() if services.has_follow_up(a))
    url = reverse("admin:plans_activity_delete", args=[followed.pk])
    page = admin_client.get(url).content.decode()
    assert "har uppföljning och kan inte tas bort" in page, page
    admin_client.post(url, {"post": "yes"})
    assert Activity.objects.filter(pk=followed.pk).exists()
    admin_client.post(
        reverse("admin:plans_activity_changelist"),
        {"action": "delete_selected", "_selected_action": [followed.pk], "post": "yes"},
    )
    assert Activity.objects.filter(pk=followed.pk).exists()


def test_an_admin_form_opened_before_a_page_save_is_refused_and_overwrites_nothing(
    admin_client, seed_plan, coordinator
):
    activity = _activity(seed_plan)
    url = reverse("admin:plans_activity_change", args=[activity.pk])
    page = admin_client.get(url).content.decode()
    assert f'name="shown_version" value="{activity.version}"' in page
    shown = activity.version
    services.update_activity(activity, user=coordinator, implementation="Skrivet på sidan")

    response = admin_client.post(
        url,
        _activity_data(
            activity,
            focus_area=activity.focus_area_id,
            order=activity.order,
            title="Från en gammal flik",
            shown_version=shown,
        ),
    )
    assert response.status_code == 200
    assert "efter att du öppnade sidan" in response.content.decode()
    activity.refresh_from_db()
    assert activity.implementation == "Skrivet på sidan"
    assert activity.title != "Från en gammal flik"


def test_an_inline_row_opened_before_a_page_save_is_refused(admin_client, seed_plan, coordinator):
    activity = _activity(seed_plan)
    data = _inline_data(activity.focus_area, {"implementation": "Från en gammal flik"})
    for i, row in enumerate(activity.focus_area.activities.order_by("order")):
        data[f"activities-{i}-shown_version"] = row.version
    services.update_activity(activity, user=coordinator, implementation="Skrivet på sidan")

    response = admin_client.post(
        reverse("admin:plans_focusarea_change", args=[activity.focus_area_id]), data
    )
    assert response.status_code == 200
    assert "efter att du öppnade sidan" in response.content.decode()
    activity.refresh_from_db()
    assert activity.implementation == "Skrivet på sidan"


def test_an_admin_save_with_the_current_version_goes_through(admin_client, seed_plan):
    activity = _activity(seed_plan)
    response = admin_client.post(
        reverse("admin:plans_activity_change", args=[activity.pk]),
        _activity_data(
            activity,
            focus_area=activity.focus_area_id,
            order=activity.order,
            title="Aktuell",
            shown_version=activity.version,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activity.refresh_from_db()
    assert activity.title == "Aktuell"
