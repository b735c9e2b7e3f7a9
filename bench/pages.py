"""How fast the busy pages answer under load: Uppföljning and Översikt on a 1,000-activity plan.

Starts the app under gunicorn (2 workers, production settings) on a fresh PostgreSQL
database with one plan of 1,000 activities in 40 focus areas and follow-ups in two
tertials, logs in as a Trygghetssamordnare through the real login form, then lets
8 concurrent clients on localhost request each page for a fixed, short time. Prints
requests per second and p50/p95/p99 latency per page, and the ratio of each page to
a trivial logged-in Django view measured in the same run (the floor: middleware,
session, the base layout and nothing else).

    .venv/bin/python bench/pages.py [--seconds 10] [--clients 8] [--activities 1000]

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


def build_data(env: dict[str, str], n_activities: int) -> dict[str, str]:
    """The plan, follow-ups in the current and the previous tertial, and the user."""
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
areas = 40
plan = build_plan(areas, {n_activities} // areas, title="Bänkplan med {n_activities} aktiviteter")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="mättid per sida (s)")
    parser.add_argument("--warmup", type=float, default=2.0, help="uppvärmning per sida (s)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--floor-path",
        default="/konto/password_change/done/",
        help="en enkel vy som kräver inloggning (golvet)",
    )
    parser.add_argument("--keep", action="store_true", help="behåll databasen efteråt")
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 0 < args.seconds <= 120:
        raise SystemExit("Håll --clients i 1–64 och --seconds i 0–120.")

    db_name = f"vallentuna_bench_pages_{os.getpid()}"
    static_root = tempfile.mkdtemp(prefix="bench-pages-static-")
    env = bench_env(db_name, static_root)
    print(f"Maskin: {machine()}")
    create_database(db_name)
    server = None
    try:
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--no-input", "-v0")
        data = build_data(env, args.activities)
        port = free_port()
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
            if response.status == 404 and name != pages[0][0]:
                print(f"{name} ({path}) finns inte (404): mäts inte.")
                pages.remove((name, path))
                continue
            if response.status != 200:
                raise SystemExit(f"{name} ({path}) svarar {response.status}, inte 200.")
            print(f"{name}: {path} ({len(body) / 1024:.0f} KiB)")
        print(
            f"\ngunicorn {args.workers} arbetare, PostgreSQL, {args.clients} samtidiga klienter, "
            f"{args.seconds:g} s per sida efter {args.warmup:g} s uppvärmning\n"
        )
        results = {}
        for name, path in pages:
            drive(port, cookie, path, args.clients, args.warmup)
            results[name] = drive(port, cookie, path, args.clients, args.seconds)
        floor = results[pages[0][0]]
        header = f"{'Sida':<26}{'anrop':>7}{'fel':>5}{'anrop/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p95/golv':>10}"
        print(header)
        print("-" * len(header))
        for name, r in results.items():
            ratio = r["p95"] / floor["p95"] if floor["p95"] else float("nan")
            print(
                f"{name:<26}{r['requests']:>7}{r['errors']:>5}{r['rps']:>9.1f}"
                f"{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{ratio:>9.1f}×"
            )
        if board := results.get("Uppföljning"):
            verdict = "uppnått" if board["p95"] < 250 else "INTE uppnått"
            print(f"\nMål p95 < 250 ms för Uppföljning, {args.activities} aktiviteter: {verdict}")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(static_root, ignore_errors=True)
        if not args.keep:
            drop_database(db_name)


if __name__ == "__main__":
    main()
