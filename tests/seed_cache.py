"""The adopted plan's rows, written by ``load_fixtures`` once per test session and copied
into each test that asks for them.

``load_fixtures`` (``loaddata`` plus the first history rows) takes about 150 queries; 650
tests ask for the plan, so on PostgreSQL it cost two minutes of every CI run. The rows it
writes are captured once, in a transaction that is rolled back, and each test then inserts
the same rows with one ``bulk_create`` per table. ``test_seed_cache`` checks that the copy
writes exactly what ``load_fixtures`` writes. Where the copy cannot be inserted (a test made
rows with the same keys first), the real loader runs instead, as before.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import IntegrityError, connection, models, transaction

from vallentuna.history import load_fixtures

FIXTURE = "vallentuna_2016_2017"


def every_table() -> list[type[models.Model]]:
    """Every table a fixture load can write: models, history models, many-to-many tables."""
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


def table_columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def table_rows(model: type[models.Model]) -> dict[object, tuple]:
    """Every row of ``model``'s table by key, as tuples in ``table_columns`` order."""
    names = table_columns(model)
    key = names.index(model._meta.pk.attname)
    return {row[key]: row for row in model._base_manager.values_list(*names)}


@dataclass(frozen=True)
class SeedRows:
    """The rows ``load_fixtures(FIXTURE)`` adds, per table (nothing it changes or deletes)."""

    rows: tuple[tuple[type[models.Model], tuple[tuple, ...]], ...]

    @classmethod
    def capture(cls) -> "SeedRows":
        """Load the fixture in a transaction rolled back, and keep what it added.

        Raises AssertionError if the load changed or removed a row that was there before:
        a copy of the added rows would then not be the same load.
        """
        with transaction.atomic():
            before = {model: table_rows(model) for model in every_table()}
            load_fixtures(FIXTURE)
            added = []
            for model, old in before.items():
                now = table_rows(model)
                kept = {pk: now.get(pk) for pk in old}
                assert kept == old, f"{FIXTURE} ändrade rader i {model._meta.label}"
                new = tuple(row for pk, row in sorted(now.items(), key=repr) if pk not in old)
                if new:
                    added.append((model, new))
            transaction.set_rollback(True)
        return cls(tuple(added))

    def insert(self) -> None:
        """Write the captured rows; if they collide with rows a test made, run the real
        loader instead (it updates by key, as ``loaddata`` does)."""
        try:
            with transaction.atomic():
                for model, rows in self.rows:
                    names = table_columns(model)
                    model._base_manager.bulk_create(
                        [model(**dict(zip(names, row, strict=True))) for row in rows]
                    )
                # as loaddata does: the next row made without a key gets one after these
                statements = connection.ops.sequence_reset_sql(
                    no_style(), [model for model, _ in self.rows]
                )
                with connection.cursor() as cursor:
                    for sql in statements:
                        cursor.execute(sql)
        except IntegrityError:
            load_fixtures(FIXTURE)
