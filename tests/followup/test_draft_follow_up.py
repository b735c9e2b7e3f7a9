"""A draft (Utkast) takes no follow-up: no control offers it, and every write is refused.

Each control is checked rendered for an adopted plan and absent for the same plan as a
draft, so that the test fails when a template stops asking ``Plan.takes_follow_up``.
"""

import datetime

import pytest
from django.urls import reverse

from actors.permissions import ROLE_COORDINATOR
from followup.contribution_models import Contribution, ReminderDelivery, ReportingDeadline
from followup.models import Assessment, FollowUp, TertialClosure
from followup.tertial import Tertial
from plans.models import Activity, Plan

pytestmark = pytest.mark.django_db

T = Tertial(2017, 1)
REFUSED = "har status Utkast och kan inte följas upp."
NOTICE = "Planen är ett utkast: den följs upp när den är fastställd."


@pytest.fixture
def plan(make_plan):
    return make_plan(1, 2, title="Planen")


@pytest.fixture
def activity(plan):
    return Activity.objects.filter(focus_area__plan=plan).order_by("order").first()


@pytest.fixture
def writer(make_user, activity):
    """A Trygghetssamordnare who also works for one of the activity's actors."""
    from actors.roles import sync_role_flags

    actor = activity.responsible.order_by("pk").first()
    user = make_user(role=ROLE_COORDINATOR, actors=(actor.code,))
    sync_role_flags(user, set())
    return user


def as_status(plan: Plan, draft: bool) -> Plan:
    plan.status = Plan.Status.DRAFT if draft else Plan.Status.ADOPTED
    plan.save()
    return plan


def board(client, plan) -> str:
    return client.get(
        f"{reverse('followup:board')}?plan={plan.slug}&tertial={T.slug}"
    ).content.decode()


@pytest.mark.parametrize("draft", [False, True])
def test_the_board_of_a_draft_is_read_only_with_a_notice(client, plan, writer, draft):
    as_status(plan, draft)
    client.force_login(writer)
    html = board(client, plan)
    controls = {
        "close": f"Stäng {T.label}",
        "assessment": "Spara bedömningen",
        "contribute": "Lämna bidrag",
        "edit": 'class="button fu-edit"',
        "deadline": "Sista dag att rapportera",
        "links": reverse("followup:coordination", args=[plan.slug, T.slug]),
        "report": reverse("followup:report", args=[plan.slug, T.year, T.number]),
        # nothing is counted for a draft: no filters, no progress, no contributions
        "filters": 'class="fu-filters"',
        "progress": 'id="progress-plan"',
        "contributions": 'class="fu-contrib"',
    }
    for name, text in controls.items():
        assert (text in html) is not draft, name
    assert (NOTICE in html) is draft
    assert "Aktivitet 1.1" in html  # the activities are shown, read-only
    if draft:
        assert f'href="{plan.get_absolute_url()}"' in html  # where it is adopted


@pytest.mark.parametrize("draft", [False, True])
def test_the_overview_card_of_a_draft_offers_no_follow_up(client, plan, writer, draft):
    as_status(plan, draft)
    client.force_login(writer)
    html = client.get("/").content.decode()
    tertial = Tertial(2017, 3)  # the plan's last tertial: it has ended
    assert (f"Öppna uppföljningen för {tertial.label}" in html) is not draft
    assert (f"Rapport {tertial.label}" in html) is not draft
    assert (f"Uppföljning {tertial.label}" in html) is not draft
    assert (NOTICE in html) is draft


@pytest.mark.parametrize("draft", [False, True])
def test_the_reports_index_lists_no_draft(client, plan, writer, draft):
    as_status(plan, draft)
    client.force_login(writer)
    html = client.get(reverse("followup:report_index")).content.decode()
    url = reverse("followup:report", args=[plan.slug, T.year, T.number])
    assert (url in html) is not draft


@pytest.mark.parametrize("draft", [False, True])
def test_the_reporting_page_of_a_draft_has_no_deadline_form_nor_send_buttons(
    client, plan, writer, draft
):
    as_status(plan, draft)
    client.force_login(writer)
    html = client.get(reverse("followup:coordination", args=[plan.slug, T.slug])).content.decode()
    assert ("Spara sista dag" in html) is not draft
    assert ("Skicka rapportlänkar till alla kontaktpersoner" in html) is not draft
    assert (NOTICE in html) is draft


@pytest.mark.parametrize("draft", [False, True])
def test_the_contribution_page_of_a_draft_has_no_form(client, plan, activity, writer, draft):
    as_status(plan, draft)
    client.force_login(writer)
    url = reverse("followup:contribution", args=[activity.pk, T.slug])
    html = client.get(url).content.decode()
    assert ("Spara bidraget från" in html) is not draft
    assert (NOTICE in html) is draft


def test_a_contribution_to_a_draft_is_refused_with_a_message(client, plan, activity, writer):
    as_status(plan, True)
    client.force_login(writer)
    actor = activity.responsible.order_by("pk").first()
    url = reverse("followup:contribution", args=[activity.pk, T.slug])
    response = client.post(url, {"actor": actor.pk, "status": "started", "comment": "På gång"})
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not Contribution.objects.exists()


def test_every_follow_up_write_to_a_draft_is_refused_with_a_message(
    client, plan, activity, writer, settings
):
    as_status(plan, True)
    client.force_login(writer)
    posts = {
        "entry": (
            reverse("followup:entry", args=[activity.pk, T.slug]),
            {"status": "started", "comment": "x", "version": "0"},
        ),
        "close": (reverse("followup:close", args=[plan.slug, T.slug]), {"bekrafta": "1"}),
        "assessment": (reverse("followup:assessment", args=[plan.slug, T.slug]), {"text": "x"}),
        "deadline": (
            reverse("followup:set_deadline", args=[plan.slug, T.slug]),
            {"deadline": "2017-04-20"},
        ),
        "links": (reverse("followup:send_links", args=[plan.slug, T.slug]), {}),
    }
    for name, (url, data) in posts.items():
        response = client.post(url, data, follow=True)
        assert REFUSED in response.content.decode(), name
    assert not FollowUp.objects.exists()
    assert not TertialClosure.objects.exists()
    assert not Assessment.objects.exists()
    assert not ReportingDeadline.objects.exists()
    assert not ReminderDelivery.objects.exists()


def test_only_an_adopted_plan_takes_follow_up():
    plan = Plan(period_start=datetime.date(2017, 1, 1), period_end=datetime.date(2017, 12, 31))
    expected = {
        Plan.Status.DRAFT: (False, False),
        Plan.Status.ADOPTED: (True, True),
        Plan.Status.ARCHIVED: (False, True),
    }
    for status, (takes, reports) in expected.items():
        plan.status = status
        assert (plan.takes_follow_up, plan.has_reports) == (takes, reports), status


@pytest.mark.parametrize("suffix", ["", "pdf/", "word/"])
def test_a_drafts_report_is_not_found_even_by_its_address(client, plan, writer, suffix):
    client.force_login(writer)
    url = f"/rapporter/{plan.slug}/{T.year}/T{T.number}/{suffix}"
    as_status(plan, False)
    assert client.get(url).status_code in (200, 302)
    as_status(plan, True)
    assert client.get(url).status_code == 404
