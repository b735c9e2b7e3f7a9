"""The report PDF off the request path: queued with a broker, cached per data version, filed
when closed; rendered in the request without a broker (the zero-setup start)."""

import io
import os
from unittest import mock

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

T1 = Tertial(2017, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
    filed = ContentFile(b"%PDF-1.7 filed at closing", name="filed.pdf")
    filed.instance = FiledReport.objects.get()  # as a FieldFile knows its record
    client.force_login(coordinator)
    with mock.patch.object(selectors, "filed_report_pdf", return_value=filed) as lookup:
        response = get_pdf(client, seed_plan, django_capture_on_commit_callbacks)
    lookup.assert_called_once_with(seed_plan, T1, None)
    assert response.status_code == 200 and body(response) == b"%PDF-1.7 filed at closing"
    assert 'filename="vbe-2016-2017-2017-t1-arkiv-v1.pdf"' in response["Content-Disposition"]
    queue.assert_not_called()
    assert not ReportPdf.objects.exists()


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
