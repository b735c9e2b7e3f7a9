"""Writes for the plans app: writing a plan, its focus areas and activities (below), and
bringing back a deleted plan, focus area or activity.

django-simple-history keeps a row for every delete ("-") with the object's last values;
restoring saves that object again under its old id, with what was deleted along with it
(a plan's focus areas and activities, an activity's responsible actors). The restore is
itself a history row, by the user who did it, in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import PLAN_TEXT_FIELDS, Activity, FocusArea, Plan
from plans.selectors import title_taken

#: Children deleted within this time of their parent count as deleted with it (a cascade).
SAME_DELETE = datetime.timedelta(seconds=10)


class RestoreError(Exception):
    """The object cannot be restored; the message says why in Swedish."""


def _children(model: type[Model], parent_field: str, record) -> list:
    """Deleted records of ``model`` whose parent is ``record``'s object, deleted with it."""
    since = record.history_date - SAME_DELETE
    candidates = model.history.filter(
        **{parent_field: record.id},
        history_type="-",
        history_date__gte=since,
        history_date__lte=record.history_date + SAME_DELETE,
    ).exclude(id__in=model.objects.values("id"))
    latest = {}
    for rec in candidates.order_by("history_date", "history_id"):
        latest[rec.id] = rec
    return list(latest.values())


def _last_values(model: type[Model], pk: int):
    """The last saved version before the delete (a delete row has no many-to-many values)."""
    return (
        model.history.filter(id=pk)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )


def _save(record, reason: str) -> Model:
    obj = record.instance
    obj._change_reason = reason
    actor_ids = []
    if isinstance(obj, Activity):  # read before the save writes a new history row
        before = _last_values(Activity, obj.pk)
        actor_ids = [row.actor_id for row in before.responsible.all()] if before else []
    if isinstance(obj, Plan) and Plan.objects.filter(slug=obj.slug).exists():
        obj.slug = ""  # a new plan took the address: make a new one
    obj.save(force_insert=True)
    if actor_ids:
        obj.responsible.set(actor_ids)
    return obj


def restore(model: type[Model], history_id: int) -> Model:
    """Restore the deleted object whose delete is the history row ``history_id``.

    Returns the object. Raises ``RestoreError`` if the row is not a delete, the object
    exists again, its parent is still deleted, or a newer object takes its place (same
    diarienummer, order or title).
    """
    reason = _("Återställd efter borttagning")
    try:
        record = model.history.get(history_id=history_id)
    except model.history.model.DoesNotExist:
        raise RestoreError(_("Det finns ingen sådan borttagning.")) from None
    if record.history_type != "-" or model.objects.filter(pk=record.id).exists():
        raise RestoreError(_("”%(obj)s” är inte borttagen.") % {"obj": record.instance})
    if model is FocusArea and not Plan.objects.filter(pk=record.plan_id).exists():
        raise RestoreError(_("Planen som fokusområdet hörde till är borttagen. Återställ planen."))
    if model is Activity and not FocusArea.objects.filter(pk=record.focus_area_id).exists():
        raise RestoreError(
            _("Fokusområdet som aktiviteten hörde till är borttaget. Återställ det först.")
        )
    try:
        with transaction.atomic():
            obj = _save(record, reason)
            areas = _children(FocusArea, "plan_id", record) if model is Plan else []
            for area_record in areas:
                _save(area_record, reason)
            parents = [record, *areas] if model is Plan else [record]
            if model in (Plan, FocusArea):
                for parent in parents:
                    if parent.instance.__class__ is FocusArea:
                        for activity_record in _children(Activity, "focus_area_id", parent):
                            _save(activity_record, reason)
    except IntegrityError:
        raise RestoreError(
            _(
                "”%(obj)s” kan inte återställas: något nytt har samma diarienummer, ordning "
                "eller titel. Ändra det nya och försök igen."
            )
            % {"obj": record.instance}
        ) from None
    return obj


# --- Writing a plan in the app (issue #17) -------------------------------------------------
#
# The one code path for every rule of a plan's life: the plan pages, admin, the Excel import,
# the carry-over (followup.carry_over) and the commands call these. They check the rules of
# the data (status, stale version, follow-up that forbids a delete), not the user's role:
# callers ask ``actors.permissions`` first. Every write is a history row by ``user``.

#: The plan's own fields a page or a command may set.
PLAN_FIELDS = (
    "title",
    "registration_number",
    "decision_body",
    "decision_paragraph",
    "decision_date",
    "decision_text",
    "period_start",
    "period_end",
    *PLAN_TEXT_FIELDS,
    "network",
    "checklist",
)
ACTIVITY_FIELDS = ("title", "implementation", "deadline", "ongoing")


class PlanError(Exception):
    """A change to a plan could not be made; the message says why, in Swedish."""


class StaleError(PlanError):
    """Someone else saved the object after it was opened: nothing is overwritten."""

    def __init__(self, message: str, current):
        super().__init__(message)
        self.current = current


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def ensure_writable(plan: Plan) -> None:
    """Archived plans are read-only: every write (pages, admin, import) asks this first."""
    if plan.is_archived:
        raise PlanError(_("”%(plan)s” är arkiverad och kan inte ändras.") % {"plan": plan.title})


#: What a refused stale save says: on the plan pages (which then show the saved version) and
#: in admin (which does not).
STALE_ON_PAGE = gettext_lazy(
    "%(who)s sparade ”%(obj)s” efter att du öppnade sidan. Din ändring är inte "
    "sparad. Jämför med deras version nedan och spara igen."
)
STALE_IN_ADMIN = gettext_lazy(
    "%(who)s sparade ”%(obj)s” efter att du öppnade sidan. Din ändring är inte "
    "sparad: öppna sidan igen och gör ändringen på nytt."
)


def _locked(model, obj, expected_version: int | None, stale_message=STALE_ON_PAGE):
    """The object, locked for the transaction; StaleError (``stale_message``) if its version
    moved on, PlanError if it is gone."""
    current = model.objects.select_for_update().filter(pk=obj.pk).first()
    if current is None:
        raise PlanError(
            _("”%(obj)s” har tagits bort av någon annan. Ladda om sidan.") % {"obj": obj}
        )
    if expected_version is not None and current.version != expected_version:
        raise StaleError(
            str(stale_message) % {"who": last_editor(current), "obj": current}, current
        )
    return current


def last_editor(obj) -> str:
    """Who saved ``obj`` last, by name, for a stale form's message ("Någon annan" if unknown)."""
    last = obj.history.order_by("-history_date", "-history_id").first()
    if last and last.history_user:
        return last.history_user.get_full_name() or last.history_user.get_username()
    return _("Någon annan")


def check_version(obj, shown_version: int | None) -> None:
    """Admin's optimistic locking: StaleError if ``obj`` (a plan, focus area or activity) was
    saved after a form showed it at ``shown_version`` (None: the form had no version),
    PlanError if it is gone. The row stays locked for admin's transaction, until its save."""
    if shown_version is None or obj.pk is None:
        return
    _locked(type(obj), obj, shown_version, STALE_IN_ADMIN)


def bump_version(obj) -> None:
    """A saved object's version counts up by one on every change: the plan pages' forms carry
    the version they showed, and a save against an older one is refused (``_locked``)."""
    if obj.pk:
        obj.version += 1


def _write(obj, user, reason: str = "") -> None:
    """Validate (Swedish messages), bump the version and save with a history row by ``user``."""
    obj._history_user = _user(user)
    if reason:
        obj._change_reason = reason
    bump_version(obj)
    exclude = ["slug"] if isinstance(obj, Plan) else ["focus_area", "plan"]
    obj.full_clean(exclude=exclude, validate_unique=isinstance(obj, Plan))
    obj.save()


def validate_adoption(plan: Plan) -> dict[str, str]:
    """What a plan lacks to be adopted (Fastställd), per field, in Swedish: empty if nothing."""
    errors = {}
    if not plan.decision_body.strip():
        errors["decision_body"] = _("Ange vilket organ som fastställde planen.")
    if not plan.decision_paragraph.strip():
        errors["decision_paragraph"] = _("Ange beslutets paragraf, t.ex. §138.")
    if not plan.decision_date:
        errors["decision_date"] = _("Ange beslutsdatum.")
    return errors


def validate_status_change(plan: Plan, old: str, new: str) -> None:
    """ValidationError (per field, Swedish) unless ``plan`` (with its new values) may go
    from status ``old`` to ``new``: the one rule for pages, admin and commands."""
    if new == old:
        return
    if new not in TRANSITIONS.get(old, set()):
        raise ValidationError(
            {
                "status": _("En plan med status %(from)s kan inte få status %(to)s.")
                % {
                    "from": Plan.Status(old).label,
                    "to": Plan.Status(new).label if new in Plan.Status.values else new,
                }
            }
        )
    if new == Plan.Status.ADOPTED and (errors := validate_adoption(plan)):
        raise ValidationError(errors)


def stamp_admin_save(obj, old_status: str | None = None) -> None:
    """What a save in admin must do as the services do: a new version (optimistic locking of
    the plan pages) and, when a plan becomes Fastställd, the time of adoption."""
    from django.utils import timezone

    bump_version(obj)
    if isinstance(obj, Plan) and obj.is_adopted and old_status != Plan.Status.ADOPTED:
        obj.adopted_at = timezone.now()


def check_title_is_free(plan: Plan) -> None:
    """Two plans may not share a title: lists, the board and the import choose by it.

    Titles are compared by ``selectors.title_key``. Raises ValidationError on ``title``.
    """
    if title_taken(plan.title, exclude_pk=plan.pk):
        raise ValidationError(
            {"title": _("Det finns redan en plan som heter ”%(title)s”. Välj en annan titel.")
             % {"title": plan.title}}
        )  # fmt: skip


#: The years a plan's period may lie in, and how long it may run: a municipal action plan
#: runs a few years. Outside these a typo (year 1 for 2001, 9999) would give a plan thousands
#: of tertials: every page and report that lists them would grow with them.
PERIOD_YEARS = (1900, 2199)
PERIOD_MAX_YEARS = 10
_PERIOD_MAX_DAYS = round(PERIOD_MAX_YEARS * 365.25)  # leap days included


def check_period(start, end) -> None:
    """A plan's period ends after it starts, lies in the years ``PERIOD_YEARS`` and runs at
    most ``PERIOD_MAX_YEARS`` years (pages, admin, carry-over form, import). ValidationError on
    the field concerned; the database's check constraint says the first."""
    first, last = PERIOD_YEARS
    for name, day in (("period_start", start), ("period_end", end)):
        if day and not first <= day.year <= last:
            raise ValidationError(
                {
                    name: _(
                        "Året %(year)s går inte: en plans period ligger mellan %(first)s och "
                        "%(last)s."
                    )
                    % {"year": day.year, "first": first, "last": last}
                }
            )
    if start and end and end <= start:
        raise ValidationError({"period_end": _("Planens slutdatum måste vara efter startdatumet.")})
    if start and end and (end - start).days > _PERIOD_MAX_DAYS:
        raise ValidationError(
            {
                "period_end": _(
                    "En plan kan gälla högst %(n)s år; dela upp en längre period i flera planer."
                )
                % {"n": PERIOD_MAX_YEARS}
            }
        )


#: What may stop a plan's period from changing, registered by the apps that keep records per
#: tertial (followup registers its own in ``FollowupConfig.ready``: plans imports none of
#: them). Each check is called with the plan (its stored period) and the new start and end,
#: and returns why the change may not be made, as sentences in Swedish (empty: nothing).
PeriodCheck = Callable[[Plan, datetime.date, datetime.date], list[str]]
PERIOD_CHECKS: list[PeriodCheck] = []


def register_period_check(check: PeriodCheck) -> PeriodCheck:
    """Add ``check`` to ``PERIOD_CHECKS`` (once)."""
    if check not in PERIOD_CHECKS:
        PERIOD_CHECKS.append(check)
    return check


def check_period_change(plan: Plan, start, end) -> None:
    """The one rule for changing a saved plan's period, for the plan pages and admin: refused
    (ValidationError, not a field's: the reasons name tertials, not a date) when a registered
    check finds records the new period would leave outside, e.g. follow-up entries or a closed
    tertial with its filed report, which would then be out of reach. Nothing is checked for a
    new plan, an unchanged period or one that is not whole (``check_period`` says so)."""
    if plan.pk is None or not (start and end) or end <= start:
        return
    if (start, end) == (plan.period_start, plan.period_end):
        return
    reasons = [reason for check in PERIOD_CHECKS for reason in check(plan, start, end)]
    if reasons:
        reasons.append(
            _(
                "Perioden är inte ändrad. Välj en period som omfattar dessa tertialer; "
                "uppföljningen och de arkiverade rapporterna ligger kvar."
            )
        )
        raise ValidationError({NON_FIELD_ERRORS: reasons})


def create_plan(*, user, origin: Plan | None = None, reason: str = "", **fields) -> Plan:
    """A new plan, always a draft (Utkast). ``fields``: any of PLAN_FIELDS."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    plan = Plan(status=Plan.Status.DRAFT, origin=origin, **fields)
    check_title_is_free(plan)
    check_period(plan.period_start, plan.period_end)
    if plan.checklist_id is None:
        plan.checklist = default_checklist()
    with transaction.atomic():
        _write(plan, user, reason)
    return plan


def update_plan(plan: Plan, *, user, expected_version: int | None = None, **fields) -> Plan:
    """Change a plan's fields (PLAN_FIELDS); an adopted plan keeps its decision data."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    with transaction.atomic():
        current = _locked(Plan, plan, expected_version)
        ensure_writable(current)
        check_period_change(
            current,
            fields.get("period_start", current.period_start),
            fields.get("period_end", current.period_end),
        )
        for name, value in fields.items():
            setattr(current, name, value)
        check_title_is_free(current)
        check_period(current.period_start, current.period_end)
        if current.is_adopted and (errors := validate_adoption(current)):
            raise ValidationError(errors)
        _write(current, user)
    return current


#: The status a plan may go to from each status.
TRANSITIONS = {
    Plan.Status.DRAFT: {Plan.Status.ADOPTED},
    Plan.Status.ADOPTED: {Plan.Status.ARCHIVED},
    Plan.Status.ARCHIVED: set(),
}


def change_status(
    plan: Plan, status: str, *, user, expected_version: int | None = None, when=None
) -> Plan:
    """Utkast → Fastställd (decision body, paragraph and date required) → Arkiverad."""
    from django.utils import timezone

    with transaction.atomic():
        current = _locked(Plan, plan, expected_version)
        if status == current.status:
            return current
        try:
            validate_status_change(current, current.status, status)
        except ValidationError as exc:
            if list(exc.message_dict) == ["status"]:
                raise PlanError(" ".join(exc.message_dict["status"])) from None
            raise
        if status == Plan.Status.ADOPTED:
            current.adopted_at = when or timezone.now()
        current.status = status
        _write(current, user, reason=str(Plan.Status(status).label))
    return current


def default_checklist():
    """The checklist a new plan is checked against: the first one (the twelve recommendations)."""
    from plans.models import RecommendationList

    return RecommendationList.objects.order_by("pk").first()


def next_order(orders) -> int:
    """The number a new focus area or activity gets: after the last one (gaps are kept)."""
    return max(orders, default=0) + 1


def _next_order(queryset) -> int:
    return next_order(queryset.values_list("order", flat=True))


def focus_area_title(title: str) -> str:
    """A focus area's title as it is saved: runs of spaces and line breaks as one space."""
    return " ".join(title.split())


def add_focus_area(plan: Plan, *, title: str, user, origin=None) -> FocusArea:
    """A focus area at the end of the plan."""
    with transaction.atomic():
        plan = _locked(Plan, plan, None)
        ensure_writable(plan)
        title = focus_area_title(title)
        if plan.focus_areas.filter(title=title).exists():
            raise ValidationError({"title": _("Planen har redan ett fokusområde med den titeln.")})
        area = FocusArea(plan=plan, title=title, order=_next_order(plan.focus_areas.all()))
        _write(area, user)
    return area


def update_focus_area(
    area: FocusArea, *, title: str, user, expected_version: int | None = None
) -> FocusArea:
    with transaction.atomic():
        current = _locked(FocusArea, area, expected_version)
        ensure_writable(current.plan)
        title = focus_area_title(title)
        if current.plan.focus_areas.filter(title=title).exclude(pk=current.pk).exists():
            raise ValidationError({"title": _("Planen har redan ett fokusområde med den titeln.")})
        current.title = title
        _write(current, user)
    return current


def check_activity(fields: dict) -> None:
    """An activity has a deadline or is ongoing (Löpande), not both: pages, admin and import.
    ValidationError on ``deadline``."""
    if fields.get("ongoing") and fields.get("deadline"):
        raise ValidationError({"deadline": _("Välj antingen ett datum eller Löpande, inte båda.")})


def add_activity(
    area: FocusArea,
    *,
    user,
    responsible=(),
    origin: Activity | None = None,
    origin_note: str = "",
    origin_facts: dict | None = None,
    **fields,
) -> Activity:
    """An activity at the end of the focus area, with its responsible actors."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown activity fields: {sorted(unknown)}")
    check_activity(fields)
    with transaction.atomic():
        area = _locked(FocusArea, area, None)
        ensure_writable(area.plan)
        activity = Activity(
            focus_area=area,
            order=_next_order(area.activities.all()),
            origin=origin,
            origin_note=origin_note[:300],
            origin_facts=origin_facts or {},
            **fields,
        )
        _write(activity, user)
        activity._history_user = _user(user)
        activity.responsible.set(list(responsible))
    return activity


def update_activity(
    activity: Activity,
    *,
    user,
    expected_version: int | None = None,
    responsible=None,
    **fields,
) -> Activity:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown activity fields: {sorted(unknown)}")
    check_activity(fields)
    with transaction.atomic():
        current = _locked(Activity, activity, expected_version)
        ensure_writable(current.focus_area.plan)
        for name, value in fields.items():
            setattr(current, name, value)
        current._history_user = _user(user)
        if responsible is not None:  # before the save: its history row lists the actors
            current.responsible.set(list(responsible))
        _write(current, user)
    return current


def move(obj: FocusArea | Activity, direction: int, *, user) -> bool:
    """Swap a focus area or an activity with its neighbour above (-1) or below (+1).

    Returns False at the top or bottom (nothing to do). Both get a history row.
    """
    model = type(obj)
    with transaction.atomic():
        current = _locked(model, obj, None)
        plan = current.plan if model is FocusArea else current.focus_area.plan
        ensure_writable(plan)
        siblings = (
            model.objects.filter(plan=current.plan)
            if model is FocusArea
            else model.objects.filter(focus_area=current.focus_area)
        )
        if direction < 0:
            other = siblings.filter(order__lt=current.order).order_by("-order").first()
        else:
            other = siblings.filter(order__gt=current.order).order_by("order").first()
        if other is None:
            return False
        other = model.objects.select_for_update().get(pk=other.pk)
        mine, theirs = current.order, other.order
        # a free order first: (plan, order) and (focus_area, order) are unique
        model.objects.filter(pk=current.pk).update(order=_next_order(siblings))
        for item, order in ((other, mine), (current, theirs)):
            item.order = order
            item._history_user = _user(user)
            bump_version(item)
            item.save()
    return True


def has_follow_up(obj: FocusArea | Activity) -> bool:
    """Has the activity (or any of the area's) follow-up or contributions? Then it stays.

    Asked by the reverse relations followup defines (plans does not import followup).
    """
    activities = (
        Activity.objects.filter(focus_area=obj)
        if isinstance(obj, FocusArea)
        else Activity.objects.filter(pk=obj.pk)
    )
    return (
        activities.filter(follow_ups__isnull=False).exists()
        or activities.filter(contributions__isnull=False).exists()
    )


def delete(obj: FocusArea | Activity, *, user) -> None:
    """Delete a focus area (with its activities) or an activity that has no follow-up."""
    model = type(obj)
    with transaction.atomic():
        current = _locked(model, obj, None)
        plan = current.plan if model is FocusArea else current.focus_area.plan
        ensure_writable(plan)
        if has_follow_up(current):
            raise PlanError(
                _("”%(obj)s” har uppföljning och kan inte tas bort.") % {"obj": current}
            )
        if model is FocusArea:
            for activity in current.activities.all():
                activity._history_user = _user(user)
                activity.delete()
        current._history_user = _user(user)
        current.delete()


def save_assessment(
    plan: Plan,
    recommendation,
    *,
    user,
    state: str,
    note: str = "",
    activities=(),
    texts=(),
    expected_version: int | None = None,
):
    """Mark whether and where the plan addresses a recommendation (one row per pair)."""
    from plans.checklist_models import PLAN_TEXTS, Assessment

    known = {name for name, _label in PLAN_TEXTS}
    activities = list(activities)
    if any(a.focus_area.plan_id != plan.pk for a in activities):
        raise ValidationError({"activities": _("Välj aktiviteter i den här planen.")})
    with transaction.atomic():
        ensure_writable(plan)
        assessment, created = Assessment.objects.select_for_update().get_or_create(
            plan=plan, recommendation=recommendation
        )
        # ``expected_version`` 0: the page showed no assessment, so one that exists now was
        # made by someone else meanwhile (a first save is checked as well as a later one).
        if not created and expected_version not in (None, assessment.version):
            raise StaleError(
                _(
                    "%(who)s sparade avstämningen efter att du öppnade sidan. Din ändring är "
                    "inte sparad: jämför med den sparade versionen och spara igen för att "
                    "skriva över den."
                )
                % {"who": last_editor(assessment)},
                assessment,
            )
        assessment.state = state
        assessment.note = note.strip()
        assessment.texts = [t for t in texts if t in known]
        assessment._history_user = _user(user)
        assessment.activities.set(activities)
        _write(assessment, user)
    return assessment


# --- Many at once: the Excel import ---------------------------------------------------------
#
# The same rules as the functions above (archived plans read-only, numbering after the last,
# one focus-area title per plan, a deadline or Löpande, a new version on every change, a
# history row by ``user`` with ``reason``), applied to thousands of rows in a constant number
# of statements: bulk inserts and updates, history through ``vallentuna.history``.

BULK_BATCH_SIZE = 500


def writable_plan(plan: Plan) -> Plan:
    """The plan, locked for the transaction; PlanError if it is gone or archived."""
    current = _locked(Plan, plan, None)
    ensure_writable(current)
    return current


def bulk_add_focus_areas(plan: Plan, areas: list[FocusArea], *, user, reason: str = "") -> None:
    """Save ``areas`` (unsaved) at the end of ``plan``, in the order given, like
    ``add_focus_area`` does one by one."""
    from simple_history.utils import bulk_create_with_history

    if not areas:
        return
    with transaction.atomic():
        plan = writable_plan(plan)
        titles = set(plan.focus_areas.values_list("title", flat=True))
        order = _next_order(plan.focus_areas.all())
        for area in areas:
            area.plan = plan
            area.title = focus_area_title(area.title)
            if area.title in titles:
                raise ValidationError(
                    {"title": _("Planen har redan ett fokusområde med den titeln.")}
                )
            titles.add(area.title)
            area.order, area.version = order, 1
            order += 1
        bulk_create_with_history(
            areas,
            FocusArea,
            batch_size=BULK_BATCH_SIZE,
            default_user=_user(user),
            default_change_reason=reason or None,
        )


class ActivityWrite:
    """One activity to create (``activity.pk`` is None) or change, for ``bulk_write_activities``.

    ``fields``: any of ACTIVITY_FIELDS and ``focus_area`` (a move to another focus area of
    the plan); ``responsible``: the actors it should have, or None to keep them.
    """

    __slots__ = ("activity", "fields", "responsible")

    def __init__(self, activity: Activity, fields: dict | None = None, responsible=None):
        self.activity = activity
        self.fields = fields or {}
        self.responsible = responsible


def bulk_write_activities(
    plan: Plan, writes: list[ActivityWrite], *, user, reason: str = ""
) -> None:
    """Create and change many activities of ``plan`` at once, like ``add_activity`` and
    ``update_activity`` do one by one.

    New activities, and those moved to another focus area, are numbered after the last one
    of their focus area, in the order of ``writes``. A changed activity must still have the
    version it was read with (StaleError otherwise: someone saved it in between); it gets
    the next one. Every activity gets a history row with its actors.
    """
    from django.db.models import Max
    from django.utils import timezone

    from vallentuna.history import record_history

    if not writes:
        return
    allowed = {*ACTIVITY_FIELDS, "focus_area"}
    for write in writes:
        unknown = set(write.fields) - allowed
        if unknown:
            raise TypeError(f"Unknown activity fields: {sorted(unknown)}")
        check_activity(write.fields)
    with transaction.atomic():
        plan = writable_plan(plan)
        last = dict(
            Activity.objects.filter(focus_area__plan=plan)
            .values_list("focus_area")
            .annotate(m=Max("order"))
        )
        changed = [w for w in writes if w.activity.pk is not None]
        _check_versions(changed)
        creates: list[Activity] = []
        for write in writes:
            activity = write.activity
            for name, value in write.fields.items():
                setattr(activity, name, value)
            if activity.focus_area.plan_id != plan.pk:
                raise PlanError(_("Aktiviteten hör inte till planen ”%(plan)s”.") % {"plan": plan})
            if activity.pk is None or "focus_area" in write.fields:
                area_id = activity.focus_area.pk
                activity.order = last[area_id] = next_order([last.get(area_id, 0)])
            if activity.pk is None:
                activity.version = 1
                creates.append(activity)
            else:
                bump_version(activity)
        now = timezone.now()
        if creates:
            Activity.objects.bulk_create(creates, batch_size=BULK_BATCH_SIZE)
        if changed:
            fields = sorted(
                {"version", *(n for w in changed for n in w.fields)}
                | ({"order"} if any("focus_area" in w.fields for w in changed) else set())
            )
            Activity.objects.bulk_update(
                [w.activity for w in changed], fields, batch_size=BULK_BATCH_SIZE
            )
        _set_responsible(writes, new={a.pk for a in creates})
        record_history(creates, user=_user(user), reason=reason, date=now)
        record_history(
            [w.activity for w in changed], user=_user(user), reason=reason, update=True, date=now
        )


def _check_versions(changed: list[ActivityWrite]) -> None:
    """Lock the activities to change; StaleError if one was saved since it was read."""
    if not changed:
        return
    ids = [w.activity.pk for w in changed]
    current = {}
    for start in range(0, len(ids), BULK_BATCH_SIZE):
        current.update(
            Activity.objects.select_for_update()
            .filter(pk__in=ids[start : start + BULK_BATCH_SIZE])
            .values_list("pk", "version")
        )
    for write in changed:
        activity = write.activity
        if activity.pk not in current:
            raise PlanError(
                _("”%(obj)s” har tagits bort av någon annan. Ladda om sidan.") % {"obj": activity}
            )
        if current[activity.pk] != activity.version:
            raise StaleError(
                _("Någon annan sparade ”%(obj)s” under tiden. Inget är sparat; försök igen.")
                % {"obj": activity},
                Activity.objects.get(pk=activity.pk),
            )


def _set_responsible(writes: list[ActivityWrite], *, new: set[int]) -> None:
    """The actors of the activities whose ``responsible`` is given, in a few statements
    (``new``: activities just created, which have none yet)."""
    from django.db import connection

    wanted = {
        w.activity.pk: {a if isinstance(a, int) else a.pk for a in w.responsible}
        for w in writes
        if w.responsible is not None
    }
    if not wanted:
        return
    Through = Activity.responsible.through
    have: dict[int, dict[int, int]] = {}
    ids = [pk for pk in wanted if pk not in new]
    for start in range(0, len(ids), BULK_BATCH_SIZE):
        rows = Through.objects.filter(activity_id__in=ids[start : start + BULK_BATCH_SIZE])
        for through_id, activity_id, actor_id in rows.values_list("id", "activity_id", "actor_id"):
            have.setdefault(activity_id, {})[actor_id] = through_id
    remove = [
        through_id
        for activity_id, actors in wanted.items()
        for actor_id, through_id in have.get(activity_id, {}).items()
        if actor_id not in actors
    ]
    add = [
        (activity_id, actor_id)
        for activity_id, actors in wanted.items()
        for actor_id in sorted(actors)
        if actor_id not in have.get(activity_id, {})
    ]
    for start in range(0, len(remove), BULK_BATCH_SIZE):
        Through.objects.filter(pk__in=remove[start : start + BULK_BATCH_SIZE]).delete()
    if add:
        qn = connection.ops.quote_name
        # Identifiers come from the models (quoted), values are parameters.
        sql = "INSERT INTO {} ({}, {}) VALUES (%s, %s)".format(  # noqa: S608
            qn(Through._meta.db_table),
            qn(Through._meta.get_field("activity").column),
            qn(Through._meta.get_field("actor").column),
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, add)
