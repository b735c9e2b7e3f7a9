"""Forms of the account pages (two-factor authentication, password reset)."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from actors.selectors import email_language


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


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form; the e-mail is written in the account's language, not the language of
    whoever asked on the page (``actors.selectors.email_language``)."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(email_language(context["user"])):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
