"""Filed reports keep facts, not Swedish text (issue #16): schema-1 rows become schema 2.

``followup.report_schema.upgrade`` reads each label, sentence and date frozen in Swedish back
into codes, ISO dates and lists; the report is worded again when shown, in the reader's
language, and reads in Swedish as before. Only ``data`` changes: the filed PDF and its
SHA-256 stay as they were (the archived record). Backwards the rows stay in schema 2.
"""

from django.db import migrations


def convert(apps, schema_editor):
    from followup.report_schema import REPORT_DATA_SCHEMA, upgrade

    FiledReport = apps.get_model("followup", "FiledReport")
    for report in FiledReport.objects.only("pk", "data").iterator():
        if (report.data or {}).get("schema", 1) < REPORT_DATA_SCHEMA:
            FiledReport.objects.filter(pk=report.pk).update(data=upgrade(report.data))


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0006_freeze_closed_tertials"),
        ("plans", "0007_activity_origin_facts"),
    ]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
