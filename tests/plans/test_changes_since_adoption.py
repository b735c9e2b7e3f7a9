"""The list of changes since the adoption numbers an activity as the app did at that change."""

import datetime

import pytest

from plans import services
from plans.models import Plan
from plans.selectors import changes_since_adoption

pytestmark = pytest.mark.django_db


def test_an_activity_is_numbered_by_its_focus_area_s_order_at_that_change(recommendations):
    plan = services.create_plan(
        user=None,
        title="Plan med flyttat fokusområde",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
        decision_body="Kommunstyrelsen",
        decision_paragraph="§12",
        decision_date=datetime.date(2018, 1, 15),
    )
    first = services.add_focus_area(plan, title="Först", user=None)
    second = services.add_focus_area(plan, title="Sedan", user=None)
    services.add_activity(first, user=None, title="Gammal i första")
    services.add_activity(second, user=None, title="Gammal i andra")
    assert services.move(first, +1, user=None)  # while a draft: "Först" becomes 2
    plan = services.change_status(plan, Plan.Status.ADOPTED, user=None)
    first.refresh_from_db()
    assert first.order == 2
    added = services.add_activity(first, user=None, title="Ny aktivitet")
    assert added.order == 2
    assert changes_since_adoption(plan) == ["Aktivitet 2.2 tillagd: Ny aktivitet"]

    # moved back up after the adoption: the area's line, and later activities as 1.x,
    # while the earlier addition keeps the number it had then
    services.move(first, -1, user=None)
    services.add_activity(first, user=None, title="Ännu en")
    lines = changes_since_adoption(plan)
    assert lines[0] == "Aktivitet 2.2 tillagd: Ny aktivitet"
    assert "Aktivitet 1.3 tillagd: Ännu en" in lines
