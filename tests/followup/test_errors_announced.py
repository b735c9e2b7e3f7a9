"""Errors of the in-place edit are announced and tied to their fields; saves are announced
by changing the live region's text, not by replacing the region."""

import re

from django.urls import reverse

from followup.models import FollowUp, Status
from followup.tertial import Tertial

T1 = Tertial(2017, 1)


def entry_url(activity):
    return reverse("followup:entry", args=[activity.pk, T1.slug])


def _tag(html: str, name: str) -> str:
    return re.search(rf"<{name}\b[^>]*>", html).group(0)


def test_a_comment_error_focuses_the_comment_and_ties_it_to_its_message(
    client, activities, coordinator
):
    client.force_login(coordinator)
    data = {"status": Status.STRUCK, "comment": "", "version": 0}
    html = client.post(entry_url(activities[0]), data, HTTP_HX_REQUEST="true").content.decode()
    textarea, select = _tag(html, "textarea"), _tag(html, "select")
    error_id = f"fu{activities[0].pk}-comment-error"
    assert 'aria-invalid="true"' in textarea and error_id in textarea and "autofocus" in textarea
    assert f'id="{error_id}"' in html
    assert "autofocus" not in select and "aria-invalid" not in select
    assert not FollowUp.objects.exists()


def test_a_failed_save_is_announced_as_not_saved_in_the_existing_live_region(
    client, activities, coordinator
):
    client.force_login(coordinator)
    data = {"status": Status.STRUCK, "comment": "", "version": 0}
    html = client.post(entry_url(activities[0]), data, HTTP_HX_REQUEST="true").content.decode()
    live = re.search(r'<div id="fu-live"[^>]*>(.*?)</div>', html, re.S)
    assert 'hx-swap-oob="innerHTML"' in live.group(0)
    assert live.group(1).startswith("Inte sparat:") and "kräver ett skäl" in live.group(1)


def test_a_save_changes_the_live_regions_text_instead_of_replacing_it(
    client, activities, coordinator
):
    client.force_login(coordinator)
    data = {"status": Status.DONE, "comment": "Klart.", "version": 0}
    html = client.post(entry_url(activities[0]), data, HTTP_HX_REQUEST="true").content.decode()
    live = re.search(r'<div id="fu-live"[^>]*>(.*?)</div>', html, re.S)
    assert 'hx-swap-oob="innerHTML"' in live.group(0)  # not "true" (outerHTML)
    assert 'role="status"' not in live.group(0)  # the board's region stays the region
    assert live.group(1).startswith("Sparat:")
    board = client.get("/uppfoljning/", {"plan": "vbe-2016-2017", "tertial": "T1-2017"})
    assert re.search(r'<div id="fu-live"[^>]*role="status"', board.content.decode())


def test_a_non_field_error_ties_the_status_to_the_forms_message(client, activities, coordinator):
    client.force_login(coordinator)
    url = entry_url(activities[0])
    client.post(url, {"status": Status.STARTED, "comment": "Först", "version": 0})
    # A stale version: someone saved in between.
    html = client.post(
        url, {"status": Status.DONE, "comment": "Sen", "version": 0}, HTTP_HX_REQUEST="true"
    ).content.decode()
    errors_id = f"fu{activities[0].pk}-errors"
    assert f'id="{errors_id}"' in html
    assert f'aria-describedby="{errors_id}"' in _tag(html, "select")
    assert re.search(r'<div id="fu-live"[^>]*>Inte sparat:', html)


def test_the_board_without_javascript_has_an_error_summary_and_a_title_starting_fel(
    client, activities, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        entry_url(activities[0]), {"status": Status.STRUCK, "comment": " ", "version": 0}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r"<title>Fel: ", html)
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert "data-error-summary" in summary
    assert f'href="#fu{activities[0].pk}-comment"' in summary and "kräver ett skäl" in summary
