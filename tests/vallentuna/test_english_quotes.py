"""English uses English quotation marks and words: “…” (not the Swedish ”…”), and an
activity's statuses over the tertials are its “Status history”."""

import re
import sys
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from spreadsheets.services import NewPlan, import_plan
from vallentuna.text import quoted

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import pofile  # noqa: E402

CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_no_english_text_opens_a_quotation_with_the_swedish_mark():
    wrong = [
        f"line {entry.line}: {text!r}"
        for entry in pofile.messages(CATALOGUE)
        if entry.msgid
        for text in entry.msgstr.values()
        if text.count("”") != text.count("“") or re.search(r"(^|[\s(\[:/→])”\S", text)
    ]
    assert not wrong, "\n".join(wrong)


def test_a_name_quoted_outside_a_sentence_follows_the_language():
    with translation.override("sv"):
        assert quoted("CSV") == "”CSV”"
    with translation.override("en"):
        assert quoted("CSV") == "“CSV”"


@pytest.mark.django_db
def test_the_import_names_the_sheets_read_in_english_quotes(seed_plan):
    def message(language: str) -> str:
        with translation.override(language):
            result = import_plan(
                b"Namn;Telefon\nx;y\n",
                filename="plan.csv",
                new_plan=NewPlan("Ny plan 2017"),
                dry_run=True,
            )
            return str(result.errors[0])

    assert "Sheets read: “CSV”." in message("en")
    assert "Lästa blad: ”CSV”." in message("sv")


def test_an_activity_s_course_is_its_status_history_in_english():
    with translation.override("en"):
        assert gettext("Förlopp") == "Status history"
        assert gettext("Förlopp:") == "Status history:"
