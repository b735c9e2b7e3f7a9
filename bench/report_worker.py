"""Bench: the 5,000-activity report PDF rendered by a real Celery worker; time and peak memory.

    .venv/bin/python bench/report_worker.py [--activities 5000] [--broker redis://127.0.0.1:6379/15]

On a fresh PostgreSQL database (as ``bench/pages.py`` builds it: 25 activities per focus
area, follow-ups in two tertials), starts ``celery -A vallentuna worker --concurrency 1``
(production settings, ``CELERY_WORKER_MAX_MEMORY_PER_CHILD`` as configured), asks for the
report PDF through ``followup.services.request_report_pdf`` (what the PDF link calls; it
returns at once with a queued job) and waits for the job to be done, sampling the worker's
pool process every 0.2 s: its peak resident memory (VmHWM in /proc) is the figure. Prints
the time from request to file, the pages, the file size, the peak RSS of the process that
rendered it, and whether the pool process was replaced afterwards (memory given back).

Goal (issue 15): the PDF completes in the worker, whatever gunicorn's timeout (the web
request only queues it), with bounded memory.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from pages import (  # noqa: E402
    PYTHON,
    bench_env,
    build_data,
    create_database,
    drop_database,
    machine,
    manage,
    start_worker,
)


def children(pid: int) -> list[int]:
    try:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
        ).stdout
    except OSError:
        return []
    return [int(p) for p in out.split()]


def memory_kib(pid: int) -> dict[str, int]:
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0])
    except OSError:
        pass
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=5000)
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--db-name", default=f"vallentuna_bench_worker_{os.getpid()}")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()

    static_root = tempfile.mkdtemp(prefix="bench-worker-static-")
    media_root = tempfile.mkdtemp(prefix="bench-worker-media-")
    env = bench_env(args.db_name, static_root)
    env.update(CELERY_BROKER_URL=args.broker, MEDIA_ROOT=media_root)
    print(f"Maskin: {machine()}; belastning före {os.getloadavg()}")
    create_database(args.db_name)
    worker = None
    try:
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--no-input", "-v0")
        data = build_data(env, args.activities)
        worker = start_worker(env, nice=0)
        request = f"""
import django, time
django.setup()
from followup.selectors import default_tertial
from followup.services import request_report_pdf
from plans.models import Plan
plan = Plan.objects.get(slug={data["slug"]!r})
started = time.perf_counter()
job = request_report_pdf(plan, default_tertial(plan))
print(job.pk, job.state, round((time.perf_counter() - started) * 1000, 1))
"""
        began = time.perf_counter()
        out = subprocess.run(
            [PYTHON, "-c", request], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.split()
        job_id, state, request_ms = int(out[-3]), out[-2], out[-1]
        print(f"Begäran: jobb {job_id} {state} på {request_ms} ms (webbens del: ingen rendering)")

        import psycopg

        peak: dict[int, int] = {}
        pool_before = set(children(worker.pid))
        row = None
        with psycopg.connect(
            f"postgres://postgres@127.0.0.1:5432/{args.db_name}", autocommit=True
        ) as conn:
            while time.perf_counter() - began < args.timeout:
                for pid in children(worker.pid):
                    hwm = memory_kib(pid).get("VmHWM", 0)
                    peak[pid] = max(peak.get(pid, 0), hwm)
                row = conn.execute(
                    "SELECT state, file, size, started_at, finished_at, error "
                    "FROM followup_reportpdf WHERE id = %s",
                    (job_id,),
                ).fetchone()
                if row and row[0] in ("done", "failed"):
                    break
                time.sleep(0.2)
        elapsed = time.perf_counter() - began
        if not row or row[0] != "done":
            raise SystemExit(f"PDF:en blev inte klar: {row}")
        state, name, size, started_at, finished_at, _error = row
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO((Path(media_root) / name).read_bytes())).pages)
        time.sleep(2)
        pool_after = set(children(worker.pid))
        rendered_by = max(peak, key=peak.get)
        print(
            f"\n{args.activities} aktiviteter: klar efter {elapsed:.1f} s från begäran "
            f"(rendering i arbetaren {(finished_at - started_at).total_seconds():.1f} s), "
            f"{pages} sidor, {size / 1024:.0f} KiB"
        )
        print(
            f"Toppminne (VmHWM) i processen som renderade: {peak[rendered_by] / 1024:.0f} MiB; "
            f"huvudprocessen {memory_kib(worker.pid).get('VmHWM', 0) / 1024:.0f} MiB"
        )
        replaced = rendered_by in pool_before and rendered_by not in pool_after
        print(
            "Poolprocessen ersattes efter uppgiften (CELERY_WORKER_MAX_MEMORY_PER_CHILD): "
            f"{'ja' if replaced else 'nej'}"
        )
        print(f"Belastning efter {os.getloadavg()}")
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(media_root, ignore_errors=True)
        drop_database(args.db_name)


if __name__ == "__main__":
    main()
