"""What the Översikt page shows, read in a constant number of queries.

Per plan: its period and status, how far the follow-up of the tertial being
reported has come (reported / total, per status), the overdue activities and the
deadlines ahead. Plans are few; activities may be thousands, so everything per
activity is counted or limited in the database, never looped over per row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from actors import permissions
from followup.models import FINISHED, STATUS_ICONS, FollowUp, Status
from followup.selectors import cached_figures, carried_status, one_area_at_a_time
from followup.tertial import Tertial
from plans.models import Activity, Plan
from plans.selectors import visible_plans

#: How many overdue / upcoming activities are listed per plan (the rest are counted).
LIST_LIMIT = 5


@dataclass
class StatusCount:
    value: str
    label: str
    icon: str
    count: int


@dataclass
class PlanOverview:
    plan: Plan
    tertial: Tertial
    total: int = 0
    reported: int = 0
    per_status: list[StatusCount] = field(default_factory=list)
    overdue: list[Activity] = field(default_factory=list)
    overdue_count: int = 0
    upcoming: list[Activity] = field(default_factory=list)
    upcoming_count: int = 0

    @property
    def board_by_area(self) -> bool:
        """Does the follow-up page show this plan one focus area at a time?

        Then links to an activity name its focus area. The threshold is the board's own.
        """
        return one_area_at_a_time(self.total)

    carried: int = 0  # status carried from an earlier tertial, not updated this one

    @property
    def not_reported(self) -> int:
        """Not reported this tertial (carried or never reported)."""
        return self.total - self.reported

    @property
    def never_reported(self) -> int:
        return self.total - self.reported - self.carried

    @property
    def percent_reported(self) -> int:
        return round(100 * self.reported / self.total) if self.total else 0


def reporting_tertial(plan: Plan, today: datetime.date) -> Tertial:
    """The tertial whose follow-up matters now: today's, clamped to the plan's period.

    A plan that has ended is shown with its last tertial (its final follow-up), one
    that has not started with its first.
    """
    day = min(max(today, plan.period_start), plan.period_end)
    return Tertial.of(day)


def upcoming_until(today: datetime.date) -> datetime.date:
    """Deadlines 'ahead' are those up to the end of the coming tertial."""
    return Tertial.of(today).next.end


def overview_for(user, today: datetime.date | None = None) -> dict:
    """Context of the Översikt page for ``user``, in a constant number of queries."""
    today = today or timezone.localdate()
    can_view = permissions.can_view_plans(user)
    plans = list(visible_plans(user)) if can_view else []
    overviews = {p.pk: PlanOverview(plan=p, tertial=reporting_tertial(p, today)) for p in plans}
    context = {
        "plans": list(overviews.values()),
        "today": today,
        "current_tertial": Tertial.of(today),
        "upcoming_until": upcoming_until(today),
        "list_limit": LIST_LIMIT,
        "can_view": can_view,
        "can_import": permissions.can_import_plans(user),
    }
    if not plans:
        return context

    # Counted once per change of the data (and per day), not on every request: at 20,000
    # activities the counts and the ranking cost more than the rest of the page.
    figures = cached_figures(
        f"overview:{today.isoformat()}:{','.join(str(pk) for pk in overviews)}",
        lambda: _count(overviews, plans, today),
    )
    for pk, values in figures.items():
        for name, value in values.items():
            setattr(overviews[pk], name, value)
    return context


#: The figures of a PlanOverview that ``_count`` sets (and the cache keeps).
COUNTED = (
    "total",
    "reported",
    "carried",
    "per_status",
    "overdue",
    "overdue_count",
    "upcoming",
    "upcoming_count",
)


def _count(overviews: dict, plans: list, today: datetime.date) -> dict:
    """Totals, this tertial's reports, the statuses carried forward and the overdue and upcoming
    lists: four queries and one per distinct tertial."""
    totals = (
        Activity.objects.filter(focus_area__plan__in=plans)
        .values("focus_area__plan")
        .annotate(n=Count("pk"))
    )
    for row in totals:
        overviews[row["focus_area__plan"]].total = row["n"]

    # Reported this tertial: entries of the tertial, per plan.
    in_tertial = Q()
    for o in overviews.values():
        in_tertial |= Q(
            activity__focus_area__plan=o.plan.pk, year=o.tertial.year, number=o.tertial.number
        )
    for row in (
        FollowUp.objects.filter(in_tertial)
        .values("activity__focus_area__plan")
        .annotate(n=Count("pk"))
    ):
        overviews[row["activity__focus_area__plan"]].reported = row["n"]
    # Per status: each activity's status carried forward to the plan's tertial (its latest
    # report up to and including it), one query per distinct tertial (plans are few).
    counts: dict[tuple[int, str], int] = {}
    by_tertial: dict[Tertial, list[int]] = {}
    for o in overviews.values():
        by_tertial.setdefault(o.tertial, []).append(o.plan.pk)
    for tertial, plan_ids in by_tertial.items():
        for row in (
            Activity.objects.filter(focus_area__plan__in=plan_ids)
            .annotate(carried=carried_status(tertial))
            .filter(carried__isnull=False)
            .order_by()
            .values("focus_area__plan", "carried")
            .annotate(n=Count("pk"))
        ):
            counts[(row["focus_area__plan"], row["carried"])] = row["n"]
    for o in overviews.values():
        o.per_status = [
            StatusCount(s.value, s.label, STATUS_ICONS[s], counts.get((o.plan.pk, s.value), 0))
            for s in Status
        ]
        o.carried = sum(c.count for c in o.per_status) - o.reported

    # Overdue: deadline passed and not Genomförd/Avförd (a missing entry counts as open).
    # Upcoming: open, deadline from today to the end of the coming tertial. One query
    # ranks and counts both groups per plan with window functions; only the first few
    # rows per plan and group travel to Python.
    group = Case(
        When(deadline__lt=today, then=Value("overdue")),
        default=Value("upcoming"),
        output_field=CharField(),
    )
    per_group = [F("focus_area__plan"), group]
    ranked = (
        Activity.objects.filter(focus_area__plan__in=plans, deadline__lte=upcoming_until(today))
        # Each activity's latest status is a column (LatestStatus), not ranked from its
        # entries; not reported at all counts as open.
        .filter(Q(latest_status__isnull=True) | ~Q(latest_status__status__in=list(FINISHED)))
        .annotate(current_status=F("latest_status__status"))
        .annotate(
            group=group,
            rank=Window(
                RowNumber(),
                partition_by=per_group,
                order_by=[F("deadline").asc(), F("focus_area__order").asc(), F("order").asc()],
            ),
            in_group=Window(Count("pk"), partition_by=per_group),
        )
        .filter(rank__lte=LIST_LIMIT)
        .select_related("focus_area")
        .prefetch_related("responsible")
        .order_by("deadline", "focus_area__order", "order")
    )
    for activity in ranked:
        overview = overviews[activity.focus_area.plan_id]
        getattr(overview, activity.group).append(activity)
        setattr(overview, f"{activity.group}_count", activity.in_group)
    return {pk: {name: getattr(o, name) for name in COUNTED} for pk, o in overviews.items()}
