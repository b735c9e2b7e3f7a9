"""Swedish sorting on SQLite.

On PostgreSQL the migration vallentuna/0001 creates the collation from ICU's
``sv-SE``; SQLite knows none, so we register a function of the same name on
every SQLite connection.
Fields declared with ``db_collation=settings.SWEDISH_COLLATION`` then sort
å, ä, ö after z on both databases.
"""

import unicodedata
from functools import lru_cache

from django.conf import settings

# Letters that Swedish sorts as a letter of their own after z, or as another letter.
_AFTER_Z = {
    "å": "\U000f0001",
    "ä": "\U000f0002",
    "æ": "\U000f0002",
    "ö": "\U000f0003",
    "ø": "\U000f0003",
}
_AS_OTHER = {"ü": "y", "w": "v"}


@lru_cache(maxsize=4096)
def swedish_sort_key(value: str) -> tuple[str, str]:
    """A key that orders strings as a Swedish dictionary does (case-insensitive, å ä ö last)."""
    chars = []
    for char in value.casefold():
        if char in _AFTER_Z:
            chars.append(_AFTER_Z[char])
            continue
        char = _AS_OTHER.get(char, char)
        # é → e, à → a: drop accents Swedish does not sort by.
        base = unicodedata.normalize("NFD", char)[0]
        chars.append(base)
    return "".join(chars), value


def _compare(left: str, right: str) -> int:
    a, b = swedish_sort_key(left), swedish_sort_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(settings.SWEDISH_COLLATION, _compare)
