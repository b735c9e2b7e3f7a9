"""Tertial: the value type every follow-up and report relies on."""

import datetime

import pytest
from django.utils import timezone

from followup.tertial import Tertial


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2017, 1, 1), Tertial(2017, 1)),
        (datetime.date(2017, 4, 30), Tertial(2017, 1)),
        (datetime.date(2017, 5, 1), Tertial(2017, 2)),
        (datetime.date(2017, 8, 31), Tertial(2017, 2)),
        (datetime.date(2017, 9, 1), Tertial(2017, 3)),
        (datetime.date(2017, 12, 31), Tertial(2017, 3)),
        (datetime.date(2016, 2, 29), Tertial(2016, 1)),
    ],
)
def test_a_date_falls_in_its_tertial(day, expected):
    assert Tertial.of(day) == expected
    assert day in expected
    assert day not in expected.next


def test_start_and_end_of_each_tertial():
    assert (Tertial(2017, 1).start, Tertial(2017, 1).end) == (
        datetime.date(2017, 1, 1),
        datetime.date(2017, 4, 30),
    )
    assert (Tertial(2017, 2).start, Tertial(2017, 2).end) == (
        datetime.date(2017, 5, 1),
        datetime.date(2017, 8, 31),
    )
    assert (Tertial(2017, 3).start, Tertial(2017, 3).end) == (
        datetime.date(2017, 9, 1),
        datetime.date(2017, 12, 31),
    )


def test_previous_and_next_cross_the_year():
    assert Tertial(2017, 1).previous == Tertial(2016, 3)
    assert Tertial(2016, 3).next == Tertial(2017, 1)
    assert Tertial(2017, 2).previous == Tertial(2017, 1)
    assert Tertial(2017, 2).next == Tertial(2017, 3)


def test_label_and_str():
    assert Tertial(2017, 2).label == "T2 2017"
    assert str(Tertial(2017, 2)) == "T2 2017"
    assert Tertial(2017, 2).slug == "T2-2017"


@pytest.mark.parametrize(
    "text", ["T2 2017", "t2 2017", "T2-2017", " T2  2017 ", "2017-T2", "T2/2017"]
)
def test_parse_accepts_the_usual_spellings(text):
    assert Tertial.parse(text) == Tertial(2017, 2)


@pytest.mark.parametrize("text", ["", "T4 2017", "T0 2017", "2017", "tertial 2", "T2 17", None])
def test_parse_refuses_other_text_with_a_swedish_message(text):
    with pytest.raises(ValueError, match="Skriv till exempel ”T2 2017”"):
        Tertial.parse(text)


def test_number_must_be_1_to_3():
    with pytest.raises(ValueError, match="Tertial måste vara 1, 2 eller 3"):
        Tertial(2017, 4)


def test_ordering_follows_time():
    tertials = [Tertial(2017, 1), Tertial(2016, 3), Tertial(2017, 3), Tertial(2016, 1)]
    assert sorted(tertials) == [
        Tertial(2016, 1),
        Tertial(2016, 3),
        Tertial(2017, 1),
        Tertial(2017, 3),
    ]
    assert Tertial(2016, 3) < Tertial(2017, 1) <= Tertial(2017, 1) < Tertial(2017, 2)
    assert max(tertials) == Tertial(2017, 3)


def test_report_names_as_municipalities_use_them():
    assert Tertial(2017, 1).report_name == "tertialrapport januari–april"
    assert Tertial(2017, 2).report_name == "delårsrapport januari–augusti"
    assert Tertial(2017, 3).report_name == "helår"


def test_period_display_in_swedish():
    assert Tertial(2017, 1).period_display == "1 januari–30 april 2017"
    assert Tertial(2017, 3).period_display == "1 september–31 december 2017"


def test_current_is_the_tertial_of_today_in_stockholm():
    assert Tertial.current() == Tertial.of(timezone.localdate())


def test_between_lists_every_tertial_inclusive():
    assert Tertial.between(Tertial(2016, 3), Tertial(2017, 2)) == [
        Tertial(2016, 3),
        Tertial(2017, 1),
        Tertial(2017, 2),
    ]


def test_is_hashable_and_immutable():
    assert len({Tertial(2017, 1), Tertial(2017, 1)}) == 1
    with pytest.raises(AttributeError):
        Tertial(2017, 1).year = 2018
