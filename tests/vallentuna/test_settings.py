"""Settings read from the environment refuse values they do not understand."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from vallentuna.settings import env_bool


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("ja", True), ("TRUE", True), ("0", False), ("nej", False), ("off", False)],
)
def test_yes_and_no_are_read_in_swedish_and_english(monkeypatch, value, expected):
    monkeypatch.setenv("TWO_FACTOR_REQUIRED", value)
    assert env_bool("TWO_FACTOR_REQUIRED", default=not expected) is expected


def test_an_unset_or_empty_variable_gives_the_default(monkeypatch):
    monkeypatch.setenv("TWO_FACTOR_REQUIRED", "")
    assert env_bool("TWO_FACTOR_REQUIRED", default=True) is True
    monkeypatch.delenv("TWO_FACTOR_REQUIRED")
    assert env_bool("TWO_FACTOR_REQUIRED", default=True) is True


def test_a_typo_stops_the_start_instead_of_turning_two_factor_off(monkeypatch):
    monkeypatch.setenv("TWO_FACTOR_REQUIRED", "y")
    with pytest.raises(ImproperlyConfigured, match="TWO_FACTOR_REQUIRED='y'"):
        env_bool("TWO_FACTOR_REQUIRED", default=True)
