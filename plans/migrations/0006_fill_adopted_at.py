"""Plans adopted before the lifecycle existed get ``adopted_at``: the rule is
``plans.adoption.fill_adopted_at`` (also run by ``setup_demo`` after loading the demo plan)."""

from django.db import migrations

from plans.adoption import fill_adopted_at


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_load_twelve_recommendations"),
    ]

    operations = [
        migrations.RunPython(fill_adopted_at, migrations.RunPython.noop),
    ]
