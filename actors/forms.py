"""Forms of the account pages (two-factor authentication)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OTPTokenForm(forms.Form):
    """A six-digit code from the user's authenticator app."""

    otp_token = forms.CharField(
        label=_("Engångskod"),
        max_length=8,
        help_text=_("Sex siffror från appen i din telefon, t.ex. 123456."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_otp_token(self) -> str:
        token = self.cleaned_data["otp_token"].replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(_("Koden ska vara sex siffror."))
        return token
