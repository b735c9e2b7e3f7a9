"""Background work of the follow-up app, run by Celery (``vallentuna.celery`` finds this module).

Each task is a thin wrapper around a function in ``followup.services``: the rule lives there,
one code path for tasks, commands and tests.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings


def queue_configured() -> bool:
    """Is there a broker, so tasks run in a worker rather than in the calling process?

    Without ``CELERY_BROKER_URL`` (the zero-setup start, the tests) tasks run eagerly, and
    the report PDF is rendered in the request as before.
    """
    return not settings.CELERY_TASK_ALWAYS_EAGER


@shared_task(
    name="followup.render_report_pdf",
    soft_time_limit=settings.REPORT_PDF_TIME_LIMIT,
    time_limit=settings.REPORT_PDF_TIME_LIMIT + 30,
)
def render_report_pdf(job_id: int) -> None:
    """Render and store the report PDF of one ``ReportPdf`` job."""
    from followup.services import render_report_pdf_job

    render_report_pdf_job(job_id)
