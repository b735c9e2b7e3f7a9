"""Who can be responsible for an activity, and how they work together.

An *actor* is whatever a plan writes in its Ansvarig column: an administration
(KLK, BUF …), an external authority (Lopo Täby) or a function (the
trygghetssamordnare). The coordination network (Tryggare Vallentuna) is a set
of groups whose seats are positions belonging to actors.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

SV = settings.SWEDISH_COLLATION


class ActorQuerySet(models.QuerySet):
    def available(self, keep=()) -> "ActorQuerySet":
        """Actors that may be chosen as responsible: the active ones, and those in ``keep``
        (ids already chosen, so that an inactive actor stays where it is)."""
        return self.filter(models.Q(active=True) | models.Q(pk__in=list(keep)))


class Actor(models.Model):
    class Kind(models.TextChoices):
        ADMINISTRATION = "forvaltning", _("Kommunal förvaltning")
        FUNCTION = "funktion", _("Funktion")
        AUTHORITY = "myndighet", _("Extern myndighet")
        FEDERATION = "forbund", _("Kommunalförbund")
        OTHER = "annan", _("Annan aktör")

    code = models.CharField(
        _("kortnamn"),
        max_length=60,
        db_collation=SV,
        help_text=_("Så som aktören skrivs i planer, t.ex. KLK eller Lopo Täby."),
    )
    name = models.CharField(_("fullständigt namn"), max_length=200, db_collation=SV)
    kind = models.CharField(
        _("typ"), max_length=20, choices=Kind.choices, default=Kind.ADMINISTRATION
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ingår i"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("beskrivning"), blank=True)
    aliases = models.TextField(
        _("alternativa stavningar"),
        blank=True,
        help_text=_("En per rad. Används för att känna igen aktören vid import."),
    )
    sort_order = models.PositiveIntegerField(
        _("sorteringsordning"),
        default=100,
        help_text=_(
            "Ordning när flera ansvariga skrivs ut, t.ex. KLK, BUF, KFF, SF och Lopo Täby."
        ),
    )
    active = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_(
            "En inaktiv aktör står kvar på de aktiviteter och rapporter den redan finns i, "
            "men kan inte väljas som ansvarig för fler. Använd detta i stället för att ta "
            "bort en aktör som har aktiviteter."
        ),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="actors",
        verbose_name=_("medlemmar"),
        blank=True,
    )

    history = HistoricalRecords()
    objects = ActorQuerySet.as_manager()

    class Meta:
        verbose_name = _("aktör")
        verbose_name_plural = _("aktörer")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(Lower("code"), name="actor_code_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.code

    def delete(self, *args, **kwargs):
        """Refused (ProtectedError) while the actor is responsible for an activity; checked
        before the delete starts, and again by a pre_delete signal for bulk deletes."""
        from actors.services import refuse_delete_in_use

        refuse_delete_in_use(self)
        return super().delete(*args, **kwargs)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Membership(models.Model):
    """A user works for an actor; per-actor rights are derived from this."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    actor = models.ForeignKey(
        Actor, verbose_name=_("aktör"), on_delete=models.CASCADE, related_name="memberships"
    )
    title = models.CharField(_("befattning"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "actor"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.actor}"


class Network(models.Model):
    """A coordination network such as Tryggare Vallentuna."""

    name = models.CharField(_("namn"), max_length=200, unique=True, db_collation=SV)
    description = models.TextField(_("beskrivning"), blank=True)
    actors = models.ManyToManyField(
        Actor, verbose_name=_("ingående aktörer"), related_name="networks", blank=True
    )

    history = HistoricalRecords(m2m_fields=[actors])

    class Meta:
        verbose_name = _("samverkansnätverk")
        verbose_name_plural = _("samverkansnätverk")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkGroup(models.Model):
    """A group within a network, e.g. the ledningsgrupp or the nätverksgrupp."""

    network = models.ForeignKey(
        Network, verbose_name=_("nätverk"), on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grupp")
        verbose_name_plural = _("grupper")
        ordering = ["network", "order"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="networkgroup_name_unique"),
            models.UniqueConstraint(fields=["network", "order"], name="networkgroup_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.network} – {self.name}"


class Position(models.Model):
    """A seat in a group, held by a position (befattning) at an actor."""

    group = models.ForeignKey(
        NetworkGroup, verbose_name=_("grupp"), on_delete=models.CASCADE, related_name="positions"
    )
    title = models.CharField(_("befattning"), max_length=200)
    actor = models.ForeignKey(
        Actor, verbose_name=_("aktör"), on_delete=models.PROTECT, related_name="positions"
    )
    order = models.PositiveIntegerField(_("ordning"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("befattning")
        verbose_name_plural = _("befattningar")
        ordering = ["group", "order"]
        constraints = [
            models.UniqueConstraint(fields=["group", "order"], name="position_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.actor})"


class Contact(models.Model):
    """A contact person at an actor (name, e-mail): gets the actor's report links and reminders.

    Actors without municipal accounts (the police, a federation) report through these
    people; an actor may have several. Inactive contacts get nothing.
    """

    actor = models.ForeignKey(
        Actor, verbose_name=_("aktör"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("namn"), max_length=200, db_collation=SV)
    email = models.EmailField(_("e-postadress"))
    active = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_("Inaktiva kontaktpersoner får inga rapportlänkar eller påminnelser."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["actor", "name"]
        constraints = [
            models.UniqueConstraint(
                "actor",
                Lower("email"),
                name="contact_email_unique_per_actor",
                violation_error_message=_("Aktören har redan en kontaktperson med den adressen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.actor})"


class UserPreference(models.Model):
    """What a user chose for themselves and that follows them to any browser: the language.

    Written when a logged-in user uses the header's language switch (and when a choice
    made on the login page is followed by a login); read at login, when it becomes the
    session's language, and for every e-mail to the user (``actors.selectors.email_language``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="preference",
    )
    language = models.CharField(
        _("språk"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Språket i appen och i e-post till användaren."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("användarinställning")
        verbose_name_plural = _("användarinställningar")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_language_display()}"
