"""Follow-up entries (one per activity and tertial) and the closing of a tertial.

The year + number pair is stored rather than a date so that a tertial is exact and
indexable; ``Tertial`` turns it back into a value with dates and a label.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from followup.tertial import Tertial
from plans.status import Status  # the scale, kept in plans so plans can name a status

#: Statuses that end an activity: it can no longer be overdue.
FINISHED = frozenset({Status.DONE, Status.STRUCK})

#: An icon (a character, shown beside the text, never colour alone) per status.
STATUS_ICONS = {
    Status.NOT_STARTED: "○",
    Status.STARTED: "◐",
    Status.DELAYED: "⚠",
    Status.DONE: "✓",
    Status.STRUCK: "✕",
}


class TertialFields(models.Model):
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveSmallIntegerField(
        _("tertial"), choices=[(1, "T1"), (2, "T2"), (3, "T3")]
    )

    class Meta:
        abstract = True

    @property
    def tertial(self) -> Tertial:
        return Tertial(self.year, self.number)


class FollowUp(TertialFields):
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("aktivitet"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    comment = models.TextField(
        _("kommentar"),
        blank=True,
        help_text=_("Vad som gjorts, vad som återstår och varför det avviker från planen."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rapporterad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_by_name = models.CharField(
        _("rapporterad av (namn)"),
        max_length=150,
        blank=True,
        help_text=_("Namnet som visas när rapportören inte är en användare, t.ex. vid inläsning."),
    )
    reported_at = models.DateTimeField(_("rapporterad"))
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Räknas upp vid varje ändring (skydd mot krockar).")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        ordering = ["activity", "year", "number"]
        permissions = [
            ("report_all", _("Kan rapportera uppföljning för alla aktiviteter")),
            ("report_own", _("Kan rapportera uppföljning för sina aktörers aktiviteter")),
            ("close_tertial", _("Kan stänga och öppna en tertials uppföljning")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "year", "number"],
                name="followup_one_per_activity_and_tertial",
                violation_error_message=_("Aktiviteten har redan en uppföljning för tertialen."),
            ),
        ]
        indexes = [models.Index(fields=["year", "number"], name="followup_tertial_idx")]

    def __str__(self) -> str:
        return f"{self.activity} – {self.tertial}: {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def status_icon(self) -> str:
        return STATUS_ICONS.get(self.status, "")

    @property
    def reporter_display(self) -> str:
        if self.reported_by_id and self.reported_by:
            return self.reported_by.get_full_name() or self.reported_by.get_username()
        return self.reported_by_name


class TertialClosure(TertialFields):
    """A plan's follow-up for one tertial, closed by the coordinator (read-only until reopened)."""

    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="tertial_closures",
    )
    closed = models.BooleanField(_("stängd"), default=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stängd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("öppnad igen av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("öppnad igen"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stängd tertial")
        verbose_name_plural = _("stängda tertialer")
        ordering = ["plan", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "number"], name="tertialclosure_one_per_plan_and_tertial"
            ),
        ]

    def __str__(self) -> str:
        state = _("stängd") if self.closed else _("öppen")
        return f"{self.plan} – {self.tertial} ({state})"

    @property
    def closed_by_display(self) -> str:
        user = self.closed_by
        return (user.get_full_name() or user.get_username()) if user else ""


class LatestStatus(TertialFields):
    """Each activity's latest follow-up entry of all tertials: status and tertial, derived.

    Kept by ``followup.services.refresh_latest_statuses`` whenever an entry is saved (signal
    in ``followup.signals``). It is the status *carried forward* to every tertial at or after
    ``year``/``number`` (the latest report up to and including that tertial), read as a
    column, so pages that count or list thousands of activities by status (Översikt's overdue
    and upcoming lists, the board's overdue counts) need not rank every activity's entries.
    Not history-tracked: it holds nothing that the entries (which are) do not.
    """

    activity = models.OneToOneField(
        "plans.Activity",
        verbose_name=_("aktivitet"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="latest_status",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)

    class Meta:
        verbose_name = _("senaste status")
        verbose_name_plural = _("senaste statusar")

    def __str__(self) -> str:
        return f"{self.activity_id} – {self.tertial}: {self.get_status_display()}"


class ReportPdf(TertialFields):
    """A tertial report's PDF rendered by the task queue: the job's state and then its file.

    One row per plan, tertial, options (appendix, checklist annex), language and data version
    (``followup.selectors.report_data_version``):
    while the plan's data stays the same, the done row's file *is* the report and is served
    again without rendering; a change gives a new version, hence a new row and a new render.
    Rows of older versions are removed when a newer one is done. Closed tertials are served
    from their filed report instead.

    ``version``: a filed version of a closed tertial worded anew (English, with the
    appendix or the checklist annex); None for the report as the data stands now.
    ``archival``: the job files that version's PDF/A copy on its ``FiledReport`` (a tertial
    closed before filing existed, or filed by the queue after the closing); the finished
    file is the filed report's, served under its archived name.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Framställs")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+"
    )
    data_version = models.CharField(_("dataversion"), max_length=64)
    contributions = models.BooleanField(_("med aktörernas bidrag"), default=False)
    checklist = models.BooleanField(_("med rekommendationerna som bilaga"), default=False)
    language = models.CharField(
        _("språk"), max_length=10, default="sv", help_text=_("Språket som PDF:en skrivs på.")
    )
    version = models.PositiveIntegerField(
        _("arkiverad version"),
        null=True,
        blank=True,
        help_text=_("Den arkiverade version som PDF:en visar; tom för rapporten som den är nu."),
    )
    archival = models.BooleanField(
        _("arkivexemplar"),
        default=False,
        help_text=_("Jobbet arkiverar versionens PDF/A (sparas med den arkiverade rapporten)."),
    )
    state = models.CharField(_("läge"), max_length=10, choices=State.choices, default=State.QUEUED)
    file = models.FileField(_("fil"), upload_to="rapporter/pdf/", blank=True)
    size = models.PositiveIntegerField(_("storlek (byte)"), default=0)
    error = models.TextField(_("fel"), blank=True)
    requested_at = models.DateTimeField(_("begärd"), auto_now_add=True)
    started_at = models.DateTimeField(_("påbörjad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport-PDF")
        verbose_name_plural = _("rapport-PDF:er")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "plan",
                    "year",
                    "number",
                    "contributions",
                    "checklist",
                    "language",
                    "data_version",
                ],
                name="reportpdf_one_per_plan_tertial_options_and_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} – {self.tertial} ({self.get_state_display()})"

    #: What names one report (all but ``data_version``): the jobs of its older data versions
    #: are deleted when a newer one is done.
    REPORT_FIELDS = (
        "plan_id",
        "year",
        "number",
        "contributions",
        "checklist",
        "language",
        "version",
        "archival",
    )

    @property
    def pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class FiledReport(TertialFields):
    """A closed tertial's report as it stood at the closing: frozen data and the filed PDF.

    ``data`` is what the report shows (``followup.report.report_data``: the plan's texts,
    activities with their texts, responsible actors and deadlines, the entries, the
    summaries, the actors' contributions for the appendix), taken in the closing's
    transaction; the report of a closed tertial is rendered from it in every format, whatever is edited later. Each closing files a new
    ``version``; earlier ones stay readable. The PDF is stored through Django's storage API
    with its SHA-256 and served unchanged.
    """

    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="filed_reports",
    )
    version = models.PositiveIntegerField(_("version"))
    closed_at = models.DateTimeField(_("stängd"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stängd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_by_name = models.CharField(_("stängd av (namn)"), max_length=150, blank=True)
    data = models.JSONField(_("rapportens innehåll"))
    pdf = models.FileField(_("arkiverad PDF"), upload_to="rapporter/arkiv/", blank=True)
    pdf_sha256 = models.CharField(_("PDF:ens SHA-256"), max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(_("PDF:ens storlek (byte)"), default=0)
    pdf_filed_at = models.DateTimeField(_("PDF arkiverad"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("arkiverad rapport")
        verbose_name_plural = _("arkiverade rapporter")
        ordering = ["plan", "year", "number", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "number", "version"],
                name="filedreport_one_per_plan_tertial_and_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} – {self.tertial} v{self.version}"

    @property
    def label(self) -> str:
        """'version 1, stängd 26 april 2017 av Sara Samordnare'."""
        from django.utils import timezone
        from django.utils.formats import date_format

        when = date_format(timezone.localtime(self.closed_at), "j F Y")
        if self.closed_by_name:
            return _("version %(n)s, stängd %(when)s av %(who)s") % {
                "n": self.version,
                "when": when,
                "who": self.closed_by_name,
            }
        return _("version %(n)s, stängd %(when)s") % {"n": self.version, "when": when}


class Assessment(TertialFields):
    """The coordinator's overall assessment (samlad bedömning) of a plan in a tertial."""

    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="tertial_assessments",
    )
    text = models.TextField(_("samlad bedömning"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skriven av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField(_("skriven"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("samlad bedömning")
        verbose_name_plural = _("samlade bedömningar")
        ordering = ["plan", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "number"], name="assessment_one_per_plan_and_tertial"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} – {self.tertial}"


# Contributions per actor, report links, deadlines and reminders (issue #13): own module.
from followup.contribution_models import (  # noqa: E402, F401
    Contribution,
    ReminderDelivery,
    ReportingDeadline,
    ReportLink,
)
