"""Admin's per-object history shows values as the pages do, not as stored."""

import datetime

import pytest
from django.urls import reverse

from plans import services

pytestmark = pytest.mark.django_db


def test_a_plans_history_in_admin_reads_like_the_pages(client, django_user_model, recommendations):
    user = django_user_model.objects.create_superuser("chef", "chef@example.org", "x")
    plan = services.create_plan(
        user=user,
        title="Plan 2018",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
    )
    services.update_plan(
        plan,
        user=user,
        decision_body="Kommunstyrelsen",
        decision_paragraph="§ 12",
        decision_date=datetime.date(2018, 2, 5),
    )
    services.change_status(plan, "adopted", user=user)
    client.force_login(user)
    page = client.get(reverse("admin:plans_plan_history", args=[plan.pk])).content.decode()
    text = " ".join(page.split())
    assert "5 februari 2018" in text
    assert "Utkast &nbsp;&rarr;&nbsp;&nbsp;Fastställd" in text or "Utkast → Fastställd" in text
    assert "None" not in text  # neither as a value nor as a missing change reason
    assert "2018-02-05" not in text and "adopted" not in text
