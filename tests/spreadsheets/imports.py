"""Running an import into a new plan and reading back what it did, for the import tests."""

import datetime

from plans.models import Activity
from spreadsheets.services import NewPlan, import_plan


def import_new_plan(
    data: bytes,
    filename: str,
    *,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date = datetime.date(2017, 12, 31),
    dry_run: bool = False,
    **kwargs,
):
    """``import_plan`` of ``data`` into a new plan with this title and period."""
    return import_plan(
        data,
        filename=filename,
        new_plan=NewPlan(title, period_start=period_start, period_end=period_end),
        dry_run=dry_run,
        **kwargs,
    )


def imported_activities(result) -> list[Activity]:
    """The applied import's activities in the plan's order (focus area, then activity)."""
    assert result.applied, [str(e) for e in result.errors]
    return list(
        Activity.objects.filter(focus_area__plan_id=result.plan_id).order_by(
            "focus_area__order", "order"
        )
    )


def error_texts(result) -> list[str]:
    """The refused import's messages, as the user reads them."""
    assert not result.applied
    return [str(e) for e in result.errors]
