"""The plan register in Django admin: lists without a query per row, edits recorded in history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Actor
from plans.models import Activity

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:plans_activity_changelist",
    "admin:plans_focusarea_changelist",
    "admin:plans_plan_changelist",
    "admin:actors_actor_changelist",
]


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chef", "chef@example.org", "x")
    client.force_login(user)
    client.user = user
    return client


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", CHANGELISTS)
def test_admin_lists_run_the_same_number_of_queries_for_a_small_and_a_large_plan(
    superuser_client, make_plan, name
):
    make_plan(2, 3, title="Liten plan")
    small = count_queries(superuser_client, reverse(name))
    make_plan(10, 9, title="Stor plan", actors_per_activity=4)  # 90 more activities, 10 more areas
    large = count_queries(superuser_client, reverse(name))
    assert small == large


def test_activity_list_filters_by_plan_responsible_actor_and_passed_deadline(
    superuser_client, seed_plan
):
    url = reverse("admin:plans_activity_changelist")
    sbf_free = superuser_client.get(
        url, {"responsible__id__exact": Actor.objects.get(code="SF").pk}
    )
    assert sbf_free.context["cl"].result_count == 7
    tsam = superuser_client.get(
        url, {"responsible__id__exact": Actor.objects.get(code="Trygghetssamordnaren").pk}
    )
    assert tsam.context["cl"].result_count == 1
    passed = superuser_client.get(
        url, {"deadline": "passed", "focus_area__plan__id__exact": seed_plan.pk}
    )
    assert passed.context["cl"].result_count == 8  # every deadline of 2016–2017 has passed
    found = superuser_client.get(url, {"q": "stödtelefonen"})
    assert [a.order for a in found.context["cl"].result_list] == [2]


def test_the_admin_speaks_swedish(superuser_client, seed_plan):
    page = superuser_client.get(reverse("admin:plans_activity_changelist")).content.decode()
    assert "Välj aktivitet att ändra" in page
    assert "Klart senast" in page


def test_editing_responsible_actors_in_admin_shows_in_the_history_view(superuser_client, seed_plan):
    activity = Activity.objects.get(focus_area__plan=seed_plan, focus_area__order=1, order=1)
    sbf = Actor.objects.get(code="SBF")
    data = {
        "focus_area": activity.focus_area_id,
        "order": activity.order,
        "title": activity.title,
        "implementation": activity.implementation,
        "responsible": [a.pk for a in activity.responsible.all()] + [sbf.pk],
        "deadline": "2016-12-31",
    }
    response = superuser_client.post(
        reverse("admin:plans_activity_change", args=[activity.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(activity.responsible.values_list("code", flat=True)) == {
        "Trygghetssamordnaren",
        "Lopo Täby",
        "SBF",
    }
    latest = activity.history.first()
    assert latest.history_user == superuser_client.user

    page = superuser_client.get(
        reverse("admin:plans_activity_history", args=[activity.pk])
    ).content.decode()
    assert "chef" in page
    assert "ansvariga" in page.lower()
