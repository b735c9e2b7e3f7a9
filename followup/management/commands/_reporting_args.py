"""The --plan, --tertial, --actor and date arguments the commands share."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from actors.models import Actor
from followup.selectors import in_plan, outside_plan_message
from followup.tertial import Tertial
from plans.models import Plan
from plans.selectors import PlanNotFound, find_plan


def date_arg(value: str | datetime.date | None) -> datetime.date | None:
    """An ISO date (ÅÅÅÅ-MM-DD), refused in Swedish (argparse's own error is English)."""
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("”%(text)s” är inget datum (ÅÅÅÅ-MM-DD).") % {"text": value}) from None


def plan_arg(text: str | None) -> Plan | None:
    if not text:
        return None
    try:
        return find_plan(text)
    except PlanNotFound as exc:
        raise CommandError(str(exc)) from None


def tertial_arg(text: str | None) -> Tertial | None:
    if not text:
        return None
    try:
        return Tertial.parse(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def plan_tertial_args(plan_text: str | None, tertial_text: str | None):
    """The plan and tertial arguments; a tertial outside the plan's period is refused."""
    plan, tertial = plan_arg(plan_text), tertial_arg(tertial_text)
    if plan is not None and tertial is not None and not in_plan(plan, tertial):
        raise CommandError(outside_plan_message(plan, tertial))
    return plan, tertial


def actor_arg(text: str | None) -> Actor | None:
    """An actor by its short name or an alias, ignoring case (å, ä, ö too)."""
    if not text:
        return None
    wanted = " ".join(text.split()).casefold()
    for actor in Actor.objects.all():
        names = [actor.code, *actor.alias_list]
        if any(" ".join(n.split()).casefold() == wanted for n in names):
            return actor
    raise CommandError(f"Det finns ingen aktör som heter ”{text}”.")
