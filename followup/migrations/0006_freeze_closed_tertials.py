"""Freeze the tertials that are already closed: each gets its filed report (version 1) as the
data stands now (issue #11). Their PDFs are filed on first download (or by the task queue).

Nothing to do on a new database. Where freezing fails (an unexpected state), the migration
says so and ``manage.py freeze_closed_tertials`` does the same later; nothing is lost.
"""

from django.db import migrations


def freeze(apps, schema_editor):
    TertialClosure = apps.get_model("followup", "TertialClosure")
    FiledReport = apps.get_model("followup", "FiledReport")
    closed = TertialClosure.objects.filter(closed=True)
    if not closed.exists() or FiledReport.objects.count() >= closed.count():
        return
    # The report's content is built by the report code itself (the one report context).
    from followup.services import freeze_closed_tertials

    try:
        filed = freeze_closed_tertials()
    except Exception as exc:  # noqa: BLE001 - reported, the command repeats it
        print(f"\n  Stängda tertialer kunde inte arkiveras ({exc}); kör freeze_closed_tertials.")
        return
    for report in filed:
        print(f"\n  Arkiverad: plan {report.plan_id}, {report.tertial.label}, version 1.")


class Migration(migrations.Migration):
    dependencies = [("followup", "0005_filed_report_assessment")]

    operations = [migrations.RunPython(freeze, migrations.RunPython.noop)]
