"""Check the system libraries WeasyPrint needs and say exactly what to install.

WeasyPrint draws PDFs with Pango and HarfBuzz (and subsets fonts with
libharfbuzz-subset); the report needs a font with å, ä and ö.
"""

import ctypes.util
import shutil
import subprocess
import sys

LIBS = {
    "pango-1.0": "libpango-1.0-0",
    "pangoft2-1.0": "libpangoft2-1.0-0",
    "harfbuzz": "libharfbuzz0b",
    "harfbuzz-subset": "libharfbuzz-subset0",
    "fontconfig": "libfontconfig1",
}


def main() -> int:
    missing = [pkg for lib, pkg in LIBS.items() if ctypes.util.find_library(lib) is None]
    has_swedish_font = False
    fc_list = shutil.which("fc-list")
    if fc_list:
        out = subprocess.run([fc_list, ":lang=sv", "family"], capture_output=True, text=True).stdout  # noqa: S603
        has_swedish_font = bool(out.strip())
    if not has_swedish_font:
        missing.append("fonts-dejavu-core")
    if missing:
        print(
            "Systembibliotek för PDF-rapporterna (WeasyPrint) saknas: " + ", ".join(missing) + "\n"
            "Installera dem (Debian/Ubuntu):\n"
            f"    sudo apt-get update && sudo apt-get install -y {' '.join(missing)}\n"
            "macOS (Homebrew): brew install pango harfbuzz",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
