"""Settings for the test suite (pyproject.toml names this module for pytest-django).

The production settings, then what tests need instead: a fixed key, fast password hashing,
an in-memory cache, plain static files, no two-factor requirement or HTTPS redirect by
default, and files written to a temporary folder rather than the checkout's ``media/``.
Production never reads this module, so no environment variable can turn these on there.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

_KEY = "django-insecure-test-key-only-for-the-test-suite-never-in-production"  # noqa: S105
_added = "SECRET_KEY" not in os.environ
os.environ.setdefault("SECRET_KEY", _KEY)
try:
    from vallentuna.settings import *  # noqa: F403
    from vallentuna.settings import DEBUG, STORAGES, env_bool, env_list
finally:
    if _added:
        del os.environ["SECRET_KEY"]  # servers the tests start in subprocesses get the real rules

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# hashing is deliberately slow in production; tests create many users
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", default=False)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Filed and cached PDFs of the tests: never beside the developer's own (MEDIA_ROOT wins).
if os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"])
else:
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="vallentuna-test-media-"))
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
