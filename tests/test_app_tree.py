"""The apps form a tree: actors ← plans ← followup ← spreadsheets, changelog.

A module may import its own app and the apps below it, never one above or beside it
(spreadsheets and changelog are both at the top and don't import each other). The
check reads the source, so it also catches imports inside functions.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Each app and the apps it may import (besides itself).
ALLOWED = {
    "actors": set(),
    "plans": {"actors"},
    "followup": {"actors", "plans"},
    "spreadsheets": {"actors", "plans", "followup"},
    "changelog": {"actors", "plans", "followup"},
}


def imported_apps(source: str) -> list[tuple[int, str]]:
    """(line, app) for every import of one of our apps in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, n.split(".")[0]) for n in names if n.split(".")[0] in ALLOWED]
    return found


def violations(app: str, root: Path = ROOT) -> list[str]:
    out = []
    for path in sorted((root / app).rglob("*.py")):
        for line, other in imported_apps(path.read_text(encoding="utf-8")):
            if other != app and other not in ALLOWED[app]:
                out.append(f"{path.relative_to(root)}:{line} imports {other}")
    return out


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    assert violations(app) == []


def test_a_planted_upward_import_is_found(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "models.py").write_text(
        "from actors.models import Actor\n\ndef f():\n    from followup import selectors\n"
    )
    assert violations("plans", tmp_path) == ["plans/models.py:4 imports followup"]


def test_sibling_apps_at_the_top_do_not_import_each_other(tmp_path):
    (tmp_path / "changelog").mkdir()
    (tmp_path / "changelog" / "views.py").write_text("import spreadsheets.exporting\n")
    assert violations("changelog", tmp_path) == ["changelog/views.py:1 imports spreadsheets"]
