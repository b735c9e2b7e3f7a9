"""Finding Swedish interface text in a page rendered in English.

A page's visible text (and the attributes a screen reader or the browser shows: title,
aria-label, placeholder, alt, data-confirm …) is searched for Swedish: the letters å ä ö
and common Swedish words. What the users wrote is data and stays Swedish: plan texts,
actor and user names, comments. Those strings are taken out first, as are elements that
say they are in another language (``lang="sv"``, e.g. the language switch's "Svenska").
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.apps import apps
from django.conf import settings
from django.db import models

# Frequent Swedish words that never occur in the English interface.
SWEDISH_WORDS = {
    "och",
    "att",
    "för",
    "inte",
    "som",
    "med",
    "av",
    "till",
    "den",
    "det",
    "har",
    "är",
    "ska",
    "eller",
    "på",
    "om",
    "inga",
    "ingen",
    "alla",
    "visa",
    "spara",
    "sida",
    "sidan",
    "aktivitet",
    "aktiviteter",
    "fokusområde",
    "uppföljning",
    "ansvarig",
    "ansvariga",
    "rapport",
    "rapporter",
    "logga",
    "lösenord",
    "användare",
    "ändra",
    "ändringslogg",
    "översikt",
    "bidrag",
    "planen",
    "tertialen",
    "klart",
    "senast",
    "passerad",
    "påbörjad",
    "genomförd",
    "avförd",
    "försenad",
    "rapporterad",
    "ladda",
    "ned",
    "ner",
    "importera",
    "exportera",
    "fel",
    "filen",
    "välj",
    "sök",
    "nästa",
    "föregående",
    "avbryt",
    "stäng",
    "hoppa",
    "innehållet",
    "inloggad",
    "roll",
    "läsare",
    "rapportör",
    "administratör",
    "trygghetssamordnare",
    "samordnare",
    "kommunstyrelsen",
    "bilaga",
    "sammanfattning",
    "antal",
    "andel",
    "summa",
    "tillbaka",
    "utskick",
    "sista",
    "dag",
    "dagen",
}
SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")
_ATTRIBUTES = {
    "title",
    "aria-label",
    "placeholder",
    "alt",
    "data-confirm",
    "aria-description",
    "data-template",
    "data-when-final",
    "data-when-expired",
    "data-minute",
    "data-minutes",
    "data-seconds",
    "data-error-server",
    "data-error-network",
    "data-label",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden: script/style/other language)
        self.texts: list[str] = []

    @property
    def hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        other_language = lang is not None and not lang.startswith("en")
        hidden = self.hidden or tag in ("script", "style") or other_language
        if not hidden:
            for name in _ATTRIBUTES:
                if attrs.get(name):
                    self.texts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in _VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.texts]


def _without_shortened(text: str, data: list[str]) -> str:
    """Removes data shortened with an ellipsis ('Ta fram ett lämpligt informations…')."""
    parts = text.split("…")
    for i, part in enumerate(parts[:-1]):
        # the longest tail of the part, starting at a word, that begins some data string
        starts = [0] + [m.end() for m in re.finditer(r"[\s:(]+", part)]
        for start in starts:
            tail = part[start:].rstrip()
            if len(tail) >= 10 and any(value.startswith(tail) for value in data):
                parts[i] = part[:start]
                break
    return " ".join(parts)


def swedish_in(html: str, data: list[str] = ()) -> list[str]:
    """The texts of the page that look Swedish, after removing the given data strings."""
    data = sorted({d for d in [*data, settings.MUNICIPALITY_NAME] if d}, key=len, reverse=True)
    data = [" ".join(str(value).split()) for value in data]
    found = []
    for text in visible_texts(html):
        rest = text
        for value in data:
            rest = rest.replace(value, " ")
        rest = _without_shortened(rest, data)
        piece = rest.strip(" .,;:()–-")
        if len(piece) >= 8 and any(piece in value for value in data):
            continue  # part of a text split by a link (a web address in a comment)
        words = {w.casefold() for w in _WORD.findall(rest)}
        if SWEDISH_LETTERS.search(rest) or words & SWEDISH_WORDS:
            found.append(text)
    return found


def user_data() -> list[str]:
    """Every text the users wrote (plans, actors, names, follow-up): data, kept in Swedish."""
    values = []
    for label in ("plans", "actors", "followup", "auth"):
        for model in apps.get_app_config(label).get_models():
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
                and not f.choices
                # a checklist's search terms ("lägesbild") are never shown: taken out of a
                # page's text they would only cut real data ("Lokal lägesbild om …") apart
                and f.name != "suggestion_terms"
            ]
            for row in model.objects.values_list(*fields):
                values += [v for v in row if isinstance(v, str)]
    for text in list(values):  # a comment is shown line by line
        values += text.splitlines()
    return values
