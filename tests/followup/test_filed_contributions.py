"""A closed tertial's contributions appendix (``?bidrag=1``) is frozen with the rest of its
report: edits of activities, focus areas and responsible actors after the closing change
neither the page, the PDF nor the Word document with the appendix. Reports filed before the
contributions were kept get them once from the history, as they stood when they were frozen."""

import copy
import importlib
import io

import docx
import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from followup.contributions import record_contribution
from followup.models import FiledReport, Status
from followup.report import report_context
from followup.services import close_tertial, record_follow_up, reopen_tertial
from followup.tertial import Tertial

T1 = Tertial(2017, 1)


def url(plan, name, query="bidrag=1", version=None):
    base = reverse(f"followup:{name}", args=[plan.slug, T1.year, T1.number])
    return f"{base}?{query}" + (f"&version={version}" if version else "")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def article(response) -> str:
    html = response.content.decode()
    return html[html.index('<article class="report">') : html.index("</article>")]


def pdf_text(data: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def word_cells(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [c.text for table in document.tables for row in table.rows for c in row.cells]


def appendix_rows(context) -> dict:
    """{activity number: [(actor, attribution, status, comment), …]} of the appendix."""
    return {
        f"{group.area.order}.{item.activity.order}": [
            (
                a.actor.code,
                a.contribution.attribution if a.contribution else "",
                a.contribution.status if a.contribution else "",
                a.contribution.comment if a.contribution else "",
            )
            for a in item.summary.actors
        ]
        for group in context["appendix"]
        for item in group.rows
    }


@pytest.fixture
def closed(seed_plan, activities, actors, reporter, coordinator, police_contact):
    """T1 2017 closed with two contributions to activity 2.1 (KLK, BUF, KFF, SF, Lopo Täby):
    BUF's by a member, Lopo Täby's by a contact through a report link."""
    activity = activities[1]
    record_contribution(
        activity=activity, tertial=T1, actor=actors["BUF"], status=Status.DONE,
        comment="BUF:s bidrag vid stängningen", user=reporter,
    )  # fmt: skip
    record_contribution(
        activity=activity, tertial=T1, actor=actors["Lopo Täby"], status=Status.STARTED,
        comment="Polisens bidrag vid stängningen", contact=police_contact,
    )  # fmt: skip
    record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.STARTED)
    close_tertial(seed_plan, T1, coordinator, confirm_not_updated=True)
    return seed_plan


def edit_everything(plan, activities, actors):
    """What the QA tester changed in admin after the closing."""
    activity = activities[1]
    activity.title = "Ny aktivitetstitel efter stängningen"
    activity.save()
    area = activity.focus_area
    area.title = "Nytt fokusområde efter stängningen"
    area.save()
    activity.responsible.remove(actors["Lopo Täby"])
    activity.responsible.add(actors["Trygghetssamordnaren"])
    buf = actors["BUF"]
    buf.code = "BUF-ny"
    buf.save()


def test_the_appendix_of_a_closed_tertial_is_the_filed_one_in_every_format(
    client, closed, activities, actors, coordinator
):
    client.force_login(coordinator)
    old_title = activities[1].title
    html_before = article(client.get(url(closed, "report")))
    pdf_before = pdf_text(body(client.get(url(closed, "report_pdf"))))
    word_before = word_cells(client.get(url(closed, "report_docx")).content)
    for text in ("Polisens bidrag vid stängningen", "Lopo Täby – Polly Polis (via länk)"):
        assert text in html_before and text in pdf_before and text in word_before
    assert "BUF – Rikard Rapportör" in word_before

    edit_everything(closed, activities, actors)

    html_after = article(client.get(url(closed, "report")))
    assert html_after == html_before
    assert "Ny aktivitetstitel" not in html_after and "Nytt fokusområde" not in html_after
    assert old_title[:40] in html_after and "BUF-ny" not in html_after
    assert pdf_text(body(client.get(url(closed, "report_pdf")))) == pdf_before
    assert word_cells(client.get(url(closed, "report_docx")).content) == word_before
    # the open tertial after it reads live (the new title, actor and code)
    live = report_context(closed, Tertial(2017, 2), contributions=True)
    codes = [code for code, *_ in appendix_rows(live)[activities[1].number]]
    assert "BUF-ny" in codes and "Trygghetssamordnaren" in codes and "Lopo Täby" not in codes
    assert "Ny aktivitetstitel" in str(live["appendix"])


def test_the_filed_contributions_are_facts_worded_for_the_reader(
    client, closed, activities, coordinator
):
    (row,) = [
        row
        for area in FiledReport.objects.get().data["areas"]
        for row in area["rows"]
        if row["pk"] == activities[1].pk
    ]
    given = {c["actor"]: c for c in row["contributions"]}
    assert [c["actor"] for c in row["contributions"]] == row["responsible"]
    assert given["Lopo Täby"] | {"at": ""} == {
        "actor": "Lopo Täby",
        "given": True,
        "status": "started",
        "comment": "Polisens bidrag vid stängningen",
        "by": "Polly Polis",
        "via_link": True,
        "at": "",
    }
    assert given["Lopo Täby"]["at"].startswith("20")  # an ISO time
    assert given["BUF"]["by"] == "Rikard Rapportör" and given["BUF"]["via_link"] is False
    assert given["KLK"]["given"] is False and given["KLK"]["status"] == ""
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = article(client.get(url(closed, "report")))
    assert "Lopo Täby – Polly Polis (via link)" in html and "via länk" not in html
    assert "No contribution given." in html and "Inget bidrag lämnat." not in html


def test_reports_filed_before_get_their_contributions_from_the_history_once(
    closed, activities, actors, reporter, coordinator
):
    """A record frozen without contributions (schema 2) gets them as they stood when it was
    frozen: read so, and written so by the migration, equal to what closing keeps today."""
    reopen_tertial(closed, T1, coordinator)
    record_contribution(
        activity=activities[1], tertial=T1, actor=actors["BUF"], status=Status.STRUCK,
        comment="BUF ändrade sig efter öppningen", user=reporter,
    )  # fmt: skip
    close_tertial(closed, T1, coordinator, confirm_not_updated=True)
    edit_everything(closed, activities, actors)
    frozen = {f.version: copy.deepcopy(f.data) for f in FiledReport.objects.all()}
    for filed in FiledReport.objects.all():  # as filed before: no contributions
        old = copy.deepcopy(filed.data)
        old["schema"] = 2
        for area in old["areas"]:
            for row in area["rows"]:
                del row["contributions"]
        FiledReport.objects.filter(pk=filed.pk).update(data=old)

    number = activities[1].number
    first = appendix_rows(report_context(closed, T1, version=1, contributions=True))[number]
    second = appendix_rows(report_context(closed, T1, version=2, contributions=True))[number]
    assert ("BUF", "BUF – Rikard Rapportör", "done", "BUF:s bidrag vid stängningen") in first
    assert ("BUF", "BUF – Rikard Rapportör", "struck", "BUF ändrade sig efter öppningen") in second
    assert (
        "Lopo Täby",
        "Lopo Täby – Polly Polis (via länk)",
        "started",
        "Polisens bidrag vid stängningen",
    ) in first
    assert FiledReport.objects.get(version=1).data["schema"] == 2  # reading writes nothing

    migration = importlib.import_module("followup.migrations.0010_report_data_contributions")
    migration.add_contributions(django_apps, None)
    for filed in FiledReport.objects.all():
        assert filed.data == frozen[filed.version]
