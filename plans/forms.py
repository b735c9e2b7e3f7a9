"""Forms of the plan pages: a plan, its decision, focus areas, activities and checklist."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from plans import services
from plans.checklist_models import PLAN_TEXTS, Assessment
from plans.models import PLAN_TEXT_FIELDS, Activity, FocusArea, Plan
from plans.selectors import title_taken


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VersionForm(forms.Form):
    """The version the user saw (optimistic locking, as for follow-up entries)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


DECISION_FIELDS = [
    "registration_number",
    "decision_body",
    "decision_paragraph",
    "decision_date",
    "decision_text",
]


class PlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    class Meta:
        model = Plan
        fields = ["title", "period_start", "period_end", *DECISION_FIELDS, *PLAN_TEXT_FIELDS]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "decision_date": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in ["decision_text", *PLAN_TEXT_FIELDS]
            },
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = str(field.label)[:1].upper() + str(field.label)[1:]
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        _add_errors(
            self, services.check_period, cleaned.get("period_start"), cleaned.get("period_end")
        )
        return cleaned

    def _post_clean(self):
        """The model's rules are the services' (plans.services): no model validation here."""

    def plan_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class DecisionForm(PlanForm):
    """Fastställ: the adopting decision's data (body, paragraph and date required)."""

    class Meta(PlanForm.Meta):
        fields = DECISION_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("decision_body", "decision_paragraph", "decision_date"):
            self.fields[name].required = True


class FocusAreaForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    class Meta:
        model = FocusArea
        fields = ["title"]
        labels = {"title": _("Fokusområde")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def _post_clean(self):
        pass


class ActivityForm(forms.ModelForm):
    """An activity: texts, responsible actors (checkboxes in a fieldset), a deadline or Löpande."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    responsible = forms.ModelMultipleChoiceField(
        label=_("Ansvariga"),
        queryset=Actor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=True,
        error_messages={"required": _("Välj minst en ansvarig aktör.")},
    )

    class Meta:
        model = Activity
        fields = ["title", "implementation", "responsible", "deadline", "ongoing"]
        labels = {
            "title": _("Aktivitet"),
            "implementation": _("Genomförande"),
            "deadline": _("Klart senast"),
            "ongoing": _("Löpande"),
        }
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "implementation": forms.Textarea(attrs={"rows": 3}),
            "deadline": DateInput(),
        }
        help_texts = {
            "deadline": _("Datum då aktiviteten ska vara genomförd. Lämna tomt om den är löpande."),
            "ongoing": _("Löpande arbete utan slutdatum."),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        chosen = (
            set(self.instance.responsible.values_list("pk", flat=True))
            if self.instance.pk
            else set()
        )
        self.fields["responsible"].queryset = Actor.objects.available(keep=chosen).order_by(
            "sort_order", "code"
        )
        self.fields["responsible"].label_from_instance = lambda a: f"{a.code} – {a.name}"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        _add_errors(self, services.check_activity, cleaned)
        return cleaned

    def _post_clean(self):
        pass

    def activity_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "implementation": data.get("implementation", ""),
            "deadline": data.get("deadline"),
            "ongoing": bool(data.get("ongoing")),
        }


class AssessmentForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Tar planen upp rekommendationen?"),
        choices=Assessment.State.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=_("Var och hur"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Aktiviteter"),
        queryset=Activity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    texts = forms.MultipleChoiceField(
        label=_("Planens texter"),
        choices=PLAN_TEXTS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = (
            Activity.objects.filter(focus_area__plan=plan)
            .select_related("focus_area")
            .order_by("focus_area__order", "order")
        )
        self.fields["activities"].label_from_instance = lambda a: f"{a.number} {a}"


class CarryOverForm(forms.Form):
    """Skapa uppföljande plan: the new plan's title and period, and the activities to copy.

    ``choices``: (activity id, label) of the earlier plan's activities; the caller (which
    knows their statuses) gives them and the default choice as ``initial``.
    """

    title = forms.CharField(label=_("Den nya planens titel"), max_length=300)
    registration_number = forms.CharField(label=_("Diarienummer"), max_length=60, required=False)
    period_start = forms.DateField(label=_("Giltig från"), widget=DateInput())
    period_end = forms.DateField(label=_("Giltig till"), widget=DateInput())
    activities = forms.TypedMultipleChoiceField(
        label=_("Aktiviteter att föra över"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Förvalda är de som inte är Genomförda eller Avförda enligt sin senaste uppföljning."
        ),
    )

    def __init__(self, *args, choices=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = list(choices)

    def clean(self):
        cleaned = super().clean()
        _add_errors(
            self, services.check_period, cleaned.get("period_start"), cleaned.get("period_end")
        )
        title = cleaned.get("title", "")
        if title and title_taken(title):
            self.add_error("title", _("Det finns redan en plan som heter så."))
        return cleaned


def _add_errors(form: forms.Form, check, *args) -> None:
    """Run a plans.services check; its ValidationError becomes the form's field errors."""
    from django.core.exceptions import ValidationError

    try:
        check(*args)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
