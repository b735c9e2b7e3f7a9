"""Forms for importing a plan from Excel and exporting it back."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.selectors import in_plan, outside_plan_message
from plans.models import Plan
from plans.selectors import plans_for_import
from spreadsheets.importing.followups import parse_tertial
from spreadsheets.importing.reading import FileRejected, check_size


class TertialFieldMixin:
    """Cleans the form's optional ``tertial`` field to a Tertial (None if blank)."""

    def clean_tertial(self):
        try:
            return parse_tertial(self.cleaned_data.get("tertial"))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


def _tertial_field(label, help_text) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=20, help_text=help_text)


class ImportOptionsForm(TertialFieldMixin, forms.Form):
    """Where the file goes and how; repeated as hidden fields on the confirm step."""

    plan = forms.ModelChoiceField(
        label=_("Plan som filen ska importeras till"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("– Skapa en ny plan –"),
    )
    new_plan_title = forms.CharField(
        label=_("Titel på den nya planen"),
        required=False,
        max_length=300,
        help_text=_(
            "Om du skapar en ny plan, t.ex. ”Handlingsplan mot … 2016-2017”. Lämnar du "
            "fältet tomt får planen titeln i filens titelrad ovanför tabellen."
        ),
    )
    create_actors = forms.BooleanField(
        label=_("Skapa aktörer som saknas men förklaras i filens förkortningslista"),
        required=False,
    )
    tertial = _tertial_field(
        _("Tertial för kolumnen Uppföljning"),
        _("T.ex. ”T2 2017”. Texten i kolumnen Uppföljning blir kommentar för den."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans_for_import()

    def clean(self):
        cleaned = super().clean()
        plan, title = cleaned.get("plan"), (cleaned.get("new_plan_title") or "").strip()
        if plan is not None and title:
            self.add_error(
                "new_plan_title",
                _("Lämna titeln tom när du importerar till en befintlig plan."),
            )
        return cleaned


ACCEPTED_FILES = (
    ".xlsx,.xlsm,.xls,.ods,.csv,.txt,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
    "application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet,text/csv"
)


class ImportUploadForm(ImportOptionsForm):
    file = forms.FileField(
        label=_("Kalkylark: Excel (.xlsx, .xls), LibreOffice (.ods) eller CSV"),
        required=False,
        help_text=_(
            "Tabellen ska ha kolumnerna Fokusområde, Aktivitet, Genomförande, Ansvarig och "
            "Genomfört (Uppföljning och ID får finnas)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )
    # The file chosen last time, kept after an error so that it need not be chosen again.
    stored_token = forms.RegexField(
        regex=r"^[0-9a-f]{32}$", required=False, widget=forms.HiddenInput
    )
    stored_filename = forms.CharField(max_length=255, required=False, widget=forms.HiddenInput)

    field_order = ["file", "plan", "new_plan_title", "create_actors", "tertial"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        try:
            check_size(upload.size)  # before a single byte is parsed
        except FileRejected as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("file")
            and not cleaned.get("stored_token")
            and "file" not in self.errors
        ):
            self.add_error("file", _("Välj filen som ska importeras."))
        return cleaned

    def show_import_error(self, field: str, message: str) -> None:
        """Show an error the import found at its field, on the unbound re-try form.

        The re-try form is built from initial values (the options as chosen), so Django's
        ``add_error``, which needs ``cleaned_data``, does not apply; the error summary and
        the field read ``form.errors`` as for any invalid form.
        """
        if self._errors is None:
            self._errors = forms.utils.ErrorDict()
        self._errors.setdefault(field, self.error_class(renderer=self.renderer)).append(message)


class ConfirmForm(ImportOptionsForm):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    filename = forms.CharField(max_length=255, required=False, widget=forms.HiddenInput)
    fingerprint = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in ("token", "filename", "fingerprint"):
                field.widget = forms.HiddenInput()


class ExportForm(TertialFieldMixin, forms.Form):
    FORMAT_CHOICES = [("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV (.csv)"))]

    plan = forms.ModelChoiceField(
        label=_("Plan"), queryset=Plan.objects.none(), empty_label=_("– Välj plan –")
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=FORMAT_CHOICES, initial="xlsx", widget=forms.RadioSelect
    )
    tertial = _tertial_field(
        _("Uppföljning för tertial"),
        _("T.ex. ”T2 2017”. Lämna tomt för den senaste uppföljningen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans_for_import()

    def clean(self):
        data = super().clean()
        plan, tertial = data.get("plan"), data.get("tertial")
        if plan is not None and tertial is not None and not in_plan(plan, tertial):
            self.add_error("tertial", outside_plan_message(plan, tertial))
        return data
