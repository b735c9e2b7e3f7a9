"""The browser fixtures (browser, page, login) live in tests/browser_fixtures.py,
registered for the whole suite in tests/conftest.py."""
