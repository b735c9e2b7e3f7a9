"""An actor in use cannot be deleted; it can be made inactive instead (kept where it is,
not offered for new activities)."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from actors.models import Actor
from plans.models import Activity


@pytest.fixture
def admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_deleting_an_actor_in_use_in_admin_lists_its_activities_and_deletes_nothing(
    admin_client, seed_plan
):
    klk = Actor.objects.get(code="KLK")
    activities = list(klk.activities.all())
    assert activities
    url = reverse("admin:actors_actor_delete", args=[klk.pk])
    html = admin_client.get(url).content.decode()
    assert "KLK kan inte tas bort" in html
    for activity in activities:
        assert reverse("admin:plans_activity_change", args=[activity.pk]) in html
    assert "Gör aktören inaktiv" in html
    assert 'name="post"' not in html  # no confirm button
    admin_client.post(url, {"post": "yes"})
    assert Actor.objects.filter(pk=klk.pk).exists()
    for activity in activities:
        assert klk in activity.responsible.all()


def test_the_bulk_delete_action_also_refuses(admin_client, seed_plan):
    klk = Actor.objects.get(code="KLK")
    response = admin_client.post(
        reverse("admin:actors_actor_changelist"),
        {"action": "delete_selected", "_selected_action": [klk.pk], "post": "yes"},
    )
    html = response.content.decode()
    assert "De valda aktörerna kan inte tas bort" in html
    assert "KLK ansvarig för" in html
    assert 'value="make_inactive"' in html  # the way out, on the same page
    assert Actor.objects.filter(pk=klk.pk).exists()


def test_the_refusal_offers_to_make_the_selected_actors_inactive(admin_client, seed_plan):
    klk = Actor.objects.get(code="KLK")
    response = admin_client.post(
        reverse("admin:actors_actor_changelist"),
        {"action": "make_inactive", "_selected_action": [klk.pk]},
        follow=True,
    )
    assert "1 aktör gjordes inaktiv: KLK." in response.content.decode()
    klk.refresh_from_db()
    assert not klk.active
    assert klk.activities.exists()  # still on its activities
    assert klk.history.first().history_change_reason == "Gjord inaktiv"


def test_deleting_in_code_is_refused_too_and_leaves_the_activities_alone(seed_plan):
    police = Actor.objects.create(code="Polisen", name="Polismyndigheten")  # no network seat
    activities = list(Activity.objects.all()[:3])
    for activity in activities:
        activity.responsible.add(police)
    with pytest.raises(ProtectedError, match="Polisen är ansvarig för 3 aktiviteter"):
        police.delete()
    assert Activity.objects.filter(responsible=police).count() == 3


def test_an_actor_without_activities_can_be_deleted(admin_client, db):
    spare = Actor.objects.create(code="Reserv", name="Reservaktör")
    url = reverse("admin:actors_actor_delete", args=[spare.pk])
    assert "Är du säker" in admin_client.get(url).content.decode()
    admin_client.post(url, {"post": "yes"})
    assert not Actor.objects.filter(pk=spare.pk).exists()


def _autocomplete(client, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "plans", "model_name": "activity", "field_name": "responsible", "term": term},
    )
    return {r["text"] for r in response.json()["results"]}


def test_an_inactive_actor_is_not_offered_for_activities(admin_client, seed_plan):
    assert "KLK" in _autocomplete(admin_client, "KLK")
    Actor.objects.filter(code="KLK").update(active=False)
    assert "KLK" not in _autocomplete(admin_client, "KLK")


def _activity_data(activity, actor_ids):
    return {
        "focus_area": activity.focus_area_id,
        "order": activity.order,
        "title": activity.title,
        "implementation": activity.implementation,
        "responsible": actor_ids,
        "deadline": activity.deadline.isoformat() if activity.deadline else "",
    }


def test_an_inactive_actor_stays_on_an_activity_that_has_it_but_cannot_be_added(
    admin_client, seed_plan
):
    klk = Actor.objects.get(code="KLK")
    klk.active = False
    klk.save()
    has_it = Activity.objects.filter(responsible=klk).first()
    lacks_it = Activity.objects.exclude(responsible=klk).first()
    ids = [a.pk for a in has_it.responsible.all()]
    kept = admin_client.post(
        reverse("admin:plans_activity_change", args=[has_it.pk]), _activity_data(has_it, ids)
    )
    assert kept.status_code == 302
    assert klk in has_it.responsible.all()
    other_ids = [a.pk for a in lacks_it.responsible.all()]
    refused = admin_client.post(
        reverse("admin:plans_activity_change", args=[lacks_it.pk]),
        _activity_data(lacks_it, [*other_ids, klk.pk]),
    )
    assert refused.status_code == 200
    assert klk not in lacks_it.responsible.all()
    # Still in the plan as written: the responsible list shows it.
    assert "KLK" in has_it.responsible_display()
