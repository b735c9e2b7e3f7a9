"""Refuse early, with a clear message, on a Python the project does not support."""

import sys

if not ((3, 11) <= sys.version_info[:2] < (3, 14)):
    sys.exit(
        f"Python {sys.version.split()[0]} stöds inte: använd Python 3.11–3.13 "
        "(t.ex. `make start PYTHON=python3.11`)."
    )
