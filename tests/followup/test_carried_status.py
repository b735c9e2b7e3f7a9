"""Status carried forward (issue #11): a report stands until replaced, in every view and summary.

The demo's Helår 2017 report counts 7 Genomförd and 1 Ej påbörjad (not 3 Genomförd and 4
Ej rapporterad), and says which activities were last reported in T2 2017.
"""

import datetime
import io
import re

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from followup import selectors
from followup.models import FollowUp, Status, TertialClosure
from followup.report import render_report_pdf, report_context
from followup.services import freeze_closed_tertials, record_follow_up
from followup.tertial import Tertial
from followup.word import render_report_docx
from plans.models import Activity
from spreadsheets.exporting import export_table
from vallentuna.history import load_fixtures

T1, T2, T3 = Tertial(2017, 1), Tertial(2017, 2), Tertial(2017, 3)
CARRIED = ["1.1", "2.1", "3.1", "3.2"]  # finished in T1 or T2 2017, not reported in T3


@pytest.fixture
def demo(db):
    """The demo: the plan with its follow-up 2016–2017 (T3 2016–T2 2017 closed and filed)."""
    load_fixtures("vallentuna_2016_2017", "vallentuna_2016_2017_uppfoljning")
    freeze_closed_tertials()
    from plans.models import Plan

    return Plan.objects.get(registration_number="KS 2016.371")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_helar_2017_report_counts_the_status_carried_forward(demo):
    context = report_context(demo, T3)
    counts = {s["value"]: s["count"] for s in context["progress"]["statuses"]}
    assert counts[Status.DONE] == 7 and counts[Status.NOT_STARTED] == 1
    assert context["progress"]["not_reported"] == 0  # never reported
    assert (context["progress"]["reported"], context["progress"]["carried"]) == (4, 4)
    carried = [r["number"] for a in context["areas"] for r in a["rows"] if r["carried_from"]]
    assert carried == CARRIED
    assert {r["carried_from"] for a in context["areas"] for r in a["rows"]} == {"", "T2 2017"}
    assert "Genomförd 3" not in flat(context["summary_text"])


def test_the_report_page_pdf_and_word_tell_carried_from_reported(client, demo, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("followup:report", args=[demo.slug, 2017, 3])).content.decode()
    assert html.count("Senast rapporterad T2 2017") == 4
    assert "Preliminär" in html  # T3 2017 is open
    counts = re.search(r"Genomförd</span></span></th><td class=\"num\">(\d+)</td>", html)
    assert counts and counts.group(1) == "7"
    pdf = flat(
        "\n".join(
            p.extract_text() for p in PdfReader(io.BytesIO(render_report_pdf(demo, T3))).pages
        )
    )
    assert pdf.count("Senast rapporterad T2 2017") == 4
    assert "Genomförd 7 88 %" in pdf and "Ej påbörjad 1 12 %" in pdf
    word = docx.Document(io.BytesIO(render_report_docx(demo, T3)))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert sum("Senast rapporterad T2 2017" in c for c in cells) == 4


def test_board_and_overview_count_the_carried_status(client, demo, coordinator):
    total, by_area = selectors.plan_progress(demo, T3)
    status = selectors.plan_status(demo, T3)
    assert total.per_status == status.progress.per_status
    assert total.per_status[Status.DONE] == 7 and total.carried == 4
    client.force_login(coordinator)
    board = client.get(reverse("followup:board"), {"plan": demo.slug, "tertial": "T3-2017"})
    text = board.content.decode()
    assert text.count("Senast rapporterad T2 2017") == 4
    assert "4 med status från tidigare tertial" in text
    overview = client.get("/").content.decode()
    assert "4 aktiviteter har status från en tidigare tertial" in overview


def test_an_unfinished_activity_not_updated_is_flagged_and_oforandrat_confirms_it(
    client, seed_plan, activities, coordinator
):
    started, done = activities[0], activities[1]
    record_follow_up(
        activity=started, tertial=T1, user=coordinator, status=Status.STARTED, comment="Pågår."
    )
    record_follow_up(activity=done, tertial=T1, user=coordinator, status=Status.DONE)
    rows = {r.activity.pk: r for r in selectors.plan_status(seed_plan, T2).rows}
    assert rows[started.pk].not_updated and not rows[done.pk].not_updated
    client.force_login(coordinator)
    board = client.get(reverse("followup:board"), {"plan": seed_plan.slug, "tertial": "T2-2017"})
    html = board.content.decode()
    assert "Ej uppdaterad" in html
    unchanged = reverse("followup:entry_unchanged", args=[started.pk, "T2-2017"])
    assert unchanged in html
    assert reverse("followup:entry_unchanged", args=[done.pk, "T2-2017"]) not in html
    response = client.post(unchanged, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Oförändrat" in response.content.decode()
    entry = FollowUp.objects.get(activity=started, year=2017, number=2)
    assert (entry.status, entry.comment, entry.reported_by) == (
        Status.STARTED,
        "Pågår.",
        coordinator,
    )
    assert entry.history.first().history_user == coordinator
    # once more: already reported, nothing changes
    client.post(unchanged)
    assert FollowUp.objects.filter(activity=started, year=2017, number=2).count() == 1
    assert FollowUp.objects.get(pk=entry.pk).version == 1


def test_closing_lists_the_unfinished_activities_not_updated_and_asks_first(
    client, seed_plan, activities, coordinator
):
    for activity in activities[1:]:
        record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.DONE)
    record_follow_up(activity=activities[0], tertial=T1, user=coordinator, status=Status.STARTED)
    client.force_login(coordinator)
    close = reverse("followup:close", args=[seed_plan.slug, "T2-2017"])
    page = client.post(close)
    assert page.status_code == 200
    html = page.content.decode()
    assert activities[0].title[:30] in html and activities[1].title[:30] not in html
    assert 'name="bekrafta"' in html
    assert not TertialClosure.objects.filter(year=2017, number=2).exists()
    client.post(close, {"bekrafta": "1"})
    assert TertialClosure.objects.get(year=2017, number=2).closed


def test_the_export_writes_the_status_carried_forward_and_nothing_past_the_plan(demo):
    _header, rows = export_table(demo, T3, neutralise=False)
    rows = list(rows)
    cells = [cell for row in rows for cell in row if isinstance(cell, str)]
    assert sum(c.startswith("Genomförd (T2 2017)") for c in cells) == 4
    # an entry after the plan's end (made before the period was enforced) is not its status
    activity = Activity.objects.filter(focus_area__plan=demo).order_by("pk").first()
    FollowUp.objects.create(
        activity=activity,
        year=2030,
        number=1,
        status=Status.STRUCK,
        comment="utanför",
        reported_at=timezone.make_aware(datetime.datetime(2030, 1, 1)),
    )
    _header, rows = export_table(demo, None, neutralise=False)
    rows = list(rows)
    assert not any("T1 2030" in c for row in rows for c in row if isinstance(c, str))
