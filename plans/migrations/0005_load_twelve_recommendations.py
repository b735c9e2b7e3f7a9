"""The national coordinator's twelve recommendations as the first checklist (issue #17).

Loaded from plans/data/tolv_rekommendationer.json (taken from the adopting decision's
annex 3, /work/shared/seed/); plans of the kind (KS 2016.371) are linked to it.
"""

from django.db import migrations


def load(apps, schema_editor):
    from plans.checklist_data import load_twelve

    checklist = load_twelve(apps)
    Plan = apps.get_model("plans", "Plan")
    Plan.objects.filter(checklist__isnull=True, title__icontains="extremism").update(
        checklist=checklist
    )


def sync_roles(apps, schema_editor):
    """Trygghetssamordnare may mark a plan's assessments; every role reads the checklists."""
    from actors.roles import sync_roles as sync

    sync(apps=apps, using=schema_editor.connection.alias, skip_missing=True)


def unload(apps, schema_editor):
    apps.get_model("plans", "RecommendationList").objects.filter(
        slug="tolv-rekommendationer"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_plan_lifecycle_checklist"),
        ("actors", "0004_actor_active_and_coordinator_manages_users"),
    ]

    operations = [
        migrations.RunPython(load, unload),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
