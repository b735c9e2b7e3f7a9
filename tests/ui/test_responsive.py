"""From a 360 px phone to a wide desktop: nothing needs sideways scrolling; tables become cards."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.ui.conftest import DESKTOP, PHONE, horizontal_overflow

pytestmark = pytest.mark.browser

BOARD = "/uppfoljning/?plan=vbe-2016-2017&tertial=T3-2017"
PAGES = [
    "/",
    BOARD,
    BOARD + "&status=done&overdue=on",
    "/rapporter/",
    "/rapporter/vbe-2016-2017/2017/T3/",
    "/import/",
    "/export/",
    "/andringslogg/",
    "/andringslogg/vbe-2016-2017/",
    "/tillganglighet/",
]


@pytest.mark.parametrize("width", [360, 768, 1920])
def test_no_page_needs_sideways_scrolling(page, login, follow_up_data, coordinator, width):
    login(coordinator)
    page.set_viewport_size({"width": width, "height": 800})
    wide = {}
    for path in PAGES:
        page.goto(path)
        page.wait_for_load_state("load")
        if overflow := horizontal_overflow(page):
            wide[path] = overflow
    assert wide == {}, f"sidor bredare än {width} px (px för mycket): {wide}"


def test_the_login_page_fits_a_phone(page):
    page.set_viewport_size(PHONE)
    page.goto("/konto/login/")
    assert horizontal_overflow(page) == 0


def test_the_follow_up_table_is_a_table_on_desktop_and_cards_on_a_phone(
    page, login, follow_up_data, coordinator
):
    login(coordinator)
    page.set_viewport_size(DESKTOP)
    page.goto(BOARD)
    table = page.locator("table.fu-table").first
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    assert page.locator("table.fu-table thead th").first.is_visible()

    page.set_viewport_size(PHONE)
    assert table.evaluate("t => getComputedStyle(t).display") == "block"
    row = page.locator("table.fu-table tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    # Each card names its fields (Ansvariga, Klart senast, Status …) as the header did.
    label = row.locator("td[data-label]").first.evaluate(
        "td => getComputedStyle(td, '::before').content"
    )
    assert label.strip('"') == "Ansvariga"
    # The column headers are still there for screen readers, only not drawn.
    assert page.locator("table.fu-table thead tr").first.bounding_box()["width"] <= 1


def test_the_edit_form_fits_a_phone_and_is_usable_there(page, login, follow_up_data, coordinator):
    login(coordinator)
    page.set_viewport_size(PHONE)
    page.goto(BOARD)
    page.get_by_role("link", name="Ändra aktivitet 1.1").click()
    comment = page.get_by_label("Kommentar")
    comment.wait_for()
    assert horizontal_overflow(page) == 0
    box = comment.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # (exact: the board also has "Spara bedömningen", the samlad bedömning's button)
    assert page.get_by_role("button", name="Spara", exact=True).bounding_box()["height"] >= 24


def test_the_navigation_fits_a_phone_and_every_item_can_be_reached(
    page, login, follow_up_data, coordinator
):
    login(coordinator)
    page.set_viewport_size(PHONE)
    page.goto("/")
    links = page.locator(".site-nav a")
    assert links.count() == 7  # Översikt, Planer … Ändringslogg and Admin
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 24  # WCAG 2.5.8 target size


SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


def test_screenshots_of_the_main_pages(page, login, follow_up_data, coordinator, tmp_path):
    """Screenshots for the README. They are written to docs/screenshots/ only when
    UPDATE_SCREENSHOTS=1; otherwise to a temporary folder, so every run still checks
    that the pages render at these sizes."""
    target = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    login(coordinator)
    shots = [
        ("oversikt.png", "/", DESKTOP),
        ("uppfoljning.png", BOARD, DESKTOP),
        ("uppfoljning-360px.png", BOARD, PHONE),
        ("rapport.png", "/rapporter/vbe-2016-2017/2017/T3/", DESKTOP),
    ]
    for name, path, viewport in shots:
        page.set_viewport_size(viewport)
        page.goto(path)
        page.wait_for_load_state("load")
        assert horizontal_overflow(page) == 0
        page.screenshot(path=str(target / name), full_page=True)
        assert (target / name).stat().st_size > 10_000


def test_the_report_prints_as_a_document(page, login, follow_up_data, coordinator):
    """Print stylesheet: no header, navigation, buttons or tools; tables stay tables, even
    from a phone."""
    login(coordinator)
    page.set_viewport_size(PHONE)
    page.goto("/rapporter/vbe-2016-2017/2017/T3/")
    page.emulate_media(media="print")
    for selector in (".site-header", ".site-nav", ".site-footer", ".r-tools", ".skip-link"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.get_by_role("heading", level=1, name=follow_up_data.title).is_visible()
    table = page.locator("table.r-activities").first
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
