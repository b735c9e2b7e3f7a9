"""Check the system libraries WeasyPrint needs and say exactly what to install.

WeasyPrint draws PDFs with Pango and HarfBuzz (and subsets fonts with
libharfbuzz-subset); the report is set in Liberation Sans (Arial's metrics) with DejaVu Sans
for the status symbols Liberation lacks.
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
#: The report's fonts (static/css/report.css), each with å, ä and ö.
FONTS = {"Liberation Sans": "fonts-liberation", "DejaVu Sans": "fonts-dejavu-core"}


def main() -> int:
    missing = [pkg for lib, pkg in LIBS.items() if ctypes.util.find_library(lib) is None]
    fc_list = shutil.which("fc-list")
    for family, package in FONTS.items():
        out = ""
        if fc_list:
            out = subprocess.run(  # noqa: S603 - fc-list from PATH, fixed arguments
                [fc_list, f"{family}:lang=sv", "family"], capture_output=True, text=True
            ).stdout
        if family not in out:
            missing.append(package)
    if missing:
        print(
            "Systembibliotek för PDF-rapporterna (WeasyPrint) saknas: " + ", ".join(missing) + "\n"
            "Installera dem (Debian/Ubuntu):\n"
            f"    sudo apt-get update && sudo apt-get install -y {' '.join(missing)}\n"
            "macOS (Homebrew): brew install pango harfbuzz"
            " && brew install --cask font-liberation font-dejavu",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
