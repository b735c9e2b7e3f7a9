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
from django.utils.translation import ngettext

from followup.models import (
    Assessment,
    FiledReport,
    FollowUp,
    LatestStatus,
    ReportPdf,
    Status,
    TertialClosure,
)
from followup.selectors import (
    entries_with_previous,
    in_plan,
    is_closed,
    latest_follow_ups,
    not_updated_rows,
    outside_new_period,
    outside_plan_message,
    report_data_version,
)
from followup.tertial import Tertial
from plans.models import Activity, Plan, join_swedish

MAX_COMMENT_LENGTH = 5000
MAX_ASSESSMENT_LENGTH = 10000

#: A PDF job still queued or running after this long is taken as lost (a worker killed, a
#: message dropped) and queued again by the next request for it.
REPORT_PDF_STALE_AFTER = datetime.timedelta(minutes=15)

logger = logging.getLogger(__name__)


class FollowUpError(Exception):
    """A follow-up could not be saved; the message says why, in Swedish."""


class TertialClosedError(FollowUpError):
    pass


class OutsidePlanError(FollowUpError):
    """The tertial lies outside the plan's period: nothing can be recorded there."""


class NotUpdatedError(FollowUpError):
    """Closing would leave unfinished activities not updated; ``rows`` lists them."""

    def __init__(self, message: str, rows: list):
        super().__init__(message)
        self.rows = rows


def check_in_plan(plan: Plan, tertial: Tertial) -> None:
    """Raise OutsidePlanError (Swedish message) unless the tertial overlaps the plan's period."""
    if not in_plan(plan, tertial):
        raise OutsidePlanError(outside_plan_message(plan, tertial))


#: How many activity numbers a refused period change names per tertial (then 'och 12 till').
NAMED_ACTIVITIES = 8


def period_change_problems(plan: Plan, start: datetime.date, end: datetime.date) -> list[str]:
    """Why the plan's period may not become ``start``–``end``, in Swedish (empty: it may):
    follow-up entries or contributions, a closed tertial or a filed report, or a samlad
    bedömning in a tertial the new period would leave outside. Out of the period they could
    no longer be opened (the filed report would be a 404). Registered with
    ``plans.services.register_period_check`` (``FollowupConfig.ready``), so that the plan
    pages and admin refuse such a change (plans does not import followup)."""
    outside = outside_new_period(plan, start, end)
    if not outside:
        return []
    first, last = Tertial.of(start), Tertial.of(end)
    problems = [
        _(
            "Med perioden %(start)s – %(end)s följs planen upp %(first)s–%(last)s, och det "
            "som redan finns för tertialer utanför den skulle inte längre gå att nå:"
        )
        % {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "first": first.label,
            "last": last.label,
        }
    ]
    if outside.entries:
        items = []
        for tertial, numbers in outside.entries.items():
            named = numbers[:NAMED_ACTIVITIES]
            if len(numbers) > len(named):
                # Translators: the last item of a list of activity numbers: "1.1, 1.2 och 5 till"
                named.append(_("%(n)s till") % {"n": len(numbers) - len(named)})
            items.append(
                ngettext(
                    "%(tertial)s (aktivitet %(numbers)s)",
                    "%(tertial)s (aktiviteterna %(numbers)s)",
                    len(numbers),
                )
                % {"tertial": tertial.label, "numbers": join_swedish(named)}
            )
        problems.append(
            _("Uppföljning eller aktörers bidrag för %(items)s.") % {"items": join_swedish(items)}
        )
    if outside.filed:
        problems.append(
            ngettext(
                "%(tertials)s är stängd eller har en arkiverad rapport.",
                "%(tertials)s är stängda eller har arkiverade rapporter.",
                len(outside.filed),
            )
            % {"tertials": join_swedish([t.label for t in outside.filed])}
        )
    if outside.assessments:
        problems.append(
            _("Samlad bedömning för %(tertials)s.")
            % {"tertials": join_swedish([t.label for t in outside.assessments])}
        )
    return problems


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
    if not plan.takes_follow_up:
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
    check_in_plan(activity.focus_area.plan, tertial)
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


def confirm_unchanged(*, activity: Activity, tertial: Tertial | str, user) -> FollowUp:
    """'Oförändrat': report the previous status and comment again for this tertial.

    One step for an activity whose situation has not changed: recorded and attributed like
    any report (``record_follow_up``). Refused when the activity is already reported this
    tertial (nothing to confirm) or was never reported (no previous status).
    """
    tertial = _as_tertial(tertial)
    check_in_plan(activity.focus_area.plan, tertial)
    entry, previous = entries_with_previous([activity.pk], tertial).get(activity.pk, (None, None))
    if entry is not None:
        raise FollowUpError(
            _("Aktiviteten är redan rapporterad för %(tertial)s.") % {"tertial": tertial.label}
        )
    if previous is None:
        raise FollowUpError(
            _("Aktiviteten har ingen tidigare status att bekräfta. Välj en status.")
        )
    return record_follow_up(
        activity=activity,
        tertial=tertial,
        user=user,
        status=previous.status,
        comment=previous.comment,
        expected_version=0,
    )


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


def remove_entries_outside_period(user, *, ids, reason: str = "") -> list[FollowUp]:
    """Delete the follow-up entries ``ids``, each of which must lie outside its plan's period:
    the ones ``check_followup_periods`` lists (made before issue #11 bounded entries by the
    period, e.g. a typo T1 9999). Returns them as they were. ValidationError, nothing
    deleted, when an id is not such an entry.

    Only on an explicit command by a named user: the history keeps each entry as it was,
    with who removed it, when and why (``reason``), and the change log shows it. Each
    activity's carried status (``LatestStatus``) is recomputed. Entries inside a period are
    never touched, so no report or closed tertial changes.
    """
    from followup.selectors import entries_outside_period

    wanted = set(ids)
    why = reason or _("Låg utanför planens period; borttagen med check_followup_periods.")
    with transaction.atomic():
        entries = list(
            entries_outside_period().filter(pk__in=wanted).select_for_update(of=("self",))
        )
        if missing := sorted(wanted - {e.pk for e in entries}):
            raise ValidationError(
                _(
                    "Uppföljning %(ids)s finns inte eller ligger inom sin plans period; inget "
                    "togs bort."
                )
                % {"ids": ", ".join(str(pk) for pk in missing)}
            )
        for entry in entries:
            entry._history_user = user
            entry._change_reason = why
            entry.delete()
        refresh_latest_statuses({e.activity_id for e in entries})
    return entries


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


def close_tertial(
    plan: Plan, tertial: Tertial | str, user, *, confirm_not_updated: bool = False
) -> TertialClosure:
    """Close a tertial: its entries become read-only and its report is filed.

    Unfinished activities not updated this tertial (their status carried from an earlier
    one, or never reported) are listed in NotUpdatedError unless ``confirm_not_updated``.
    In the same transaction the report's content is frozen as a new ``FiledReport``
    version; its PDF is then filed by ``file_report_pdf`` (on the task queue when one is
    configured, as a ``request_filed_pdf`` job, else here).
    """
    tertial = _as_tertial(tertial)
    check_in_plan(plan, tertial)
    ensure_follows_up(plan)  # drafts and archived plans: no closing, no assessment
    user = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        closure = (
            TertialClosure.objects.select_for_update()
            .filter(plan=plan, year=tertial.year, number=tertial.number)
            .first()
        )
        if closure is not None and closure.closed:
            raise FollowUpError(_("%(tertial)s är redan stängd.") % {"tertial": tertial.label})
        rows = not_updated_rows(plan, tertial)
        if rows and not confirm_not_updated:
            raise NotUpdatedError(
                _(
                    "%(n)s ej genomförda aktiviteter är inte uppdaterade för %(tertial)s. "
                    "Bekräfta att tertialen ska stängas ändå."
                )
                % {"n": len(rows), "tertial": tertial.label},
                rows,
            )
        if closure is None:
            closure = TertialClosure(plan=plan, year=tertial.year, number=tertial.number)
        closure.closed = True
        closure.closed_by = user
        closure.closed_at = timezone.now()
        closure._history_user = user
        closure.save()
        filed = freeze_report(plan, tertial, closure)
    _file_pdf_later(filed)
    return closure


def freeze_report(plan: Plan, tertial: Tertial, closure: TertialClosure) -> FiledReport:
    """File the report's content as it stands now, as the next version (the caller's
    transaction: the closing's)."""

    last = (
        FiledReport.objects.filter(plan=plan, year=tertial.year, number=tertial.number)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    user = closure.closed_by
    filed = FiledReport(
        plan=plan,
        year=tertial.year,
        number=tertial.number,
        version=(last or 0) + 1,
        closed_at=closure.closed_at or timezone.now(),
        closed_by=user,
        closed_by_name=(user.get_full_name() or user.get_username()) if user else "",
        data=_report_data(plan, tertial),
    )
    filed._history_user = user
    filed.save()
    return filed


def _report_data(plan: Plan, tertial: Tertial) -> dict:
    """The report's data as filed: language-neutral facts (issue #16), worded when shown."""
    from followup.report import report_data

    return report_data(plan, tertial)


def _file_pdf_later(filed: FiledReport) -> None:
    """The filed PDF: rendered by the task queue when configured (a PDF job, so that a
    request for the PDF meanwhile waits for it instead of filing it again), else right away."""
    from followup.tasks import queue_configured

    if queue_configured():
        request_filed_pdf(filed)
    else:
        file_report_pdf(filed)


def file_report(plan: Plan, tertial: Tertial | str, user=None) -> FiledReport | None:
    """Render and store the PDF of the plan's latest filed report for the tertial, if it has
    none yet (the task ``followup.tasks.file_report`` runs this)."""
    tertial = _as_tertial(tertial)
    filed = (
        FiledReport.objects.filter(plan=plan, year=tertial.year, number=tertial.number)
        .order_by("-version")
        .first()
    )
    if filed is None or filed.pdf:
        return filed
    return file_report_pdf(filed)


def file_report_pdf(filed: FiledReport) -> FiledReport:
    """Render the filed version's PDF (PDF/A-2a, from its frozen data) and store it through
    the storage API with its SHA-256."""
    import hashlib

    from followup.report import render_report_pdf, report_filename

    # the archived record: Swedish, whatever language the closer uses
    data = render_report_pdf(
        filed.plan, filed.tertial, version=filed.version, archival=True, language="sv"
    )
    name = report_filename(filed.plan, filed.tertial, filed_version=filed.version)
    filed.pdf.save(name, ContentFile(data), save=False)
    filed.pdf_sha256 = hashlib.sha256(data).hexdigest()
    filed.pdf_size = len(data)
    filed.pdf_filed_at = timezone.now()
    filed._history_user = filed.closed_by
    filed.save(update_fields=["pdf", "pdf_sha256", "pdf_size", "pdf_filed_at"])
    return filed


def ensure_filed_pdf(filed: FiledReport) -> FiledReport:
    """The filed version with its PDF in storage: filed now (``file_report_pdf``) unless it
    is there already (a tertial closed before filing existed, a lost task or file). For the
    queue's archival job, the PDF link without a queue and ``tertial_report``."""
    from followup.selectors import stored_file

    if stored_file(filed.pdf) is None:
        file_report_pdf(filed)
    return filed


def freeze_closed_tertials(*, render_pdf: bool = False) -> list[FiledReport]:
    """Freeze every closed tertial that has no filed report yet, as it stands now (data
    migration, demo set-up). Returns the new filed reports."""
    created = []
    closures = TertialClosure.objects.filter(closed=True).select_related("plan", "closed_by")
    for closure in closures:
        if FiledReport.objects.filter(
            plan=closure.plan, year=closure.year, number=closure.number
        ).exists():
            continue
        with transaction.atomic():
            created.append(freeze_report(closure.plan, closure.tertial, closure))
    if render_pdf:
        for filed in created:
            file_report_pdf(filed)
    return created


def reopen_tertial(plan: Plan, tertial: Tertial | str, user) -> TertialClosure:
    """Open a closed tertial again; the closure's history records who did it and when.

    The filed versions stay; closing again files the next one.
    """
    tertial = _as_tertial(tertial)
    check_in_plan(plan, tertial)
    ensure_follows_up(plan)  # drafts and archived plans: no closing, no assessment
    user = user if getattr(user, "is_authenticated", False) else None
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


def save_assessment(plan: Plan, tertial: Tertial | str, user, text: str) -> Assessment:
    """The coordinator's samlad bedömning for the plan's tertial (history keeps each version)."""
    tertial = _as_tertial(tertial)
    check_in_plan(plan, tertial)
    ensure_follows_up(plan)  # drafts and archived plans: no closing, no assessment
    text = (text or "").strip().replace("\r\n", "\n")
    if len(text) > MAX_ASSESSMENT_LENGTH:
        raise FollowUpError(
            _("Bedömningen får vara högst %(max)s tecken (den är %(n)s).")
            % {"max": MAX_ASSESSMENT_LENGTH, "n": len(text)}
        )
    user = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        if is_closed(plan.pk, tertial):
            raise TertialClosedError(
                _("Uppföljningen för %(tertial)s är stängd och kan inte ändras.")
                % {"tertial": tertial.label}
            )
        assessment = (
            Assessment.objects.select_for_update()
            .filter(plan=plan, year=tertial.year, number=tertial.number)
            .first()
        )
        if assessment is None:
            assessment = Assessment(plan=plan, year=tertial.year, number=tertial.number)
        elif assessment.text == text:
            return assessment
        assessment.text, assessment.written_by, assessment.written_at = text, user, timezone.now()
        assessment._history_user = user
        assessment.save()
    return assessment


def request_report_pdf(
    plan: Plan,
    tertial: Tertial,
    *,
    contributions: bool = False,
    checklist: bool = False,
    language: str = "sv",
    version: int | None = None,
    today: datetime.date | None = None,
) -> ReportPdf:
    """The PDF job for the report as the plan's data stands now; queued if it must be rendered.

    Keyed by ``report_data_version``: while nothing the report shows has changed, the done
    job's file is the report (no rendering at all); after a change there is no job for the
    new version yet, so one is created and queued (``followup.tasks.render_report_pdf``,
    sent when the transaction commits). A failed job, a done one whose file is gone and one
    pending for longer than ``REPORT_PDF_STALE_AFTER`` are queued again. Three to five queries.
    ``version``: a filed version worded anew (its own key, see ``report_data_version``).
    """
    return _queued(
        plan=plan,
        year=tertial.year,
        number=tertial.number,
        contributions=contributions,
        checklist=checklist,
        language=language,
        version=version,
        archival=False,
        data_version=report_data_version(plan, tertial, today=today, version=version),
    )


def request_filed_pdf(filed: FiledReport) -> ReportPdf:
    """The job that files a filed version's PDF (``file_report_pdf``) on the task queue.

    One job per filed report, whatever is edited meanwhile: while it is queued or running,
    asking again sends no second task, so the version is filed once. Sent by the closing
    and by a request for a closed tertial's PDF that is not filed yet (a tertial closed
    before filing existed, a lost task); queued again like any job when it failed, went
    missing or its file is gone. Its finished file is the filed report's.
    """
    return _queued(
        plan=filed.plan,
        year=filed.year,
        number=filed.number,
        contributions=False,
        checklist=False,
        language="sv",  # the archived record
        version=filed.version,
        archival=True,
        data_version=f"arkiv-{filed.pk}",
    )


def _queued(**key) -> ReportPdf:
    """The job of ``key``; (re)queued unless its file is there or it is pending."""
    from followup.selectors import report_pdf_job_file
    from followup.tasks import render_report_pdf as task

    job, created = ReportPdf.objects.get_or_create(**key)
    if report_pdf_job_file(job) is not None:
        return job
    now = timezone.now()
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

    Skips a job that is gone or already done (a task delivered twice). An archival job
    files its version's PDF (``file_report_pdf``) unless it is filed already. On success the
    job is done and the jobs of older data versions of the same report are deleted with
    their files; on an error the job is failed with the message (logged) and the next
    request queues it again.
    """
    from followup.report import render_report_pdf, report_filename

    job = ReportPdf.objects.select_related("plan").filter(pk=job_id).first()
    if job is None or job.state == ReportPdf.State.DONE:
        return job
    job.state, job.started_at = ReportPdf.State.RUNNING, timezone.now()
    job.save(update_fields=["state", "started_at"])
    try:
        if job.archival:
            filed = ensure_filed_pdf(
                FiledReport.objects.get(
                    plan=job.plan, year=job.year, number=job.number, version=job.version
                )
            )
        else:
            data = render_report_pdf(
                job.plan,
                job.tertial,
                contributions=job.contributions,
                checklist=job.checklist,
                version=job.version,
                language=job.language,
            )
    except Exception as exc:
        logger.exception("Report PDF job %s failed", job_id)
        job.state, job.error, job.finished_at = (
            ReportPdf.State.FAILED,
            str(exc)[:2000],
            timezone.now(),
        )
        job.save(update_fields=["state", "error", "finished_at"])
        return job
    if job.archival:  # the file is the filed report's
        job.size = filed.pdf_size
    else:
        name = report_filename(job.plan, job.tertial, language=job.language, version=job.version)
        job.file.save(name, ContentFile(data), save=False)
        job.size = len(data)
    job.state, job.finished_at = ReportPdf.State.DONE, timezone.now()
    job.save(update_fields=["file", "state", "size", "finished_at"])
    older = ReportPdf.objects.filter(
        **{name: getattr(job, name) for name in ReportPdf.REPORT_FIELDS}
    ).exclude(pk=job.pk)
    for old in older.exclude(state__in=[ReportPdf.State.QUEUED, ReportPdf.State.RUNNING]):
        if old.file:
            old.file.delete(save=False)
        old.delete()
    return job
