"""Cell values as people type them: headers, text, dates and actor lists."""

import datetime

import pytest

from actors.models import Actor
from spreadsheets.importing.parsing import (
    ActorMatcher,
    ValueProblem,
    clean_text,
    header_key,
    legend_entry,
    parse_date,
)


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Fokusområde", "focus_area"),
        ("  FOKUSOMRÅDE\u00a0", "focus_area"),
        ("Ansvariga:", "responsible"),
        ("Genomfört ", "deadline"),
        ("Klart senast", "deadline"),
        ("uppföljning", "follow_up"),
        ("Id", "id"),
        ("Kommentar", None),
        (42, None),
        (" " * 30 + "Aktivitet\u00a0" + " " * 30, "title"),  # spaces around do not count
        ("Klart  senast:", "deadline"),
        ("Aktivitet: kartlägga otrygga platser", None),  # an activity's text, not a header
    ],
)
def test_headers_are_recognised_whatever_their_case_and_spaces(header, key):
    assert header_key(header) == key


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.datetime(2017, 4, 30, 0, 0), datetime.date(2017, 4, 30)),
        ("2017-04-30", datetime.date(2017, 4, 30)),
        ("2017-04-30 00:00:00", datetime.date(2017, 4, 30)),
        ("30 april 2017", datetime.date(2017, 4, 30)),
        ("30 April 2017", datetime.date(2017, 4, 30)),
        ("den 1 maj 2017", datetime.date(2017, 5, 1)),
        ("31 dec. 2017", datetime.date(2017, 12, 31)),
        ("30/4/2017", datetime.date(2017, 4, 30)),
        ("30.4.2017", datetime.date(2017, 4, 30)),
        (42855, datetime.date(2017, 4, 30)),  # an Excel serial number
        ("", None),
        (None, None),
    ],
)
def test_dates_in_every_form_people_use(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value", ["30 februari 2017", "2017-02-30", "snart", "Q2 2017", "13/13/2017"]
)
def test_an_unreadable_date_says_what_was_found_and_how_to_write_it(value):
    with pytest.raises(ValueProblem, match="inte ett datum. Skriv till exempel 2017-04-30"):
        parse_date(value)


def test_text_is_trimmed_with_line_breaks_kept():
    assert clean_text("  a\u00a0 b \r\n\r\n\r\n c  ") == "a b\n\nc"
    assert clean_text("'=SUMMA(A1)") == "=SUMMA(A1)"  # our CSV export's neutralisation undone
    assert clean_text(12.0) == "12"
    assert clean_text(None) == ""


@pytest.fixture
def matcher(seed_plan) -> ActorMatcher:
    return ActorMatcher(Actor.objects.all())


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("KLK, BUF, KFF, SF och Lopo Täby", ["KLK", "BUF", "KFF", "SF", "Lopo Täby"]),
        ("KLK, SF, och Lopo Täby", ["KLK", "SF", "Lopo Täby"]),
        ("Trygghets-samordnaren och Lopo Täby", ["Trygghetssamordnaren", "Lopo Täby"]),
        ("Trygghets-\nsamordnaren", ["Trygghetssamordnaren"]),
        ("Barn och ungdomsförvaltningen och SF", ["BUF", "SF"]),
        ("Kultur- och fritidsförvaltningen & Socialtjänsten", ["KFF", "SF"]),
        ("klk/buf\nsf", ["KLK", "BUF", "SF"]),
        ("Lokalpolisområde\u00a0Täby", ["Lopo Täby"]),
        ("KLK, KLK", ["KLK"]),
    ],
)
def test_actor_lists_in_any_mix_of_separators_and_spellings(matcher, cell, codes):
    found, unknown = matcher.parse(cell)
    assert [a.code for a in found] == codes
    assert unknown == []


def test_unknown_names_are_returned_never_dropped(matcher):
    found, unknown = matcher.parse("KLK, Fritidsgården och Kyrkan")
    assert [a.code for a in found] == ["KLK"]
    assert unknown == ["Fritidsgården", "Kyrkan"]


@pytest.mark.parametrize(
    ("cells", "entry"),
    [
        (["KLK = Kommunledningskontoret"], ("KLK", "Kommunledningskontoret")),
        (["RTJ", "Räddningstjänsten"], ("RTJ", "Räddningstjänsten")),
        (["Bara en text"], None),
        (["a", "b", "c"], None),
    ],
)
def test_legend_lines(cells, entry):
    assert legend_entry(cells) == entry
