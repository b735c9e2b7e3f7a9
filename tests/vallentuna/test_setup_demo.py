"""``setup_demo``: the adopted 2016–2017 plan and one login per role, safe to run again."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from plans import services
from plans.models import Plan
from plans.selectors import changes_since_adoption

pytestmark = pytest.mark.django_db


def _demo(settings) -> str:
    settings.DEBUG = True
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    return out.getvalue()


def test_the_demo_loads_the_adopted_plan_and_a_login_per_role(settings, recommendations):
    text = _demo(settings)
    assert "Handlingsplanen 2016–2017 (KS 2016.371) är inläst." in text
    assert {"admin", "samordnare", "rapportor", "lasare"} <= set(
        get_user_model().objects.values_list("username", flat=True)
    )
    assert "fanns redan; inget ändrat" in _demo(settings)


def test_the_demo_plan_lists_changes_made_after_it_was_loaded_as_changes_since_adoption(
    settings, recommendations
):
    _demo(settings)
    plan = Plan.objects.get(registration_number="KS 2016.371")
    assert plan.adopted_at is not None
    assert changes_since_adoption(plan) == []  # loading it is not a change
    activity = plan.focus_areas.get(order=3).activities.get(order=3)
    coordinator = get_user_model().objects.get(username="samordnare")
    services.update_activity(activity, user=coordinator, title="Ny titel på 3.3")
    assert len(changes_since_adoption(plan)) == 1
