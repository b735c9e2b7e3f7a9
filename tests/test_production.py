"""Production: deploy checks, security headers, Swedish error pages, and a real gunicorn run.

The gunicorn test does what README *Drift* says: a fresh PostgreSQL database,
migrate, createcachetable, collectstatic, then gunicorn on a free local port,
and fetches the login page and a logged-in page over HTTP.
"""

import http.client
import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.defaults import server_error
from pypdf import PdfReader

from actors.permissions import ROLE_COORDINATOR, ROLE_READER

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = os.environ.get("PRODUCTION_TEST_PG", "postgres://postgres@127.0.0.1:5432")


def production_env(**extra: str) -> dict[str, str]:
    """The environment of README *Drift*, without anything from the test run."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "DEMO",
            "DATABASE_URL",
            "DJANGO_SETTINGS_MODULE",
            "TWO_FACTOR_REQUIRED",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' conftest
        }
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="handlingsplaner.vallentuna.se,127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="vallentuna.settings",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def test_check_deploy_passes_with_the_production_environment():
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(DATABASE_URL=f"{PG_URL}/postgres"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY saknas" in result.stderr


def test_two_factor_is_on_by_default_in_production_and_off_for_the_demo():
    code = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"
    for extra, expected in [({}, "True"), ({"DEMO": "1"}, "False"), ({"DEBUG": "1"}, "False")]:
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [PYTHON, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env=production_env(**extra),
            capture_output=True,
            text=True,
        )
        assert result.stdout.strip() == expected, (extra, result.stderr)


# --- Headers and pages (in-process) --------------------------------------------------------

PASSWORD = "Lösenord-för-test-1"


@pytest.fixture
def coordinator_client(client, make_user, seed_plan):
    client.force_login(make_user(ROLE_COORDINATOR, username="sara"))
    return client


def test_pages_carry_csp_without_unsafe_inline_scripts_and_refuse_framing(coordinator_client):
    response = coordinator_client.get("/", secure=True)
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("path", ["/", "/konto/login/", "/andringslogg/", "/admin/"])
def test_pages_have_no_inline_scripts(coordinator_client, path):
    html = coordinator_client.get(path, follow=True).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=\"", html), "inline event handler"


def test_pages_with_plan_data_are_never_stored_by_browsers_or_proxies(
    coordinator_client, seed_plan
):
    for path in ("/", f"/andringslogg/{seed_plan.slug}/"):
        cache_control = coordinator_client.get(path)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


def test_cookies_are_secure_and_http_only_in_production():
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_the_404_page_is_swedish(coordinator_client):
    response = coordinator_client.get("/finns-inte-alls/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_the_403_page_is_swedish(client, make_user, seed_plan):
    client.force_login(make_user(ROLE_READER))
    response = client.get("/andringslogg/")
    assert response.status_code == 403
    assert "Åtkomst nekad" in response.content.decode()


def test_a_csrf_failure_gets_the_swedish_403_page(make_user, seed_plan):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.content.decode()


def test_the_500_page_is_swedish(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Ett fel har uppstått" in response.content.decode()


# --- gunicorn against PostgreSQL -----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(sql)


class Http:
    """A tiny HTTP client that keeps cookies, as a browser would over plain HTTP."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        self.body = response.read()
        text = self.body.decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response, text


@pytest.fixture
def gunicorn_server(tmp_path):
    try:
        _pg("SELECT 1")
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"PostgreSQL svarar inte på {PG_URL}: {exc}")
    db_name = f"vallentuna_gunicorn_{secrets.token_hex(4)}"
    _pg(f'CREATE DATABASE "{db_name}"')
    port = _free_port()
    env = production_env(
        DATABASE_URL=f"{PG_URL}/{db_name}",
        STATIC_ROOT=str(tmp_path / "static"),
        # Plain HTTP on localhost in this test; in production TLS ends at the proxy.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURITY_LOG_FILE=str(tmp_path / "security.log"),
    )

    def manage(*args: str) -> None:
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )

    process = None
    try:
        manage("migrate", "--no-input", "-v0")
        manage("createcachetable")
        manage("collectstatic", "--no-input", "-v0")
        manage("loaddata", "vallentuna_2016_2017", "vallentuna_2016_2017_uppfoljning", "-v0")
        manage(
            "shell",
            "-c",
            "from django.contrib.auth.models import Group, User; "
            "u = User.objects.create_user('lisa', password='Lösenord-för-test-1', "
            "first_name='Lisa', last_name='Läsare'); "
            f"u.groups.add(Group.objects.get(name='{ROLE_READER}'))",
        )
        gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
        process = subprocess.Popen(  # noqa: S603 - gunicorn from the venv
            [
                gunicorn,
                "vallentuna.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stdout.read().decode()) from None
                time.sleep(0.2)
        yield port, tmp_path
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:  # pragma: no cover
                process.kill()
        _pg(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=False)
def test_the_app_runs_under_gunicorn_on_postgresql(gunicorn_server):
    port, tmp_path = gunicorn_server
    http_client = Http(port)

    response, html = http_client.request("GET", "/")
    assert response.status == 302
    assert response.getheader("Location").startswith("/konto/login/")

    response, html = http_client.request("GET", "/konto/login/")
    assert response.status == 200
    assert "Användarnamn" in html and "Logga in" in html
    assert "'unsafe-inline'" not in response.getheader("Content-Security-Policy")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    css = re.search(r'href="(/static/css/app\.[0-9a-f]+\.css)"', html)
    assert css, "WhiteNoise's hashed static file name"
    response, _ = http_client.request("GET", css.group(1))
    assert response.status == 200
    assert "max-age=315360000" in response.getheader("Cache-Control")

    response, _ = http_client.request(
        "POST",
        "/konto/login/",
        {"csrfmiddlewaretoken": token, "username": "lisa", "password": PASSWORD},
    )
    assert response.status == 302, response.getheader("Location")
    response, html = http_client.request("GET", "/")
    assert response.status == 200
    assert "Lisa Läsare" in html
    assert "no-store" in response.getheader("Cache-Control")

    # The PDF gets its stylesheet (a hashed name in STATIC_ROOT): A4 layout, page numbers.
    response, _ = http_client.request("GET", "/rapporter/vbe-2016-2017/2017/T3/pdf/")
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/pdf"
    reader = PdfReader(io.BytesIO(http_client.body))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Handlingsplan mot våldsbejakande extremism" in text
    assert f"Sida 1 av {len(reader.pages)}" in text

    log = (tmp_path / "security.log").read_text(encoding="utf-8")
    assert 'event="login"' in log and "lisa" in log and PASSWORD not in log
