"""Filed reports keep the actors' contributions too (schema 3): the report's appendix
(``?bidrag=1``) of a closed tertial is read from the filed record, as the rest of it.

Reports filed before kept no contributions. They are added here once, from the history, as
the contributions stood when each record was frozen (``report_schema.frozen_at``: its
closing, or later for a tertial frozen after it was closed): the latest version of each
contribution up to then, the actor named by its code then, for the actors the record lists
as responsible. Contributions cannot change while a tertial is closed, so that is what the
report showed then. Only ``data`` changes: the filed PDF (made without the appendix) and its
SHA-256 stay. Backwards the rows stay in schema 3 (older code reads them all the same).
"""

from django.db import migrations


def add_contributions(apps, schema_editor):
    from followup.report_schema import REPORT_DATA_SCHEMA, upgrade
    from followup.selectors import with_contributions_then
    from followup.tertial import Tertial

    FiledReport = apps.get_model("followup", "FiledReport")
    models = {
        "history": apps.get_model("followup", "HistoricalContribution"),
        "actor_history": apps.get_model("actors", "HistoricalActor"),
        "actors": apps.get_model("actors", "Actor"),
    }
    for report in FiledReport.objects.only("pk", "data", "closed_at", "year", "number").iterator():
        data = upgrade(report.data or {})
        if not data.get("areas") or data.get("schema", 1) >= REPORT_DATA_SCHEMA:
            continue
        tertial = Tertial(report.year, report.number)
        data = with_contributions_then(data, tertial, report.closed_at, **models)
        FiledReport.objects.filter(pk=report.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0009_report_pdf_version_archival"),
        ("actors", "0005_user_preference"),
    ]

    operations = [migrations.RunPython(add_contributions, migrations.RunPython.noop)]
