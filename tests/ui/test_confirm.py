"""Closing a tertial asks first (data-confirm, static/js/app.js): the real "Stäng T3 2017" button."""

import pytest

from followup.models import Status, TertialClosure
from followup.services import record_follow_up
from followup.tertial import Tertial
from plans.models import Activity

pytestmark = pytest.mark.browser

QUESTION = (
    "Stäng T3 2017? Uppföljningen för tertialen låses och kan inte ändras förrän den öppnas igen."
)


@pytest.mark.parametrize("accept", [False, True], ids=["avbryt", "ok"])
def test_closing_a_tertial_asks_before_it_is_sent(page, login, coordinator, seed_plan, accept):
    for activity in Activity.objects.filter(focus_area__plan=seed_plan):
        record_follow_up(
            activity=activity, tertial=Tertial(2017, 3), user=coordinator, status=Status.DONE
        )
    login(coordinator)
    page.goto(f"/uppfoljning/?plan={seed_plan.slug}&tertial=T3-2017")
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.on("dialog", answer)
    button = page.get_by_role("button", name="Stäng T3 2017")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert questions == [QUESTION]
    closed = TertialClosure.objects.filter(plan=seed_plan, year=2017, number=3, closed=True)
    if accept:
        page.get_by_role("button", name="Öppna T3 2017 igen").wait_for()
        assert closed.exists()
    else:
        assert not closed.exists()
        assert page.evaluate("document.activeElement.textContent") == "Stäng T3 2017"
