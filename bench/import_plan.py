"""Bench: import a 5,000-activity workbook into an empty database through the import service.

    .venv/bin/python bench/import_plan.py                      # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vallentuna_bench \
        .venv/bin/python bench/import_plan.py                  # PostgreSQL (test_… database)

Builds a workbook in the seed's layout (title rows, merged focus-area cells) with 5,000
activities in 50 focus areas and 1 to 4 actors each, written with mixed separators; then
imports it with ``spreadsheets.services.import_plan`` (parse, preview analysis, bulk writes with
history and many-to-many history), re-imports it unchanged, and prints rows per second
and peak memory. Goal: ≥ 1,000 rows/s and < 300 MB.
"""

from __future__ import annotations

import datetime
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vallentuna.settings")
# Production-like: DEBUG off (with DEBUG on, Django keeps and formats every query).
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "localhost")

N_FOCUS_AREAS = 50
N_ACTIVITIES = 5_000
SEPARATORS = [", ", " och ", " & ", "/", "\n"]


def build_workbook(
    codes: list[str], n_activities: int = N_ACTIVITIES, n_areas: int = N_FOCUS_AREAS
) -> bytes:
    """The bench's workbook, written row by row in openpyxl's write-only mode: linear.

    (It kept a normal worksheet and asked ``sheet.max_row`` per row, which scans the sheet:
    244 s for 20,000 rows.) Merged ranges are collected and set once at the end.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

    from tests.spreadsheets.files.workbooks import HEADER, to_bytes

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Handlingsplan")
    sheet.append(["Benchplan 2030-2031"])
    sheet.append([])
    sheet.append(HEADER)
    row = 3
    wrap = Alignment(wrap_text=True)
    per_area = n_activities // n_areas
    deadlines = [datetime.date(2030, 4, 30), datetime.date(2030, 8, 31), "31 december 2031"]
    merged = []
    for area in range(n_areas):
        first = row + 1
        for j in range(per_area):
            n = area * per_area + j
            actors = [codes[(n + k * 3) % len(codes)] for k in range(1 + n % 4)]
            responsible = actors[0]
            for k, code in enumerate(actors[1:]):
                responsible += SEPARATORS[(n + k) % len(SEPARATORS)] + code
            title = WriteOnlyCell(
                sheet, f"Aktivitet {area + 1}.{j + 1}: sprid information om stöd vid oro"
            )
            title.alignment = wrap
            sheet.append(
                [
                    f"Fokusområde {area + 1}: trygghet och säkerhet" if j == 0 else None,
                    title,
                    "Informera via kommunens webbsidor,\nskolor och fritidsgårdar",
                    responsible,
                    deadlines[n % len(deadlines)],
                ]
            )
            row += 1
        merged.append(CellRange(min_col=1, min_row=first, max_col=1, max_row=row))
    sheet.merged_cells = MultiCellRange(merged)
    return to_bytes(workbook)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    db = settings.DATABASES["default"]
    tmpdir = None
    if db["ENGINE"].endswith("sqlite3"):
        tmpdir = tempfile.mkdtemp()
        db.setdefault("TEST", {})["NAME"] = str(Path(tmpdir) / "bench.sqlite3")
    old = setup_databases(verbosity=0, interactive=False)
    try:
        run(connection)
    finally:
        teardown_databases(old, verbosity=0)


def run(connection) -> None:
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from actors.models import Actor
    from plans.models import Activity, Plan
    from spreadsheets.services import NewPlan, import_plan

    codes = ["KLK", "BUF", "KFF", "SF", "SBF", "Lopo Täby", "SSBF"]
    for i, code in enumerate(codes):
        Actor.objects.create(code=code, name=f"{code} (förvaltning)", sort_order=i)
    for i in range(20):
        Actor.objects.create(code=f"Enhet {i}", name=f"Enhet nummer {i}", sort_order=100 + i)
    codes += [f"Enhet {i}" for i in range(20)]
    user = get_user_model().objects.create_user("bench", password="Bench-lösen-123")

    started = time.perf_counter()
    data = build_workbook(codes)
    built = time.perf_counter() - started
    from django.conf import settings

    print(
        f"Database: {connection.vendor} {connection.settings_dict['NAME']}, "
        f"DEBUG={settings.DEBUG}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"Workbook: {N_ACTIVITIES} activities, {N_FOCUS_AREAS} focus areas, "
        f"{len(data) / 1024:.0f} kB (built in {built:.1f} s)"
    )
    rss_before = rss_mb()

    started = time.perf_counter()
    result = import_plan(
        data,
        filename="bench.xlsx",
        new_plan=NewPlan("Benchplan 2030-2031"),
        user=user,
        dry_run=False,
    )
    elapsed = time.perf_counter() - started
    assert result.applied, result.errors[:5]
    plan = Plan.objects.get(pk=result.plan_id)
    n = Activity.objects.filter(focus_area__plan=plan).count()
    through = Activity.responsible.through.objects.filter(activity__focus_area__plan=plan).count()
    history = Activity.history.filter(history_user=user).count()
    m2m_history = apps.get_model("plans", "HistoricalActivity_responsible").objects.count()
    print(
        f"First import: {n} activities, {through} actor links, {history} history rows "
        f"({m2m_history} actor history rows) in {elapsed:.2f} s = {n / elapsed:,.0f} rows/s"
    )

    started = time.perf_counter()
    again = import_plan(data, filename="bench.xlsx", plan=plan, user=user, dry_run=False)
    elapsed_again = time.perf_counter() - started
    assert again.counts["unchanged"] == N_ACTIVITIES, again.counts
    assert Activity.history.filter(history_user=user).count() == history
    print(
        f"Re-import (all unchanged, no history rows added): {elapsed_again:.2f} s = "
        f"{N_ACTIVITIES / elapsed_again:,.0f} rows/s"
    )

    tracemalloc.start()
    result = import_plan(
        data,
        filename="bench.xlsx",
        new_plan=NewPlan("Benchplan 2 2030-2031"),
        user=user,
        dry_run=False,
    )
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.applied
    print(f"Peak Python memory during one import (tracemalloc): {peak / 1024 / 1024:.0f} MB")
    print(
        f"Peak process memory (max RSS): {rss_mb():.0f} MB "
        f"(of which {rss_before:.0f} MB before the first import: Python, Django, workbook)"
    )


if __name__ == "__main__":
    main()
