"""A closed tertial is frozen and filed (issue #11): the report shown for it is the one frozen
at the closing, in every format; each closing files a version; the stored PDF is served
exactly; an open tertial's report is preliminary. With the samlad bedömning and each
activity's course, and the plan's own table."""

import hashlib
import io
from unittest import mock

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from followup import tasks
from followup.models import Assessment, FiledReport, ReportPdf, Status, TertialClosure
from followup.report import render_report_pdf
from followup.services import (
    FollowUpError,
    close_tertial,
    freeze_closed_tertials,
    record_follow_up,
    reopen_tertial,
    save_assessment,
)
from followup.tertial import Tertial
from followup.word import render_report_docx

T1 = Tertial(2017, 1)


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    return flat("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def article(response) -> str:
    """The report itself (the page around it carries a new CSRF token on every request)."""
    html = response.content.decode()
    return html[html.index('<article class="report">') : html.index("</article>")]


def report_url(plan, name="report", version=None):
    url = reverse(f"followup:{name}", args=[plan.slug, T1.year, T1.number])
    return f"{url}?version={version}" if version else url


@pytest.fixture
def closed(seed_plan, activities, coordinator):
    for activity in activities:
        record_follow_up(
            activity=activity, tertial=T1, user=coordinator, status=Status.DONE, comment="Klart."
        )
    save_assessment(seed_plan, T1, coordinator, "Arbetet går enligt plan.")
    close_tertial(seed_plan, T1, coordinator)
    return seed_plan


def test_closing_files_the_report_and_its_pdf_with_checksum(client, closed, coordinator):
    filed = FiledReport.objects.get()
    assert (filed.version, filed.closed_by, filed.closed_by_name) == (
        1,
        coordinator,
        "Sara Samordnare",
    )
    assert filed.data["progress"]["statuses"][3]["count"] == 8  # Genomförd
    stored = filed.pdf.read()
    assert stored.startswith(b"%PDF") and filed.pdf_sha256 == hashlib.sha256(stored).hexdigest()
    assert filed.pdf_size == len(stored)
    client.force_login(coordinator)
    downloaded = body(client.get(report_url(closed, "report_pdf")))
    assert hashlib.sha256(downloaded).hexdigest() == filed.pdf_sha256
    assert "version 1, stängd" in pdf_text(stored) and "Preliminär" not in pdf_text(stored)


def test_editing_the_plan_after_closing_leaves_the_closed_report_unchanged(
    client, closed, activities, coordinator
):
    client.force_login(coordinator)
    html_before = article(client.get(report_url(closed)))
    pdf_before = pdf_text(render_report_pdf(closed, T1))
    old_title = activities[8 - 1].title
    activity = activities[-1]
    activity.title = "Helt ny titel efter stängningen"
    activity.save()
    activity.responsible.clear()  # e.g. KFF removed from an activity in admin
    closed.purpose = "Ett nytt syfte"
    closed.save()
    html_after = article(client.get(report_url(closed)))
    assert html_after == html_before
    assert "Helt ny titel" not in html_after and old_title[:40] in html_after
    assert pdf_text(render_report_pdf(closed, T1)) == pdf_before
    word = docx.Document(io.BytesIO(render_report_docx(closed, T1)))
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    assert "Helt ny titel" not in cells and old_title[:40] in cells
    stored = FiledReport.objects.get().pdf.read()
    assert body(client.get(report_url(closed, "report_pdf"))) == stored


def test_reopen_and_close_files_version_2_and_version_1_stays_readable(
    client, closed, activities, coordinator
):
    v1 = FiledReport.objects.get()
    reopen_tertial(closed, T1, coordinator)
    client.force_login(coordinator)
    assert "Preliminär" in client.get(report_url(closed)).content.decode()
    record_follow_up(
        activity=activities[0],
        tertial=T1,
        user=coordinator,
        status=Status.STRUCK,
        comment="Avförd.",
    )
    close_tertial(closed, T1, coordinator)
    v2 = FiledReport.objects.get(version=2)
    assert v2.pdf_sha256 != v1.pdf_sha256
    current = client.get(report_url(closed)).content.decode()
    assert "version 2, stängd" in current and "Avförd." in current
    first = client.get(report_url(closed, version=1)).content.decode()
    assert "version 1, stängd" in first and "Avförd." not in first
    assert "Version 1, stängd" in current  # the list of versions links to it
    assert body(client.get(report_url(closed, "report_pdf", version=1))) == v1.pdf.read()
    assert body(client.get(report_url(closed, "report_pdf"))) == v2.pdf.read()
    assert client.get(report_url(closed, version=3)).status_code == 404
    assert client.get(report_url(closed, version="x")).status_code == 404


def test_with_a_task_queue_the_pdf_is_filed_by_the_task(
    settings, seed_plan, activities, coordinator, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    for activity in activities:
        record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.DONE)
    with (
        mock.patch.object(tasks.render_report_pdf, "delay") as delay,
        mock.patch("followup.services.file_report_pdf", side_effect=AssertionError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        close_tertial(seed_plan, T1, coordinator)
    job = ReportPdf.objects.get()  # a PDF job, so that the report's PDF page can follow it
    assert (job.archival, job.version, job.language) == (True, 1, "sv")
    delay.assert_called_once_with(job.pk)
    assert not FiledReport.objects.get().pdf
    tasks.render_report_pdf(job.pk)  # what the worker runs
    filed = FiledReport.objects.get()
    assert filed.pdf_sha256 == hashlib.sha256(filed.pdf.read()).hexdigest()
    job.refresh_from_db()
    assert (job.state, job.size, job.file.name) == (ReportPdf.State.DONE, filed.pdf_size, "")


def test_the_filing_task_of_an_earlier_release_still_files(seed_plan, activities, coordinator):
    for activity in activities:
        record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.DONE)
    TertialClosure.objects.create(plan=seed_plan, year=2017, number=1, closed_by=coordinator)
    (filed,) = freeze_closed_tertials()
    assert tasks.file_report(seed_plan.pk, "T1-2017", coordinator.pk) == "filed"
    filed.refresh_from_db()
    assert filed.pdf_sha256 == hashlib.sha256(filed.pdf.read()).hexdigest()


def test_the_command_closes_and_reopens_like_the_button(seed_plan, activities, coordinator):
    for activity in activities[:-1]:
        record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.DONE)
    args = {"plan": seed_plan.slug, "tertial": "T1 2017", "user": "sara"}
    with pytest.raises(CommandError, match="inte uppdaterade"):
        call_command("close_tertial", stdout=io.StringIO(), **args)
    out = io.StringIO()
    call_command("close_tertial", confirm=True, stdout=out, **args)
    assert "version 1" in out.getvalue()
    assert TertialClosure.objects.get().closed and FiledReport.objects.count() == 1
    call_command("close_tertial", reopen=True, stdout=io.StringIO(), **args)
    assert not TertialClosure.objects.get().closed
    with pytest.raises(CommandError, match="ingen användare"):
        call_command("close_tertial", stdout=io.StringIO(), **{**args, "user": "nobody"})


def test_tertials_closed_before_this_are_frozen_as_they_stand(seed_plan, activities, coordinator):
    for activity in activities:
        record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.DONE)
    TertialClosure.objects.create(plan=seed_plan, year=2017, number=1, closed_by=coordinator)
    (filed,) = freeze_closed_tertials()
    assert filed.version == 1 and not filed.pdf
    assert freeze_closed_tertials() == []


def test_an_open_tertial_is_preliminary(client, seed_plan, coordinator):
    client.force_login(coordinator)
    html = client.get(report_url(seed_plan)).content.decode()
    assert "Preliminär" in html and "Arkiverad rapport" not in html


def test_the_samlad_bedomning_leads_the_report_and_is_written_on_the_board(
    client, seed_plan, activities, coordinator, reader
):
    client.force_login(coordinator)
    board = client.get(reverse("followup:board"), {"plan": seed_plan.slug, "tertial": "T1-2017"})
    url = reverse("followup:assessment", args=[seed_plan.slug, "T1-2017"])
    assert url in board.content.decode()
    client.post(url, {"text": "Läget är gott.\nTvå aktiviteter är sena."})
    client.post(url, {"text": "Läget är gott."})
    assessment = Assessment.objects.get()
    assert assessment.written_by == coordinator and assessment.history.count() == 2
    html = client.get(report_url(seed_plan)).content.decode()
    facts, assessed, summary = (
        html.index('class="r-facts"'),
        html.index("Samlad bedömning"),
        html.index("Sammanfattning"),
    )
    assert facts < assessed < summary and "Läget är gott." in html
    client.force_login(reader)
    assert client.post(url, {"text": "Nej"}).status_code == 403
    close_tertial(seed_plan, T1, coordinator, confirm_not_updated=True)
    with pytest.raises(FollowUpError, match="stängd"):
        save_assessment(seed_plan, T1, coordinator, "Ändrad")


def test_each_activity_s_course_and_the_plan_s_table_in_the_report_and_on_the_board(
    client, seed_plan, activities, coordinator
):
    activity = activities[1]
    record_follow_up(
        activity=activity, tertial=Tertial(2016, 3), user=coordinator, status="not_started"
    )
    record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.STARTED)
    record_follow_up(
        activity=activity, tertial=Tertial(2017, 2), user=coordinator, status=Status.DONE
    )
    client.force_login(coordinator)
    html = client.get(reverse("followup:report", args=[seed_plan.slug, 2017, 2])).content.decode()
    assert "T3 2016 ○ Ej påbörjad → T1 2017 ◐ Påbörjad → T2 2017 ✓ Genomförd" in html
    for column in [
        "Fokusområde",
        "Aktivitet",
        "Genomförande",
        "Ansvarig",
        "Genomfört (klart senast)",
        "Uppföljning",
    ]:
        assert f">{column}</th>" in html
    assert seed_plan.purpose[:40] in html and seed_plan.goal[:40] in html
    assert html.index("<h2>Syfte</h2>") < html.index("<h2>Sammanfattning</h2>")
    board = client.get(reverse("followup:board"), {"plan": seed_plan.slug, "tertial": "T2-2017"})
    text = flat(board.content.decode())
    assert "Förlopp" in text and '<span aria-hidden="true">◐</span> Påbörjad' in text


def test_the_command_writes_a_filed_version_and_refuses_one_that_does_not_exist(
    closed, activities, coordinator, tmp_path
):
    """``--version`` is Django's own option: a filed version is ``--arkivversion N`` (or
    ``--filed-version N``), as the page's ``?version=N``."""
    reopen_tertial(closed, T1, coordinator)
    record_follow_up(
        activity=activities[0], tertial=T1, user=coordinator, status=Status.STRUCK,
        comment="Avförd i version 2.",
    )  # fmt: skip
    close_tertial(closed, T1, coordinator)
    first, second = tmp_path / "v1.pdf", tmp_path / "v2.docx"
    out = io.StringIO()
    call_command(
        "tertial_report", "--plan", closed.slug, "--tertial", "T1 2017",
        "--output", str(first), "--arkivversion", "1", stdout=out,
    )  # fmt: skip
    assert "arkiverad version 1" in out.getvalue()
    text = pdf_text(first.read_bytes())
    assert "version 1, stängd" in text and "Avförd i version 2." not in text
    # the filed document itself, byte for byte, as the page's download
    filed = FiledReport.objects.get(plan=closed, year=2017, number=1, version=1)
    assert hashlib.sha256(first.read_bytes()).hexdigest() == filed.pdf_sha256
    call_command(
        "tertial_report", plan=closed.slug, tertial="T1 2017", output=str(second),
        filed_version=2, contributions=True, stdout=io.StringIO(),
    )  # fmt: skip
    word = docx.Document(io.BytesIO(second.read_bytes()))
    words = " ".join(
        [p.text for p in word.paragraphs]
        + [c.text for t in word.tables for row in t.rows for c in row.cells]
    )
    assert "version 2, stängd" in words and "Avförd i version 2." in words
    assert "Bilaga: de ansvariga aktörernas bidrag T1 2017" in words
    with pytest.raises(CommandError, match="ska vara ett versionsnummer"):
        call_command(
            "tertial_report", "--plan", closed.slug, "--tertial", "T1 2017",
            "--output", str(tmp_path / "x.pdf"), "--arkivversion", "abc", stdout=io.StringIO(),
        )  # fmt: skip
    for version, tertial in [(3, "T1 2017"), (1, "T2 2017")]:
        with pytest.raises(CommandError, match=f"ingen arkiverad version {version}"):
            call_command(
                "tertial_report", plan=closed.slug, tertial=tertial,
                output=str(tmp_path / "x.pdf"), arkivversion=version, stdout=io.StringIO(),
            )  # fmt: skip
    assert not (tmp_path / "x.pdf").exists()
