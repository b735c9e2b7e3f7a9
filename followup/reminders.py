"""E-mail about reporting: report links, reminders before and on the deadline, the digest.

Every e-mail is a ``ReminderDelivery`` first (to whom, which step), then sent by the task
``followup.tasks.deliver_email`` (on a worker with a broker, else at once). A reminder
step is claimed by inserting its row; the unique constraint makes a second round, or two
rounds at once, send nothing twice.

When a round runs (``plan_round``), for each adopted plan and open tertial:

- ``before``: from ``REMINDER_DAYS_BEFORE`` days before the deadline up to the day before,
  to each active contact of each responsible actor that still has activities waiting;
- ``deadline``: on the deadline day, the same;
- ``digest``: after the deadline (until the links expire), to each active
  Trygghetssamordnare with an e-mail address, when some actor has not reported.

An actor that has contributed to all its activities gets nothing. Each e-mail is in its
recipient's language (``actors.selectors.email_language``): Swedish to contact persons
without an account, a user's own choice to users (the digest, a contact who has an account).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actors.models import Actor, Contact
from actors.permissions import ROLE_COORDINATOR
from actors.selectors import email_language
from followup.contribution_models import ReminderDelivery
from followup.contributions import ActorProgress, actor_progress
from followup.report_links import deadline_for, issue_link, link_url, valid_until
from followup.selectors import is_closed, reportable_tertials
from followup.services import FollowUpError
from followup.tertial import Tertial
from plans.models import Plan

logger = logging.getLogger("followup.reminders")
Step = ReminderDelivery.Step
State = ReminderDelivery.State


# --- what is due ------------------------------------------------------------------------


def due_step(deadline: datetime.date, today: datetime.date) -> str | None:
    """The contacts' reminder step due today for a deadline, if any."""
    if today == deadline:
        return Step.DEADLINE
    if deadline - datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE) <= today < deadline:
        return Step.BEFORE
    return None


def digest_due(deadline: datetime.date, today: datetime.date) -> bool:
    """After the deadline, while links still work (deadline + ``REPORT_LINK_GRACE_DAYS``)."""
    return deadline < today <= deadline + datetime.timedelta(days=settings.REPORT_LINK_GRACE_DAYS)


@dataclass
class Planned:
    """One e-mail a round would send (``--dry-run`` prints these)."""

    plan: Plan
    tertial: Tertial
    step: str
    recipient: str
    recipient_name: str
    deadline: datetime.date
    actor: Actor | None = None
    contact: Contact | None = None
    waiting: list = field(default_factory=list)  # activities, or ActorProgress for a digest

    def describe(self) -> str:
        label = dict(Step.choices)[self.step]
        who = f"{self.recipient_name} <{self.recipient}>"
        if self.step == Step.DIGEST:
            actors = ", ".join(f"{p.actor.code} ({len(p.waiting)})" for p in self.waiting)
            what = _("ej rapporterat: %(actors)s") % {"actors": actors}
        else:
            what = ngettext(
                "%(actor)s, %(n)s aktivitet väntar",
                "%(actor)s, %(n)s aktiviteter väntar",
                len(self.waiting),
            ) % {
                "actor": self.actor.code,
                "n": len(self.waiting),
            }
        return f"{self.plan.title} {self.tertial.label} – {label} → {who}: {what}"


def _coordinators() -> list:
    return list(
        get_user_model()
        .objects.filter(groups__name=ROLE_COORDINATOR, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .distinct()
    )


def _candidates(plan: Plan | None, tertial: Tertial | None) -> list[tuple[Plan, Tertial]]:
    plans = [plan] if plan is not None else list(Plan.objects.filter(status=Plan.Status.ADOPTED))
    result = []
    for p in plans:
        for t in [tertial] if tertial is not None else reportable_tertials(p):
            result.append((p, t))
    return result


def _contacts_by_actor(actor_ids: list[int]) -> dict[int, list[Contact]]:
    result: dict[int, list[Contact]] = {}
    for contact in Contact.objects.filter(actor_id__in=actor_ids, active=True).order_by("name"):
        result.setdefault(contact.actor_id, []).append(contact)
    return result


def plan_round(
    *, plan: Plan | None = None, tertial: Tertial | None = None, today: datetime.date | None = None
) -> list[Planned]:
    """Every e-mail due today that has not been sent yet (nothing is written)."""
    today = today or timezone.localdate()
    planned: list[Planned] = []
    for p, t in _candidates(plan, tertial):
        if is_closed(p.pk, t):
            continue
        deadline = deadline_for(p, t)
        step = due_step(deadline, today)
        digest = digest_due(deadline, today)
        if step is None and not digest:
            continue
        progress = [a for a in actor_progress(p, t) if not a.done]
        already = set(
            ReminderDelivery.objects.filter(plan=p, year=t.year, number=t.number)
            .exclude(step=Step.LINK)
            .values_list("step", "recipient")
        )
        if step is not None:
            contacts = _contacts_by_actor([a.actor.pk for a in progress])
            for actor_state in progress:
                for contact in contacts.get(actor_state.actor.pk, []):
                    if (step, contact.email) in already:
                        continue
                    planned.append(
                        Planned(
                            p, t, step, contact.email, contact.name, deadline,
                            actor=actor_state.actor, contact=contact,
                            waiting=actor_state.waiting,
                        )
                    )  # fmt: skip
        if digest and progress:
            for user in _coordinators():
                if (Step.DIGEST, user.email) in already:
                    continue
                name = user.get_full_name() or user.get_username()
                planned.append(
                    Planned(p, t, Step.DIGEST, user.email, name, deadline, waiting=progress)
                )
    return planned


def why_nothing_is_due(
    *, plan: Plan | None = None, tertial: Tertial | None = None, today: datetime.date | None = None
) -> list[str]:
    """Why a round sends nothing: per open tertial, its deadline and when reminders go.

    For the command's ``--dry-run`` (and a real run) that finds nothing to send, so that a
    coordinator who set a deadline sees when its reminders will go out.
    """
    today = today or timezone.localdate()
    lines = []
    for p, t in _candidates(plan, tertial):
        if is_closed(p.pk, t):
            lines.append(_("%(plan)s, %(tertial)s: stängd.") % {"plan": p, "tertial": t.label})
            continue
        deadline = deadline_for(p, t)
        first = deadline - datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
        last_digest = deadline + datetime.timedelta(days=settings.REPORT_LINK_GRACE_DAYS)
        lines.append(
            _(
                "%(plan)s, %(tertial)s: sista dag %(deadline)s. Påminnelser går %(first)s–"
                "%(deadline)s, sammanställningen efter sista dagen till och med %(last)s "
                "(i dag är det %(today)s)."
            )
            % {
                "plan": p,
                "tertial": t.label,
                "deadline": deadline.isoformat(),
                "first": first.isoformat(),
                "last": last_digest.isoformat(),
                "today": today.isoformat(),
            }
        )
    return lines


def site_url_warning() -> str:
    """A warning when links are built from the local default address, or ''."""
    if settings.SITE_URL_IS_SET:
        return ""
    return _(
        "Obs: SITE_URL är inte satt, så länkarna i e-posten börjar med %(url)s. Sätt "
        "SITE_URL till appens adress (t.ex. SITE_URL=http://127.0.0.1:8790 när appen "
        "startats med make start PORT=8790)."
    ) % {"url": settings.SITE_URL}


# --- claiming and sending ---------------------------------------------------------------


def _enqueue(delivery_ids: list[int]) -> None:
    """Hand the deliveries to the task queue once the rows are committed."""
    from followup.tasks import deliver_email

    def send() -> None:
        for pk in delivery_ids:
            deliver_email.delay(pk)

    transaction.on_commit(send)


def run_round(
    *, plan: Plan | None = None, tertial: Tertial | None = None, today: datetime.date | None = None
) -> list[ReminderDelivery]:
    """Claim every e-mail due today (one row each) and queue it; returns the claimed rows.

    A step already claimed for a recipient (this round's twin, or yesterday's) is skipped.
    """
    claimed = []
    now = timezone.now()
    for item in plan_round(plan=plan, tertial=tertial, today=today):
        try:
            with transaction.atomic():
                claimed.append(
                    ReminderDelivery.objects.create(
                        plan=item.plan,
                        year=item.tertial.year,
                        number=item.tertial.number,
                        step=item.step,
                        recipient=item.recipient,
                        recipient_name=item.recipient_name,
                        actor=item.actor,
                        contact=item.contact,
                        created_at=now,
                    )
                )
        except IntegrityError:
            continue  # claimed by another round at the same moment
    _enqueue([d.pk for d in claimed])
    logger.info("Påminnelserunda: %s utskick köade.", len(claimed))
    return claimed


def send_report_links(
    plan: Plan, tertial: Tertial, *, actor: Actor | None = None, user=None
) -> list[ReminderDelivery]:
    """Queue a personal report link to each active contact of each responsible actor (or of
    ``actor`` only): the coordinator's button and ``manage.py send_report_links``.

    Raises FollowUpError (Swedish) when the links would not work: the tertial is closed,
    or its deadline plus the grace period has passed (move the deadline first).
    """
    from followup.services import ensure_follows_up

    ensure_follows_up(plan)  # a draft or an archived plan: no links
    if is_closed(plan.pk, tertial):
        raise FollowUpError(_("%(t)s är stängd: inga länkar skickas.") % {"t": tertial.label})
    if timezone.now() > valid_until(plan, tertial):
        raise FollowUpError(
            _(
                "Länkarna för %(t)s skulle redan ha gått ut (sista dag %(d)s). "
                "Flytta sista dag att rapportera först."
            )
            % {"t": tertial.label, "d": date_format(deadline_for(plan, tertial), "j F Y")}
        )
    user = user if getattr(user, "is_authenticated", False) else None
    actor_ids = [p.actor.pk for p in actor_progress(plan, tertial, actor=actor)]
    now = timezone.now()
    deliveries = []
    with transaction.atomic():
        for contacts in _contacts_by_actor(actor_ids).values():
            for contact in contacts:
                deliveries.append(
                    ReminderDelivery.objects.create(
                        plan=plan,
                        year=tertial.year,
                        number=tertial.number,
                        step=Step.LINK,
                        recipient=contact.email,
                        recipient_name=contact.name,
                        actor_id=contact.actor_id,
                        contact=contact,
                        created_at=now,
                        requested_by=user,
                    )
                )
        _enqueue([d.pk for d in deliveries])
    return deliveries


def _context(delivery: ReminderDelivery, progress: list[ActorProgress], url: str) -> dict:
    tertial = delivery.tertial
    deadline = deadline_for(delivery.plan, tertial)
    mine = progress[0] if progress and delivery.step != Step.DIGEST else None
    return {
        "delivery": delivery,
        "step": delivery.step,
        "plan": delivery.plan,
        "tertial": tertial,
        "deadline": deadline,
        "deadline_text": date_format(deadline, "j F Y"),
        "valid_until_text": date_format(valid_until(delivery.plan, tertial), "j F Y"),
        "actor": delivery.actor,
        "name": delivery.recipient_name,
        "progress": mine,
        "waiting": mine.waiting if mine else [],
        "missing": [p for p in progress if not p.done] if delivery.step == Step.DIGEST else [],
        "url": url,
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "reporting_url": settings.SITE_URL + _reporting_path(delivery.plan, tertial),
    }


def _reporting_path(plan: Plan, tertial: Tertial) -> str:
    from django.urls import reverse

    return reverse("followup:coordination", args=[plan.slug, tertial.slug])


def _subject(delivery: ReminderDelivery, context: dict) -> str:
    values = {
        "municipality": settings.MUNICIPALITY_NAME,
        "actor": delivery.actor.code if delivery.actor else "",
        "tertial": delivery.tertial.label,
        "deadline": context["deadline_text"],
        "plan": delivery.plan.title,
    }
    if delivery.step == Step.DIGEST:
        return _("%(municipality)s: ej rapporterat %(tertial)s – %(plan)s") % values
    if delivery.step == Step.LINK:
        return (
            _("%(municipality)s: rapportera för %(actor)s %(tertial)s senast %(deadline)s") % values
        )
    if delivery.step == Step.DEADLINE:
        return (
            _("Påminnelse: i dag är sista dagen att rapportera för %(actor)s (%(tertial)s)")
            % values
        )
    return _("Påminnelse: rapportera för %(actor)s %(tertial)s senast %(deadline)s") % values


def build_message(delivery: ReminderDelivery, url: str, progress: list[ActorProgress]):
    """The e-mail for a delivery: plain text and HTML, the municipality's name, in the
    recipient's language (``actors.selectors.email_language``: a user's own choice, Swedish
    for a contact person without an account)."""
    with translation.override(email_language(delivery.recipient)):
        context = _context(delivery, progress, url)
        text = render_to_string("followup/email/reporting.txt", context)
        html = render_to_string("followup/email/reporting.html", context)
        message = EmailMultiAlternatives(
            subject=_subject(delivery, context),
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[f"{delivery.recipient_name} <{delivery.recipient}>"]
            if delivery.recipient_name
            else [delivery.recipient],
        )
        message.attach_alternative(html, "text/html")
    return message


def deliver(delivery_id: int) -> ReminderDelivery:
    """Send one queued e-mail (the task ``deliver_email`` calls this; retried on failure).

    A reminder or link e-mail carries a new personal report link, issued in the same
    transaction as the sending: if the sending fails, no link is left behind. An already
    sent delivery is not sent again; a reminder whose actor has reported meanwhile is not
    sent (the record says so).
    """
    with transaction.atomic():
        delivery = (
            ReminderDelivery.objects.select_for_update(of=("self",))  # PostgreSQL: not the joins
            .select_related("plan", "actor", "contact", "requested_by")
            .get(pk=delivery_id)
        )
        if delivery.state == State.SENT:
            return delivery
        tertial = delivery.tertial
        if delivery.step == Step.DIGEST:
            progress = actor_progress(delivery.plan, tertial)
        else:
            progress = actor_progress(delivery.plan, tertial, actor=delivery.actor)
        url = ""
        if delivery.step in (Step.BEFORE, Step.DEADLINE) and (not progress or progress[0].done):
            delivery.state = State.SKIPPED
            delivery.error = _("Aktören har rapporterat alla sina aktiviteter.")
            delivery.save(update_fields=["state", "error"])
            return delivery
        if delivery.step != Step.DIGEST:
            if delivery.contact is None or not delivery.contact.active:
                delivery.state = State.SKIPPED
                delivery.error = _("Kontaktpersonen finns inte längre eller är inaktiv.")
                delivery.save(update_fields=["state", "error"])
                return delivery
            link, token = issue_link(
                delivery.contact, delivery.plan, tertial, user=delivery.requested_by
            )
            delivery.link = link
            url = link_url(token)
        build_message(delivery, url, progress).send()
        delivery.state, delivery.sent_at, delivery.error = State.SENT, timezone.now(), ""
        delivery.attempts += 1
        delivery.save()
    logger.info(
        "E-post skickad: %s till %s (%s %s).",
        delivery.get_step_display(),
        delivery.recipient,
        delivery.plan.title,
        tertial.label,
    )
    return delivery


def record_failure(delivery_id: int, error: str, *, final: bool) -> None:
    """Note a failed attempt (and, after the last retry, that the delivery failed)."""
    updates = {"error": error[:2000]}
    if final:
        updates["state"] = State.FAILED
    with transaction.atomic():
        delivery = ReminderDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.state == State.SENT:
            return
        delivery.attempts += 1
        for key, value in updates.items():
            setattr(delivery, key, value)
        delivery.save()
