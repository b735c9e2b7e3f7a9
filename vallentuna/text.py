"""One rule for what text may be stored: control characters are noise, everything else stays.

Every path that stores text calls ``clean_control_characters``: the import (cell by
cell), and every model save (``clean_model_text``, connected to ``pre_save`` in
``vallentuna.apps``), so forms, the admin, services and commands cannot store a control
character either. Exports call it too, for text stored before this rule existed.

Kept as typed: letters of every script, emoji, the zero-width joiner and non-joiner
(U+200D, U+200C: emoji sequences, Persian and Indic text), the soft hyphen, tabs and
line breaks. What Word leaves in pasted text is translated as Word shows it:

- U+001E (Word's non-breaking hyphen) → '-'
- U+001F (Word's optional hyphen) → U+00AD soft hyphen
- U+000B (Word's manual line break, Excel's ``_x000B_``), U+000C (page break), CR and
  CR LF → a line break (LF)

Removed: the other C0 controls (U+0000–U+0008, U+000E–U+001D, among them Word's
U+0007 cell mark), DEL and the C1 controls (U+007F–U+009F), unpaired surrogates and
the non-characters U+FFFE/U+FFFF — none of them can be shown, several cannot be stored
(PostgreSQL refuses U+0000) or written to .xlsx (XML 1.0 forbids them).
"""

from __future__ import annotations

import re

_TRANSLATE = {
    0x1E: "-",
    0x1F: "\u00ad",
    0x0B: "\n",
    0x0C: "\n",
}
_REMOVE = re.compile("[\x00-\x08\x0e-\x1d\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ANY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\r\ud800-\udfff\ufffe\uffff]")


def clean_control_characters(text: str) -> str:
    """``text`` without control characters (see the module docstring); unchanged if none.

    Shape: str → str, never longer than the input. Fast path: one regex search.
    """
    if not _ANY.search(text):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATE)
    return _REMOVE.sub("", text)


def has_control_characters(text: str) -> bool:
    """True if ``clean_control_characters`` would change ``text``."""
    return bool(_ANY.search(text))


def clean_model_text(sender, instance, **kwargs) -> None:
    """``pre_save`` receiver: every CharField and TextField value of ``instance`` cleaned."""
    for field in sender._meta.concrete_fields:
        if field.get_internal_type() in ("CharField", "TextField"):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and _ANY.search(value):
                setattr(instance, field.attname, clean_control_characters(value))


def quoted(text) -> str:
    """``text`` in quotation marks of the active language: ”Plan” in Swedish, “Plan” in
    English. For a name put in a message outside its translated sentence (a list of sheet
    names); within a sentence the quotes belong to the msgid and its msgstr."""
    from django.utils.translation import gettext

    return gettext("”%(text)s”") % {"text": text}
