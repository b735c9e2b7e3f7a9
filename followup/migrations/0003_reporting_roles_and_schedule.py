"""The roles get the reporting permissions (actors/roles.py), and celery beat gets the daily
reminder round (editable in admin under Periodic tasks)."""

import json

from django.db import migrations

TASK_NAME = "Påminnelser om rapportering"


def sync_roles(apps, schema_editor):
    from actors.roles import sync_roles as sync

    # Permissions of later models (plans 0004's assessments) are synced by their migration.
    sync(apps=apps, using=schema_editor.connection.alias, skip_missing=True)


def create_schedule(apps, schema_editor):
    db = schema_editor.connection.alias
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    crontab, _ = CrontabSchedule.objects.using(db).get_or_create(
        minute="0",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Stockholm",
    )
    PeriodicTask.objects.using(db).get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "followup.tasks.send_reminders_round",
            "crontab": crontab,
            "args": json.dumps([]),
            "kwargs": json.dumps({}),
            "enabled": True,
            "description": "Varje morgon kl. 7: påminnelser före och på sista rapportdagen, "
            "sammanställning till trygghetssamordnaren efter sista dagen.",
        },
    )
    # Tell a running beat that the schedule changed.
    from django.utils import timezone

    PeriodicTasks.objects.using(db).update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.using(schema_editor.connection.alias).filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0002_contributions_report_links_reminders"),
        ("actors", "0003_contact"),
        ("plans", "0003_plan_single_actor_contribution_is_follow_up"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("actors", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
