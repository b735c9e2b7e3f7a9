"""One real run, end to end: a Celery worker process on Redis (127.0.0.1:6379, db 13), a local
SMTP server (aiosmtpd), ``manage.py send_reminders``; the delivered message's recipient and
link, and the link opening the actor's page on a real server.

Everything runs in subprocesses against a database file of its own (migrated here), so
the test is the same whichever database the rest of the suite uses. Without Redis the test
is skipped locally; in CI (.ci/run starts Redis) a skip is a failure.
"""

from __future__ import annotations

import email
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("INTEGRATION_REDIS_URL", "redis://127.0.0.1:6379/13")
PORTS = range(8725, 8730)  # this work's local ports (SMTP and the web server)


def _free_ports(n: int) -> list[int]:
    free = []
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            free.append(port)
        if len(free) == n:
            return free
    pytest.fail(f"Inga lediga portar i {PORTS.start}–{PORTS.stop - 1}")


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis svarar inte på {REDIS_URL} (.ci/run startar den)")
    return client


class Inbox:
    """aiosmtpd handler: keeps every message delivered."""

    def __init__(self):
        self.messages: list = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        self.arrived.set()
        return "250 Message accepted for delivery"


def _manage(env: dict, *args: str, timeout: int = 180) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _wait_for(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.3)
    pytest.fail(f"Väntade förgäves på {what}")


SETUP = """
import datetime
from actors.models import Actor, Contact
from followup import report_links
from followup.tertial import Tertial
from plans.models import Plan
plan = Plan.objects.get(registration_number="KS 2016.371")
Contact.objects.create(actor=Actor.objects.get(code="Lopo Täby"), name="Polly Polis",
                       email="polly@example.org")
report_links.set_deadline(plan, Tertial(2017, 3),
                          datetime.date.today() + datetime.timedelta(days=2), None)
"""


def test_a_worker_on_redis_delivers_the_reminder_over_smtp_and_its_link_opens(tmp_path):
    from aiosmtpd.controller import Controller

    broker = _redis()
    broker.flushdb()  # db 13 is this test's own
    smtp_port, web_port = _free_ports(2)
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "vallentuna.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'integration.sqlite3'}",
        "CELERY_BROKER_URL": REDIS_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "SITE_URL": f"http://127.0.0.1:{web_port}",
        "PYTHONUNBUFFERED": "1",
    }
    processes: list[subprocess.Popen] = []
    try:
        _manage(env, "migrate", "--no-input", "-v0")
        _manage(env, "createcachetable")
        _manage(env, "setup_demo", "--force")
        _manage(env, "shell", "-c", SETUP)

        worker_log = tmp_path / "worker.log"
        with worker_log.open("w") as log:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "celery", "-A", "vallentuna", "worker",
                     "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                     "--hostname=integration@%h"],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        _wait_for(lambda: "ready." in worker_log.read_text(), 60, "Celery-arbetaren")

        out = _manage(env, "send_reminders", "--plan", "KS 2016.371", "--tertial", "T3 2017")
        assert "1 e-postmeddelande köat" in out, out
        # The command only queued it: the worker process sends it.
        assert inbox.arrived.wait(60), "Inget e-postmeddelande kom fram:\n" + worker_log.read_text()
        assert "deliver_email" in worker_log.read_text()

        envelope = inbox.messages[0]
        assert envelope.rcpt_tos == ["polly@example.org"]
        message = email.message_from_bytes(envelope.content)
        text = next(
            part.get_payload(decode=True).decode()
            for part in message.walk()
            if part.get_content_type() == "text/plain"
        )
        links = re.findall(rf"http://127\.0\.0\.1:{web_port}/lank/[\w-]+/", text)
        assert len(links) == 1, text

        processes.append(
            subprocess.Popen(  # noqa: S603 - our own manage.py and celery
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{web_port}", "--noreload"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip

        def page() -> str | None:
            try:
                with urllib.request.urlopen(links[0], timeout=5) as response:  # noqa: S310
                    return response.read().decode() if response.status == 200 else None
            except OSError:
                return None

        _wait_for(lambda: page() is not None, 60, "webbservern")
        html = page()
        assert "Rapportera för Lopo Täby" in html and "Hej Polly Polis" in html
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.stop()
        broker.flushdb()
