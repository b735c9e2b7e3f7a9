"""Reporting deadlines and report links: the one code path for both.

A report link lets a contact person of an actor without a municipal account (the police,
a federation) give the actor's contributions for one plan and tertial, without logging in.

- The token is 256 random bits (``secrets.token_urlsafe(32)``); only its SHA-256 is stored,
  so a copy of the database opens nothing.
- A link is tied to one contact, actor, plan and tertial, and works until the tertial is
  closed or the deadline plus ``REPORT_LINK_GRACE_DAYS`` has passed, whichever comes first,
  and until the coordinator revokes it.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Contact
from followup.contribution_models import ReportingDeadline, ReportLink
from followup.selectors import is_closed
from followup.tertial import Tertial
from plans.models import Plan

TOKEN_BYTES = 32  # 256 bits


def default_deadline(tertial: Tertial) -> datetime.date:
    """``REPORTING_DEADLINE_DAYS_BEFORE_END`` days before the tertial ends."""
    return tertial.end - datetime.timedelta(days=settings.REPORTING_DEADLINE_DAYS_BEFORE_END)


def deadline_for(plan: Plan, tertial: Tertial) -> datetime.date:
    """The plan's reporting deadline for the tertial: the coordinator's, else the default."""
    stored = (
        ReportingDeadline.objects.filter(plan=plan, year=tertial.year, number=tertial.number)
        .values_list("deadline", flat=True)
        .first()
    )
    return stored or default_deadline(tertial)


def deadline_is_default(plan: Plan, tertial: Tertial) -> bool:
    return not ReportingDeadline.objects.filter(
        plan=plan, year=tertial.year, number=tertial.number
    ).exists()


def set_deadline(plan: Plan, tertial: Tertial, deadline: datetime.date, user) -> ReportingDeadline:
    """Set (or move) the reporting deadline; history records who and when.

    Raises FollowUpError for a plan that takes no follow-up (a draft, an archived plan)."""
    from followup.services import ensure_follows_up

    ensure_follows_up(plan)
    with transaction.atomic():
        obj = (
            ReportingDeadline.objects.select_for_update()
            .filter(plan=plan, year=tertial.year, number=tertial.number)
            .first()
        ) or ReportingDeadline(plan=plan, year=tertial.year, number=tertial.number)
        obj.deadline = deadline
        obj.set_by = user if getattr(user, "is_authenticated", False) else None
        obj._history_user = obj.set_by
        obj.save()
    return obj


def valid_until(plan: Plan, tertial: Tertial) -> datetime.datetime:
    """The end of the day ``REPORT_LINK_GRACE_DAYS`` after the deadline (Europe/Stockholm)."""
    last_day = deadline_for(plan, tertial) + datetime.timedelta(
        days=settings.REPORT_LINK_GRACE_DAYS
    )
    return timezone.make_aware(datetime.datetime.combine(last_day, datetime.time.max))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(
    contact: Contact, plan: Plan, tertial: Tertial, *, user=None
) -> tuple[ReportLink, str]:
    """A new link for the contact's actor in plan + tertial: (the stored link, the raw token).

    The raw token exists only in the returned value and the e-mail that carries it.
    """
    from followup.services import ensure_follows_up

    ensure_follows_up(plan)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    user = user if getattr(user, "is_authenticated", False) else None
    link = ReportLink(
        token_hash=hash_token(token),
        contact=contact,
        actor_id=contact.actor_id,
        plan=plan,
        year=tertial.year,
        number=tertial.number,
        created_at=timezone.now(),
        created_by=user,
    )
    link._history_user = user
    link.save()
    return link, token


def link_url(token: str) -> str:
    """The absolute address of a link (``SITE_URL``), as e-mails carry it."""
    return settings.SITE_URL + reverse("followup:report_link", args=[token])


class LinkRefused(Exception):
    """The link does not open: ``reason`` is logged, ``message`` shown (Swedish)."""

    def __init__(self, reason: str, message: str, link: ReportLink | None = None):
        super().__init__(message)
        self.reason, self.link = reason, link


def link_state(link: ReportLink, now: datetime.datetime | None = None) -> str:
    """'valid', 'revoked', 'closed', 'expired' or 'inactive' (the contact is inactive)."""
    now = now or timezone.now()
    if link.revoked_at is not None:
        return "revoked"
    if not link.contact.active:
        return "inactive"
    if is_closed(link.plan_id, link.tertial):
        return "closed"
    if now > valid_until(link.plan, link.tertial):
        return "expired"
    return "valid"


_REFUSALS = {
    "unknown": lambda: _("Länken finns inte. Kontrollera att hela adressen kom med från e-posten."),
    "revoked": lambda: _("Länken har återkallats. Be trygghetssamordnaren om en ny."),
    "inactive": lambda: _("Länken gäller inte längre. Be trygghetssamordnaren om en ny."),
    "closed": lambda: _("Uppföljningen för tertialen är stängd, så länken gäller inte längre."),
    "expired": lambda: _(
        "Länken har gått ut (sista dag att rapportera har passerat). "
        "Be trygghetssamordnaren om en ny."
    ),
}


def resolve(token: str) -> ReportLink:
    """The valid link for a token, or LinkRefused saying why (unknown, revoked, expired …)."""
    link = (
        ReportLink.objects.select_related("contact", "actor", "plan")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    if link is None:
        raise LinkRefused("unknown", _REFUSALS["unknown"]())
    state = link_state(link)
    if state != "valid":
        raise LinkRefused(state, _REFUSALS[state](), link)
    return link


def record_use(link: ReportLink) -> None:
    """Count a use and remember when (an update, not a history row per visit)."""
    ReportLink.objects.filter(pk=link.pk).update(
        last_used_at=timezone.now(), use_count=F("use_count") + 1
    )


def revoke(link: ReportLink, user) -> ReportLink:
    """Revoke a link: it opens nothing from now on. History records who and when."""
    with transaction.atomic():
        link = ReportLink.objects.select_for_update().get(pk=link.pk)
        if link.revoked_at is None:
            link.revoked_at = timezone.now()
            link.revoked_by = user if getattr(user, "is_authenticated", False) else None
            link._history_user = link.revoked_by
            link.save()
    return link
