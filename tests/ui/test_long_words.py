"""No sideways scrolling whatever users type: a 200-letter word or a long web address in a
comment, an activity's texts, a contribution or the samlad bedömning breaks inside its cell
or box on every page that shows it, so the page stays as wide as the window (the
accessibility statement promises no horizontal scrolling)."""

import datetime

import pytest
from django.utils import timezone

from actors.models import Actor, Contact
from actors.permissions import ROLE_REPORTER
from followup import report_links
from followup.contribution_models import Contribution
from followup.models import Assessment, FollowUp
from followup.tertial import Tertial
from plans.models import Activity
from tests.ui.conftest import DESKTOP, PHONE, horizontal_overflow

pytestmark = pytest.mark.browser

T3 = Tertial(2017, 3)
#: 200 letters with no break opportunity (a pasted compound or a word without spaces).
WORD = ("Trygghetsvandringsuppföljningsarbetsgruppsmötesprotokoll" * 4)[:200]
#: A long address with no spaces, as pasted from a browser's address bar.
URL = (
    "https://www.example-kommun.se/download/18.4a2b3c4d5e6f7a8b9c0d1e2f/1493724000000/"
    "Sammanst%C3%A4llning_trygghetsvandringar_v%C3%A5ren_2017_slutversion_till_"
    "kommunstyrelsen_inklusive_bilagor_och_kartor_%C3%B6ver_samtliga_skolomr%C3%A5den.pdf"
)
LONG = f"Se {WORD} och {URL} (bilaga)."


@pytest.fixture
def long_texts(follow_up_data):
    """The demo plan with the long word and address in every kind of text users type."""
    activity = Activity.objects.get(focus_area__plan=follow_up_data, pk=2)
    assert activity.responsible.filter(code="BUF").exists()
    activity.title, activity.implementation = f"Aktivitet {WORD}", LONG
    activity.save()  # through save(): the change log shows the texts before and after
    entry, _ = FollowUp.objects.update_or_create(
        activity=activity,
        year=T3.year,
        number=T3.number,
        defaults={"status": "started", "comment": LONG, "reported_at": timezone.now()},
    )
    police = Actor.objects.get(code="Lopo Täby")
    Contribution.objects.create(
        activity=activity,
        actor=Actor.objects.get(code="BUF"),
        year=T3.year,
        number=T3.number,
        status="started",
        comment=LONG,
        given_at=timezone.now(),
    )
    Assessment.objects.update_or_create(
        plan=follow_up_data, year=T3.year, number=T3.number, defaults={"text": LONG}
    )
    contact = Contact.objects.create(actor=police, name="Polly Polis", email="polly@example.org")
    report_links.set_deadline(
        follow_up_data, T3, timezone.localdate() + datetime.timedelta(days=3), None
    )
    _link, token = report_links.issue_link(contact, follow_up_data, T3)
    return activity, entry, token


def coordinator_pages(activity, token) -> list[str]:
    plan, tertial = "vbe-2016-2017", T3.slug
    return [
        f"/uppfoljning/?plan={plan}&tertial={tertial}",
        f"/uppfoljning/aktivitet/{activity.pk}/{tertial}/andra/",
        f"/planer/{plan}/",
        f"/uppfoljning/aktivitet/{activity.pk}/",
        f"/uppfoljning/aktivitet/{activity.pk}/{tertial}/",
        f"/rapporter/{plan}/{T3.year}/T{T3.number}/",
        f"/rapporter/{plan}/{T3.year}/T{T3.number}/?bidrag=1",
        f"/lank/{token}/",
        f"/andringslogg/{plan}/",
    ]


def too_wide(page, paths: list[str]) -> dict[str, int]:
    """The pages (each shows the long word) wider than the window, or with a table wider
    than its box, by how much."""
    wide = {}
    for path in paths:
        response = page.goto(path)
        page.wait_for_load_state("load")
        assert response.status == 200, path
        assert WORD in page.content(), path
        # the page, and any table in a scrolling box (.table-wrap), as wide as the window
        inner = page.evaluate(
            "() => Math.max(0, ...[...document.querySelectorAll('.table-wrap')]"
            ".map(w => w.scrollWidth - w.clientWidth))"
        )
        if overflow := max(horizontal_overflow(page), inner):
            wide[path] = overflow
    return wide


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "360px"])
def test_long_words_and_addresses_break_inside_their_cells(
    page, login, long_texts, coordinator, make_user, viewport
):
    activity, _entry, token = long_texts
    page.set_viewport_size(viewport)
    login(coordinator)
    wide = too_wide(page, coordinator_pages(activity, token))
    page.get_by_role("button", name="Logga ut").click()
    login(make_user(ROLE_REPORTER, actors=("BUF",)))
    wide |= too_wide(page, [f"/uppfoljning/bidrag/{activity.pk}/{T3.slug}/"])
    assert wide == {}, f"sidor bredare än {viewport['width']} px (px för mycket): {wide}"
