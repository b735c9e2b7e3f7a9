"""The change log's filter form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from changelog.sources import sources


class ChangelogFilterForm(forms.Form):
    user = forms.TypedChoiceField(
        label=_("Användare"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Typ av objekt"), required=False)
    date_from = forms.DateField(
        label=_("Från och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("ÅÅÅÅ-MM-DD"),
    )
    date_to = forms.DateField(
        label=_("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("ÅÅÅÅ-MM-DD"),
    )

    def __init__(self, *args, users: list = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Alla"))] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in users
        ]
        self.fields["kind"].choices = [("", _("Alla"))] + [(s.key, s.label) for s in sources()]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", _("Slutdatumet måste vara samma som eller efter startdatumet.")
            )
        return data
