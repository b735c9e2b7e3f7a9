"""Checklists a plan is checked against (the national coordinator's twelve recommendations).

Kept as data that administrators edit in admin, so that another kind of plan (a
brottsförebyggande plan, say) can have its own list. Each plan has one assessment per
recommendation: whether and where the plan addresses it, with linked activities and texts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: The plan's texts an assessment can point to (field name, label).
PLAN_TEXTS = [
    ("introduction", _("Inledning")),
    ("purpose", _("Syfte")),
    ("goal", _("Mål")),
    ("definition", _("Definition")),
    ("governance", _("Ansvar och styrning")),
    ("situation", _("Lägesbild")),
    ("focus", _("Handlingsplanens inriktning")),
    ("follow_up_text", _("Uppföljning")),
]


class RecommendationList(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    source = models.TextField(_("källa"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklista")
        verbose_name_plural = _("checklistor")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Recommendation(models.Model):
    class Suggestion(models.TextChoices):
        NONE = "", _("Inget förslag")
        ACTORS = "actors", _("Nödvändiga samverkansaktörer bland de ansvariga")
        SITUATION = "situation", _("Aktivitet om lägesbilden")
        RESPONSIBILITY = "responsibility", _("En namngiven funktion ansvarar")
        FOLLOW_UP = "follow_up", _("Rapporterade tertialer och en utvärdering")

    checklist = models.ForeignKey(
        RecommendationList,
        verbose_name=_("checklista"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.PositiveIntegerField(_("nummer"))
    title = models.CharField(_("rekommendation"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    suggestion = models.CharField(
        _("förslag ur data"),
        max_length=30,
        choices=Suggestion.choices,
        blank=True,
        default="",
        help_text=_("Hur systemet föreslår var planen tar upp rekommendationen."),
    )
    suggestion_terms = models.TextField(
        _("sökord"),
        blank=True,
        help_text=_(
            "En per rad. För samverkansaktörer: aktörernas kortnamn eller ord i namnet "
            "(t.ex. skola), för lägesbild och utvärdering: ord i aktivitetens text."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rekommendation")
        verbose_name_plural = _("rekommendationer")
        ordering = ["checklist", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "number"], name="recommendation_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def terms(self) -> list[str]:
        return [t.strip() for t in self.suggestion_terms.splitlines() if t.strip()]


class Assessment(models.Model):
    class State(models.TextChoices):
        UNMARKED = "", _("Ej bedömd")
        YES = "yes", _("Ja")
        PARTLY = "partly", _("Delvis")
        NO = "no", _("Nej")

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="assessments"
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("rekommendation"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    state = models.CharField(
        _("tas upp"), max_length=10, choices=State.choices, blank=True, default=""
    )
    note = models.TextField(_("var och hur"), blank=True)
    activities = models.ManyToManyField(
        "plans.Activity", verbose_name=_("aktiviteter"), blank=True, related_name="assessments"
    )
    texts = models.JSONField(_("planens texter"), default=list, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(m2m_fields=[activities])

    class Meta:
        verbose_name = _("avstämning")
        verbose_name_plural = _("avstämningar")
        ordering = ["plan", "recommendation__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "recommendation"], name="assessment_one_per_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.recommendation}"

    def text_labels(self) -> list[str]:
        labels = dict(PLAN_TEXTS)
        return [str(labels[t]) for t in self.texts if t in labels]
