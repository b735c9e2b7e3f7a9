"""Bench: the Excel export at 1,000, 5,000 and 20,000 activities against django-import-export.

    .venv/bin/python bench/export.py [--repeat 3] [--sizes 1000,5000,20000]

Builds, in a throw-away SQLite database (DEBUG off), one plan per size with 25 activities per
focus area (20,000 activities = 800 focus areas), two actors each and a follow-up per activity.
For each size it times, alternately in the same process, ``spreadsheets.exporting.export_xlsx``
(the layout of the adopted document: title rows, styled header, borders, wrapped text, dates,
merged focus-area cells, quote-prefixed formula-like text) and the anchor: the same rows
through django-import-export (``ActivityResource.export`` with the same follow-ups, then its
``XLSX`` format: tablib's plain openpyxl sheet, no styles), best and median of ``--repeat``.
Also the peak Python allocation of each (tracemalloc, one extra run) and the time of
``bench/import_plan.build_workbook`` for the same number of rows.

Goals (issue 15): linear (time per row flat from 1,000 to 20,000), 20,000 activities within
1.5x of django-import-export's XLSX time, memory bounded; the bench's own builder linear.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def setup_django(tmp: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vallentuna.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "vallentuna_2016_2017", verbosity=0)


def build(n_activities: int):
    from django.utils import timezone

    from followup.models import FollowUp, Status
    from followup.services import refresh_latest_statuses
    from plans.models import Activity
    from tests.conftest import build_plan

    per_area = 25
    plan = build_plan(n_activities // per_area, per_area, title=f"Exportplan {n_activities}")
    ids = list(Activity.objects.filter(focus_area__plan=plan).values_list("pk", flat=True))
    statuses = list(Status)
    FollowUp.objects.bulk_create(
        FollowUp(
            activity_id=pk,
            year=2017,
            number=2,
            status=statuses[i % len(statuses)],
            comment="Arbetet pågår enligt plan; två av tre tillfällen genomförda.",
            reported_by_name="Sara Samordnare",
            reported_at=timezone.now(),
        )
        for i, pk in enumerate(ids)
    )
    refresh_latest_statuses(ids)
    return plan


def ours(plan) -> int:
    from spreadsheets.exporting import export_xlsx

    return len(export_xlsx(plan))


def anchor(plan) -> int:
    """django-import-export's own XLSX export of the same rows (same resource, same queries)."""
    from import_export.formats.base_formats import XLSX

    from followup.selectors import latest_follow_ups
    from plans.selectors import plan_activities
    from spreadsheets.resources import ActivityResource

    activities = plan_activities(plan)
    follow_ups = latest_follow_ups([a.pk for a in activities])
    dataset = ActivityResource(follow_ups=follow_ups, neutralise=False).export(queryset=activities)
    return len(XLSX().export_data(dataset))


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def peak_mb(fn, *args) -> float:
    tracemalloc.start()
    fn(*args)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1000,5000,20000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from import_plan import build_workbook

        print(f"{os.cpu_count()} CPU, load {os.getloadavg()[0]:.2f} before")
        print(
            f"{'aktiviteter':>11} {'vår export best/median':>24} {'µs/rad':>7} "
            f"{'import-export best/median':>27} {'kvot':>6} {'minne vår/i-e MB':>17} "
            f"{'build_workbook':>15}"
        )
        for n in sizes:
            plan = build(n)
            mine, theirs = [], []
            for _ in range(args.repeat):  # alternated, so both see the same machine
                mine.append(timed(ours, plan))
                theirs.append(timed(anchor, plan))
            codes = ["KLK", "BUF", "KFF", "SF", "SBF", "Lopo Täby", "SSBF"]
            built = timed(build_workbook, codes, n, max(1, n // 25))
            best, best_anchor = min(mine), min(theirs)
            print(
                f"{n:>11} {best:>10.2f} s / {statistics.median(mine):>5.2f} s "
                f"{best / n * 1e6:>7.0f} "
                f"{best_anchor:>12.2f} s / {statistics.median(theirs):>5.2f} s "
                f"{best / best_anchor:>5.2f}x "
                f"{peak_mb(ours, plan):>8.0f} / {peak_mb(anchor, plan):<6.0f} "
                f"{built:>12.2f} s"
            )
        print(f"load {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
