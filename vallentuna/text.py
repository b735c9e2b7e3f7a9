"""Text that every output can carry: control characters out, the rest as typed.

Text pasted from Word carries C0 control characters: U+001E (Word's non-breaking hyphen),
U+001F (its optional hyphen), U+000B (its manual line break), U+0007 (the end-of-cell mark)
and others. XML 1.0 forbids them (so .docx and .xlsx writers refuse them), fonts have no
glyphs for them (the PDF shows empty boxes), and HTML treats them as parse errors.
"""

from __future__ import annotations

import re

#: What each Word control character means, where it means something.
_MEANINGFUL = {"\x1e": "-", "\x0b": "\n", "\x0c": "\n"}
#: C0 controls but tab, line feed and carriage return; DEL and C1 controls; lone surrogates
#: and the two noncharacters XML 1.0 forbids.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _replace(match: re.Match) -> str:
    return _MEANINGFUL.get(match.group(0), "")


def printable(text: str) -> str:
    """``text`` without control characters: Word's non-breaking hyphen (U+001E) becomes a
    hyphen, a vertical tab or form feed a line break, every other control character goes.
    Tab, line feed and carriage return stay. Cheap when there is nothing to remove."""
    if not text or not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_replace, text)
