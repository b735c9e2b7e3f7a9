"""Reading follow-up: entries per tertial, an activity's latest status, and the board's rows.

Every function runs a fixed number of queries whatever the number of activities, so
the follow-up page, the report and the Excel export stay fast on large plans.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Actor
from followup.models import (
    FINISHED,
    STATUS_ICONS,
    Assessment,
    Contribution,
    FiledReport,
    FollowUp,
    ReportPdf,
    Status,
    TertialClosure,
)
from followup.tertial import Tertial
from plans.models import Activity, FocusArea, Plan

#: A plan with more activities than this shows one focus area at a time on the board (with a
#: navigation list of all areas and their progress), so the page stays small and fast
#: whatever the size of the plan; links to an activity then name its focus area.
BOARD_ALL_AREAS_LIMIT = 150


def one_area_at_a_time(activity_count: int) -> bool:
    """Does the board show a plan of ``activity_count`` activities one focus area at a time?"""
    return activity_count > BOARD_ALL_AREAS_LIMIT


def _ids(activity_ids: Iterable[int] | QuerySet) -> list[int] | QuerySet:
    if isinstance(activity_ids, QuerySet):
        return activity_ids
    return list(activity_ids)


def _latest_first(activity_ids: Iterable[int], up_to: Tertial | None) -> QuerySet[FollowUp]:
    """Entries at or before ``up_to``, numbered per activity from the latest (``rank`` 1)."""
    entries = FollowUp.objects.filter(activity_id__in=_ids(activity_ids))
    if up_to is not None:
        entries = entries.filter(
            Q(year__lt=up_to.year) | Q(year=up_to.year, number__lte=up_to.number)
        )
    return entries.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("activity_id")],
            order_by=[F("year").desc(), F("number").desc()],
        )
    ).select_related("reported_by")


def carried_status(tertial: Tertial):
    """For an ``Activity`` queryset: the status carried forward to ``tertial``, or NULL.

    That is the activity's latest entry at or before the tertial (the same rule as
    ``latest_follow_ups``). Read from ``LatestStatus`` when that row's entry is at or before
    the tertial, which is every activity when the tertial is the current one; only
    activities reported after a past tertial are looked up among their entries.
    """
    at_or_before = Q(latest_status__year__lt=tertial.year) | Q(
        latest_status__year=tertial.year, latest_status__number__lte=tertial.number
    )
    ranked = (
        FollowUp.objects.filter(activity_id=OuterRef("pk"))
        .filter(Q(year__lt=tertial.year) | Q(year=tertial.year, number__lte=tertial.number))
        .order_by("-year", "-number")
        .values("status")[:1]
    )
    return Case(
        When(latest_status__isnull=True, then=Value(None)),
        When(at_or_before, then=F("latest_status__status")),
        default=Subquery(ranked),
        output_field=CharField(),
    )


def latest_follow_ups(
    activity_ids: Iterable[int], up_to: Tertial | None = None
) -> dict[int, FollowUp]:
    """Each activity's latest entry at or before ``up_to`` (all time when None), one query.

    This is the activity's status as it stood then: a report for a past tertial uses it
    and so does not change when later tertials are reported.
    """
    return {e.activity_id: e for e in _latest_first(activity_ids, up_to).filter(rank=1)}


def entries_with_previous(
    activity_ids: Iterable[int], tertial: Tertial
) -> dict[int, tuple[FollowUp | None, FollowUp | None]]:
    """Each activity's entry for this tertial and its latest entry before it, one query.

    One query instead of two (the board and the report need both): the two latest entries
    up to the tertial, per activity. Activities without any entry are missing.
    """
    result: dict[int, tuple[FollowUp | None, FollowUp | None]] = {}
    entries = (
        _latest_first(activity_ids, tertial).filter(rank__lte=2).order_by("activity_id", "rank")
    )
    for entry in entries:
        current, previous = result.get(entry.activity_id, (None, None))
        if entry.rank == 1 and entry.tertial == tertial:
            current = entry
        elif previous is None:
            previous = entry
        result[entry.activity_id] = (current, previous)
    return result


def closure_for(plan: Plan, tertial: Tertial) -> TertialClosure | None:
    return TertialClosure.objects.filter(
        plan=plan, year=tertial.year, number=tertial.number
    ).first()


def is_closed(plan_id: int, tertial: Tertial) -> bool:
    return TertialClosure.objects.filter(
        plan_id=plan_id, year=tertial.year, number=tertial.number, closed=True
    ).exists()


def reference_date(tertial: Tertial, today: datetime.date | None = None) -> datetime.date:
    """The day against which 'overdue' is judged: today, or the day after a past tertial ended.

    A report for a past tertial must not change with the calendar, so it is judged as
    of the first day after that tertial.
    """
    today = today or timezone.localdate()
    return min(today, tertial.end + datetime.timedelta(days=1))


def is_overdue(activity: Activity, status: str | None, as_of: datetime.date) -> bool:
    """Deadline passed and neither Genomförd nor Avförd."""
    return bool(activity.deadline and activity.deadline < as_of and status not in FINISHED)


def is_due(activity: Activity, tertial: Tertial) -> bool:
    return bool(activity.deadline and activity.deadline in tertial)


@dataclass
class Row:
    """One activity as the board and the report show it for a tertial.

    Its status is the one *carried forward*: this tertial's entry, else the latest one
    before it (a report stands until replaced). ``reported`` says whether it was reported
    this tertial; ``carried_from`` names the earlier entry it is carried from; an activity
    with neither was never reported.
    """

    activity: Activity
    entry: FollowUp | None  # this tertial's entry
    previous: FollowUp | None  # latest entry before this tertial
    overdue: bool
    due: bool
    can_edit: bool = False

    @property
    def current(self) -> FollowUp | None:
        """The entry whose status and comment stand in this tertial."""
        return self.entry or self.previous

    @property
    def status(self) -> str | None:
        current = self.current
        return current.status if current else None

    @property
    def reported(self) -> bool:
        """Reported (updated) this tertial."""
        return self.entry is not None

    @property
    def carried_from(self) -> FollowUp | None:
        """The earlier entry whose status stands, when not reported this tertial."""
        return self.previous if self.entry is None else None

    @property
    def never_reported(self) -> bool:
        return self.entry is None and self.previous is None

    @property
    def not_updated(self) -> bool:
        """'Ej uppdaterad': unfinished and not reported this tertial."""
        return self.entry is None and self.status not in FINISHED

    @property
    def changed(self) -> bool:
        """Status differs from the latest one before this tertial."""
        before = self.previous.status if self.previous else None
        return self.entry is not None and self.entry.status != before


@dataclass
class Progress:
    """How many activities, per status (carried forward), reported this tertial, carried
    from an earlier one, never reported, overdue and due: a focus area or a plan."""

    total: int = 0
    reported: int = 0  # reported (updated) this tertial
    carried: int = 0  # status carried from an earlier tertial
    overdue: int = 0
    due: int = 0
    per_status: Counter = field(default_factory=Counter)

    def add(self, row: Row) -> None:
        self.total += 1
        self.reported += row.reported
        self.carried += row.carried_from is not None
        self.overdue += row.overdue
        self.due += row.due
        if row.status:
            self.per_status[row.status] += 1

    @property
    def not_reported(self) -> int:
        """Never reported: no status at all, this tertial or before."""
        return self.total - self.reported - self.carried

    @property
    def not_updated(self) -> int:
        """Not reported this tertial (carried or never reported)."""
        return self.total - self.reported

    @property
    def reported_share(self) -> int:
        return round(100 * self.reported / self.total) if self.total else 0

    def statuses(self) -> list[dict]:
        """Every status in scale order with count and share of all activities (percent)."""
        return [
            {
                "value": value,
                "label": label,
                "count": self.per_status.get(value, 0),
                "share": round(100 * self.per_status.get(value, 0) / self.total)
                if self.total
                else 0,
            }
            for value, label in Status.choices
        ]


@dataclass
class AreaRows:
    focus_area: FocusArea
    rows: list[Row]
    progress: Progress


@dataclass
class PlanStatus:
    plan: Plan
    tertial: Tertial
    as_of: datetime.date
    areas: list[AreaRows]
    progress: Progress
    closure: TertialClosure | None

    @property
    def closed(self) -> bool:
        return bool(self.closure and self.closure.closed)

    @property
    def rows(self) -> list[Row]:
        return [row for area in self.areas for row in area.rows]


def plan_status(
    plan: Plan,
    tertial: Tertial,
    *,
    today: datetime.date | None = None,
    areas: list[FocusArea] | None = None,
    only_area: int | None = None,
) -> PlanStatus:
    """All activities of a plan with their entry for the tertial, flags and progress.

    Five queries: focus areas, activities, their responsible actors, each activity's
    entry for the tertial with its latest one before, the closure. ``areas`` (the plan's focus
    areas, in order) saves the first. With ``only_area`` (a focus area's id) only that
    area's activities are read and only that area is returned: the work is then
    proportional to the area, not the plan (``progress`` is then that area's).
    """
    as_of = reference_date(tertial, today)
    if areas is None:
        areas = list(plan.focus_areas.order_by("order"))
    activities = Activity.objects.filter(focus_area__plan=plan)
    if only_area is not None:
        areas = [a for a in areas if a.pk == only_area]
        activities = activities.filter(focus_area_id=only_area)
    activities = list(
        activities.prefetch_related("responsible").order_by("focus_area__order", "order")
    )
    ids = [a.pk for a in activities]
    entries = entries_with_previous(ids, tertial)
    by_area: dict[int, list[Row]] = {a.pk: [] for a in areas}
    area_by_id = {a.pk: a for a in areas}
    for activity in activities:
        activity.focus_area = area_by_id[activity.focus_area_id]  # no query per row
        activity.focus_area.plan = plan
        entry, previous = entries.get(activity.pk, (None, None))
        current = entry or previous
        status = current.status if current else None
        by_area[activity.focus_area_id].append(
            Row(
                activity=activity,
                entry=entry,
                previous=previous,
                overdue=is_overdue(activity, status, as_of),
                due=is_due(activity, tertial),
            )
        )
    total = Progress()
    result = []
    for area in areas:
        progress = Progress()
        for row in by_area[area.pk]:
            progress.add(row)
            total.add(row)
        result.append(AreaRows(area, by_area[area.pk], progress))
    return PlanStatus(plan, tertial, as_of, result, total, closure_for(plan, tertial))


def data_version() -> str:
    """The latest recorded change to follow-up data, all plans: one query of index look-ups.

    Every change to plans, focus areas, activities (their actors too), entries, closures
    and actors writes a history row (GUIDE: every change is attributable; imports, commands
    and tasks too), so the highest history id of each moves with every change. Counted
    figures that cost time in proportion to a plan's size (the board's plan-wide progress,
    Översikt) are cached under it: each change makes the next request count afresh.
    """
    models = (Plan, FocusArea, Activity, FollowUp, TertialClosure, Actor, Contribution)
    columns = [(m.history.model._meta.db_table, "history_id") for m in models]
    # and the newest rows themselves: rows inserted in bulk without history (test and bench
    # helpers, fixtures) move the version too
    columns += [(m._meta.db_table, m._meta.pk.column) for m in models[:4]]
    qn = connection.ops.quote_name
    # Identifiers come from the models (quoted); there are no values.
    maxima = ", ".join(f"(SELECT MAX({qn(c)}) FROM {qn(t)})" for t, c in columns)  # noqa: S608
    sql = "SELECT " + maxima
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return "-".join(str(v or 0) for v in cursor.fetchone())


def cached_figures(key: str, compute):
    """``compute()``, cached under ``key`` and the current ``data_version``.

    Two queries on a hit (the version, the cache); on a miss, what ``compute`` runs as well
    and the cache write. ``key`` must name everything else the figures depend on (plan,
    tertial, the day).
    """
    seconds = settings.FIGURES_CACHE_SECONDS  # keyed by the data version: never stale
    if not seconds:
        return compute()
    full_key = f"figures:{key}:{data_version()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, seconds)
    return value


def plan_total_progress(
    plan: Plan, tertial: Tertial, *, today: datetime.date | None = None
) -> Progress:
    """The plan's progress in the tertial, all areas together, cached (``cached_figures``).

    Counting a 20,000-activity plan costs tens of milliseconds; the board shows it on every
    request, while it only changes with the data.
    """
    as_of = reference_date(tertial, today)

    def count():
        total, _ = plan_progress(plan, tertial, today=today)
        return total

    return cached_figures(f"plan-progress:{plan.pk}:{tertial.slug}:{as_of.isoformat()}", count)


def plan_progress(
    plan: Plan,
    tertial: Tertial,
    *,
    today: datetime.date | None = None,
    area_ids: Iterable[int] | None = None,
) -> tuple[Progress, dict[int, Progress]]:
    """The plan's progress and each focus area's (by id), counted in the database: three queries.

    The same figures as ``plan_status`` gives without reading the activities: this
    tertial's entries counted per area and status, and the activities counted per area
    (all, due this tertial, overdue: deadline passed and their status carried forward to
    this tertial not finished). An area without activities is missing from the dict.
    With ``area_ids`` only those areas are counted (what a page shows: the work is then
    proportional to them) and the total is only theirs; ``plan_total_progress`` gives
    the whole plan's.
    """
    as_of = reference_date(tertial, today)
    activities = Activity.objects.filter(focus_area__plan=plan)
    entries = FollowUp.objects.filter(
        activity__focus_area__plan=plan, year=tertial.year, number=tertial.number
    )
    if area_ids is not None:
        area_ids = list(area_ids)
        activities = activities.filter(focus_area_id__in=area_ids)
        entries = entries.filter(activity__focus_area_id__in=area_ids)
    per_area = (
        activities.annotate(carried=Coalesce(carried_status(tertial), Value("")))
        .order_by()
        .values("focus_area_id")
        .annotate(
            n_total=Count("pk"),
            n_due=Count("pk", filter=Q(deadline__gte=tertial.start, deadline__lte=tertial.end)),
            n_overdue=Count("pk", filter=Q(deadline__lt=as_of) & ~Q(carried__in=list(FINISHED))),
        )
    )
    by_area = {
        row["focus_area_id"]: Progress(
            total=row["n_total"], overdue=row["n_overdue"], due=row["n_due"]
        )
        for row in per_area
    }
    reported = entries.order_by().values("activity__focus_area_id").annotate(n=Count("pk"))
    for row in reported:
        by_area[row["activity__focus_area_id"]].reported += row["n"]
    carried = (
        activities.annotate(carried=carried_status(tertial))
        .filter(carried__isnull=False)
        .order_by()
        .values("focus_area_id", "carried")
        .annotate(n=Count("pk"))
    )
    for row in carried:
        progress = by_area[row["focus_area_id"]]
        progress.per_status[row["carried"]] += row["n"]
    for progress in by_area.values():
        progress.carried = sum(progress.per_status.values()) - progress.reported
    total = Progress()
    for progress in by_area.values():
        total.total += progress.total
        total.reported += progress.reported
        total.carried += progress.carried
        total.overdue += progress.overdue
        total.due += progress.due
        total.per_status.update(progress.per_status)
    return total, by_area


def default_plan(plans: Iterable[Plan]) -> Plan | None:
    """The first adopted plan, else the first plan."""
    plans = list(plans)
    for plan in plans:
        if plan.status == Plan.Status.ADOPTED:
            return plan
    return plans[0] if plans else None


def reportable_tertials(plan: Plan) -> list[Tertial]:
    """The tertials of the plan's period, oldest first."""
    return Tertial.between(Tertial.of(plan.period_start), Tertial.of(plan.period_end))


def _plan_tertials(plan: Plan) -> tuple[Tertial, Tertial]:
    """The first and last tertial of the plan's period (dates given as text count too: a plan
    created from an import's options holds them so until read again)."""
    start, end = plan.period_start, plan.period_end
    start = datetime.date.fromisoformat(start) if isinstance(start, str) else start
    end = datetime.date.fromisoformat(end) if isinstance(end, str) else end
    return Tertial.of(start), Tertial.of(end)


def in_plan(plan: Plan, tertial: Tertial) -> bool:
    """Does the tertial overlap the plan's period? Only those tertials can be followed up."""
    first, last = _plan_tertials(plan)
    return first <= tertial <= last


def outside_plan_message(plan: Plan, tertial: Tertial) -> str:
    first, last = _plan_tertials(plan)
    return _(
        "%(tertial)s ligger utanför planens period: ”%(plan)s” följs upp %(first)s–%(last)s."
    ) % {"tertial": tertial.label, "plan": plan.title, "first": first.label, "last": last.label}


def _outside(first: Tertial, last: Tertial) -> Q:
    """Rows (with ``year`` and ``number``) of a tertial before ``first`` or after ``last``.

    A tertial overlaps a period when it starts on or before the period's end and ends on or
    after its start; compared on (year, number) against the tertials of the period's ends.
    """
    before = Q(year__lt=first.year) | Q(year=first.year, number__lt=first.number)
    after = Q(year__gt=last.year) | Q(year=last.year, number__gt=last.number)
    return before | after


def entries_outside_period() -> QuerySet[FollowUp]:
    """Follow-up entries whose tertial lies outside their plan's period (for the check command)."""
    plan = "activity__focus_area__plan__"
    wrong = Q()
    for plan_obj in Plan.objects.only("pk", "period_start", "period_end"):
        first, last = Tertial.of(plan_obj.period_start), Tertial.of(plan_obj.period_end)
        wrong |= Q(**{plan + "pk": plan_obj.pk}) & _outside(first, last)
    if not wrong:
        return FollowUp.objects.none()
    return (
        FollowUp.objects.filter(wrong)
        .select_related("activity__focus_area__plan")
        .order_by("activity__focus_area__plan__title", "activity_id", "year", "number")
    )


@dataclass
class OutsidePeriod:
    """What a plan keeps per tertial that a new period would leave outside it."""

    #: tertial → the numbers ('2.1') of the activities with an entry or a contribution there
    entries: dict[Tertial, list[str]] = field(default_factory=dict)
    #: tertials closed, or with a filed report (a tertial reopened keeps its versions)
    filed: list[Tertial] = field(default_factory=list)
    #: tertials with a samlad bedömning
    assessments: list[Tertial] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.entries or self.filed or self.assessments)


def outside_new_period(plan: Plan, start: datetime.date, end: datetime.date) -> OutsidePeriod:
    """The plan's entries, contributions, closed or filed tertials and assessments that the
    plan's period covers now and ``start``–``end`` would leave outside
    (``plans.services.check_period_change``). Records already outside (made before periods
    were enforced, see ``entries_outside_period``) are out of reach either way, so they do not
    stop a change; widening never finds anything. Five queries."""
    now = _outside(Tertial.of(plan.period_start), Tertial.of(plan.period_end))
    outside = _outside(Tertial.of(start), Tertial.of(end)) & ~now
    numbers: dict[Tertial, set[tuple[int, int]]] = {}
    for model in (FollowUp, Contribution):
        rows = (
            model.objects.filter(outside, activity__focus_area__plan=plan)
            .values_list("year", "number", "activity__focus_area__order", "activity__order")
            .distinct()
        )
        for year, number, area, order in rows:
            numbers.setdefault(Tertial(year, number), set()).add((area, order))

    def tertials(queryset) -> list[Tertial]:
        return sorted(
            {Tertial(y, n) for y, n in queryset.filter(outside).values_list("year", "number")}
        )

    filed = set(tertials(TertialClosure.objects.filter(plan=plan, closed=True)))
    filed |= set(tertials(FiledReport.objects.filter(plan=plan)))
    return OutsidePeriod(
        entries={
            t: [f"{area}.{order}" for area, order in sorted(numbers[t])] for t in sorted(numbers)
        },
        filed=sorted(filed),
        assessments=tertials(Assessment.objects.filter(plan=plan).exclude(text="")),
    )


def default_tertial(plan: Plan | None) -> Tertial:
    """The current tertial, kept within the plan's period (a finished plan opens on its last)."""
    current = Tertial.current()
    if plan is None:
        return current
    return max(Tertial.of(plan.period_start), min(current, Tertial.of(plan.period_end)))


#: Part of every report's data version: raise it when the report's template or layout changes,
#: so that PDFs rendered by an older release are not served again.
REPORT_LAYOUT_VERSION = 1


def report_data_version(
    plan: Plan,
    tertial: Tertial,
    *,
    today: datetime.date | None = None,
    version: int | None = None,
) -> str:
    """A fingerprint of what the tertial report shows: it changes when any of it changes. One query.

    Every change to plans, focus areas, activities (their actors included), entries,
    closures and actors is recorded in the history tables (GUIDE: every change is
    attributable; imports write history rows too), so the latest history id per kind, for
    this plan, moves with every edit. With it: the number of the plan's activities (one moved
    to another plan leaves no row here), the day 'overdue' is judged on
    (``reference_date``), the municipality's name and ``REPORT_LAYOUT_VERSION``. Returned
    as a hex SHA-256 (64 characters), the key of the cached PDF (``ReportPdf``).

    A filed ``version`` worded anew is frozen, but its appendix, checklist annex and
    carried-over list are read live, so its key is the same fingerprint with the version.
    """

    def latest(model, **filters):
        history = model.history.model
        # MAX() as a plain function: one row, no GROUP BY
        return Subquery(
            history.objects.filter(**filters)
            .order_by()
            .values(m=Func(F("history_id"), function="MAX"))
        )

    area_ids = FocusArea.history.model.objects.filter(plan_id=OuterRef(OuterRef("pk"))).values("id")
    activity_ids = Activity.objects.filter(focus_area__plan=OuterRef(OuterRef("pk"))).values("pk")
    row = (
        Plan.objects.filter(pk=plan.pk)
        .annotate(
            v_plan=latest(Plan, id=OuterRef("pk")),
            v_areas=latest(FocusArea, plan_id=OuterRef("pk")),
            v_activities=latest(Activity, focus_area_id__in=area_ids),
            v_entries=latest(FollowUp, activity_id__in=activity_ids),
            v_contributions=latest(Contribution, activity_id__in=activity_ids),
            v_closures=latest(TertialClosure, plan_id=OuterRef("pk")),
            v_actors=latest(Actor),
            n_activities=Subquery(
                Activity.objects.filter(focus_area__plan=OuterRef("pk"))
                .order_by()
                .values(n=Func(F("pk"), function="COUNT"))
            ),
        )
        .values_list(
            "v_plan",
            "v_areas",
            "v_activities",
            "v_entries",
            "v_closures",
            "v_actors",
            "v_contributions",
            "n_activities",
        )
        .first()
    )
    parts = [
        REPORT_LAYOUT_VERSION,
        plan.pk,
        tertial.slug,
        reference_date(tertial, today).isoformat(),
        settings.MUNICIPALITY_NAME,
        *(row or ()),
    ]
    if version is not None:
        parts.append(("version", version))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def filed_reports(plan: Plan, tertial: Tertial) -> list[FiledReport]:
    """Every filed version of the plan's tertial report, oldest first."""
    return list(
        FiledReport.objects.filter(plan=plan, year=tertial.year, number=tertial.number)
        .defer("data")
        .order_by("version")
    )


def filed_report(plan: Plan, tertial: Tertial, version: int | None = None) -> FiledReport | None:
    """A filed version (``version``), or the latest when the tertial is closed, else None."""
    filed = FiledReport.objects.filter(plan=plan, year=tertial.year, number=tertial.number)
    if version is not None:
        return filed.filter(version=version).first()
    if not is_closed(plan.pk, tertial):
        return None
    return filed.order_by("-version").first()


def filed_report_pdf(plan: Plan, tertial: Tertial, version: int | None = None):
    """The report PDF filed when the plan's tertial was closed (a stored file), or None.

    A closed tertial's report is the document filed at closing, served unchanged, never
    rendered again. None while it is still being rendered (task queue) or when gone.
    """
    filed = filed_report(plan, tertial, version)
    return stored_file(filed.pdf) if filed is not None else None


def report_pdf_job_file(job: ReportPdf):
    """A finished PDF job's stored file, or None (not done yet, or the file is gone).

    The job's own file; for an archival job the filed report's PDF (its ``instance`` is the
    ``FiledReport``, for the archived name).
    """
    if job.state != ReportPdf.State.DONE:
        return None
    if job.archival:
        return filed_report_pdf(job.plan, job.tertial, job.version)
    return stored_file(job.file)


def stored_file(file):
    """The FieldFile if it names a file that is in storage, else None."""
    if not file or not file.storage.exists(file.name):
        return None
    return file


def not_updated_rows(plan: Plan, tertial: Tertial) -> list[Row]:
    """The plan's unfinished activities not reported this tertial ('ej uppdaterad')."""
    return [row for row in plan_status(plan, tertial).rows if row.not_updated]


def assessment_for(plan: Plan, tertial: Tertial) -> Assessment | None:
    return (
        Assessment.objects.filter(plan=plan, year=tertial.year, number=tertial.number)
        .select_related("written_by")
        .first()
    )


@dataclass
class CourseStep:
    """An activity's status in one tertial of its plan: reported then, carried or none."""

    tertial: Tertial
    status: str | None
    reported: bool

    @property
    def icon(self) -> str:
        return STATUS_ICONS.get(self.status, "–") if self.status else "–"

    @property
    def label(self) -> str:
        return Status(self.status).label if self.status else _("Ej rapporterad")


def courses(activity_ids: Iterable[int], tertials: list[Tertial]) -> dict[int, list[CourseStep]]:
    """Each activity's course over ``tertials`` (oldest first): one query.

    A tertial without an entry carries the status before it (marked not reported then);
    the course starts at the activity's first report (none: an empty course).
    """
    ids = list(activity_ids)
    by_activity: dict[int, dict[Tertial, str]] = {pk: {} for pk in ids}
    if tertials and ids:
        last = tertials[-1]
        entries = FollowUp.objects.filter(activity_id__in=ids).filter(
            Q(year__lt=last.year) | Q(year=last.year, number__lte=last.number)
        )
        for pk, year, number, status in entries.values_list(
            "activity_id", "year", "number", "status"
        ):
            by_activity[pk][Tertial(year, number)] = status
    result = {}
    for pk, statuses in by_activity.items():
        steps, carried = [], None
        before = [t for t in statuses if tertials and t < tertials[0]]
        if before:
            carried = statuses[max(before)]
        for t in tertials:
            if t in statuses:
                carried = statuses[t]
                steps.append(CourseStep(t, carried, True))
            elif carried is not None:  # not reported yet: the course starts with a report
                steps.append(CourseStep(t, carried, False))
        result[pk] = steps
    return result


def course_text(steps: list[CourseStep]) -> str:
    """'T3 2016 ○ Ej påbörjad → T1 2017 ◐ Påbörjad → T2 2017 ✓ Genomförd' (symbol and text)."""
    parts = []
    for step in steps:
        text = f"{step.tertial.label} {step.icon} {step.label}"
        if step.status and not step.reported:
            text += " " + _("(kvarstår)")
        parts.append(text)
    return " → ".join(parts)


def with_contributions_then(
    data: dict, tertial: Tertial, closed_at: datetime.datetime, **models
) -> dict:
    """A filed record's data in the current shape, a schema-2 record (frozen without the
    actors' contributions) with them as they stood when it was frozen
    (``report_schema.frozen_at``), read from the history by ``contributions_as_of``
    (``models``: a migration's own). For the migration ``followup/0010`` (once, saved) and
    ``report.filed_data`` (a record it missed, not saved)."""
    from followup import report_schema

    data = report_schema.upgrade(data or {})
    if data.get("schema", 1) >= report_schema.REPORT_DATA_SCHEMA:
        return data
    ids = [row["pk"] for area in data.get("areas", []) for row in area["rows"] if row.get("pk")]
    moment = report_schema.frozen_at(closed_at, data)
    given = contributions_as_of(ids, tertial, moment, **models)
    return report_schema.add_contributions(data, given)


def contributions_as_of(
    activity_ids: Iterable[int],
    tertial: Tertial,
    moment: datetime.datetime,
    *,
    history=None,
    actor_history=None,
    actors=None,
) -> dict[int, dict[str, dict]]:
    """The activities' contributions for the tertial as they stood at ``moment``, from the
    history: {activity id: {actor code then: ``report_schema.contribution_fact``}}.

    For a report frozen without them (``report_schema`` schema 2): the latest history row
    of each activity and actor up to ``moment`` (a contribution deleted by then is left out),
    the actor named by its code at that moment (simple-history's ``as_of``, as one query for
    many rows). ``history``, ``actor_history`` and ``actors`` are the historical contribution,
    the historical actor and the actor models (a migration passes its own; default: the app's).
    Three queries (one more per 500 activities).
    """
    from followup.report_schema import contribution_fact

    history = history or Contribution.history.model
    actor_history = actor_history or Actor.history.model
    actors = actors or Actor
    latest: dict[tuple[int, int], object] = {}
    ids = list(activity_ids)
    for start in range(0, len(ids), 500):  # a large plan: within SQLite's parameter limit
        rows = history.objects.filter(
            activity_id__in=ids[start : start + 500],
            year=tertial.year,
            number=tertial.number,
            history_date__lte=moment,
        ).order_by("history_date", "history_id")
        for row in rows.iterator():  # oldest first: the last one seen per pair stands
            latest[(row.activity_id, row.actor_id)] = row
    given = {key: row for key, row in latest.items() if row.history_type != "-"}
    actor_ids = {actor_id for _activity, actor_id in given}
    codes: dict[int, str] = {}
    then = actor_history.objects.filter(id__in=actor_ids, history_date__lte=moment).order_by(
        "history_date", "history_id"
    )
    for row in then.only("id", "code", "history_date", "history_id"):
        codes[row.id] = row.code
    missing = actor_ids - set(codes)
    if missing:  # no history row by then (made before history was kept): as it is now
        codes.update(actors.objects.filter(pk__in=missing).values_list("pk", "code"))
    result: dict[int, dict[str, dict]] = {}
    for (activity_id, actor_id), row in given.items():
        if actor_id in codes:
            result.setdefault(activity_id, {})[codes[actor_id]] = contribution_fact(row)
    return result
