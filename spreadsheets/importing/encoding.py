"""The text encoding of a CSV or text file, as Excel and other programs save them.

What staff's programs write, in the order tried:

- a byte-order mark: UTF-8 ("CSV UTF-8"), UTF-16 (Excel's "Unicode-text", tab-separated),
  UTF-32;
- UTF-8 without a mark (LibreOffice, scripts);
- otherwise a one-byte encoding: Windows-1252 (Excel for Windows' "CSV"), Mac Roman
  (Excel for Mac's "CSV"), or what charset-normalizer finds. The text of a plan is
  Swedish, so between them the one that gives Swedish letters (å ä ö) rather than
  the symbols the other maps those bytes to ('Œ', 'Š', '‰') wins;
- UTF-16 without a mark is recognised by its zero bytes.

A file that none of these reads gets a message naming the problem and the remedy.
"""

from __future__ import annotations

import codecs
import re

from django.utils.translation import gettext as _

from spreadsheets.importing.cells import FileRejected

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODING_NAMES = {
    "utf-8-sig": "UTF-8",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "cp1252": "Windows-1252",
    "mac_roman": "Mac Roman",
}
_SWEDISH = re.compile("[åäöÅÄÖéÉüÜ]")
# What Swedish letters become when read in the wrong one-byte encoding.
_MOJIBAKE = re.compile("[ŒœŠšŽžŸ‰†‡ƒ∂∑∏π∫ªºΩ≈∆«»¬√≤≥÷◊¿¡]|Ã|Â")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def remedy() -> str:
    return _(
        "Öppna filen i Excel och spara den med Spara som → ”CSV UTF-8 (kommaavgränsad)” "
        "(eller i LibreOffice som CSV med teckenuppsättningen Unicode (UTF-8)), och "
        "importera den igen."
    )


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding's name as users know it). FileRejected if no encoding reads it."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), ENCODING_NAMES[encoding]
            except UnicodeDecodeError as exc:
                raise _unreadable(ENCODING_NAMES[encoding], exc) from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 4:
        # Every other byte zero: UTF-16 saved without a byte-order mark.
        encoding = "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(encoding), "UTF-16"
        except UnicodeDecodeError as exc:
            raise _unreadable("UTF-16", exc) from exc
    if b"\x00" in sample:
        raise FileRejected(
            _("Filen är inte en CSV-fil med text (den innehåller binära data). %(remedy)s")
            % {"remedy": remedy()}
        )
    if utf8_error.start < len(data) - 4 and _looks_like_broken_utf8(data):
        raise _unreadable("UTF-8", utf8_error)
    candidates = ["cp1252", "mac_roman"]
    guessed = _guess(data)
    if guessed and guessed not in candidates:
        candidates.append(guessed)
    best: tuple[int, str, str] | None = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = len(_SWEDISH.findall(text)) - 3 * len(_MOJIBAKE.findall(text))
        score -= 5 * len(_CONTROL.findall(text))
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None:
        raise _unreadable("", utf8_error)
    return best[1], ENCODING_NAMES.get(best[2], best[2])


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data[:65536]).best()
    return match.encoding if match is not None else None


def _looks_like_broken_utf8(data: bytes) -> bool:
    """Mostly valid UTF-8 with a few bad bytes (a file cut or joined badly), not a
    one-byte encoding: two-byte UTF-8 sequences for å ä ö are present."""
    return data.count(b"\xc3") >= 3 and re.search(rb"\xc3[\xa4\xa5\xb6\x84\x85\x96]", data)


def _unreadable(encoding: str, exc: UnicodeDecodeError) -> FileRejected:
    if encoding:
        problem = _(
            "Filen ser ut att vara sparad som %(encoding)s men innehåller tecken som inte "
            "går att läsa så (byte %(position)s)."
        ) % {"encoding": encoding, "position": exc.start + 1}
    else:
        problem = _("Filens teckenkodning kunde inte avgöras.")
    return FileRejected(f"{problem} {remedy()}")
