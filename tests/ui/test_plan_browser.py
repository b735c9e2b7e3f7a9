"""Issue #17's "Done when", in the browser: a coordinator drafts the 2018 plan from the
2016–2017 plan, adds a focus area and two activities with the keyboard only, sees the
checklist, adopts the plan and finds it on the board; a Läsare never sees the draft."""

import pytest
from django.test import Client

from actors.permissions import ROLE_READER
from plans.models import Activity, Plan
from tests.ui.test_keyboard import focused, tab_until

pytestmark = pytest.mark.browser

TITLE = "Handlingsplan mot våldsbejakande extremism 2018"
NOTE = "Från KS 2016.371, aktivitet 3.3, senast Ej påbörjad T3 2017"


def _press_link(page, text: str) -> None:
    tab_until(page, lambda f: f["tag"] == "a" and text in " ".join(f["text"].split()))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _add_activity(page, title: str, actor: str, button: str) -> None:
    if focused(page)["id"] != "id_title":  # after "Lägg till och skriv nästa" it is there
        tab_until(page, lambda f: f["id"] == "id_title")
    page.keyboard.type(title)
    tab_until(page, lambda f: f["label"].startswith(f"{actor} –"))
    page.keyboard.press("Space")
    # past the date field: its calendar button's focus ring is drawn inside the field
    # (checked with the style rule in app.css), not on the field the helper reads
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "id_ongoing":
            break
    assert focused(page)["visible"]
    page.keyboard.press("Space")
    tab_until(page, lambda f: f["tag"] == "button" and f["text"] == button)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_follow_up_plan_from_draft_to_board(page, login, follow_up_data, coordinator, make_user):
    reader = Client()
    reader.force_login(make_user(ROLE_READER))
    login(coordinator)
    page.goto("/planer/vbe-2016-2017/")
    page.get_by_role("link", name="Skapa uppföljande plan").click()
    page.wait_for_url("**/uppfoljande-plan/")
    assert page.get_by_label("Den nya planens titel").input_value() == TITLE
    assert page.get_by_text("Att tänka på").is_visible()  # the checklist as a hint
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa utkast").click()
    plan = Plan.objects.get(title=TITLE)
    assert plan.is_draft and page.get_by_text(NOTE).is_visible()
    assert reader.get(plan.get_absolute_url()).status_code == 404
    assert TITLE not in reader.get("/planer/").content.decode()

    # keyboard only: a focus area and two activities
    page.locator("body").focus()
    _press_link(page, "Lägg till fokusområde")
    tab_until(page, lambda f: f["id"] == "id_title")
    page.keyboard.type("Samverkan med civilsamhället")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    area = plan.focus_areas.get(title="Samverkan med civilsamhället")
    # the page opens at the new focus area (#fa-…): its buttons are the next Tab stops
    _press_link(page, "Lägg till aktivitet i fokusområde 2")
    _add_activity(page, "Dialogmöte med trossamfunden", "KFF", "Lägg till och skriv nästa")
    assert "Aktivitet 2.1 är tillagd" in page.content()
    assert focused(page)["id"] == "id_title"  # the next activity's title, not the page body
    _add_activity(page, "Utvärdering av samverkan", "SF", "Lägg till")
    assert [a.title for a in area.activities.order_by("order")] == [
        "Dialogmöte med trossamfunden",
        "Utvärdering av samverkan",
    ]
    assert all(a.ongoing for a in area.activities.all())
    assert focused(page)  # still a page with focus, no trap

    # the checklist on the plan page
    assert page.get_by_role("heading", name="Avstämning: Tolv rekommendationer").is_visible()
    assert page.get_by_text("Nödvändiga samverkansaktörer").is_visible()

    # adopt with the decision's data
    page.get_by_role("link", name="Fastställ").click()
    page.get_by_label("Beslutande organ").fill("Kommunstyrelsen")
    page.get_by_label("Paragraf").fill("§12")
    page.get_by_label("Beslutsdatum").fill("2018-01-15")
    with page.expect_navigation():
        page.get_by_role("button", name="Fastställ").click()
    plan.refresh_from_db()
    assert plan.is_adopted

    # on the board, the carried activity with its origin
    page.goto(f"/uppfoljning/?plan={plan.slug}&tertial=T1-2018")
    assert page.get_by_text(NOTE).is_visible()
    assert Activity.objects.filter(focus_area__plan=plan).count() == 3
    assert reader.get(plan.get_absolute_url()).status_code == 200


def test_the_plan_pages_pass_axe(
    page, login, follow_up_data, coordinator, assert_no_axe_violations
):
    login(coordinator)
    area = follow_up_data.focus_areas.first()
    for url in (
        "/planer/",
        "/planer/vbe-2016-2017/",
        "/planer/vbe-2016-2017/redigera/",
        f"/fokusomraden/{area.pk}/aktiviteter/ny/",
        "/planer/vbe-2016-2017/uppfoljande-plan/",
        "/planer/vbe-2016-2017/rekommendationer/3/",
    ):
        page.goto(url)
        assert_no_axe_violations(page, url)
