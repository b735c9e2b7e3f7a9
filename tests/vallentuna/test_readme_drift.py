"""README *Drift* lists every environment variable the settings read (the guide's rule)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV_READERS = {"env_bool", "env_int", "env_list", "get", "getenv"}


def variables_read(path: Path) -> set[str]:
    """Names passed as the first argument to ``os.environ.get``/``env_*`` or ``os.environ[…]``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        key = None
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            key = node.args[0] if name in ENV_READERS else None
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isupper():
            names.add(key.value)
    return names


def drift_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Drift", 1)[1].split("\n## ", 1)[0]


def test_the_settings_read_the_variables_the_check_looks_for():
    names = variables_read(ROOT / "vallentuna" / "settings.py")
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "SITE_URL"} <= names


def test_every_variable_the_settings_read_is_in_readme_drift():
    section = drift_section()
    missing = sorted(
        name
        for path in (ROOT / "vallentuna").glob("*.py")
        for name in variables_read(path)
        if f"`{name}`" not in section
    )
    assert not missing, f"README Drift saknar: {missing}"
