"""On-demand PDF and Word in the requester's language (issue #16) and the checklist annex in
the queued PDF (issue #17); the PDF filed at the closing stays the Swedish archived record."""

import datetime
import hashlib
import io
from unittest import mock

import docx
import pikepdf
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from followup import services, tasks
from followup.models import FiledReport, ReportPdf, Status
from followup.report import render_report_pdf
from followup.services import close_tertial, record_follow_up
from followup.tertial import Tertial
from tests.followup.pdf_checks import pdfua_problems, xmp

T1 = Tertial(2017, 1)


@pytest.fixture
def queue(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch.object(tasks.render_report_pdf, "delay") as delay:
        yield delay


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def text(data: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def url(plan, name="report_pdf", tertial=T1):
    return reverse(f"followup:{name}", args=[plan.slug, tertial.year, tertial.number])


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_english_pdf_is_tagged_english_and_reads_english(seed_plan, activities):
    data = render_report_pdf(seed_plan, T1, language="en")
    pdf = pikepdf.open(io.BytesIO(data))
    assert str(pdf.Root.Lang) == "en-GB"
    assert xmp(pdf)["dc:title"].startswith("Tertial report January–April 2017 – ")
    assert pdfua_problems(data) == []
    words = text(data)
    assert "Summary" in words and "Sammanfattning" not in words
    swedish = pikepdf.open(io.BytesIO(render_report_pdf(seed_plan, T1)))
    assert str(swedish.Root.Lang) == "sv-SE"


def footers(data: bytes) -> list[str]:
    """Each page's pagination artifacts (running header and footer), spaces removed."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            "".join(c["text"] for c in page.chars if c.get("tag") == "Artifact").replace(" ", "")
            for page in pdf.pages
        ]


def test_the_running_footer_is_in_the_report_language_and_stays_an_artifact(seed_plan, activities):
    produced = timezone.make_aware(datetime.datetime(2017, 5, 10, 9, 0))
    data = render_report_pdf(seed_plan, T1, language="en", produced_at=produced)
    words = text(data)
    assert "Page 1 of" in words and "Produced 10 May 2017 09:00" in words
    assert "Sida" not in words and "Framställd" not in words
    pages = footers(data)
    for number, artifacts in enumerate(pages, 1):
        assert f"Page{number}of{len(pages)}" in artifacts
        assert "Produced10May201709:00" in artifacts
    assert pdfua_problems(data) == []
    swedish = render_report_pdf(seed_plan, T1, produced_at=produced)
    assert "Sida 1 av" in text(swedish) and "Framställd 10 maj 2017 09:00" in text(swedish)
    assert f"Sida1av{len(footers(swedish))}" in footers(swedish)[0]


def test_the_filed_pdf_keeps_its_swedish_footer_whatever_the_closer_s_language(
    seed_plan, activities, coordinator
):
    for activity in activities:
        record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.DONE)
    with translation.override("en"):
        close_tertial(seed_plan, T1, coordinator)
    stored = FiledReport.objects.get().pdf.open("rb").read()
    assert "Sida 1 av" in text(stored) and "Page 1 of" not in text(stored)


def test_an_english_session_downloads_english_pdf_and_word(
    client, seed_plan, activities, coordinator
):
    english(client, coordinator)
    pdf = body(client.get(url(seed_plan)))
    assert str(pikepdf.open(io.BytesIO(pdf)).Root.Lang) == "en-GB"
    word = docx.Document(io.BytesIO(client.get(url(seed_plan, "report_docx")).content))
    assert word.core_properties.language == "en-GB"
    assert "Summary" in [p.text for p in word.paragraphs]
    page = client.get(url(seed_plan, "report")).content.decode()
    assert "in Swedish" not in page  # an open tertial has no filed copy


def test_a_closed_tertial_in_english_keeps_its_swedish_filed_pdf_unchanged(
    client, seed_plan, activities, coordinator
):
    for activity in activities:
        record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.DONE)
    close_tertial(seed_plan, T1, coordinator)
    filed = FiledReport.objects.get()
    stored = filed.pdf.open("rb").read()
    assert hashlib.sha256(stored).hexdigest() == filed.pdf_sha256
    assert str(pikepdf.open(io.BytesIO(stored)).Root.Lang) == "sv-SE"
    english(client, coordinator)
    page = client.get(url(seed_plan, "report")).content.decode()
    assert "Filed PDF (in Swedish)" in page and "?arkiv=1" in page
    archived = body(client.get(url(seed_plan) + "?arkiv=1"))
    assert archived == stored  # the archived record, as filed
    on_demand = body(client.get(url(seed_plan)))
    assert str(pikepdf.open(io.BytesIO(on_demand)).Root.Lang) == "en-GB"
    assert "Filed report" in text(on_demand)  # from the frozen data, worded in English
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    assert body(client.get(url(seed_plan))) == stored
    assert FiledReport.objects.get().pdf_sha256 == filed.pdf_sha256


def disposition(response) -> str:
    return response["Content-Disposition"].split("filename=")[1].strip('"')


def test_the_filed_copy_and_other_languages_download_under_their_own_names(
    client, seed_plan, activities, coordinator
):
    for activity in activities:
        record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.DONE)
    close_tertial(seed_plan, T1, coordinator)
    assert FiledReport.objects.get().pdf.name.endswith("vbe-2016-2017-2017-t1-arkiv-v1.pdf")
    english(client, coordinator)
    names = {
        "archived": disposition(client.get(url(seed_plan) + "?arkiv=1")),
        "english": disposition(client.get(url(seed_plan))),
        "word": disposition(client.get(url(seed_plan, "report_docx"))),
        "version": disposition(client.get(url(seed_plan) + "?version=1")),
    }
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    names["swedish"] = disposition(client.get(url(seed_plan)))
    names["swedish word"] = disposition(client.get(url(seed_plan, "report_docx")))
    assert names == {
        "archived": "vbe-2016-2017-2017-t1-arkiv-v1.pdf",
        "english": "vbe-2016-2017-2017-t1-en.pdf",
        "word": "vbe-2016-2017-2017-t1-en.docx",
        "version": "vbe-2016-2017-2017-t1-v1-en.pdf",
        "swedish": "vbe-2016-2017-2017-t1-arkiv-v1.pdf",  # a Swedish session gets the filed copy
        "swedish word": "vbe-2016-2017-2017-t1.docx",
    }


def test_a_queued_english_pdf_is_stored_and_served_under_its_english_name(
    client, seed_plan, coordinator, queue, django_capture_on_commit_callbacks
):
    english(client, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url(seed_plan))
    job = ReportPdf.objects.get()
    services.render_report_pdf_job(job.pk)
    job.refresh_from_db()
    assert job.file.name.endswith("-t1-en.pdf")
    response = client.get(
        reverse("followup:report_pdf_file", args=[seed_plan.slug, 2017, 1, job.pk])
    )
    assert disposition(response) == "vbe-2016-2017-2017-t1-en.pdf"


def test_the_job_is_one_per_language_and_checklist(
    seed_plan, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sv = services.request_report_pdf(seed_plan, T1)
        en = services.request_report_pdf(seed_plan, T1, language="en")
        annex = services.request_report_pdf(seed_plan, T1, checklist=True)
        again = services.request_report_pdf(seed_plan, T1, language="en")
    assert len({sv.pk, en.pk, annex.pk}) == 3 and again.pk == en.pk
    assert (en.language, annex.checklist, sv.language, sv.checklist) == ("en", True, "sv", False)


def test_the_queued_pdf_can_carry_the_checklist_annex(
    client, seed_plan, coordinator, queue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url(seed_plan) + "?rekommendationer=1")
    job = ReportPdf.objects.get()
    assert job.checklist and response.status_code == 302
    services.render_report_pdf_job(job.pk)
    job.refresh_from_db()
    assert job.state == ReportPdf.State.DONE
    data = job.file.open("rb").read()
    words = text(data)
    assert "Bilaga: Tolv rekommendationer" in words and "Nödvändiga samverkansaktörer" in words
    plain = services.request_report_pdf(seed_plan, T1)
    assert plain.pk != job.pk


def test_the_report_page_offers_the_pdf_with_the_checklist(client, seed_plan, coordinator):
    client.force_login(coordinator)
    page = client.get(url(seed_plan, "report") + "?rekommendationer=1").content.decode()
    assert f'{url(seed_plan)}?rekommendationer=1"' in page
    assert "PDF med rekommendationerna som bilaga" in page
