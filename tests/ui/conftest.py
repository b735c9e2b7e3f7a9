"""Fixtures for the browser tests of the interface: axe-core, keyboard, small screens.

The browser, the page on the live server and ``login`` are the suite's own
(tests/browser_fixtures.py, registered in tests/conftest.py). axe-core is the copy
bundled in the axe-playwright-python wheel: nothing is fetched at run time.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

#: WCAG 2.1 level A and AA, and nothing else (no best-practice rules).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def violations_report(results) -> str:
    """One line per violation and element: rule, impact, CSS target, and the HTML."""
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {', '.join(map(str, node['target']))}"
                f"  {node['html'][:160]}  – {violation['help']}"
            )
    return "\n".join(lines)


@pytest.fixture
def assert_no_axe_violations(axe):
    """assert_no_axe_violations(page, "what page"): axe-core finds nothing at A/AA."""

    def check(page, where: str) -> None:
        page.wait_for_load_state("load")
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{where} ({page.url}):\n" + violations_report(
            results
        )

    return check


@pytest.fixture
def follow_up_data(seed_plan):
    """The adopted plan with the demo follow-ups (T3 2016 … T3 2017) when the fixture exists."""
    from django.conf import settings

    if (settings.BASE_DIR / "fixtures" / "vallentuna_2016_2017_uppfoljning.json").exists():
        call_command("loaddata", "vallentuna_2016_2017_uppfoljning", verbosity=0)
    return seed_plan


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )
