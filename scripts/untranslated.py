"""List the msgids of a .po file that still need a translation (empty or fuzzy).

    python scripts/untranslated.py locale/en/LC_MESSAGES/django.po

Prints a count and each such msgid with its line; exits 0 either way (``make messages``
runs it last, to show what is left to translate).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pofile  # noqa: E402


def main(paths: list[str]) -> int:
    for path in paths:
        entries = pofile.messages(path)
        todo = [e for e in entries if e.fuzzy or not e.translated]
        print(f"{path}: {len(entries)} msgids, {len(todo)} to translate (empty or fuzzy)")
        for entry in todo:
            flag = "fuzzy" if entry.fuzzy else "empty"
            print(f"  line {entry.line} ({flag}): {entry.msgid[:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["locale/en/LC_MESSAGES/django.po"]))
