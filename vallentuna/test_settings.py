"""Settings for the test suite (pyproject.toml names this module for pytest-django).

The production settings with ``TESTING`` on: a fixed key, fast password hashing, an
in-memory cache, no two-factor requirement by default. The variable is set only while
the settings are read, so servers the tests start in subprocesses get the real ones.
"""

import os

_added = "DJANGO_TESTING" not in os.environ
os.environ.setdefault("DJANGO_TESTING", "1")
try:
    from vallentuna.settings import *  # noqa: F403
finally:
    if _added:
        del os.environ["DJANGO_TESTING"]
