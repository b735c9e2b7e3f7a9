"""How fast the busy pages answer under load: Uppföljning and Översikt, and beside report PDFs.

Starts the app under gunicorn (2 workers, production settings) on a fresh PostgreSQL
database with one plan of 1,000 activities in 40 focus areas and follow-ups in two
tertials, logs in as a Trygghetssamordnare through the real login form, then lets
8 concurrent clients on localhost request each page for a fixed, short time. Prints
requests per second and p50/p95/p99 latency per page, and the ratio of each page to
a trivial logged-in Django view measured in the same run (the floor: middleware,
session, the base layout and nothing else).

    .venv/bin/python bench/pages.py [--seconds 10] [--clients 8] [--activities 1000]
    .venv/bin/python bench/pages.py --activities 1000,20000        # the same pages, two sizes
    .venv/bin/python bench/pages.py --pdf-clients 2                # with a Celery worker

``--activities 1000,20000``: each size on its own database and gunicorn, one after the
other in the same run (25 activities per focus area: 20,000 = 800 focus areas), and the
ratio of each page's latency at the larger size to the first. ``--pdf-clients N``: for the
first size, Uppföljning once more while N clients fetch the report PDF as a user does (the
link, the job page every 3 s, the file), each round with the cached PDF dropped so the
worker renders every time; a real Celery worker (one process, ``nice 10`` as the README) on
``--broker`` (Redis db 15 by default; ``--broker ''``: no queue, the PDF is rendered in
gunicorn as before issue 15).

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust); collectstatic writes to a
temporary folder. Everything is bounded: fixed time per page, a cap on requests,
localhost only, and the database and gunicorn are removed at the end.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookies
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PASSWORD = "Bänk-lösenord-för-mätning-1"
MAX_REQUESTS_PER_PAGE = 50_000  # a safety bound on top of the fixed time
PDF_POLL_SECONDS = 3  # as the job page (followup.views.report_pdf.POLL_SECONDS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def bench_env(db_name: str, static_root: str) -> dict[str, str]:
    """Production settings (DEBUG off) made to work on plain HTTP on localhost."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://postgres@{HOST}:5432/{db_name}",
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-not-used-anywhere-else-0123456789",
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        TWO_FACTOR_REQUIRED="0",  # no second factor for the bench user
        STATIC_ROOT=static_root,
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="60",
        DJANGO_SETTINGS_MODULE="vallentuna.settings",
    )
    return env


def create_database(db_name: str) -> None:
    import psycopg

    with psycopg.connect(f"postgres://postgres@{HOST}:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db_name}"')


def drop_database(db_name: str) -> None:
    import psycopg

    with psycopg.connect(f"postgres://postgres@{HOST}:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def build_data(env: dict[str, str], n_activities: int, per_area: int = 25) -> dict[str, str]:
    """The plan (``per_area`` activities per focus area), follow-ups in the current and the
    previous tertial, each activity's latest status (as saving an entry keeps it), the user."""
    code = f"""
import datetime, django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from actors.permissions import ROLE_COORDINATOR
from actors.roles import sync_roles
from followup.models import FollowUp, Status
from followup.tertial import Tertial
from plans.models import Activity, Plan
from tests.conftest import build_plan

call_command("loaddata", "vallentuna_2016_2017", verbosity=0)  # real actors and a real plan
areas = max(1, {n_activities} // {per_area})
plan = build_plan(areas, {per_area}, title="Bänkplan med {n_activities} aktiviteter")
now = Tertial.current()
Plan.objects.filter(pk=plan.pk).update(
    period_start=now.previous.start, period_end=now.next.next.end
)
deadlines = [now.previous.end, now.end, now.next.end, now.next.next.end]
activities = list(Activity.objects.filter(focus_area__plan=plan).order_by("pk"))
for i, a in enumerate(activities):
    a.deadline = deadlines[i % len(deadlines)]
Activity.objects.bulk_update(activities, ["deadline"])
statuses = [Status.STARTED, Status.DONE, Status.DELAYED, Status.NOT_STARTED, Status.STRUCK]
rows = []
for i, a in enumerate(activities):
    rows.append(FollowUp(activity=a, year=now.previous.year, number=now.previous.number,
                         status=statuses[i % 4], comment="Arbetet pågår enligt plan. " * 3,
                         reported_at=timezone.now()))
    if i % 3:
        rows.append(FollowUp(activity=a, year=now.year, number=now.number,
                             status=statuses[(i + 1) % 5], comment="Delvis genomfört; resten under hösten.",
                             reported_at=timezone.now()))
FollowUp.objects.bulk_create(rows)
from followup.services import refresh_latest_statuses
refresh_latest_statuses([a.pk for a in activities])  # bulk_create sends no post_save
from django.db import connection
with connection.cursor() as cursor:  # statistics, as autovacuum gathers within a minute of a load
    cursor.execute("ANALYZE")
groups = sync_roles()
user = get_user_model().objects.create_user("bank", password={PASSWORD!r},
                                            first_name="Bänk", last_name="Samordnare")
user.groups.add(groups[ROLE_COORDINATOR])
print(plan.slug, len(activities), len(rows))
"""
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    slug, n_act, n_fu = out[-3:]
    print(f"Data: plan {slug!r}, {n_act} aktiviteter, {n_fu} uppföljningar")
    return {"slug": slug}


class Session:
    """Cookies of one logged-in user, obtained through the real login form."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        conn.close()
        return response, data

    def login(self, username: str, password: str) -> None:
        _response, page = self.request("GET", "/konto/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/"}
        )
        response, _data = self.request(
            "POST",
            "/konto/login/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{self.port}/konto/login/",
            },
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Inloggningen misslyckades (HTTP {response.status}).")


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn startade inte.")


def drive(port: int, cookie: str, path: str, clients: int, seconds: float) -> dict:
    """``clients`` threads request ``path`` back to back for ``seconds``; latencies in ms."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < stop_at and len(mine) < MAX_REQUESTS_PER_PAGE:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "Connection": "keep-alive"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
                if response.will_close:
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=30)
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "rps": len(latencies) / elapsed,
        "p50": q[49],
        "p95": q[94],
        "p99": q[98],
    }


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPU, Python {platform.python_version()}, {platform.system()}"


def start_worker(env: dict[str, str], nice: int) -> subprocess.Popen:
    """A real Celery worker (prefork, one process) on the bench's Redis database."""
    celery = str(Path(PYTHON).parent / "celery")
    subprocess.run(
        [celery, "-A", "vallentuna", "purge", "-f"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    command = [celery, "-A", "vallentuna", "worker", "--concurrency", "1", "--loglevel", "WARNING"]
    if nice:
        command = ["nice", "-n", str(nice), *command]
    worker = subprocess.Popen(command, cwd=ROOT, env=env)
    time.sleep(3)
    return worker


def pdf_client(port: int, cookie: str, path: str, stop_at: float, db_name: str, out: dict) -> None:
    """Asks for the report PDF again and again as a user would: the PDF link, then the job
    page every POLL seconds until the file is ready, then the file. Before each round the
    cached PDF is dropped (as an edit would make it stale), so the worker renders every time."""
    import psycopg

    session_headers = {"Cookie": cookie}
    while time.monotonic() < stop_at:
        with psycopg.connect(f"postgres://postgres@{HOST}:5432/{db_name}", autocommit=True) as c:
            c.execute("DELETE FROM followup_reportpdf WHERE state = 'done'")
        began = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        conn.request("GET", path, headers=session_headers)
        response = conn.getresponse()
        response.read()
        out["view_ms"].append((time.perf_counter() - began) * 1000)
        location = response.headers.get("Location")
        done = response.status == 200
        while not done and location and time.monotonic() < stop_at:
            time.sleep(PDF_POLL_SECONDS)
            conn.request("GET", location, headers=session_headers)
            page = conn.getresponse()
            body = page.read()
            match = re.search(rb'data-download="([^"]+)"', body)
            if match:
                conn.request("GET", match.group(1).decode(), headers=session_headers)
                pdf = conn.getresponse()
                data = pdf.read()
                done = pdf.status == 200 and data.startswith(b"%PDF")
        conn.close()
        if done:
            out["pdf_s"].append(time.perf_counter() - began)


def measure_size(args, n_activities: int, with_pdf_clients: bool) -> dict:
    """One plan size on its own database and gunicorn: the pages, and with PDF clients."""
    db_name = f"{args.db_prefix}_{n_activities}_{os.getpid()}"
    static_root = tempfile.mkdtemp(prefix="bench-pages-static-")
    media_root = tempfile.mkdtemp(prefix="bench-pages-media-")
    env = bench_env(db_name, static_root)
    env["MEDIA_ROOT"] = media_root
    if args.broker:
        env["CELERY_BROKER_URL"] = args.broker
    if args.figures_cache_seconds is not None:
        env["FIGURES_CACHE_SECONDS"] = str(args.figures_cache_seconds)
    create_database(db_name)
    server = worker = None
    results: dict = {}
    try:
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--no-input", "-v0")
        data = build_data(env, n_activities, args.per_area)
        port = args.port or free_port()
        server = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "vallentuna.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"{HOST}:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        wait_for(port)
        session = Session(port)
        session.login("bank", PASSWORD)
        cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
        pages = [
            ("Golv (enkel inloggad vy)", args.floor_path),
            ("Översikt", "/"),
            ("Uppföljning", f"/uppfoljning/?plan={data['slug']}"),
        ]
        for name, path in list(pages):
            response, body = session.request("GET", path)
            if response.status != 200:
                raise SystemExit(f"{name} ({path}) svarar {response.status}, inte 200.")
            print(f"{name}: {path} ({len(body) / 1024:.0f} KiB)")
        print(
            f"\n{n_activities} aktiviteter: gunicorn {args.workers} arbetare, PostgreSQL, "
            f"{args.clients} samtidiga klienter, {args.seconds:g} s per sida efter "
            f"{args.warmup:g} s uppvärmning"
        )
        for name, path in pages:
            drive(port, cookie, path, args.clients, args.warmup)
            results[name] = drive(port, cookie, path, args.clients, args.seconds)
        if with_pdf_clients:
            worker = start_worker(env, args.worker_nice) if args.broker else None
            board_html = session.request("GET", pages[2][1])[1].decode()
            year, number = re.search(r"/rapporter/[^/]+/(\d{4})/T(\d)/pdf/", board_html).groups()
            pdf_path = f"/rapporter/{data['slug']}/{year}/T{number}/pdf/"
            out = {"view_ms": [], "pdf_s": []}
            stop_at = time.monotonic() + args.seconds + args.warmup
            threads = [
                threading.Thread(
                    target=pdf_client, args=(port, cookie, pdf_path, stop_at, db_name, out)
                )
                for _ in range(args.pdf_clients)
            ]
            for t_ in threads:
                t_.start()
            time.sleep(min(args.warmup, 1.0))  # the PDF clients' first requests are in
            name = f"Uppföljning + {args.pdf_clients} PDF-klienter"
            results[name] = drive(port, cookie, pages[2][1], args.clients, args.seconds)
            for t_ in threads:
                t_.join(timeout=120)
            results[name]["pdf"] = out
    finally:
        for process in (worker, server):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(media_root, ignore_errors=True)
        if not args.keep:
            drop_database(db_name)
    return results


def print_table(results: dict, floor_name: str) -> None:
    floor = results[floor_name]
    header = f"{'Sida':<34}{'anrop':>7}{'fel':>5}{'anrop/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p95/golv':>10}"
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        ratio = r["p95"] / floor["p95"] if floor["p95"] else float("nan")
        print(
            f"{name:<34}{r['requests']:>7}{r['errors']:>5}{r['rps']:>9.1f}"
            f"{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{ratio:>9.1f}×"
        )
        if "pdf" in r:
            view = r["pdf"]["view_ms"]
            done = r["pdf"]["pdf_s"]
            print(
                f"  PDF-länken: {len(view)} anrop, svar max {max(view, default=0):.0f} ms; "
                f"{len(done)} PDF:er klara, "
                f"{'från begäran till fil ' + ', '.join(f'{d:.1f}' for d in done) + ' s' if done else 'ingen klar under mättiden'}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="mättid per sida (s)")
    parser.add_argument("--warmup", type=float, default=2.0, help="uppvärmning per sida (s)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--activities",
        default="1000",
        help="aktiviteter, t.ex. 1000,20000 (jämförs i samma körning)",
    )
    parser.add_argument("--per-area", type=int, default=25, help="aktiviteter per fokusområde")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--pdf-clients",
        type=int,
        default=0,
        help="mät Uppföljning igen medan så många klienter hämtar rapport-PDF:en (första storleken)",
    )
    parser.add_argument(
        "--broker",
        default="redis://127.0.0.1:6379/15",
        help="kön för --pdf-clients (tom: ingen kö, PDF:en framställs i webbprocessen)",
    )
    parser.add_argument(
        "--worker-nice", type=int, default=10, help="köarbetarens nice-värde (som README)"
    )
    parser.add_argument(
        "--figures-cache-seconds",
        type=int,
        default=None,
        help="FIGURES_CACHE_SECONDS för servern (0: räkna planens siffror vid varje anrop)",
    )
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--db-prefix", default="vallentuna_bench_pages")
    parser.add_argument(
        "--floor-path",
        default="/konto/password_change/done/",
        help="en enkel vy som kräver inloggning (golvet)",
    )
    parser.add_argument("--keep", action="store_true", help="behåll databasen efteråt")
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 0 < args.seconds <= 120:
        raise SystemExit("Håll --clients i 1–64 och --seconds i 0–120.")
    sizes = [int(n) for n in args.activities.split(",")]
    print(f"Maskin: {machine()}")
    print(f"Belastning före: {os.getloadavg()}")
    floor_name = "Golv (enkel inloggad vy)"
    all_results = {}
    for index, n in enumerate(sizes):
        all_results[n] = measure_size(args, n, with_pdf_clients=args.pdf_clients and index == 0)
    print(f"\nBelastning efter: {os.getloadavg()}")
    for n, results in all_results.items():
        print(f"\n{n} aktiviteter ({max(1, n // args.per_area)} fokusområden)")
        print_table(results, floor_name)
        board = results["Uppföljning"]
        with_pdf = next((r for k, r in results.items() if "PDF-klienter" in k), None)
        if with_pdf:
            print(
                f"Uppföljning p95 med {args.pdf_clients} PDF-klienter / utan: "
                f"{with_pdf['p95'] / board['p95']:.2f}× (mål ≤ 1,5×)"
            )
    if len(sizes) > 1:
        first, *rest = sizes
        for n in rest:
            for name, goal in (("Uppföljning", 1.3), ("Översikt", 1.5)):
                a, b = all_results[first][name], all_results[n][name]
                print(
                    f"{name} {n} / {first} aktiviteter: p50 {b['p50'] / a['p50']:.2f}×, "
                    f"p95 {b['p95'] / a['p95']:.2f}× (mål ≤ {goal}×)"
                )


if __name__ == "__main__":
    main()
