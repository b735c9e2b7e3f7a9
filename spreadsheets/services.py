"""Writes for the plans app. ``import_plan`` is the one import path: the web page, the
admin and ``manage.py import_plan`` all call it."""

from __future__ import annotations

import datetime
import hashlib
import re
from contextlib import nullcontext
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.audit import acting_as
from followup.selectors import in_plan, outside_plan_message
from followup.services import FollowUpError, record_follow_up
from plans import services as plan_services
from plans.models import Activity, ImportReceipt, Plan
from plans.selectors import title_taken
from spreadsheets.importing.analysis import Analyser, NewActivity, Pending
from spreadsheets.importing.reading import FileRejected, read_sheets
from spreadsheets.importing.results import ImportResult, Issue


@dataclass
class NewPlan:
    """A plan to create from the file (the period is taken from the title or the dates)."""

    title: str
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    registration_number: str = ""


def import_plan(
    data: bytes,
    *,
    filename: str = "",
    plan: Plan | None = None,
    new_plan: NewPlan | None = None,
    user=None,
    dry_run: bool = True,
    create_actors: bool = False,
    tertial=None,
    expected_fingerprint: str = "",
    claim: str = "",
) -> ImportResult:
    """Import a plan's table from .xlsx, .ods, .xls or CSV bytes into ``plan`` (or a new plan).

    With ``dry_run`` nothing is written: the result is the preview. Otherwise all of it
    is written in one transaction, and only if no row has an error. History rows name
    ``user``. With ``expected_fingerprint`` (from the preview) nothing is written if
    the outcome would differ from what the preview showed. With ``claim`` (the preview's
    token) the import runs at most once: a second call with the same claim writes
    nothing and returns ``already_imported`` with the plan's id, even when both run at
    the same moment (the claim is a unique row inserted in the import's transaction).
    A new plan without a title takes the file's title row.
    """
    result = ImportResult(filename=filename, dry_run=dry_run)
    if (plan is None) == (new_plan is None):
        raise ValueError("Give exactly one of plan and new_plan.")
    claim_hash = hashlib.sha256(claim.encode()).hexdigest() if claim else ""
    if claim_hash and not dry_run and _already_imported(claim_hash, result):
        return result
    try:
        sheets = read_sheets(data, filename)
    except FileRejected as exc:
        result.file_errors.append(Issue(str(exc)))
        _describe_plan(result, plan, new_plan)
        return result
    if tertial is not None:
        result.tertial_label = tertial.label
        if plan is not None and not in_plan(plan, tertial):
            result.file_errors.append(Issue(outside_plan_message(plan, tertial)))
            _describe_plan(result, plan, new_plan)
            return result
    if plan is not None:  # archived plans are read-only (plans.services)
        try:
            plan_services.ensure_writable(plan)
        except plan_services.PlanError as exc:
            result.file_errors.append(Issue(str(exc)))
            _describe_plan(result, plan, new_plan)
            return result
    if plan is None:
        plan = Plan()  # titled below, once the file's title row is known
    pending = Analyser(sheets, plan=plan, create_actors=create_actors, tertial=tertial).run(result)
    if plan.pk is None:
        _title_new_plan(plan, new_plan, result)
    _describe_plan(result, plan, new_plan)
    if plan.pk is None and result.ok:
        _set_period(plan, new_plan, pending, result)
        _check_tertial_in_new_plan(plan, tertial, result)
    if dry_run:
        return result
    if not result.ok or (expected_fingerprint and result.fingerprint() != expected_fingerprint):
        # The same preview confirmed a moment ago explains the difference, if it was.
        if claim_hash and _already_imported(claim_hash, result):
            return result
        if result.ok:
            # The plan changed after the preview: what was shown is no longer true.
            result.stale = True
        return result
    reason = _("Import från %(file)s") % {"file": filename} if filename else _("Import från fil")
    try:
        with transaction.atomic(), acting_as(user) if user is not None else nullcontext():
            receipt = _claim(claim_hash, user) if claim_hash else None
            plan = _write(pending, user, reason[:100])
            if receipt is not None:
                receipt.plan = plan
                receipt.save(update_fields=["plan"])
                result.receipt_id = receipt.pk
    except plan_services.StaleError:  # someone saved an activity after the preview
        result.stale = True
        return result
    except (_Refused, plan_services.PlanError) as exc:  # rolled back: nothing was written
        result.file_errors.append(Issue(str(exc)))
        return result
    except ValidationError as exc:
        result.file_errors.extend(Issue(message) for message in exc.messages)
        return result
    except _AlreadyClaimed:
        _already_imported(claim_hash, result)
        return result
    result.applied = True
    result.plan_id = plan.pk
    return result


class _AlreadyClaimed(Exception):
    """Another request confirmed the same preview first."""


def _claim(claim_hash: str, user) -> ImportReceipt:
    """Insert the preview's receipt; a concurrent insert of the same one waits, then fails."""
    try:
        with transaction.atomic():
            return ImportReceipt.objects.create(
                token_hash=claim_hash, user=user if getattr(user, "pk", None) else None
            )
    except IntegrityError as exc:
        raise _AlreadyClaimed from exc


def confirmed_import(claim: str, user) -> ImportReceipt | None:
    """The receipt of the import confirmed with this preview token by ``user``, if any."""
    claim_hash = hashlib.sha256(claim.encode()).hexdigest()
    return (
        ImportReceipt.objects.filter(token_hash=claim_hash, user=user)
        .select_related("plan")
        .first()
    )


def _already_imported(claim_hash: str, result: ImportResult) -> bool:
    receipt = ImportReceipt.objects.filter(token_hash=claim_hash).select_related("plan").first()
    if receipt is None:
        return False
    result.already_imported = True
    result.receipt_id = receipt.pk
    result.file_errors.clear()
    result.rows.clear()
    result.stale = False
    if receipt.plan is not None:
        result.plan_id, result.plan_title = receipt.plan.pk, receipt.plan.title
        result.plan_is_new = False
    return True


def _describe_plan(result: ImportResult, plan: Plan | None, new_plan: NewPlan | None) -> None:
    result.plan_is_new = plan is None or plan.pk is None
    result.plan_title = plan.title if plan is not None and plan.title else new_plan.title
    result.plan_id = plan.pk if plan is not None else None


def _title_new_plan(plan: Plan, new_plan: NewPlan, result: ImportResult) -> None:
    """The new plan's title: as typed, else the file's title row."""
    title = " ".join(new_plan.title.split()) or result.file_title
    limit = Plan._meta.get_field("title").max_length
    if not title:
        result.file_errors.append(
            Issue(
                result.file_title_problem
                or _(
                    "Ange en titel för den nya planen (filen har ingen titelrad ovanför tabellen)."
                ),
                field="new_plan_title",
            )
        )
    elif len(title) > limit:  # typed (the command): the form allows no more
        result.file_errors.append(
            Issue(
                _("Planens titel har %(n)s tecken; den får ha högst %(max)s.")
                % {"n": len(title), "max": limit},
                field="new_plan_title",
            )
        )
    elif title_taken(title):
        result.file_errors.append(
            Issue(
                _("Det finns redan en plan som heter ”%(title)s”. Välj den i stället.")
                % {"title": title},
                field="new_plan_title",
            )
        )
    plan.title = title
    plan.registration_number = new_plan.registration_number
    plan.status = Plan.Status.DRAFT


_YEARS = re.compile(r"\b(20\d\d|19\d\d)\b(?:\s*[-–/]\s*(20\d\d|19\d\d)\b)?")


def _check_tertial_in_new_plan(plan: Plan, tertial, result: ImportResult) -> None:
    """The tertial of the Uppföljning column must lie in the new plan's period too."""
    if tertial is None or not (plan.period_start and plan.period_end):
        return
    field = Plan._meta.get_field("period_start")
    period = Plan(
        title=plan.title,
        period_start=field.to_python(plan.period_start),
        period_end=field.to_python(plan.period_end),
    )
    if not in_plan(period, tertial):
        result.file_errors.append(Issue(outside_plan_message(period, tertial)))


def _set_period(plan: Plan, new_plan: NewPlan, pending: Pending, result: ImportResult) -> None:
    """The new plan's period: as given, else the years in its title, else its dates."""
    start, end = new_plan.period_start, new_plan.period_end
    if not (start and end):
        match = _YEARS.search(plan.title)
        if match:
            first = int(match.group(1))
            last = int(match.group(2) or first)
        else:
            years = [n.deadline.year for n in pending.creates if n.deadline]
            today = timezone.localdate()
            first, last = (min(years), max(years)) if years else (today.year, today.year)
        start = start or datetime.date(first, 1, 1)
        end = end or datetime.date(max(last, start.year), 12, 31)
    try:
        plan_services.check_period(start, end)
    except ValidationError as exc:
        result.file_errors.extend(Issue(message) for message in exc.messages)
    plan.period_start, plan.period_end = start, end
    result.plan_period_start, result.plan_period_end = start, end


def _write(pending: Pending, user, reason: str) -> Plan:
    """Carry out the writes through ``plans.services`` (the rules of pages and admin, in
    bulk); returns the plan (a new one is created as a draft here)."""
    plan = pending.plan
    created = plan.pk is None
    if created:
        plan = plan_services.create_plan(
            user=user,
            reason=reason,
            title=plan.title,
            registration_number=plan.registration_number,
            period_start=plan.period_start,
            period_end=plan.period_end,
        )
        pending.plan = plan
    for actor in pending.new_actors:
        actor.save()
    plan_services.bulk_add_focus_areas(plan, pending.new_focus_areas, user=user, reason=reason)
    writes = [
        (new.row, plan_services.ActivityWrite(_new_activity(new), responsible=new.actors))
        for new in pending.creates
    ] + [
        (
            update.row,
            plan_services.ActivityWrite(
                update.activity,
                update.fields,
                responsible=update.actors if update.actors_changed else None,
            ),
        )
        for update in pending.updates
    ]
    writes.sort(key=lambda pair: pair[0])  # new and moved activities numbered in row order
    plan_services.bulk_write_activities(
        plan, [write for _row, write in writes], user=user, reason=reason
    )
    # A plan created by this import is a draft, yet the follow-ups its file records (the
    # document's own history, e.g. an adopted plan moved from Excel) come in with it.
    _write_follow_ups(pending, user, created_plan=created)
    return plan


def _new_activity(new: NewActivity) -> Activity:
    new.activity = Activity(
        focus_area=new.focus_area,
        title=new.title,
        implementation=new.implementation,
        deadline=new.deadline,
        ongoing=new.ongoing,
    )
    return new.activity


class _Refused(Exception):
    """Raised inside the transaction to roll all of it back; the message is Swedish."""


def _write_follow_ups(pending: Pending, user, *, created_plan: bool = False) -> None:
    if not pending.follow_ups:
        return
    for write in pending.follow_ups:
        activity = write.target.activity if isinstance(write.target, NewActivity) else write.target
        kwargs = {"comment": write.comment, "allow_draft": created_plan}
        if write.status:
            kwargs["status"] = write.status
        try:
            record_follow_up(activity=activity, tertial=write.tertial, user=user, **kwargs)
        except (ValidationError, FollowUpError) as exc:
            # Checked in the preview already; this is someone else's change in between.
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise _Refused(
                _("Uppföljningen för ”%(activity)s” kunde inte sparas: %(error)s")
                % {"activity": activity, "error": " ".join(messages)}
            ) from exc
