"""Contributions: each responsible actor's own status and comment per activity and tertial.

The one code path for giving a contribution (the board's form for a Rapportör, the report
link page for a contact, tests) and the reads the board, the coordinator's form, the
report appendix and the reminders share. Callers check who may contribute
(``actors.permissions.can_contribute_for``, or a valid report link) first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Actor, Contact
from followup.contribution_models import Contribution
from followup.models import Status
from followup.selectors import is_closed
from followup.services import (
    FollowUpError,
    TertialClosedError,
    _as_tertial,
    ensure_follows_up,
    record_follow_up,
    validate_entry,
)
from followup.tertial import Tertial
from plans.models import Activity, Plan, actor_order


@dataclass
class ActorContribution:
    """A responsible actor and its contribution for the tertial (None: still waiting)."""

    actor: Actor
    contribution: Contribution | None

    @property
    def given(self) -> bool:
        return self.contribution is not None


@dataclass
class ContributionSummary:
    """Per activity: every responsible actor, in the plan's order, with its contribution."""

    actors: list[ActorContribution] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.actors)

    @property
    def given(self) -> int:
        return sum(a.given for a in self.actors)

    @property
    def contributions(self) -> list[Contribution]:
        return [a.contribution for a in self.actors if a.contribution is not None]

    @property
    def waiting(self) -> list[Actor]:
        return [a.actor for a in self.actors if not a.given]

    def waiting_for(self, actor_id: int) -> bool:
        return any(a.actor.pk == actor_id and not a.given for a in self.actors)


def contributions_by_activity(
    activity_ids: Iterable[int], tertial: Tertial
) -> dict[int, dict[int, Contribution]]:
    """{activity id: {actor id: contribution}} for the tertial: one query."""
    result: dict[int, dict[int, Contribution]] = {}
    rows = Contribution.objects.filter(
        activity_id__in=list(activity_ids), year=tertial.year, number=tertial.number
    ).select_related("actor")
    for c in rows:
        result.setdefault(c.activity_id, {})[c.actor_id] = c
    return result


def summaries(activities: Iterable[Activity], tertial: Tertial) -> dict[int, ContributionSummary]:
    """Each activity's summary (activities with ``responsible`` prefetched): one query."""
    activities = list(activities)
    given = contributions_by_activity([a.pk for a in activities], tertial)
    result = {}
    for activity in activities:
        mine = given.get(activity.pk, {})
        result[activity.pk] = ContributionSummary(
            [
                ActorContribution(actor, mine.get(actor.pk))
                for actor in sorted(activity.responsible.all(), key=actor_order)
            ]
        )
    return result


def attach_summaries(rows: Iterable, tertial: Tertial) -> None:
    """Set ``row.contributions`` on the board's rows (selectors.Row): one query in all."""
    rows = list(rows)
    by_id = summaries([row.activity for row in rows], tertial)
    for row in rows:
        row.contributions = by_id[row.activity.pk]


def comment_from_contributions(summary: ContributionSummary, start: str = "") -> str:
    """The actors' comments, each prefixed by its actor: where the coordinator can start.

    'BUF (Påbörjad): Utbildning genomförd för …' one paragraph per contribution, after
    ``start`` (the comment written so far, kept: nothing typed is lost); a contribution
    already in it is not added twice.
    """
    parts = [start.strip()] if start.strip() else []
    for c in summary.contributions:
        text = c.comment.strip() or "–"
        paragraph = f"{c.actor.code} ({c.get_status_display()}): {text}"
        if paragraph not in start:
            parts.append(paragraph)
    return "\n\n".join(parts)


def record_contribution(
    *,
    activity: Activity,
    tertial: Tertial | str,
    actor: Actor,
    status: str,
    comment: str,
    user=None,
    contact: Contact | None = None,
) -> Contribution:
    """Give (or replace) ``actor``'s contribution for activity + tertial; history keeps each.

    ``user`` is the member who gives it, or ``contact`` when it comes through a report link
    (attributed 'Lopo Täby – Anna Andersson (via länk)'). Raises ValidationError (per field,
    Swedish) for a bad status or comment, FollowUpError when the actor is not responsible
    for the activity and TertialClosedError when the tertial is closed. Unchanged values
    leave the contribution as it is. Where the plan lets a single responsible actor's
    contribution stand as the follow-up, it is also recorded as the activity's follow-up.
    """
    tertial = _as_tertial(tertial)
    user = user if getattr(user, "is_authenticated", False) else None
    comment = (comment or "").strip().replace("\r\n", "\n")
    validate_entry(status, comment)
    plan: Plan = activity.focus_area.plan
    ensure_follows_up(plan)
    responsible = {a.pk for a in activity.responsible.all()}
    if actor.pk not in responsible:
        raise FollowUpError(
            _("%(actor)s är inte ansvarig för aktiviteten och kan inte lämna bidrag till den.")
            % {"actor": actor.code}
        )
    if contact is not None:
        name, via_link = contact.name, True
    elif user is not None:
        name, via_link = user.get_full_name() or user.get_username(), False
    else:
        name, via_link = "", False
    with transaction.atomic():
        if is_closed(plan.pk, tertial):
            raise TertialClosedError(
                _("Uppföljningen för %(tertial)s är stängd och kan inte ändras.")
                % {"tertial": tertial.label}
            )
        current = (
            Contribution.objects.select_for_update()
            .filter(activity=activity, year=tertial.year, number=tertial.number, actor=actor)
            .first()
        )
        if current is not None and (current.status, current.comment) == (status, comment):
            return current
        if current is None:
            current = Contribution(
                activity=activity, year=tertial.year, number=tertial.number, actor=actor
            )
        current.status, current.comment = status, comment
        current.given_by, current.contact = user, contact
        current.given_by_name, current.via_link = name, via_link
        current.given_at = timezone.now()
        current._history_user = user
        try:
            with transaction.atomic():
                current.save()
        except IntegrityError:  # given at the same moment by someone else: theirs stands
            raise FollowUpError(
                _("Någon annan lämnade %(actor)s bidrag samtidigt. Ladda om sidan och försök igen.")
                % {"actor": actor.code}
            ) from None
        if plan.single_actor_contribution_is_follow_up and len(responsible) == 1:
            record_follow_up(
                activity=activity,
                tertial=tertial,
                user=user,
                status=status,
                comment=comment,
                reported_by_name=current.attribution,
            )
    return current


@dataclass
class ActorProgress:
    """How far one responsible actor has come in a plan's tertial."""

    actor: Actor
    activities: list[Activity]
    waiting: list[Activity]

    @property
    def done(self) -> bool:
        return not self.waiting

    @property
    def given(self) -> int:
        return len(self.activities) - len(self.waiting)


def actor_progress(
    plan: Plan, tertial: Tertial, *, actor: Actor | None = None
) -> list[ActorProgress]:
    """Each responsible actor of the plan (or just ``actor``) with its activities and those
    still waiting for its contribution, in the plan's actor order: three queries."""
    activities = list(
        Activity.objects.filter(focus_area__plan=plan)
        .select_related("focus_area")
        .prefetch_related("responsible")
        .order_by("focus_area__order", "order")
    )
    given = contributions_by_activity([a.pk for a in activities], tertial)
    per_actor: dict[int, ActorProgress] = {}
    for activity in activities:
        for responsible in activity.responsible.all():
            if actor is not None and responsible.pk != actor.pk:
                continue
            progress = per_actor.setdefault(responsible.pk, ActorProgress(responsible, [], []))
            progress.activities.append(activity)
            if responsible.pk not in given.get(activity.pk, {}):
                progress.waiting.append(activity)
    return sorted(per_actor.values(), key=lambda p: actor_order(p.actor))


STATUS_CHOICES = Status.choices


def form_errors(exc: ValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as {field: [messages]} for a form."""
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
