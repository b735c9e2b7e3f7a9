"""Plans, their focus areas and activities, as a municipal action plan is written.

A plan is a table: focus areas (fokusområden), each with ordered activities
(aktivitet, genomförande, ansvarig, genomfört = the date it must be done by).
Nothing here assumes a single plan: a municipality keeps several side by side.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor
from plans.status import status_label

SV = settings.SWEDISH_COLLATION
# How an ongoing activity's Genomfört reads on the board, in the report and in exports.
ONGOING_LABEL = _("Löpande")
#: A plan's own texts in the order of the adopted document (syfte, mål, definition, ansvar
#: och styrning, lägesbild, inriktning, uppföljning): the plan pages, admin, the plan
#: services and a follow-up plan's copy all take them from here.
PLAN_TEXT_FIELDS = (
    "introduction",
    "purpose",
    "goal",
    "definition",
    "governance",
    "situation",
    "focus",
    "follow_up_text",
)


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ADOPTED = "adopted", _("Fastställd")
        ARCHIVED = "archived", _("Arkiverad")

    title = models.CharField(_("titel"), max_length=300, db_collation=SV)
    slug = models.SlugField(_("kortadress"), max_length=120, unique=True, blank=True)
    registration_number = models.CharField(
        _("diarienummer"), max_length=60, blank=True, help_text=_("T.ex. KS 2016.371.")
    )
    decision_body = models.CharField(
        _("beslutande organ"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. Kommunstyrelsens arbetsutskott."),
    )
    decision_paragraph = models.CharField(
        _("paragraf"), max_length=30, blank=True, help_text=_("T.ex. §138.")
    )
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decision_text = models.TextField(_("beslut"), blank=True)
    period_start = models.DateField(_("giltig från"))
    period_end = models.DateField(_("giltig till"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    introduction = models.TextField(_("inledning"), blank=True)
    purpose = models.TextField(_("syfte"), blank=True)
    goal = models.TextField(_("mål"), blank=True)
    definition = models.TextField(_("definition"), blank=True)
    governance = models.TextField(_("ansvar och styrning"), blank=True)
    situation = models.TextField(_("lägesbild"), blank=True)
    focus = models.TextField(_("handlingsplanens inriktning"), blank=True)
    follow_up_text = models.TextField(_("uppföljning"), blank=True)
    network = models.ForeignKey(
        "actors.Network",
        verbose_name=_("samverkansnätverk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Räknas upp vid varje ändring (skydd mot krockar).")
    )
    adopted_at = models.DateTimeField(
        _("fastställd i systemet"),
        null=True,
        blank=True,
        help_text=_("När planen fick status Fastställd: ändringar därefter listas i rapporten."),
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("uppföljning av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up_plans",
        help_text=_("Planen som den här planen följer upp (Skapa uppföljande plan)."),
    )
    checklist = models.ForeignKey(
        "plans.RecommendationList",
        verbose_name=_("checklista"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
        help_text=_("Rekommendationerna planen stäms av mot."),
    )
    single_actor_contribution_is_follow_up = models.BooleanField(
        _("ensam ansvarigs bidrag blir uppföljningen"),
        default=False,
        help_text=_(
            "Där en aktivitet har en enda ansvarig aktör blir aktörens bidrag aktivitetens "
            "uppföljning för tertialen (status och kommentar i rapporten)."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        ordering = ["-period_start", "title"]
        permissions = [
            ("import_plan", _("Kan importera och exportera planer från och till Excel")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="plan_period_end_after_start",
                violation_error_message=_("Planens slutdatum måste vara efter startdatumet."),
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="plan_registration_number_unique",
                violation_error_message=_("Det finns redan en plan med det diarienumret."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.slug])

    def _unique_slug(self) -> str:
        base = slugify(self.title)[:100] or "plan"
        slug, n = base, 2
        while Plan.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED

    @property
    def takes_follow_up(self) -> bool:
        """The one rule for follow-up: only an adopted plan takes it (entries, contributions,
        closing, assessment, deadlines, report links). A draft not yet, an archived plan no
        more. Templates, views and services (``followup.services.ensure_follows_up``) ask this."""
        return self.status == self.Status.ADOPTED

    @property
    def has_reports(self) -> bool:
        """Tertial reports: for a plan that is or has been followed up, not for a draft."""
        return not self.is_draft

    @property
    def decision(self) -> str:
        """The adopting decision as cited in documents: 'Kommunstyrelsens arbetsutskott §138 2016-…'."""
        parts = [self.decision_body, self.decision_paragraph]
        if self.decision_date:
            parts.append(self.decision_date.isoformat())
        return " ".join(p for p in parts if p)


class FocusArea(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="focus_areas"
    )
    title = models.CharField(_("fokusområde"), max_length=300)
    order = models.PositiveIntegerField(_("ordning"), default=1)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="focusarea_order_unique"),
            models.UniqueConstraint(fields=["plan", "title"], name="focusarea_title_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityQuerySet(models.QuerySet):
    def with_related(self) -> "ActivityQuerySet":
        """Everything a list of activities shows, in a constant number of queries."""
        return self.select_related("focus_area__plan").prefetch_related("responsible")

    def overdue_deadline(self, today: datetime.date | None = None) -> "ActivityQuerySet":
        """Activities whose deadline has passed (status is followup's business)."""
        return self.filter(deadline__lt=today or timezone.localdate())


class Activity(models.Model):
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    order = models.PositiveIntegerField(_("ordning"), default=1)
    title = models.TextField(_("aktivitet"))
    implementation = models.TextField(_("genomförande"), blank=True)
    responsible = models.ManyToManyField(
        Actor, verbose_name=_("ansvariga"), related_name="activities"
    )
    deadline = models.DateField(
        _("klart senast"),
        null=True,
        blank=True,
        help_text=_("Datum då aktiviteten ska vara genomförd (planens kolumn Genomfört)."),
    )
    ongoing = models.BooleanField(
        _("löpande"),
        default=False,
        help_text=_(
            "Löpande arbete utan slutdatum (”Löpande”, ”Kontinuerligt”, ”Årligen” i planens "
            "kolumn Genomfört)."
        ),
    )

    version = models.PositiveIntegerField(_("version"), default=1)
    origin = models.ForeignKey(
        "self",
        verbose_name=_("överförd från"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_over",
        help_text=_("Aktiviteten i en tidigare plan som den här fortsätter."),
    )
    origin_note = models.CharField(
        _("ursprung"),
        max_length=300,
        blank=True,
        help_text=_("Fri text om var aktiviteten kommer ifrån, t.ex. från en inläst tabell."),
    )
    origin_facts = models.JSONField(
        _("ursprung (uppgifter)"),
        default=dict,
        blank=True,
        help_text=_(
            "Vid överföring från en tidigare plan: planens namn, aktivitetens nummer och "
            "senaste status och tertial där, som de var vid överföringen."
        ),
    )

    history = HistoricalRecords(m2m_fields=[responsible])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["focus_area__plan", "focus_area__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["focus_area", "order"], name="activity_order_unique"),
        ]

    def __str__(self) -> str:
        return self.title if len(self.title) <= 80 else self.title[:79] + "…"

    def get_absolute_url(self) -> str:
        """The activity on the follow-up page (admin's "Visa på webbplats"). By URL name:
        the page belongs to followup, which plans does not import."""
        return reverse("followup:activity", args=[self.pk])

    @property
    def plan(self) -> Plan:
        return self.focus_area.plan

    @property
    def number(self) -> str:
        """'3.3': the focus area's order and the activity's, as plans number activities."""
        return f"{self.focus_area.order}.{self.order}"

    @property
    def deadline_display(self):
        """What the Genomfört column shows: the date, 'Löpande', or None."""
        return ONGOING_LABEL if self.ongoing else self.deadline

    @property
    def origin_text(self) -> str:
        """Where the activity came from, in the active language (``origin_text``)."""
        return origin_text(self.origin_facts, self.origin_note)

    def responsible_display(self) -> str:
        """Actors as plans write them: 'KLK, BUF, KFF, SF och Lopo Täby'."""
        return join_swedish([a.code for a in sorted(self.responsible.all(), key=actor_order)])


def origin_facts(
    plan_name: str, number: str, status: str | None, tertial: tuple[int, int] | None
) -> dict:
    """The frozen facts of a carried-over activity's origin (``Activity.origin_facts``):
    the earlier plan's registration number (or title), the activity's number there and its
    last status code and tertial (None: never reported). Language-neutral: the text is made
    when shown (``origin_text``)."""
    facts = {"plan": plan_name, "number": number, "status": status or ""}
    if status and tertial:
        facts["year"], facts["tertial"] = tertial
    return facts


def origin_text(facts: dict | None, note: str = "") -> str:
    """'Från KS 2016.371, aktivitet 3.3, senast Ej påbörjad T3 2017' in the active language
    from the frozen facts; without facts the free-text note as it was written (an import)."""
    if not facts:
        return note or ""
    values = {"plan": facts.get("plan", ""), "n": facts.get("number", "")}
    if not facts.get("status"):
        return gettext("Från %(plan)s, aktivitet %(n)s, ej rapporterad") % values
    status = status_label(facts["status"])
    if facts.get("year") and facts.get("tertial"):
        status += f" T{facts['tertial']} {facts['year']}"
    return gettext("Från %(plan)s, aktivitet %(n)s, senast %(status)s") % {
        **values,
        "status": status,
    }


def actor_order(actor: Actor) -> tuple[int, str]:
    from vallentuna.collation import swedish_sort_key

    return actor.sort_order, swedish_sort_key(actor.code)[0]


def join_swedish(items: list[str]) -> str:
    """'a', 'a och b', 'a, b och c' ('a, b and c' in English; the import reads both)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + gettext(" och ") + items[-1]


class ImportReceipt(models.Model):
    """One confirmed import of one preview: the preview's token, hashed, claimed once.

    The confirm step inserts this row in the same transaction as the import's writes;
    the unique token makes a second submit of the same preview (a double click, two
    tabs) wait for the first and then find it done, instead of importing twice.
    """

    token_hash = models.CharField(_("förhandsgranskning (hash)"), max_length=64, unique=True)
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("importerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("genomförd import")
        verbose_name_plural = _("genomförda importer")

    def __str__(self) -> str:
        return f"{self.plan} {self.created:%Y-%m-%d %H:%M}"


# The checklists a plan is checked against (issue #17): own module.
from plans.checklist_models import (  # noqa: E402, F401
    Assessment,
    Recommendation,
    RecommendationList,
)
