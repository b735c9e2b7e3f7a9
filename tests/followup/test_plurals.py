"""Counts with a noun say one in the singular: '0 av 1 aktivitet', not '0 av 1 aktiviteter'."""

import datetime

import pytest
from django.urls import reverse

from followup.contribution_models import ReminderDelivery
from followup.reminders import Planned
from followup.tertial import Tertial
from plans.models import Activity

pytestmark = pytest.mark.django_db

T = Tertial(2017, 3)


@pytest.fixture
def plan(make_plan):
    return make_plan(1, 1, title="Liten plan", actors_per_activity=1)


def test_the_reporting_page_counts_one_activity_in_the_singular(client, plan, coordinator):
    client.force_login(coordinator)
    url = reverse("followup:coordination", args=[plan.slug, T.slug])
    page = client.get(url).content.decode()
    assert "0 av 1 aktivitet<" in page and "0 av 1 aktiviteter" not in page


def test_the_board_counts_one_actor_in_the_singular(client, plan, coordinator):
    client.force_login(coordinator)
    page = client.get(f"{reverse('followup:board')}?plan={plan.slug}&tertial={T.slug}")
    html = page.content.decode()
    assert "0 av 1 aktör<" in html and "0 av 1 aktörer" not in html


def test_a_reminder_describes_one_waiting_activity_in_the_singular(plan):
    activity = Activity.objects.get(focus_area__plan=plan)
    actor = activity.responsible.get()
    planned = Planned(
        plan=plan,
        tertial=T,
        step=ReminderDelivery.Step.BEFORE,
        recipient="a@example.org",
        recipient_name="Anna",
        deadline=datetime.date(2017, 12, 15),
        actor=actor,
        waiting=[activity],
    )
    assert planned.describe().endswith(f"{actor.code}, 1 aktivitet väntar")
