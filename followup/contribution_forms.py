"""Forms for contributions, the report-link page and the coordinator's reporting page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.models import Status
from followup.services import MAX_COMMENT_LENGTH


class ContributionForm(forms.Form):
    """One actor's status and comment for one activity (the tertial is the page's)."""

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad ni har gjort, vad som återstår och varför det avviker från planen."),
    )

    def __init__(self, *args, prefix_id: str | int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if prefix_id is not None:  # unique ids when several forms are on one page
            self.auto_id = f"c{prefix_id}-%s"


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("Sista dag att rapportera"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2017-12-15.")},
    )
