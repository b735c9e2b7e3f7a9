"""Check the system libraries WeasyPrint needs and say exactly what to install.

WeasyPrint draws PDFs with Pango and HarfBuzz (and subsets fonts with
libharfbuzz-subset); the report is set in Liberation Sans (Arial's metrics) with DejaVu Sans
for the status symbols Liberation lacks, and Noto for what users type that neither has:
Sámi and other Latin letters, symbols, Ethiopic (Amharic), Chinese/Japanese/Korean and colour
emoji. A character no installed font has is drawn as an empty box, so each script is checked
by a character of it, and the message names the Debian package to install.
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
#: What users type beyond those: a sample character, the font that must have it (as named
#: in static/css/report.css; emoji come by fontconfig's fallback), and its Debian package.
SCRIPTS = {
    "samiska (ŋ)": (0x014B, "Noto Sans", "fonts-noto-core"),
    "etiopisk skrift (ሰ)": (0x1230, "Noto Sans Ethiopic", "fonts-noto-core"),
    "kinesiska/japanska/koreanska (安)": (0x5B89, "Noto Sans CJK SC", "fonts-noto-cjk"),
    "emoji (👍)": (0x1F44D, "Noto Color Emoji", "fonts-noto-color-emoji"),
}


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
    lacking = []
    for script, (codepoint, family, package) in SCRIPTS.items():
        out = ""
        if fc_list:
            out = subprocess.run(  # noqa: S603 - fc-list from PATH, fixed arguments
                [fc_list, f"{family}:charset={codepoint:x}", "family"],
                capture_output=True,
                text=True,
            ).stdout
        if family not in out:
            lacking.append(script)
            if package not in missing:
                missing.append(package)
    if lacking:
        print(
            "Typsnitt saknas för " + ", ".join(lacking) + ": sådana tecken blir tomma rutor"
            " i PDF-rapporten.",
            file=sys.stderr,
        )
    if missing:
        print(
            "Systembibliotek för PDF-rapporterna (WeasyPrint) saknas: " + ", ".join(missing) + "\n"
            "Installera dem (Debian/Ubuntu):\n"
            f"    sudo apt-get update && sudo apt-get install -y {' '.join(missing)}\n"
            "macOS (Homebrew): brew install pango harfbuzz"
            " && brew install --cask font-liberation font-dejavu font-noto-sans"
            " font-noto-sans-ethiopic font-noto-sans-cjk-sc font-noto-color-emoji",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
