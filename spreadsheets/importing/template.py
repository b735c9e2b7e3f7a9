"""The template workbook's placeholders (``spreadsheets.exporting.template_xlsx``), which the
import recognises: a template imported with its example row or title left in must not turn
them into a plan's own activity or title."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from spreadsheets.importing.parsing import match_key

TEMPLATE_TITLE = "Handlingsplan för … 20XX–20XX"

# The example row's texts, by column (the template is written in the user's language).
TEMPLATE_EXAMPLE = {
    "focus_area": gettext_lazy("Exempel: Trygg skolväg"),
    "title": gettext_lazy("Exempel: Kartlägga otrygga platser längs skolvägarna"),
    "implementation": gettext_lazy("Exempel: Trygghetsvandringar med elever och vårdnadshavare"),
}


def example_keys() -> dict[str, set[str]]:
    """Each example text's comparison form in every language of the site."""
    keys: dict[str, set[str]] = {key: set() for key in TEMPLATE_EXAMPLE}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for key, text in TEMPLATE_EXAMPLE.items():
                keys[key].add(_key(str(text)))
    return keys


def example_columns(texts: dict[str, str], keys: dict[str, set[str]]) -> list[str]:
    """The columns of a row (texts through ``clean_text``) that still hold the example's text."""
    return [key for key, forms in keys.items() if texts.get(key) and _key(texts[key]) in forms]


def _key(text: str) -> str:
    """Case and line breaks ignored: cheap enough for every row (``match_key`` is not)."""
    return " ".join(text.split()).casefold()


def is_template_title(title: str) -> bool:
    return match_key(title) == match_key(TEMPLATE_TITLE)
