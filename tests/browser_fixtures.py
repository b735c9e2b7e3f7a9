"""Browser fixtures: Playwright (Python) driving Debian's chromium against the live server.

Registered for the whole suite by ``pytest_plugins`` in tests/conftest.py. No
browser is downloaded: we
launch /usr/bin/chromium (installed by .ci/run). When it is missing the tests
are skipped locally, and CI fails on any skip.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module.

    Playwright's sync API leaves an event loop marked as running in this thread
    while it is started; Django then refuses synchronous ORM calls unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. We set it only while the browser lives,
    so it never leaks into the rest of the suite (or a subprocess it starts).
    """
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"chromium saknas ({CHROMIUM}); installera Debians paket chromium")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    """login(user) logs in through the real login form (password of make_user)."""

    def do_login(user, password: str = "Lösenord-för-test-1"):
        page.goto("/konto/login/")
        page.get_by_label("Användarnamn").fill(user.get_username())
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state()
        return page

    return do_login
