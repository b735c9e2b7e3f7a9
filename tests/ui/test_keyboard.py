"""Keyboard only: reach an activity, change its status and comment, save, and land sensibly."""

import pytest

from followup.models import FollowUp, Status
from tests.ui.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

BOARD = "/uppfoljning/?plan=vbe-2016-2017&tertial=T3-2017"
MAX_TABS = 200  # a bound, so that a focus trap fails the test instead of hanging it
FOCUS_ON_SELECT = "() => document.activeElement && document.activeElement.tagName === 'SELECT'"


def focused(page) -> dict:
    """What has focus, and whether a focus indicator is drawn around it."""
    return page.evaluate(
        """() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {
            tag: el.tagName.toLowerCase(),
            text: (el.innerText || el.value || '').trim(),
            label: el.labels && el.labels.length ? el.labels[0].innerText.trim() : '',
            id: el.id,
            visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
                     || (style.boxShadow && style.boxShadow !== 'none'),
        };
    }"""
    )


def tab_until(page, predicate, *, backwards: bool = False) -> dict:
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        now = focused(page)
        assert now["visible"], f"fokus syns inte på {now}"
        if predicate(now):
            return now
    raise AssertionError("nådde inte målet med tangentbordet")


def follow_link(page, predicate, url: str) -> None:
    """Tab to a link, press Enter and wait for the page it leads to."""
    tab_until(page, predicate)
    page.keyboard.press("Enter")
    page.wait_for_url(url)


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(
    page, login, follow_up_data, coordinator
):
    login(coordinator)
    page.goto(BOARD)
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Hoppa till innehållet" and first["visible"]
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # shown on screen when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab goes into the page, past the header and the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
def test_record_a_follow_up_with_the_keyboard_alone(
    page, login, follow_up_data, coordinator, viewport
):
    activity = follow_up_data.focus_areas.get(order=1).activities.get(order=1)
    page.set_viewport_size(viewport)
    login(coordinator)
    page.goto(BOARD)
    page.wait_for_load_state("load")

    # Reach the activity: Tab through the page to its "Ändra" link, focus always visible.
    tab_until(page, lambda f: f["text"].startswith("Ändra") and "1.1" in f["text"])
    page.keyboard.press("Enter")

    # The row turns into a form in place, and focus moves to the status.
    status = page.get_by_label("Status (T3 2017)")
    status.wait_for()
    page.wait_for_function(FOCUS_ON_SELECT)
    now = focused(page)
    assert now["tag"] == "select" and now["label"].startswith("Status"), now
    assert now["visible"]

    # Change the status by typing the start of its name, as one does in a list box.
    page.keyboard.type("Genomförd")
    assert status.input_value() == Status.DONE

    # Then the comment, then Spara.
    now = tab_until(page, lambda f: f["tag"] == "textarea")
    page.keyboard.press("Control+A")
    page.keyboard.type("Lägesbilden är fastställd och spridd. Klar.")
    now = tab_until(page, lambda f: f["tag"] == "button" and f["text"] == "Spara")
    page.keyboard.press("Enter")

    # Saved: the row is back, shows the new status and comment, and focus has returned
    # to the row's own "Ändra" link so the user can continue from where they were.
    row = page.locator(f"#a-{activity.pk}")
    row.get_by_text("Lägesbilden är fastställd och spridd. Klar.").wait_for()
    assert row.locator(".status--done").count() >= 1
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('fu-edit')"
    )
    now = focused(page)
    assert "1.1" in now["text"] and now["visible"], now

    entry = FollowUp.objects.get(activity=activity, year=2017, number=3)
    assert entry.status == Status.DONE
    assert entry.comment == "Lägesbilden är fastställd och spridd. Klar."
    assert entry.reported_by == coordinator


def test_escape_cancels_an_edit_and_gives_focus_back(page, login, follow_up_data, coordinator):
    activity = follow_up_data.focus_areas.get(order=1).activities.get(order=1)
    before = list(FollowUp.objects.filter(activity=activity).values_list("status", "comment"))
    login(coordinator)
    page.goto(BOARD)
    tab_until(page, lambda f: f["text"].startswith("Ändra") and "1.1" in f["text"])
    page.keyboard.press("Enter")
    page.get_by_label("Status (T3 2017)").wait_for()
    page.wait_for_function(FOCUS_ON_SELECT)
    # Type-ahead in the select picks Avförd. (Only ASCII: Playwright types "ö" as inserted
    # text, which Chromium puts in the page's first text field, not in the select.)
    page.keyboard.type("Avf")
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('fu-edit')"
    )
    assert "1.1" in focused(page)["text"]
    assert list(FollowUp.objects.filter(activity=activity).values_list("status", "comment")) == (
        before
    )


def test_find_the_plan_and_open_its_report_with_the_keyboard(
    page, login, follow_up_data, coordinator
):
    login(coordinator)
    page.set_viewport_size(PHONE)
    page.goto("/")
    # From the start page: the navigation's Rapporter, then the plan's T3 2017 report.
    follow_link(page, lambda f: f["text"] == "Rapporter", "**/rapporter/")
    follow_link(
        page,
        lambda f: f["text"].startswith("T3 2017"),
        f"**/rapporter/{follow_up_data.slug}/2017/T3/",
    )
    assert page.get_by_role("heading", level=1, name=follow_up_data.title).is_visible()


def test_export_the_plan_with_the_keyboard(page, login, follow_up_data, coordinator):
    login(coordinator)
    page.goto("/")
    follow_link(page, lambda f: f["text"] == "Import/Export", "**/import/")
    follow_link(page, lambda f: f["text"].startswith("Exportera en plan"), "**/export/")
    plan = tab_until(page, lambda f: f["tag"] == "select")
    assert plan["label"].startswith("Plan")
    page.keyboard.type(follow_up_data.title[:12])
    tab_until(page, lambda f: f["tag"] == "button" and f["text"] == "Ladda ner")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".xlsx")
