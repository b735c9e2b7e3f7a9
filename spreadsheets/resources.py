"""The plan's table as a django-import-export resource: one definition of the export columns.

Our own writer (``spreadsheets.exporting``) lays the rows out like the adopted document; the
admin's export of selected activities uses the same resource.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from followup.selectors import latest_follow_ups
from plans.models import ONGOING_LABEL, Activity
from spreadsheets.importing.followups import cell_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; other types stay."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class ActivityResource(resources.ModelResource):
    """Columns in the plan's order: Fokusområde | Aktivitet | Genomförande | Ansvarig |
    Genomfört | Uppföljning | ID."""

    focus_area = fields.Field(attribute="focus_area__title", column_name=_("Fokusområde"))
    title = fields.Field(attribute="title", column_name=_("Aktivitet"))
    implementation = fields.Field(attribute="implementation", column_name=_("Genomförande"))
    responsible = fields.Field(column_name=_("Ansvarig"))
    deadline = fields.Field(
        attribute="deadline",
        column_name=_("Genomfört"),
        widget=widgets.DateWidget(coerce_to_string=False),
    )
    follow_up = fields.Field(column_name=_("Uppföljning"))
    id = fields.Field(
        attribute="id", column_name=_("ID"), widget=widgets.IntegerWidget(coerce_to_string=False)
    )

    class Meta:
        model = Activity
        fields = (
            "focus_area",
            "title",
            "implementation",
            "responsible",
            "deadline",
            "follow_up",
            "id",
        )
        export_order = fields

    def __init__(self, *, follow_ups: dict | None = None, neutralise: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.follow_ups = follow_ups
        self.neutralise = neutralise

    def get_queryset(self):
        return Activity.objects.with_related().order_by(
            "focus_area__plan", "focus_area__order", "order"
        )

    def before_export(self, queryset, **kwargs):
        if self.follow_ups is None:
            ids = [a.pk for a in queryset]
            self.follow_ups = latest_follow_ups(ids) if ids else {}

    def dehydrate_deadline(self, activity: Activity):
        """The date, or 'Löpande' for ongoing work (what the import reads back)."""
        return str(ONGOING_LABEL) if activity.ongoing else activity.deadline

    def dehydrate_responsible(self, activity: Activity) -> str:
        return activity.responsible_display()

    def dehydrate_follow_up(self, activity: Activity) -> str:
        follow_up = (self.follow_ups or {}).get(activity.pk)
        return cell_text(follow_up) if follow_up is not None else ""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return neutralise_formula(value) if self.neutralise else value
