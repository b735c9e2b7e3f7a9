"""What each responsible actor reports, and how actors without an account are asked for it.

- ``Contribution``: one actor's status and comment for one activity and tertial, given by a
  member of the actor or by a contact through a report link. One per activity, tertial and
  actor: a later one replaces the earlier (history keeps every version).
- ``ReportingDeadline``: the day a plan's tertial must be reported by (default: a number of
  days before the tertial ends, ``settings.REPORTING_DEADLINE_DAYS_BEFORE_END``).
- ``ReportLink``: a personal link for one contact, actor, plan and tertial. Only the SHA-256
  of its token is stored.
- ``ReminderDelivery``: every e-mail sent (report link, reminder, digest): to whom, when,
  which step. A reminder step is sent at most once per recipient (unique constraint).

Imported by followup/models.py, so that Django finds the models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from followup.models import STATUS_ICONS, Status, TertialFields


class Contribution(TertialFields):
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("aktivitet"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("aktör"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lämnat av (användare)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact = models.ForeignKey(
        "actors.Contact",
        verbose_name=_("lämnat av (kontaktperson)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    given_by_name = models.CharField(
        _("lämnat av"),
        max_length=200,
        blank=True,
        help_text=_("Namnet när bidraget lämnades (användarens eller kontaktpersonens)."),
    )
    via_link = models.BooleanField(_("via rapportlänk"), default=False)
    given_at = models.DateTimeField(_("lämnat"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bidrag")
        verbose_name_plural = _("bidrag")
        ordering = ["activity", "year", "number", "actor__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "year", "number", "actor"],
                name="contribution_one_per_activity_tertial_actor",
            ),
        ]
        indexes = [models.Index(fields=["year", "number"], name="contribution_tertial_idx")]

    def __str__(self) -> str:
        return f"{self.actor} – {self.activity} – {self.tertial}"

    @property
    def status_icon(self) -> str:
        return STATUS_ICONS.get(self.status, "")

    @property
    def attribution(self) -> str:
        """'Lopo Täby – Anna Andersson (via länk)' or 'BUF – Rikard Rapportör'."""
        return attribution(self.actor.code, self.given_by_name, self.via_link)


def attribution(actor_code: str, name: str, via_link: bool) -> str:
    """Who gave a contribution, as the board, the report appendix and the change log show it."""
    text = f"{actor_code} – {name}" if name else actor_code
    via = gettext("via länk")  # outside the f-string, where makemessages finds it
    return f"{text} ({via})" if via_link else text


class ReportingDeadline(TertialFields):
    """The coordinator's reporting deadline for a plan's tertial (absent: the default)."""

    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="reporting_deadlines",
    )
    deadline = models.DateField(_("sista dag att rapportera"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("satt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sista rapportdag")
        verbose_name_plural = _("sista rapportdagar")
        ordering = ["plan", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "number"], name="reportingdeadline_one_per_plan_tertial"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.tertial}: {self.deadline}"


class ReportLink(TertialFields):
    """A personal report link: one contact, actor, plan and tertial; the token only hashed."""

    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True, editable=False)
    contact = models.ForeignKey(
        "actors.Contact",
        verbose_name=_("kontaktperson"),
        on_delete=models.CASCADE,
        related_name="report_links",
    )
    actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("aktör"),
        on_delete=models.CASCADE,
        related_name="report_links",
    )
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="report_links"
    )
    created_at = models.DateTimeField(_("skickad"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skickad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("återkallad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    use_count = models.PositiveIntegerField(_("antal användningar"), default=0)

    # Uses (last_used_at, use_count) are counted with update(): no history row per visit.
    # Not even the token's hash goes into the history table.
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        verbose_name = _("rapportlänk")
        verbose_name_plural = _("rapportlänkar")
        ordering = ["-created_at"]
        permissions = [
            (
                "manage_reporting",
                _("Kan sätta sista rapportdag, skicka och återkalla rapportlänkar och se utskick"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} – {self.plan} – {self.tertial}"


class ReminderDelivery(TertialFields):
    """One e-mail about reporting: to whom, when, which step, and whether it went."""

    class Step(models.TextChoices):
        LINK = "link", _("Rapportlänk")
        BEFORE = "before", _("Påminnelse före sista dag")
        DEADLINE = "deadline", _("Påminnelse på sista dagen")
        DIGEST = "digest", _("Sammanställning till samordnaren")

    class State(models.TextChoices):
        QUEUED = "queued", _("I kö")
        SENT = "sent", _("Skickat")
        FAILED = "failed", _("Misslyckades")
        SKIPPED = "skipped", _("Inte skickat")

    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
    )
    step = models.CharField(_("steg"), max_length=20, choices=Step.choices)
    recipient = models.EmailField(_("mottagare"))
    recipient_name = models.CharField(_("mottagarens namn"), max_length=200, blank=True)
    actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("aktör"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact = models.ForeignKey(
        "actors.Contact",
        verbose_name=_("kontaktperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link = models.ForeignKey(
        ReportLink,
        verbose_name=_("rapportlänk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    state = models.CharField(_("läge"), max_length=20, choices=State.choices, default=State.QUEUED)
    created_at = models.DateTimeField(_("skapad"))
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    error = models.TextField(_("fel"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("begärt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")
        ordering = ["-created_at"]
        constraints = [
            # A reminder step goes once to each address (run twice, a round sends nothing
            # twice). Report links may be sent again by the coordinator.
            models.UniqueConstraint(
                fields=["plan", "year", "number", "step", "recipient"],
                condition=~Q(step="link"),
                name="reminderdelivery_step_once_per_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} → {self.recipient} ({self.tertial})"
