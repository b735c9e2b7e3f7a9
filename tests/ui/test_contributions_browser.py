"""In a real browser: a contact opens a report link without logging in and gives the police's
contribution; the Rapportör gives BUF's; the coordinator writes the follow-up from both."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from actors.models import Actor, Contact
from actors.permissions import ROLE_COORDINATOR, ROLE_REPORTER
from followup import report_links
from followup.models import Contribution, FollowUp
from followup.tertial import Tertial

pytestmark = pytest.mark.browser
T1 = Tertial(2017, 1)


def test_link_reporter_and_coordinator_side_by_side(
    page, browser, live_server, login, seed_plan, make_user
):
    from django.utils import timezone

    police = Actor.objects.get(code="Lopo Täby")
    contact = Contact.objects.create(actor=police, name="Polly Polis", email="polly@example.org")
    report_links.set_deadline(
        seed_plan, T1, timezone.localdate() + datetime.timedelta(days=3), None
    )
    _link, token = report_links.issue_link(contact, seed_plan, T1)

    # A fresh browser context, never logged in: the link page and a real form POST (CSRF).
    anonymous = browser.new_context(base_url=live_server.url, locale="sv-SE")
    link_page = anonymous.new_page()
    link_page.goto(f"/lank/{token}/")
    expect(link_page.get_by_role("heading", level=1)).to_contain_text("Rapportera för Lopo Täby")
    section = link_page.locator("section#a-2")
    section.get_by_label("Status").select_option("started")
    section.get_by_label("Kommentar").fill("Polisen har delat paketet.")
    section.get_by_role("button").click()
    expect(link_page.locator("main")).to_contain_text("Bidraget från Lopo Täby")
    anonymous.close()

    reporter = make_user(ROLE_REPORTER, actors=("BUF",), first_name="Rikard", last_name="Rapportör")
    login(reporter)
    page.goto("/uppfoljning/?plan=vbe-2016-2017&tertial=T1-2017")
    expect(page.locator(".fu-reporting__actors")).to_contain_text("Du rapporterar för BUF.")
    page.locator("tr#a-2").get_by_role("link", name=re.compile("Lämna bidrag")).click()
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Kommentar").fill("BUF klart.")
    page.get_by_role("button", name=re.compile("Spara bidraget från BUF")).click()
    expect(page.locator("main")).to_contain_text("Bidraget från BUF")
    assert Contribution.objects.count() == 2
    page.get_by_role("button", name="Logga ut").click()

    coordinator = make_user(ROLE_COORDINATOR, first_name="Sara", last_name="Samordnare")
    login(coordinator)
    page.goto("/uppfoljning/?plan=vbe-2016-2017&tertial=T1-2017")
    row = page.locator("tr#a-2")
    expect(row).to_contain_text("2 av 5 aktörer")
    row.get_by_role("link", name=re.compile("Ändra")).click()
    side = page.locator("tr#a-2 .fu-contrib-side")
    expect(side).to_contain_text("Lopo Täby – Polly Polis (via länk)")
    expect(side).to_contain_text("BUF – Rikard Rapportör")
    side.get_by_role("link", name="Börja från bidragen").click()
    comment = page.locator("tr#a-2").get_by_label("Kommentar")
    expect(comment).to_have_value(re.compile(r"BUF \(Genomförd\): BUF klart\.\s+Lopo Täby"))
    page.locator("tr#a-2").get_by_role("button", name="Spara").click()
    expect(page.locator("#fu-live")).to_contain_text("Sparat")
    entry = FollowUp.objects.get(activity_id=2, year=2017, number=1)
    assert "Lopo Täby (Påbörjad): Polisen har delat paketet." in entry.comment
    assert entry.reported_by == coordinator
