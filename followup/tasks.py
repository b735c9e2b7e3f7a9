"""Background tasks (Celery): e-mail about reporting, the reminder round, report PDFs.

With ``CELERY_BROKER_URL`` they run on a worker (README, Drift); without one they run at
once in the calling process (``CELERY_TASK_ALWAYS_EAGER``). A failing task is logged and
retried with exponential back-off; the last failure is recorded on the delivery.
"""

from __future__ import annotations

import logging
import smtplib

from celery import Task, shared_task
from django.conf import settings

from followup import reminders
from followup.tertial import Tertial

logger = logging.getLogger("followup.tasks")

#: Errors worth another try: the mail server or the network, briefly away.
RETRY_ON = (smtplib.SMTPException, ConnectionError, OSError, TimeoutError)


class LoggedTask(Task):
    """Logs every retry and every final failure (with the arguments, never a token)."""

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        logger.warning("Uppgiften %s (%s) försöks igen: %s", self.name, args, exc)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.error("Uppgiften %s (%s) misslyckades: %s", self.name, args, exc)


class DeliveryTask(LoggedTask):
    def on_retry(self, exc, task_id, args, kwargs, einfo):
        super().on_retry(exc, task_id, args, kwargs, einfo)
        reminders.record_failure(args[0], str(exc), final=False)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        super().on_failure(exc, task_id, args, kwargs, einfo)
        reminders.record_failure(args[0], str(exc), final=True)


@shared_task(
    base=DeliveryTask,
    autoretry_for=RETRY_ON,
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=6,
)
def deliver_email(delivery_id: int) -> str:
    """Send one recorded e-mail (report link, reminder or digest)."""
    return reminders.deliver(delivery_id).state


@shared_task(base=LoggedTask, autoretry_for=RETRY_ON, retry_backoff=60, max_retries=3)
def send_reminders_round(plan_id: int | None = None, tertial: str | None = None) -> int:
    """One reminder round (what celery beat runs every morning); returns e-mails queued."""
    from plans.models import Plan

    plan = Plan.objects.get(pk=plan_id) if plan_id else None
    return len(reminders.run_round(plan=plan, tertial=Tertial.parse(tertial) if tertial else None))


@shared_task(base=LoggedTask, autoretry_for=RETRY_ON, retry_backoff=60, max_retries=3)
def file_report(plan_id: int, tertial: str, user_id: int | None = None) -> str:
    """Render and store the filed report PDF of a closed tertial, outside the request.

    Renders the latest filed version's frozen data as PDF/A and stores it with its SHA-256
    (``followup.services.file_report``). A version already filed is left as it is. Kept for
    the messages an earlier release sent at closing: the closing now queues a PDF job
    (``followup.services.request_filed_pdf``, run by ``render_report_pdf``), so that the
    report's PDF page can follow the filing and does not file twice.
    """
    from followup import services
    from plans.models import Plan

    plan = Plan.objects.get(pk=plan_id)
    services.file_report(plan, Tertial.parse(tertial))
    return "filed"


def queue_configured() -> bool:
    """Is there a broker, so tasks run in a worker rather than in the calling process?

    Without ``CELERY_BROKER_URL`` (the zero-setup start, the tests) tasks run eagerly, and
    the report PDF is rendered in the request as before.
    """
    return not settings.CELERY_TASK_ALWAYS_EAGER


@shared_task(
    base=LoggedTask,
    name="followup.render_report_pdf",
    soft_time_limit=settings.REPORT_PDF_TIME_LIMIT,
    time_limit=settings.REPORT_PDF_TIME_LIMIT + 30,
)
def render_report_pdf(job_id: int) -> None:
    """Render and store the report PDF of one ``ReportPdf`` job (``services.render_report_pdf_job``)."""
    from followup.services import render_report_pdf_job

    render_report_pdf_job(job_id)
