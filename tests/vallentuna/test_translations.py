"""The English catalogue (locale/en) is complete, compiled, and up to date with the source.

``make messages`` updates and compiles it (README, "Translations").
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from scripts import pofile

LOCALE = Path(settings.BASE_DIR) / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd%]|\{\}")


@pytest.fixture(scope="module")
def entries():
    return pofile.messages(PO)


def test_the_catalogue_has_every_msgid_translated_and_none_fuzzy(entries):
    assert len(entries) > 800
    header = pofile.read(PO)[0]
    assert header.msgid == "" and not header.fuzzy, "the header is marked fuzzy"
    assert "Language: en" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    missing = [e.msgid for e in entries if not e.translated]
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    assert not missing, f"{len(missing)} msgids without a translation: {missing[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy translations: {fuzzy[:10]}"


def test_plural_entries_have_both_forms(entries):
    plurals = [e for e in entries if e.msgid_plural is not None]
    assert plurals
    for entry in plurals:
        assert sorted(entry.msgstr) == [0, 1] and all(entry.msgstr.values()), entry.msgid


def test_every_translation_keeps_the_placeholders_of_its_msgid(entries):
    """A lost or renamed %(name)s would raise a KeyError in English only."""
    for entry in entries:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        expected = set().union(*(PLACEHOLDER.findall(s) for s in sources))
        for text in entry.msgstr.values():
            assert set(PLACEHOLDER.findall(text)) <= expected | {"%%"}, entry.msgid
            if entry.msgid_plural is None:
                assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(entry.msgid)), (
                    entry.msgid
                )


def test_no_translation_is_left_in_swedish(entries):
    """The msgstr is English: no å ä ö except in names that stay Swedish."""
    allowed = ("Lopo Täby", "Årligen", "Löpande", "Kontinuerligt", "Genomfört")
    for entry in entries:
        for text in entry.msgstr.values():
            rest = text
            for name in allowed:
                rest = rest.replace(name, "")
            assert not re.search(r"[åäöÅÄÖ]", rest), (entry.msgid, text)


def test_the_committed_mo_is_compiled_from_the_po(entries):
    """`make messages` compiles; a .po edited without compiling fails here."""
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    catalog = compiled._catalog
    for entry in entries:
        if entry.msgid_plural is not None:
            for index, text in entry.msgstr.items():
                assert catalog.get((entry.key, index)) == text, entry.msgid
        else:
            assert catalog.get(entry.key) == entry.msgstr[0], entry.msgid
    keys = {k[0] if isinstance(k, tuple) else k for k in catalog} - {""}
    assert keys == {e.key for e in entries}, "the .mo has messages the .po does not have"


def test_the_catalogue_is_up_to_date_with_the_source(tmp_path, entries):
    """makemessages over the source (into a scratch copy) finds exactly the catalogue's msgids.

    Needs GNU gettext (Debian package ``gettext``; .ci/run installs it). Fails when a string
    was marked, changed or removed without ``make messages``.
    """
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is not installed (apt-get install gettext): run make messages")
    base = Path(settings.BASE_DIR)
    for child in base.iterdir():
        if child.name in {"locale", ".venv", "bench", "tests", "staticfiles", "db", ".git"}:
            continue
        if child.name.startswith("."):
            continue
        (tmp_path / child.name).symlink_to(child)
    (tmp_path / "locale").mkdir()
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "vallentuna.settings"}
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [
            sys.executable,
            str(base / "manage.py"),
            "makemessages",
            "--symlinks",
            *("-l", "en", "--no-obsolete", "--add-location", "file"),
            *("-i", ".venv", "-i", "bench", "-i", "tests", "-i", "staticfiles", "-i", "db"),
        ],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = {e.key for e in pofile.messages(tmp_path / "locale/en/LC_MESSAGES/django.po")}
    current = {e.key for e in entries}
    assert fresh - current == set(), "strings not in the catalogue: run make messages"
    assert current - fresh == set(), "the catalogue has strings no longer in the source"


def test_no_translatable_string_hides_inside_an_f_string():
    """xgettext does not look into f-strings: f"{_('x')}" is never in the catalogue."""
    import ast

    names = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "npgettext"}
    hidden = []
    base = Path(settings.BASE_DIR)
    for path in base.rglob("*.py"):
        parts = path.relative_to(base).parts
        if parts[0] in {".venv", "tests", "bench", "staticfiles", "db"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                func = getattr(call, "func", None)
                name = getattr(func, "id", getattr(func, "attr", None))
                if isinstance(call, ast.Call) and name in names:
                    hidden.append(f"{path.relative_to(base)}:{call.lineno}")
    assert not hidden, "gettext inside an f-string (move it out): " + ", ".join(hidden)
