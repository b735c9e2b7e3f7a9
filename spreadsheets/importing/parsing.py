"""Turning cell values as people type them into clean values: text, dates, actors, headers."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.models import Actor
from vallentuna.text import clean_control_characters

# --- columns ---------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # as written in the plan's table (and on export)
    synonyms: tuple[str, ...]
    required: bool


# The synonyms include the English column names, so that a file exported in English
# (locale/en) can be imported again.
COLUMNS = (
    Column(
        "focus_area",
        gettext_lazy("Fokusområde"),
        ("fokusområde", "fokusområden", "focus area", "focus areas"),
        True,
    ),
    Column(
        "title",
        gettext_lazy("Aktivitet"),
        ("aktivitet", "aktiviteter", "activity", "activities"),
        True,
    ),
    Column(
        "implementation", gettext_lazy("Genomförande"), ("genomförande", "implementation"), True
    ),
    Column("responsible", gettext_lazy("Ansvarig"), ("ansvarig", "ansvariga", "responsible"), True),
    Column(
        "deadline",
        gettext_lazy("Genomfört"),
        ("genomfört", "genomförd", "klart senast", "slutdatum", "deadline"),
        True,
    ),
    Column("follow_up", gettext_lazy("Uppföljning"), ("uppföljning", "follow-up"), False),
    Column("id", gettext_lazy("ID"), ("id", "aktivitets-id", "aktivitetsid"), False),
)
COLUMNS_BY_KEY = {c.key: c for c in COLUMNS}
_SYNONYMS = {syn: c.key for c in COLUMNS for syn in c.synonyms}
# The longest name, with room for what a hand-typed header adds inside it (double spaces,
# a colon, an invisible character); spaces around it do not count.
_LONGEST_HEADER = max(map(len, _SYNONYMS)) + 10

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2007\u202f\u2009\u200a\u3000]+")
# One line of printable text with single ASCII spaces, not starting with an apostrophe
# (no control character, no byte-order mark: nothing for clean_text to undo).
_PLAIN = re.compile(r"(?!')[^\s\x00-\x1f\x7f-\x9f\ufeff]+(?: [^\s\x00-\x1f\x7f-\x9f\ufeff]+)*\Z")
# Never part of a text: a byte-order mark inside a cell.
_NOISE = dict.fromkeys(map(ord, "\ufeff"))
# Invisible, and kept in stored text (the joiners shape emoji, Persian and Indic text;
# the soft hyphen and zero-width space mark where a word may break), but ignored when
# texts are compared: 'Kommun\u00adledningen' names the same as 'Kommunledningen'.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_IGNORED_IN_KEYS = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


def header_key(value) -> str | None:
    """The column a header cell names, whatever its case, spaces or NBSP; None if none."""
    if not isinstance(value, str) or len(value.strip()) > _LONGEST_HEADER:
        return None  # a longer text (an activity) is no column name: not worth normalising
    text = _SPACES.sub(" ", value.translate(_INVISIBLE)).strip().strip(":*").strip().casefold()
    return _SYNONYMS.get(text)


# --- text ------------------------------------------------------------------


def clean_text(value) -> str:
    """Trimmed text with normalised spaces; single line breaks and paragraph breaks kept.

    Control characters go as ``vallentuna.text.clean_control_characters`` says (the one
    rule for every path); joiners, soft hyphens and every script are kept as typed.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text):  # the common case: one line, single spaces, nothing to undo
        return text
    text = clean_control_characters(text).translate(_NOISE)
    lines: list[str] = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if not line and (not lines or not lines[-1]):
            continue  # no leading blank lines, at most one blank line in a row
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    text = "\n".join(lines)
    # Our export neutralises formulas in CSV with a leading apostrophe: undo it.
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def match_key(value) -> str:
    """Comparison form of a text: case and all whitespace (line breaks too) ignored."""
    return " ".join(clean_text(value).translate(_IGNORED_IN_KEYS).split()).casefold()


# --- dates -----------------------------------------------------------------

MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augusti": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SWEDISH = re.compile(r"^(?:den\s+)?(\d{1,2})(?:\s*:[ae])?\.?\s*([a-zåäö]+)\.?,?\s+(\d{4})$")
_NUMERIC = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
# Month only: 'december 2018', 'dec. 2018', 'senast december 2018', '2018-12'.
_MONTH = re.compile(r"^(?:(?:senast|till|under|i|klart)\s+)*([a-zåäö]+)\.?\s+(\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
# What plans write in Genomfört for work that never ends (an ongoing activity, no date).
ONGOING_WORDS = frozenset(
    {"löpande", "kontinuerligt", "kontinuerlig", "årligen", "årlig", "fortlöpande", "pågående"}
    # and what an export in English writes (see locale/en): it can be imported again
    | {"ongoing"}
)
# Excel's two date systems: serial 1 is 1900-01-01 (Windows) or 1904-01-02 (Mac, 'date1904').
EPOCH_1900 = datetime.datetime(1899, 12, 30)
EPOCH_1904 = datetime.datetime(1904, 1, 1)


class ValueProblem(ValueError):
    """A cell value that cannot be used; the message is Swedish and names the value."""


@dataclass(frozen=True)
class Deadline:
    """A Genomfört cell read: a date, or ongoing work without one (or neither: empty)."""

    date: datetime.date | None = None
    ongoing: bool = False


def parse_deadline(value, *, date1904: bool = False) -> Deadline:
    """A Genomfört cell: a date as ``parse_date`` reads it, or 'Löpande', 'Kontinuerligt',
    'Årligen' (ongoing, no date). ValueProblem (Swedish) for anything else."""
    if isinstance(value, str):
        words = " ".join(clean_text(value).split()).casefold().strip(".!")
        if words in ONGOING_WORDS:
            return Deadline(ongoing=True)
    return Deadline(date=parse_date(value, date1904=date1904))


def parse_date(value, *, date1904: bool = False) -> datetime.date | None:
    """A real Excel date, a serial number in the workbook's date system, ISO text
    ('2017-04-30'), Swedish text ('30 april 2017') or a month ('december 2018': its
    last day, as plans mean 'by the end of December')."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        # A date that lost its format shows as its serial number, counted in the
        # workbook's own date system (Excel for Mac: 1904, four years and a day apart).
        epoch = EPOCH_1904 if date1904 else EPOCH_1900
        return (epoch + datetime.timedelta(days=int(value))).date()
    text = " ".join(clean_text(value).split()).casefold()
    try:
        if match := _ISO.match(text):
            year, month, day = map(int, match.groups())
            return datetime.date(year, month, day)
        if match := _SWEDISH.match(text):
            day, month_name, year = match.groups()
            if month_name in MONTHS:
                return datetime.date(int(year), MONTHS[month_name], int(day))
        if match := _NUMERIC.match(text):
            day, month, year = map(int, match.groups())
            return datetime.date(year, month, day)
        if (match := _MONTH.match(text)) and match.group(1) in MONTHS:
            return _last_day(int(match.group(2)), MONTHS[match.group(1)])
        if match := _ISO_MONTH.match(text):
            return _last_day(int(match.group(1)), int(match.group(2)))
    except ValueError:
        pass  # 2017-02-30 and the like: reported below
    raise ValueProblem(
        _(
            "”%(value)s” är inte ett datum. Skriv till exempel 2017-04-30, 30 april 2017, "
            "december 2018 (sista dagen i månaden) eller Löpande."
        )
        % {"value": clean_text(value)}
    )


def _last_day(year: int, month: int) -> datetime.date:
    first_of_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def parse_id(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = clean_text(value)
    if text.isdigit():
        return int(text)
    raise ValueProblem(_("”%(value)s” är inte ett aktivitets-id (ett heltal).") % {"value": text})


# --- actors ----------------------------------------------------------------

# 'och' as plans write lists, 'and' as an export in English does (plans.models.join_swedish).
_SEPARATORS = re.compile(r"(\s*(?:[,;&/\n]|\boch\b|\bsamt\b|\band\b)\s*)", re.IGNORECASE)
_PRINT_HYPHEN = re.compile(r"(?<=[^\W\d_])-\s*(?=[^\W\d_])")
_MAX_WORDS_JOINED = 6


def actor_key(text: str) -> str:
    return _light_key(clean_text(text))


def _light_key(text: str) -> str:
    """actor_key for text that has already been through clean_text."""
    return " ".join(text.translate(_IGNORED_IN_KEYS).split()).strip(" .:;").casefold()


def _dehyphenated(key: str) -> str:
    """'trygghets-samordnaren' → 'trygghetssamordnaren' (a word broken as in print)."""
    return _PRINT_HYPHEN.sub("", key)


class ActorMatcher:
    """Finds actors by code, full name or alternative spelling, tolerant of print hyphens."""

    def __init__(self, actors: Iterable[Actor]):
        self.actors = list(actors)
        self._exact: dict[str, Actor] = {}
        self._loose: dict[str, Actor] = {}
        self._parsed: dict[str, tuple[tuple[Actor, ...], tuple[str, ...]]] = {}
        for actor in self.actors:
            for spelling in (actor.code, actor.name, *actor.alias_list):
                key = actor_key(spelling)
                if key:
                    self._exact.setdefault(key, actor)
                    self._loose.setdefault(_dehyphenated(key), actor)

    def add(self, actor: Actor) -> None:
        """Make an actor known that is about to be created (legend import)."""
        self.actors.append(actor)
        self._parsed.clear()
        for spelling in (actor.code, actor.name):
            key = actor_key(spelling)
            self._exact.setdefault(key, actor)
            self._loose.setdefault(_dehyphenated(key), actor)

    def find(self, text: str) -> Actor | None:
        return self._find_key(actor_key(text))

    def _find_key(self, key: str) -> Actor | None:
        if not key:
            return None
        return self._exact.get(key) or self._loose.get(_dehyphenated(key))

    def parse(self, text) -> tuple[list[Actor], list[str]]:
        """Actors named in an Ansvarig cell, in order, and the names that matched nothing.

        Names may themselves contain a separator ('Barn- och ungdomsförvaltningen'),
        so the longest run of pieces that names an actor wins.
        """
        text = clean_text(text)
        cached = self._parsed.get(text)
        if cached is not None:  # plans repeat the same lists: 'KLK, BUF, KFF, SF och …'
            return list(cached[0]), list(cached[1])
        pieces = _SEPARATORS.split(text)
        parts, seps = pieces[0::2], pieces[1::2]
        found: list[Actor] = []
        unknown: list[str] = []
        i = 0
        while i < len(parts):
            if not _light_key(parts[i]):
                i += 1
                continue
            for j in range(min(len(parts) - 1, i + _MAX_WORDS_JOINED), i - 1, -1):
                candidate = parts[i] + "".join(seps[k] + parts[k + 1] for k in range(i, j))
                actor = self._find_key(_light_key(candidate))
                if actor is not None:
                    if actor not in found:
                        found.append(actor)
                    i = j + 1
                    break
            else:
                name = " ".join(parts[i].split()).strip(" .:;")
                if name not in unknown:
                    unknown.append(name)
                i += 1
        self._parsed[text] = (tuple(found), tuple(unknown))
        return found, unknown

    def known_display(self) -> str:
        return ", ".join(a.code for a in self.actors)


# --- legend ----------------------------------------------------------------

_LEGEND_LINE = re.compile(r"^\s*([^=\n]{1,40}?)\s*=\s*(.+?)\s*$", re.DOTALL)


def legend_entry(cells: list) -> tuple[str, str] | None:
    """('KLK', 'Kommunledningskontoret') from 'KLK = Kommunledningskontoret' or two cells."""
    filled = [clean_text(c) for c in cells if clean_text(c)]
    if len(filled) == 1 and (match := _LEGEND_LINE.match(filled[0])):
        return match.group(1).strip(), match.group(2).strip()
    if len(filled) == 2 and len(filled[0]) <= 40 and "\n" not in filled[0]:
        return filled[0], filled[1]
    return None


def split_legend_name(text: str) -> tuple[str, str]:
    """'Lokalpolisområde Täby (Danderyds kommun, …)' → name and the description in brackets."""
    match = re.match(r"^(.*?)\s*\((.*)\)\s*$", text, re.DOTALL)
    if match and match.group(1):
        return match.group(1).strip(), match.group(2).strip()
    return text.strip(), ""


def join_list(items: list[str]) -> str:
    """'A, B och C' for messages."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + _(" och ") + items[-1]
