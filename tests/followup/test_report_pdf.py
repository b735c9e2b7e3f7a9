"""The report PDF off the request path: queued with a broker, cached per data version, filed
when closed; rendered in the request without a broker (the zero-setup start)."""

import hashlib
import io
import os
from unittest import mock

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from followup import selectors, services, tasks
from followup.models import FiledReport, ReportPdf, Status
from followup.services import close_tertial, record_follow_up
from followup.tertial import Tertial
from tests.followup.pdf_checks import xmp

T1 = Tertial(2017, 1)


@pytest.fixture
def queue(settings):
    """A broker configured: tasks are sent, not run; the task's ``delay`` is recorded."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch.object(tasks.render_report_pdf, "delay") as delay:
        yield delay


@pytest.fixture
def no_rendering():
    """Fails the test if anything renders a PDF (in the view or via the service)."""
    with (
        mock.patch("followup.views.report_pdf.render_report_pdf", side_effect=AssertionError),
        mock.patch("followup.report.render_report_pdf", side_effect=AssertionError),
    ):
        yield


def pdf_url(plan, tertial=T1):
    return reverse("followup:report_pdf", args=[plan.slug, tertial.year, tertial.number])


def get_pdf(client, plan, capture):
    with capture(execute=True):  # the task is sent when the transaction commits
        return client.get(pdf_url(plan))


def report_all(activities, user):
    for activity in activities:
        record_follow_up(activity=activity, tertial=T1, user=user, status=Status.STARTED)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_without_a_broker_the_pdf_is_rendered_in_the_request(client, seed_plan, coordinator):
    client.force_login(coordinator)
    with mock.patch.object(tasks.render_report_pdf, "delay") as delay:
        response = client.get(pdf_url(seed_plan))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert PdfReader(io.BytesIO(response.content)).pages
    delay.assert_not_called()
    assert not ReportPdf.objects.exists()


def test_with_a_broker_the_request_queues_the_pdf_and_renders_nothing(
    client, seed_plan, coordinator, queue, no_rendering, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    response = get_pdf(client, seed_plan, django_capture_on_commit_callbacks)

    job = ReportPdf.objects.get()
    assert (job.plan, job.tertial, job.state) == (seed_plan, T1, ReportPdf.State.QUEUED)
    queue.assert_called_once_with(job.pk)
    job_url = reverse("followup:report_pdf_job", args=[seed_plan.slug, 2017, 1, job.pk])
    assert response.status_code == 302 and response["Location"] == job_url

    page = client.get(job_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "PDF:en står i kö" in html
    assert '<meta http-equiv="refresh" content="3">' in html  # works without JavaScript
    assert 'hx-trigger="every 3s"' in html
    # polled while nothing changed: no content, so the live region is not read again
    poll = client.get(f"{job_url}?state=queued", headers={"HX-Request": "true"})
    assert poll.status_code == 204
    running = client.get(f"{job_url}?state=running", headers={"HX-Request": "true"})
    assert running.status_code == 200 and "PDF:en står i kö" in running.content.decode()
    # a second request while it is queued sends no second task
    get_pdf(client, seed_plan, django_capture_on_commit_callbacks)
    queue.assert_called_once()
    assert ReportPdf.objects.count() == 1


def test_the_worker_renders_the_file_and_the_next_request_is_served_from_it(
    client, seed_plan, coordinator, queue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    get_pdf(client, seed_plan, django_capture_on_commit_callbacks)
    job = services.render_report_pdf_job(queue.call_args.args[0])  # what the task runs

    assert job.state == ReportPdf.State.DONE and job.size > 1000
    status = client.get(
        reverse("followup:report_pdf_job", args=[seed_plan.slug, 2017, 1, job.pk]),
        headers={"HX-Request": "true"},
    ).content.decode()
    file_url = reverse("followup:report_pdf_file", args=[seed_plan.slug, 2017, 1, job.pk])
    assert f'data-download="{file_url}"' in status and "hx-trigger" not in status
    with mock.patch("followup.report.render_report_pdf", side_effect=AssertionError):
        cached = get_pdf(client, seed_plan, django_capture_on_commit_callbacks)
    assert cached.status_code == 200 and cached["Content-Type"] == "application/pdf"
    assert 'filename="vbe-2016-2017-2017-t1.pdf"' in cached["Content-Disposition"]
    data = body(cached)
    assert data == job.file.open("rb").read() and PdfReader(io.BytesIO(data)).pages
    assert body(client.get(file_url)) == data
    queue.assert_called_once()


def test_an_edit_invalidates_the_cached_pdf(
    client, seed_plan, coordinator, activities, queue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    get_pdf(client, seed_plan, django_capture_on_commit_callbacks)
    first = services.render_report_pdf_job(queue.call_args.args[0])
    old_file = first.file.path

    record_follow_up(
        activity=activities[0], tertial=T1, user=coordinator, status=Status.DONE, comment="Klart"
    )
    response = get_pdf(client, seed_plan, django_capture_on_commit_callbacks)

    assert response.status_code == 302  # not the old file: a new job for the new data
    second = ReportPdf.objects.exclude(pk=first.pk).get()
    assert second.data_version != first.data_version
    assert queue.call_args.args == (second.pk,)
    services.render_report_pdf_job(second.pk)
    assert list(ReportPdf.objects.values_list("pk", flat=True)) == [second.pk]  # old one gone
    assert not os.path.exists(old_file)


@pytest.mark.parametrize(
    "edit",
    ["entry", "activity title", "activity actors", "focus area", "plan", "closure", "actor"],
)
def test_the_data_version_moves_with_every_kind_of_edit_and_only_then(
    seed_plan, activities, coordinator, edit
):
    from actors.models import Actor

    if edit == "closure":
        report_all(activities, coordinator)
    before = selectors.report_data_version(seed_plan, T1)
    assert selectors.report_data_version(seed_plan, T1) == before
    activity = activities[0]
    if edit == "entry":
        record_follow_up(activity=activity, tertial=T1, user=coordinator, status=Status.STARTED)
    elif edit == "activity title":
        activity.title += " (ändrad)"
        activity.save()
    elif edit == "activity actors":
        activity.responsible.remove(activity.responsible.first())
    elif edit == "focus area":
        area = activity.focus_area
        area.title += " (ändrad)"
        area.save()
    elif edit == "plan":
        seed_plan.title += " (ändrad)"
        seed_plan.save()
    elif edit == "closure":
        close_tertial(seed_plan, T1, coordinator)
    elif edit == "actor":
        actor = Actor.objects.get(code="BUF")
        actor.name += " (ändrad)"
        actor.save()
    assert selectors.report_data_version(seed_plan, T1) != before


def test_a_failed_job_is_queued_again_by_the_next_request(
    client, seed_plan, coordinator, queue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    get_pdf(client, seed_plan, django_capture_on_commit_callbacks)
    with mock.patch("followup.report.render_report_pdf", side_effect=RuntimeError("trasig")):
        job = services.render_report_pdf_job(queue.call_args.args[0])
    assert job.state == ReportPdf.State.FAILED and "trasig" in job.error
    page = client.get(reverse("followup:report_pdf_job", args=[seed_plan.slug, 2017, 1, job.pk]))
    assert "kunde inte framställas" in page.content.decode()
    get_pdf(client, seed_plan, django_capture_on_commit_callbacks)
    assert queue.call_count == 2
    job.refresh_from_db()
    assert job.state == ReportPdf.State.QUEUED


def test_a_closed_tertial_serves_its_filed_pdf(
    client,
    seed_plan,
    activities,
    coordinator,
    queue,
    no_rendering,
    django_capture_on_commit_callbacks,
):
    report_all(activities, coordinator)
    close_tertial(seed_plan, T1, coordinator)
    (filing,) = ReportPdf.objects.all()  # the closing's: files the PDF on the queue
    assert filing.archival and filing.version == 1
    record = FiledReport.objects.get()  # the file the closing's job would store
    record.pdf.save("filed.pdf", ContentFile(b"%PDF-1.7 filed at closing"))
    client.force_login(coordinator)
    response = get_pdf(client, seed_plan, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and body(response) == b"%PDF-1.7 filed at closing"
    assert 'filename="vbe-2016-2017-2017-t1-arkiv-v1.pdf"' in response["Content-Disposition"]
    queue.assert_not_called()
    assert list(ReportPdf.objects.all()) == [filing]  # no job of the request's own


def test_job_pages_check_permission_and_belong_to_their_report(
    client, seed_plan, coordinator, make_user, queue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    get_pdf(client, seed_plan, django_capture_on_commit_callbacks)
    job = ReportPdf.objects.get()
    other_tertial = reverse("followup:report_pdf_job", args=[seed_plan.slug, 2017, 2, job.pk])
    assert client.get(other_tertial).status_code == 404
    not_done = reverse("followup:report_pdf_file", args=[seed_plan.slug, 2017, 1, job.pk])
    assert client.get(not_done).status_code == 404
    client.force_login(make_user())  # no role: may not read plans
    own = reverse("followup:report_pdf_job", args=[seed_plan.slug, 2017, 1, job.pk])
    assert client.get(own).status_code == 403
    client.logout()
    assert client.get(own).status_code == 302  # to the login page


def test_the_queued_request_runs_a_constant_number_of_queries(
    client, make_plan, coordinator, queue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    counts = []
    for size in [(2, 3), (8, 25)]:
        plan = make_plan(*size)
        get_pdf(client, plan, django_capture_on_commit_callbacks)  # warm: session, permissions
        ReportPdf.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            get_pdf(client, plan, django_capture_on_commit_callbacks)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12, counts


@pytest.fixture
def closed(seed_plan, activities, coordinator):
    """T1 closed and frozen as version 1, its PDF not filed (a tertial closed before filing
    existed, or the closing's filing still on the queue)."""
    from followup.models import TertialClosure

    report_all(activities, coordinator)
    TertialClosure.objects.create(plan=seed_plan, year=2017, number=1, closed_by=coordinator)
    (filed,) = services.freeze_closed_tertials()
    assert not filed.pdf
    return seed_plan


def rendering_fails():
    """Any PDF rendered (in the view, via a service or in filing) fails the test."""
    return mock.patch("followup.report.render_report_pdf", side_effect=AssertionError)


def disposition(response) -> str:
    return response["Content-Disposition"].split("filename=")[1].strip('"')


def job_url(plan, job, name="report_pdf_job"):
    return reverse(f"followup:{name}", args=[plan.slug, 2017, 1, job.pk])


@pytest.mark.parametrize(
    ("language", "query", "name"),
    [
        ("en", "version=1", "vbe-2016-2017-2017-t1-v1-en.pdf"),
        ("sv", "version=1&bidrag=1", "vbe-2016-2017-2017-t1-v1.pdf"),
        ("sv", "version=1&rekommendationer=1", "vbe-2016-2017-2017-t1-v1.pdf"),
    ],
)
def test_with_a_broker_a_filed_version_worded_anew_is_queued_not_rendered(
    client,
    settings,
    closed,
    coordinator,
    queue,
    django_capture_on_commit_callbacks,
    language,
    query,
    name,
):
    from django.utils import translation

    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    try:
        with rendering_fails(), django_capture_on_commit_callbacks(execute=True):
            response = client.get(f"{pdf_url(closed)}?{query}")
            again = client.get(f"{pdf_url(closed)}?{query}")
    finally:
        translation.deactivate()  # an English request leaves its language active

    job = ReportPdf.objects.get()
    assert (job.version, job.archival, job.language) == (1, False, language)
    assert (job.contributions, job.checklist) == ("bidrag" in query, "rekommendationer" in query)
    assert response.status_code == 302 and response["Location"] == job_url(closed, job)
    assert again["Location"] == job_url(closed, job)
    queue.assert_called_once_with(job.pk)  # the second request sent no second task
    assert job.data_version != selectors.report_data_version(closed, T1)  # not the live report's

    services.render_report_pdf_job(job.pk)  # what the worker runs
    job.refresh_from_db()
    assert job.state == ReportPdf.State.DONE
    data = job.file.open("rb").read()
    meta = xmp(pikepdf.open(io.BytesIO(data)))
    assert "pdfaid:part" not in meta  # not the archived record
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert ("Filed report" if language == "en" else "Arkiverad rapport") in words
    served = client.get(job_url(closed, job, "report_pdf_file"))
    assert body(served) == data and disposition(served) == name
    assert not FiledReport.objects.get().pdf  # worded anew, never filed


def test_with_a_broker_an_unfiled_pdf_is_filed_by_the_queue_once_then_served_as_filed(
    client, closed, coordinator, queue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with rendering_fails():
        first = get_pdf(client, closed, django_capture_on_commit_callbacks)
        again = get_pdf(client, closed, django_capture_on_commit_callbacks)

    job = ReportPdf.objects.get()
    assert (job.archival, job.version, job.language) == (True, 1, "sv")
    assert first.status_code == 302 and first["Location"] == job_url(closed, job)
    assert again["Location"] == job_url(closed, job)
    queue.assert_called_once_with(job.pk)  # filed once, not once per request
    assert "PDF:en står i kö" in client.get(job_url(closed, job)).content.decode()
    assert client.get(job_url(closed, job, "report_pdf_file")).status_code == 404

    services.render_report_pdf_job(job.pk)  # what the worker runs: the filing
    filed = FiledReport.objects.get()
    stored = filed.pdf.open("rb").read()
    assert filed.pdf.name.endswith("vbe-2016-2017-2017-t1-arkiv-v1.pdf")
    assert filed.pdf_sha256 == hashlib.sha256(stored).hexdigest()
    assert xmp(pikepdf.open(io.BytesIO(stored)))["pdfaid:part"] == "2"  # the PDF/A record
    job.refresh_from_db()
    assert (job.state, job.size, job.file.name) == (ReportPdf.State.DONE, len(stored), "")

    status = client.get(job_url(closed, job), headers={"HX-Request": "true"}).content.decode()
    assert f'data-download="{job_url(closed, job, "report_pdf_file")}"' in status
    with rendering_fails():
        from_job = client.get(job_url(closed, job, "report_pdf_file"))
        direct = get_pdf(client, closed, django_capture_on_commit_callbacks)
    for response in (from_job, direct):
        assert response.status_code == 200 and body(response) == stored
        assert disposition(response) == "vbe-2016-2017-2017-t1-arkiv-v1.pdf"
    queue.assert_called_once()


def test_a_request_during_the_closing_s_filing_follows_it_instead_of_filing_again(
    client, seed_plan, activities, coordinator, queue, django_capture_on_commit_callbacks
):
    report_all(activities, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        close_tertial(seed_plan, T1, coordinator)
    filing = ReportPdf.objects.get()
    queue.assert_called_once_with(filing.pk)
    client.force_login(coordinator)
    with rendering_fails():
        response = get_pdf(client, seed_plan, django_capture_on_commit_callbacks)
    assert response["Location"] == job_url(seed_plan, filing)
    queue.assert_called_once()
    assert ReportPdf.objects.count() == 1


def test_with_a_broker_a_version_whose_filed_file_is_gone_is_filed_again_by_the_queue(
    client, seed_plan, activities, coordinator, settings, django_capture_on_commit_callbacks
):
    report_all(activities, coordinator)
    close_tertial(seed_plan, T1, coordinator)  # no broker yet: filed at once
    filed = FiledReport.objects.get()
    filed.pdf.storage.delete(filed.pdf.name)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    client.force_login(coordinator)
    with (
        mock.patch.object(tasks.render_report_pdf, "delay") as delay,
        rendering_fails(),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.get(f"{pdf_url(seed_plan)}?version=1")
    job = ReportPdf.objects.get()
    assert (job.archival, job.version) == (True, 1)
    delay.assert_called_once_with(job.pk)
    assert response["Location"] == job_url(seed_plan, job)
    services.render_report_pdf_job(job.pk)
    served = client.get(f"{pdf_url(seed_plan)}?version=1")
    assert disposition(served) == "vbe-2016-2017-2017-t1-arkiv-v1.pdf"
    filed.refresh_from_db()
    assert body(served) == filed.pdf.open("rb").read()


def test_no_pdf_link_has_a_download_attribute(client, settings, closed, coordinator):
    """A queued PDF answers with its progress page: a ``download`` link would save that page
    as download.html. The files come with Content-Disposition: attachment anyway."""
    from html.parser import HTMLParser

    from django.utils import translation

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.pdf = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "a" and "/pdf" in (attrs.get("href") or ""):
                self.pdf.append(attrs)

    client.force_login(coordinator)
    report = reverse("followup:report", args=[closed.slug, 2017, 1])
    pages = [
        f"{report}?bidrag=1&rekommendationer=1",
        f"{report}?version=1&bidrag=1",
        reverse("followup:report_index"),
        f"{reverse('followup:board')}?plan={closed.slug}&tertial=T1-2017",
    ]
    links = []
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # with the filed copy's link
    try:
        for page in [*pages, report]:
            parser = Links()
            response = client.get(page)
            assert response.status_code == 200, page
            parser.feed(response.content.decode())
            links += parser.pdf
    finally:
        translation.deactivate()
    hrefs = [link["href"] for link in links]
    assert pdf_url(closed) in hrefs and f"{pdf_url(closed)}?bidrag=1" in hrefs
    assert any("rekommendationer=1" in h for h in hrefs) and any("arkiv=1" in h for h in hrefs)
    assert [link["href"] for link in links if "download" in link] == []
