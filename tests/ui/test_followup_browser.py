"""A coordinator updates a status and comment in place in a real browser and sees it in the report."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from actors.permissions import ROLE_COORDINATOR
from followup.models import FollowUp, Status

pytestmark = pytest.mark.browser


def test_coordinator_sets_an_activity_done_in_place_and_sees_it_in_the_report(
    page, login, live_server, seed_plan, make_user
):
    user = make_user(role=ROLE_COORDINATOR, first_name="Sara", last_name="Samordnare")
    login(user)
    page.goto("/uppfoljning/?plan=vbe-2016-2017&tertial=T1-2017")
    row = page.locator("tr#a-2")
    expect(row).to_contain_text("Ej rapporterad")

    # keyboard: focus "Ändra" and press Enter; htmx swaps the row into a form
    row.get_by_role("link", name=re.compile("Ändra")).focus()
    page.keyboard.press("Enter")
    status = page.locator("tr#a-2").get_by_label(re.compile("Status"))
    expect(status).to_be_focused()
    status.select_option(label="Genomförd")
    comment = page.locator("tr#a-2").get_by_label("Kommentar")
    comment.fill("Informationspaketet fastställdes den 4 april – klart i tid.")
    page.locator("tr#a-2").get_by_role("button", name="Spara").click()

    saved = page.locator("tr#a-2")
    expect(saved).to_contain_text("Genomförd")
    expect(saved).to_contain_text("klart i tid")
    expect(page.locator("#progress-plan")).to_contain_text("1 av 8 rapporterade")
    expect(page.locator("#fu-live")).to_contain_text("Sparat")
    expect(saved.get_by_role("link", name=re.compile("Ändra"))).to_be_focused()
    entry = FollowUp.objects.get(activity_id=2, year=2017, number=1)
    assert (entry.status, entry.reported_by) == (Status.DONE, user)

    # the same change in the HTML report
    page.goto("/rapporter/vbe-2016-2017/2017/T1/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Handlingsplan mot våldsbejakande extremism"
    )
    expect(page.locator("article.report")).to_contain_text(
        "Informationspaketet fastställdes den 4 april"
    )

    # and in the PDF that kommunstyrelsen reads
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ned PDF").click()
    download = download_info.value
    assert download.suggested_filename == "vbe-2016-2017-2017-t1.pdf"
    reader = PdfReader(download.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Tertialrapport januari–april 2017" in text
    assert "Informationspaketet fastställdes den 4 april – klart i tid." in text


def test_escape_cancels_the_edit_without_saving(page, login, live_server, seed_plan, make_user):
    login(make_user(role=ROLE_COORDINATOR))
    page.goto("/uppfoljning/?plan=vbe-2016-2017&tertial=T1-2017")
    page.locator("tr#a-3").get_by_role("link", name=re.compile("Ändra")).click()
    # the edit row has settled when htmx has moved focus to its status field
    expect(page.locator("tr#a-3").get_by_label("Status")).to_be_focused()
    comment = page.locator("tr#a-3").get_by_label("Kommentar")
    comment.fill("Ska inte sparas")
    page.keyboard.press("Escape")
    expect(page.locator("tr#a-3 .fu-edit")).to_be_focused()
    expect(page.locator("tr#a-3")).not_to_contain_text("Ska inte sparas")
    assert not FollowUp.objects.exists()
