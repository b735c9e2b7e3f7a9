"""The tests' copy of the adopted plan (tests/seed_cache.py) is the real loader's output."""

from collections import Counter

from django.db import transaction

from tests.seed_cache import FIXTURE, every_table, table_columns
from vallentuna.history import load_fixtures


def _generated(model, field) -> bool:
    """Keys and times the database or the clock gives, which differ between two loads."""
    counted = model.__name__.startswith("Historical") or model._meta.auto_created
    if field.primary_key:
        return counted
    if field.name == "id" and model._meta.pk.name == "m2m_history_id":
        return True  # the many-to-many row's own key, copied into its history
    related = field.related_model
    return field.name == "history_date" or (
        related is not None and related.__name__.startswith("Historical")
    )


def _everything() -> dict[str, Counter]:
    result = {}
    for model in every_table():
        fields = [f for f in model._meta.concrete_fields if not _generated(model, f)]
        names = [f.attname for f in fields]
        assert set(names) <= set(table_columns(model))
        rows = Counter(map(repr, model._base_manager.values_list(*names)))
        if rows:
            result[model._meta.label] = rows
    return result


def test_the_copied_plan_has_the_rows_load_fixtures_writes(db, recommendations, seed_rows):
    with transaction.atomic():
        load_fixtures(FIXTURE)
        loaded = _everything()
        transaction.set_rollback(True)
    seed_rows.insert()
    copied = _everything()
    assert "plans.Activity" in copied and "plans.HistoricalActivity" in copied
    assert copied == loaded


def test_a_copy_that_collides_with_rows_a_test_made_falls_back_to_the_loader(
    db, recommendations, seed_rows
):
    from actors.models import Actor

    load_fixtures(FIXTURE)
    Actor.objects.filter(code="BUF").update(name="Ändrad före kopian")
    seed_rows.insert()  # the same keys: loaddata's update wins, as before the copy
    assert Actor.objects.get(code="BUF").name != "Ändrad före kopian"
