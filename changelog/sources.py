"""What the change log reads: one Source per model with history, and how to find a
plan's rows in its history table. A model whose changes belong in the log is added here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from followup.contribution_models import Contribution, ReportingDeadline, ReportLink, attribution
from followup.models import FollowUp, TertialClosure
from plans.models import Activity, FocusArea, Plan


@dataclass(frozen=True)
class Source:
    """One kind of object whose history belongs to a plan."""

    key: str
    label: Any
    model: type[models.Model]
    history_for_plan: Callable[[Plan], QuerySet]
    describe: Callable[[Any, dict], str]
    m2m: tuple[str, ...] = ()
    #: Who made a change when it was not a user (a report link, an import): the record's
    #: own attribution, else "" (the history user is shown).
    who: Callable[[Any, dict], str] | None = None


def _focus_area_ids(plan: Plan) -> QuerySet:
    # From history, so that focus areas that were deleted still count.
    return FocusArea.history.filter(plan_id=plan.pk).values("id")


def _activity_ids(plan: Plan) -> QuerySet:
    return Activity.history.filter(focus_area_id__in=_focus_area_ids(plan)).values("id")


def short(text: str, length: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _sources() -> list[Source]:
    sources = [
        Source(
            "plan",
            _("Plan"),
            Plan,
            lambda plan: Plan.history.filter(id=plan.pk),
            lambda rec, lookups: rec.title,
        ),
        Source(
            "focusarea",
            _("Fokusområde"),
            FocusArea,
            lambda plan: FocusArea.history.filter(plan_id=plan.pk),
            lambda rec, lookups: f"{rec.order}. {rec.title}",
        ),
        Source(
            "activity",
            _("Aktivitet"),
            Activity,
            lambda plan: Activity.history.filter(focus_area_id__in=_focus_area_ids(plan)),
            lambda rec, lookups: short(rec.title),
            m2m=("responsible",),
        ),
    ]
    sources += [
        Source(
            "followup",
            _("Uppföljning"),
            FollowUp,
            lambda plan: FollowUp.history.filter(activity_id__in=_activity_ids(plan)),
            lambda rec, lookups: (
                f"T{rec.number} {rec.year}: "
                + short(lookups["activity"].get(rec.activity_id, f"#{rec.activity_id}"), 70)
            ),
            who=lambda rec, lookups: "" if rec.history_user_id else rec.reported_by_name,
        ),
        Source(
            "tertialclosure",
            _("Tertialstängning"),
            TertialClosure,
            lambda plan: TertialClosure.history.filter(plan_id=plan.pk),
            lambda rec, lookups: f"T{rec.number} {rec.year}",
        ),
        # Contributions, deadlines and report links (issue #13).
        Source(
            "contribution",
            _("Bidrag"),
            Contribution,
            lambda plan: Contribution.history.filter(activity_id__in=_activity_ids(plan)),
            lambda rec, lookups: (
                f"T{rec.number} {rec.year} "
                + lookups["actor"].get(rec.actor_id, f"#{rec.actor_id}")
                + ": "
                + short(lookups["activity"].get(rec.activity_id, f"#{rec.activity_id}"), 60)
            ),
            who=lambda rec, lookups: attribution(
                lookups["actor"].get(rec.actor_id, ""), rec.given_by_name, rec.via_link
            ),
        ),
        Source(
            "reportingdeadline",
            _("Sista rapportdag"),
            ReportingDeadline,
            lambda plan: ReportingDeadline.history.filter(plan_id=plan.pk),
            lambda rec, lookups: f"T{rec.number} {rec.year}",
        ),
        Source(
            "reportlink",
            _("Rapportlänk"),
            ReportLink,
            lambda plan: ReportLink.history.filter(plan_id=plan.pk),
            lambda rec, lookups: (
                f"T{rec.number} {rec.year} " + lookups["actor"].get(rec.actor_id, "")
            ),
        ),
    ]
    return sources


SOURCES: list[Source] = []


def sources() -> list[Source]:
    if not SOURCES:
        SOURCES.extend(_sources())
    return SOURCES
