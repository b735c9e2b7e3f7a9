"""Forms of the follow-up page: the in-place entry and the board's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.models import Status
from followup.services import MAX_COMMENT_LENGTH

UNREPORTED = "unreported"
MINE, ALL = "mina", "alla"


class FollowUpForm(forms.Form):
    """Status and comment of one activity for one tertial; ``version`` is what the user saw."""

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Vad som gjorts, vad som återstår, varför det avviker. Avförd kräver ett skäl."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, prefix_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if prefix_id is not None:  # unique ids when many rows are on one page
            self.auto_id = f"fu{prefix_id}-%s"


class BoardFilterForm(forms.Form):
    """Filters of the follow-up page (GET); invalid values are ignored, never a 500."""

    actor = forms.TypedChoiceField(
        label=_("Ansvarig"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    area = forms.TypedChoiceField(
        label=_("Fokusområde"), required=False, coerce=int, empty_value=None
    )
    overdue = forms.BooleanField(label=_("Endast försenade (deadline passerad)"), required=False)
    unreported = forms.BooleanField(label=_("Endast ej rapporterade denna tertial"), required=False)
    # Contributions (followup/views/contributions.py): whose activities, and which actor is awaited.
    show = forms.ChoiceField(
        label=_("Visa"),
        required=False,
        choices=[(MINE, _("Mina aktiviteter")), (ALL, _("Alla aktiviteter"))],
    )
    waiting = forms.TypedChoiceField(
        label=_("Väntar på aktör"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, actors=(), areas=(), one_area=False, mine=False, **kwargs):
        """``one_area``: a large plan shows one focus area at a time, chosen from the board's
        own list of areas (paged: a plan may have hundreds); the form then only carries the
        area shown, in a hidden field, and the view checks that it belongs to the plan."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", _("Alla"))] + [(a.pk, a.code) for a in actors]
        if one_area:
            self.fields["area"] = forms.IntegerField(
                required=False, min_value=1, widget=forms.HiddenInput
            )
        else:
            self.fields["area"].choices = [("", _("Alla"))] + [(a.pk, a.title) for a in areas]
        self.fields["waiting"].choices = self.fields["actor"].choices
        if not mine:  # only for users who work for an actor
            del self.fields["show"]
        self.fields["status"].choices = [
            ("", _("Alla")),
            *Status.choices,
            (UNREPORTED, _("Ej rapporterad")),
        ]

    def filters(self) -> dict:
        """The valid filters only: a bad value in the address bar means 'no filter'."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) for name in self.fields if name not in self.errors}

    def is_active(self) -> bool:
        return any(v for k, v in self.filters().items() if k != "show" or v == MINE)
