"""The four roles as groups with their permissions (definition: actors/roles.py)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from actors.roles import sync_roles

    # Permissions of later models (e.g. followup 0002) are added by a later migration.
    sync_roles(apps=apps, using=schema_editor.connection.alias, skip_missing=True)


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0001_initial"),
        ("plans", "0001_initial"),
        ("followup", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("sessions", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
