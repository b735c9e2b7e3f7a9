from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    """Swedish sorting on PostgreSQL (SQLite: see vallentuna/collation.py)."""

    initial = True
    dependencies: list = []

    operations = [
        CreateCollation("swedish", provider="icu", locale="sv-SE"),
    ]
