"""Skapa uppföljande plan: a new draft from a plan, with its unfinished work carried over.

The one code path for the page (``followup.views.carry_over``) and the command
``carry_over_plan``. It lives in followup because the default choice depends on each
activity's latest follow-up status (plans does not import followup); the writes are
``plans.services``' own (create_plan, add_focus_area, add_activity), so every rule and
history row is theirs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from followup.models import FINISHED, FollowUp
from followup.selectors import latest_follow_ups
from plans import services as plan_services
from plans.models import PLAN_TEXT_FIELDS, Activity, Plan
from plans.models import origin_facts as plans_origin_facts
from plans.selectors import plan_activities


@dataclass
class Candidate:
    """An activity of the earlier plan, its latest status and whether it is carried by default."""

    activity: Activity
    latest: FollowUp | None

    @property
    def finished(self) -> bool:
        return bool(self.latest and self.latest.status in FINISHED)

    @property
    def default(self) -> bool:
        return not self.finished

    @property
    def status_display(self) -> str:
        if self.latest is None:
            return str(_("Ej rapporterad"))
        return f"{self.latest.get_status_display()} {self.latest.tertial.label}"


def candidates(plan: Plan) -> list[Candidate]:
    """Every activity of the plan in table order with its latest status (three queries)."""
    activities = plan_activities(plan)
    latest = latest_follow_ups([a.pk for a in activities])
    return [Candidate(a, latest.get(a.pk)) for a in activities]


def origin_facts(source: Plan, candidate: Candidate) -> dict:
    """Where a copy comes from, as facts frozen at the carrying over (the earlier plan's
    registration number or title, the activity's number, its last status and tertial);
    ``plans.models.origin_text`` makes 'Från KS 2016.371, aktivitet 3.3, senast Ej påbörjad
    T3 2017' of them in the reader's language."""
    latest = candidate.latest
    return plans_origin_facts(
        source.registration_number or source.title,
        candidate.activity.number,
        latest.status if latest else None,
        (latest.year, latest.number) if latest else None,
    )


def carry_over(
    source: Plan,
    *,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    user,
    activity_ids=None,
    include_all: bool = False,
    registration_number: str = "",
) -> Plan:
    """A new draft plan for a new period with the chosen activities of ``source`` copied.

    ``activity_ids``: the activities to copy; None = the default (every activity not
    Genomförd or Avförd by its latest status), or all of them with ``include_all``.
    Focus areas are copied as far as they have a chosen activity, in their order. Each
    copy keeps a link to its origin and a note saying where it came from.
    """
    chosen = candidates(source)
    if activity_ids is not None:
        wanted = {int(pk) for pk in activity_ids}
        unknown = wanted - {c.activity.pk for c in chosen}
        if unknown:
            raise plan_services.PlanError(
                _("Aktiviteterna %(ids)s hör inte till planen.")
                % {"ids": ", ".join(str(i) for i in sorted(unknown))}
            )
        chosen = [c for c in chosen if c.activity.pk in wanted]
    elif not include_all:
        chosen = [c for c in chosen if c.default]
    with transaction.atomic():
        plan = plan_services.create_plan(
            user=user,
            origin=source,
            title=" ".join(title.split()),
            registration_number=registration_number.strip(),
            period_start=period_start,
            period_end=period_end,
            network=source.network,
            checklist=source.checklist,
            # the plan's texts, as a start the coordinator rewrites
            **{name: getattr(source, name) for name in PLAN_TEXT_FIELDS},
        )
        areas = {}
        for candidate in chosen:
            old = candidate.activity
            area = areas.get(old.focus_area_id)
            if area is None:
                area = areas[old.focus_area_id] = plan_services.add_focus_area(
                    plan, title=old.focus_area.title, user=user
                )
            plan_services.add_activity(
                area,
                user=user,
                title=old.title,
                implementation=old.implementation,
                deadline=None,
                ongoing=old.ongoing,
                responsible=[a.pk for a in old.responsible.all()],
                origin=old,
                origin_facts=origin_facts(source, candidate),
            )
    return plan
