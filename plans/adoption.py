"""Plans adopted before the lifecycle existed, or loaded already adopted (issue #17), get ``adopted_at``, so that
"Planen ändrad sedan fastställandet" (plans.selectors.changes_since_adoption) works for them.

For each plan with status Fastställd or Arkiverad and no ``adopted_at``:

- the decision date (00:00 local time) if the plan has one,
- but never earlier than the plan's table came into the system: its history starts there,
  and a plan imported or loaded after its decision would otherwise list every focus area
  and activity as added since adoption. "Came into the system" is the first history row
  that records the status Fastställd after another status, if there is one; otherwise
  the end of the plan's first burst of history (the first rows of the plan, its focus
  areas and activities written within ENTRY_WINDOW of the earliest: the import or load
  that brought it in);
- with no history and no decision date: the time of the migration.

Changes made later than that are listed as changes since adoption. Reversing the migration
leaves the times (they are then as good as any).
"""

import datetime

from django.utils import timezone

ENTRY_WINDOW = datetime.timedelta(minutes=10)
ADOPTED = ("adopted", "archived")


def _first_rows(history_model, **filters) -> list[datetime.datetime]:
    """Each object's first history row time."""
    from django.db.models import Min

    return [
        row["first"]
        for row in history_model.objects.filter(**filters)
        .values("id")
        .annotate(first=Min("history_date"))
    ]


def _entered(apps, plan) -> datetime.datetime | None:
    """When the plan came into the system as adopted (see the module's docstring)."""
    HistoricalPlan = apps.get_model("plans", "HistoricalPlan")
    HistoricalFocusArea = apps.get_model("plans", "HistoricalFocusArea")
    HistoricalActivity = apps.get_model("plans", "HistoricalActivity")
    previous = None
    for row in HistoricalPlan.objects.filter(id=plan.pk).order_by("history_date", "history_id"):
        if row.status in ADOPTED and previous is not None and previous not in ADOPTED:
            return row.history_date
        previous = row.status
    area_ids = list(
        HistoricalFocusArea.objects.filter(plan_id=plan.pk).values_list("id", flat=True).distinct()
    )
    firsts = [
        *_first_rows(HistoricalPlan, id=plan.pk),
        *_first_rows(HistoricalFocusArea, plan_id=plan.pk),
        *_first_rows(HistoricalActivity, focus_area_id__in=area_ids),
    ]
    if not firsts:
        return None
    start = min(firsts)
    return max(t for t in firsts if t <= start + ENTRY_WINDOW)


def fill_adopted_at(apps=None, schema_editor=None, *, now=None) -> int:
    """Set ``adopted_at`` where it is missing; returns how many plans got one.

    ``apps``: the migration's historical registry, or None for the live one (``setup_demo``
    after loading the adopted demo plan from its fixture).
    """
    if apps is None:
        from django.apps import apps
    Plan = apps.get_model("plans", "Plan")
    now = now or timezone.now()
    filled = 0
    for plan in Plan.objects.filter(status__in=ADOPTED, adopted_at__isnull=True):
        candidates = []
        if plan.decision_date:
            midnight = datetime.datetime.combine(plan.decision_date, datetime.time())
            candidates.append(
                timezone.make_aware(midnight) if timezone.is_naive(midnight) else midnight
            )
        entered = _entered(apps, plan)
        if entered is not None:
            candidates.append(entered)
        plan.adopted_at = max(candidates) if candidates else now
        # a plain update: no version and no history row (nothing a user changed)
        Plan.objects.filter(pk=plan.pk).update(adopted_at=plan.adopted_at)
        filled += 1
    return filled
