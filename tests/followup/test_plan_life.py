"""Which plan changes the report lists (followup.report.plan_life_context): a preliminary
report shows the plan live, so its changes up to now; a filed report its changes up to its
closing, as frozen, on the page and in the filed PDF."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from followup.models import FiledReport
from followup.report import report_context
from followup.services import close_tertial
from followup.tertial import Tertial
from plans import services
from plans.models import Activity, FocusArea, Plan

T3 = Tertial(2017, 3)
HEADING = "Planen ändrad sedan fastställandet"


def moment(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


@pytest.fixture
def adopted(seed_plan):
    """The demo plan as entered before its adoption on 1 September 2016, with its follow-up."""
    call_command("loaddata", "vallentuna_2016_2017_uppfoljning", verbosity=0)
    for model in (FocusArea, Activity):
        model.history.update(history_date=moment(2016, 8, 1))
    Plan.objects.filter(pk=seed_plan.pk).update(adopted_at=moment(2016, 9, 1))
    seed_plan.refresh_from_db()
    return seed_plan


def add(plan, title, when, user):
    area = plan.focus_areas.get(order=1)
    activity = services.add_activity(area, title=title, user=user, responsible=[])
    activity.history.update(history_date=when)
    return activity


def test_a_preliminary_report_lists_the_changes_up_to_now(client, adopted, coordinator):
    add(adopted, "Tillagd i dag", timezone.now(), coordinator)  # long after the plan period
    for tertial in (T3, Tertial(2017, 1)):
        assert report_context(adopted, tertial)["preliminary"]
        assert report_context(adopted, tertial)["plan_changes"] == [
            "Aktivitet 1.2 tillagd: Tillagd i dag"
        ]
    client.force_login(coordinator)
    page = client.get(reverse("followup:report", args=[adopted.slug, 2017, 3])).content.decode()
    assert HEADING in page and "Aktivitet 1.2 tillagd: Tillagd i dag" in page


def test_a_filed_report_lists_the_changes_up_to_its_closing(client, adopted, coordinator):
    # after the tertial's end, before the closing: in the frozen table, so in the list
    add(adopted, "Före stängningen", moment(2018, 1, 5), coordinator)
    with mock.patch("django.utils.timezone.now", return_value=moment(2018, 1, 10)):
        close_tertial(adopted, T3, coordinator, confirm_not_updated=True)
    add(adopted, "Efter stängningen", moment(2018, 2, 1), coordinator)
    context = report_context(adopted, T3)
    assert context["filed"] and not context["preliminary"]
    assert context["plan_changes"] == ["Aktivitet 1.2 tillagd: Före stängningen"]
    rows = [row["title"] for area in context["areas"] for row in area["rows"]]
    assert "Före stängningen" in rows and "Efter stängningen" not in rows
    filed = FiledReport.objects.get()
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(filed.pdf.read())).pages).split()
    )
    assert "Aktivitet 1.2 tillagd: Före stängningen" in text and "Efter stängningen" not in text
    client.force_login(coordinator)
    page = client.get(reverse("followup:report", args=[adopted.slug, 2017, 3])).content.decode()
    assert "Före stängningen" in page and "Efter stängningen" not in page


def test_the_first_tertial_of_a_plan_compares_with_nothing_before_it(client, make_user, make_plan):
    """No "Förändringar sedan T3 2015" in a plan that starts in 2016: that tertial is not
    the plan's (page and Word)."""
    from actors.permissions import ROLE_COORDINATOR
    from tests.followup.test_carry_over import docx_text

    plan = make_plan(1, 2, title="Ny plan 2016")
    client.force_login(make_user(ROLE_COORDINATOR))
    first = client.get(reverse("followup:report", args=[plan.slug, 2016, 1])).content.decode()
    second = client.get(reverse("followup:report", args=[plan.slug, 2016, 2])).content.decode()
    assert "Förändringar sedan" not in first
    assert "Förändringar sedan T1 2016" in second
    word = docx_text(client, reverse("followup:report_docx", args=[plan.slug, 2016, 1]))
    assert "Förändringar sedan" not in word
