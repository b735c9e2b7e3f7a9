"""Writing follow-up: the one code path for recording an entry and closing a tertial.

Views, the Excel import, commands and tests call these. They check the rules of the
data (closed tertial, stale version, Avförd needs a reason), not the user's role:
callers ask ``actors.permissions`` first.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actors.permissions import can_follow_up_plan
from followup.models import FollowUp, LatestStatus, ReportPdf, Status, TertialClosure
from followup.selectors import is_closed, latest_follow_ups, report_data_version
from followup.tertial import Tertial
from plans.models import Activity, Plan

MAX_COMMENT_LENGTH = 5000

#: A PDF job still queued or running after this long is taken as lost (a worker killed, a
#: message dropped) and queued again by the next request for it.
REPORT_PDF_STALE_AFTER = datetime.timedelta(minutes=15)

logger = logging.getLogger(__name__)


class FollowUpError(Exception):
    """A follow-up could not be saved; the message says why, in Swedish."""


class TertialClosedError(FollowUpError):
    pass


class StaleFollowUpError(FollowUpError):
    """Someone else saved the entry after it was opened: nothing is overwritten.

    ``current`` is the other person's version, shown to the user.
    """

    def __init__(self, message: str, current: FollowUp | None):
        super().__init__(message)
        self.current = current


def ensure_follows_up(plan: Plan, *, allow_draft: bool = False) -> None:
    """A draft (Utkast) or an archived plan takes no follow-up (entries nor contributions).

    ``allow_draft``: only for the Excel import of a new plan (a draft) whose file carries
    its follow-ups, written in the same transaction.
    """
    if allow_draft and plan.is_draft:
        return
    if not can_follow_up_plan(plan):
        raise FollowUpError(
            _("”%(plan)s” har status %(status)s och kan inte följas upp.")
            % {"plan": plan.title, "status": plan.get_status_display()}
        )


def _as_tertial(tertial: Tertial | str) -> Tertial:
    return tertial if isinstance(tertial, Tertial) else Tertial.parse(tertial)


def validate_entry(status: str, comment: str) -> None:
    """Raise ValidationError (per field, in Swedish) when status or comment is not acceptable."""
    errors = {}
    if status not in Status.values:
        labels = ", ".join(str(label) for label in Status.labels)
        errors["status"] = _("Okänd status ”%(value)s”. Välj en av: %(labels)s.") % {
            "value": status,
            "labels": labels,
        }
    if status == Status.STRUCK and not comment.strip():
        errors["comment"] = _(
            "Skriv i kommentaren varför aktiviteten avförs: en avförd aktivitet kräver ett skäl."
        )
    if len(comment) > MAX_COMMENT_LENGTH:
        errors["comment"] = _("Kommentaren får vara högst %(max)s tecken (den är %(n)s).") % {
            "max": MAX_COMMENT_LENGTH,
            "n": len(comment),
        }
    if errors:
        raise ValidationError(errors)


def record_follow_up(
    *,
    activity: Activity,
    tertial: Tertial | str,
    user,
    status: str | None = None,
    comment: str | None = None,
    expected_version: int | None = None,
    reported_by_name: str = "",
    allow_draft: bool = False,
) -> FollowUp:
    """Create or update the one entry for activity + tertial; history keeps every version.

    ``expected_version`` is the version the user saw (0 = no entry yet); when another
    save came in between, StaleFollowUpError is raised and nothing changes. None skips
    the check (e.g. an import that is itself the newest word). Unchanged values leave
    the entry (and its version) as it is. ``reported_by_name`` names who reported when it
    is not a user (a contact's contribution through a report link).
    """
    tertial = _as_tertial(tertial)
    user = user if getattr(user, "is_authenticated", False) else None
    ensure_follows_up(activity.focus_area.plan, allow_draft=allow_draft)
    with transaction.atomic():
        if is_closed(activity.focus_area.plan_id, tertial):
            raise TertialClosedError(
                _("Uppföljningen för %(tertial)s är stängd och kan inte ändras.")
                % {"tertial": tertial.label}
            )
        # One writer per activity at a time, so that each save's refresh of the activity's
        # latest status (signal) reads the other's committed entry.
        list(Activity.objects.select_for_update().filter(pk=activity.pk).values_list("pk"))
        entry = (
            FollowUp.objects.select_for_update()
            .filter(activity=activity, year=tertial.year, number=tertial.number)
            .first()
        )
        if expected_version is not None and (entry.version if entry else 0) != expected_version:
            raise _stale(entry)
        new_status = (
            status if status is not None else (entry.status if entry else Status.NOT_STARTED)
        )
        new_comment = (comment if comment is not None else (entry.comment if entry else "")).strip()
        new_comment = new_comment.replace("\r\n", "\n")
        validate_entry(new_status, new_comment)
        if entry is not None and (entry.status, entry.comment) == (new_status, new_comment):
            return entry
        now = timezone.now()
        if entry is None:
            entry = FollowUp(activity=activity, year=tertial.year, number=tertial.number, version=1)
        else:
            entry.version += 1
        entry.status, entry.comment = new_status, new_comment
        entry.reported_by, entry.reported_at = user, now
        entry.reported_by_name = reported_by_name[:150]
        entry._history_user = user
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:  # created by someone else at the same moment
            raise _stale(
                FollowUp.objects.filter(
                    activity=activity, year=tertial.year, number=tertial.number
                ).first()
            ) from None
    return entry


def refresh_latest_statuses(activity_ids) -> None:
    """Recompute ``LatestStatus`` of these activities from their entries: two or three queries.

    Called for every saved entry (``followup.signals``) and by code that bulk-creates entries
    (benches, migrations). Activities without entries get no row.
    """
    ids = list(activity_ids)
    if not ids:
        return
    latest = latest_follow_ups(ids)
    LatestStatus.objects.filter(activity_id__in=ids).exclude(activity_id__in=list(latest)).delete()
    LatestStatus.objects.bulk_create(
        [
            LatestStatus(activity_id=pk, status=e.status, year=e.year, number=e.number)
            for pk, e in latest.items()
        ],
        update_conflicts=True,
        unique_fields=["activity"],
        update_fields=["status", "year", "number"],
        batch_size=500,
    )


def _stale(current: FollowUp | None) -> StaleFollowUpError:
    if current is None:
        return StaleFollowUpError(
            _("Uppföljningen har tagits bort av någon annan sedan du öppnade den. Ladda om sidan."),
            None,
        )
    return StaleFollowUpError(
        _(
            "%(who)s sparade den här uppföljningen %(when)s, efter att du öppnade den. "
            "Din ändring är inte sparad. Jämför med deras version nedan och spara igen."
        )
        % {
            "who": current.reporter_display or _("Någon annan"),
            "when": date_format(
                timezone.localtime(current.reported_at),
                # Translators: a date format (Django's date filter): "30 april 2017 kl. 14:05".
                _("j F Y \\k\\l. H:i"),
            ),
        },
        current,
    )


def close_tertial(plan: Plan, tertial: Tertial | str, user) -> TertialClosure:
    """Close a reported tertial: its entries become read-only until reopened."""
    tertial = _as_tertial(tertial)
    with transaction.atomic():
        missing = (
            Activity.objects.filter(focus_area__plan=plan)
            .exclude(follow_ups__year=tertial.year, follow_ups__number=tertial.number)
            .count()
        )
        if missing:
            raise FollowUpError(
                _(
                    "%(tertial)s kan inte stängas: %(n)s aktiviteter saknar uppföljning. "
                    "Rapportera dem först (t.ex. som Ej påbörjad)."
                )
                % {"tertial": tertial.label, "n": missing}
            )
        closure = (
            TertialClosure.objects.select_for_update()
            .filter(plan=plan, year=tertial.year, number=tertial.number)
            .first()
        )
        if closure is None:
            closure = TertialClosure(plan=plan, year=tertial.year, number=tertial.number)
        elif closure.closed:
            raise FollowUpError(_("%(tertial)s är redan stängd.") % {"tertial": tertial.label})
        closure.closed = True
        closure.closed_by = user
        closure.closed_at = timezone.now()
        closure._history_user = user
        closure.save()
    return closure


def reopen_tertial(plan: Plan, tertial: Tertial | str, user) -> TertialClosure:
    """Open a closed tertial again; the closure's history records who did it and when."""
    tertial = _as_tertial(tertial)
    with transaction.atomic():
        closure = (
            TertialClosure.objects.select_for_update()
            .filter(plan=plan, year=tertial.year, number=tertial.number, closed=True)
            .first()
        )
        if closure is None:
            raise FollowUpError(_("%(tertial)s är inte stängd.") % {"tertial": tertial.label})
        closure.closed = False
        closure.reopened_by = user
        closure.reopened_at = timezone.now()
        closure._history_user = user
        closure.save()
    return closure


def request_report_pdf(
    plan: Plan,
    tertial: Tertial,
    *,
    contributions: bool = False,
    today: datetime.date | None = None,
) -> ReportPdf:
    """The PDF job for the report as the plan's data stands now; queued if it must be rendered.

    Keyed by ``report_data_version``: while nothing the report shows has changed, the done
    job's file is the report (no rendering at all); after a change there is no job for the
    new version yet, so one is created and queued (``followup.tasks.render_report_pdf``,
    sent when the transaction commits). A failed job, a done one whose file is gone and one
    pending for longer than ``REPORT_PDF_STALE_AFTER`` are queued again. Three to five queries.
    """
    from followup.tasks import render_report_pdf as task

    version = report_data_version(plan, tertial, today=today)
    job, created = ReportPdf.objects.get_or_create(
        plan=plan,
        year=tertial.year,
        number=tertial.number,
        contributions=contributions,
        data_version=version,
    )
    now = timezone.now()
    if job.state == ReportPdf.State.DONE and job.file and job.file.storage.exists(job.file.name):
        return job
    lost = job.pending and (job.started_at or job.requested_at) < now - REPORT_PDF_STALE_AFTER
    if created or lost or not job.pending:
        job.state, job.error, job.requested_at, job.started_at = (
            ReportPdf.State.QUEUED,
            "",
            now,
            None,
        )
        ReportPdf.objects.filter(pk=job.pk).update(
            state=job.state, error="", requested_at=now, started_at=None
        )
        job_id = job.pk
        transaction.on_commit(lambda: task.delay(job_id))
    return job


def render_report_pdf_job(job_id: int) -> ReportPdf | None:
    """Render a queued PDF job's report and store the file (the task's body; never in a request).

    Skips a job that is gone or already done (a task delivered twice). On success the job
    is done and the jobs of older data versions of the same report are deleted with their
    files; on an error the job is failed with the message (logged) and the next request
    queues it again.
    """
    from followup.report import render_report_pdf, report_filename

    job = ReportPdf.objects.select_related("plan").filter(pk=job_id).first()
    if job is None or job.state == ReportPdf.State.DONE:
        return job
    job.state, job.started_at = ReportPdf.State.RUNNING, timezone.now()
    job.save(update_fields=["state", "started_at"])
    try:
        data = render_report_pdf(job.plan, job.tertial, contributions=job.contributions)
    except Exception as exc:
        logger.exception("Report PDF job %s failed", job_id)
        job.state, job.error, job.finished_at = (
            ReportPdf.State.FAILED,
            str(exc)[:2000],
            timezone.now(),
        )
        job.save(update_fields=["state", "error", "finished_at"])
        return job
    job.file.save(report_filename(job.plan, job.tertial), ContentFile(data), save=False)
    job.state, job.size, job.finished_at = ReportPdf.State.DONE, len(data), timezone.now()
    job.save(update_fields=["file", "state", "size", "finished_at"])
    older = ReportPdf.objects.filter(
        plan=job.plan, year=job.year, number=job.number, contributions=job.contributions
    ).exclude(pk=job.pk)
    for old in older.exclude(state__in=[ReportPdf.State.QUEUED, ReportPdf.State.RUNNING]):
        if old.file:
            old.file.delete(save=False)
        old.delete()
    return job
