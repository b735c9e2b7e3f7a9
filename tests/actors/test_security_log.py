"""The security log: what is written, with whom, from where, and what never is."""

import logging

import pytest
from django.conf import settings
from django.test import Client

from actors.permissions import ROLE_READER
from actors.security import escape, format_event, log_event

PASSWORD = "Lösenord-för-test-1"


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="security")

    def lines() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "security"]

    return lines


def test_a_login_is_logged_with_user_time_and_ip(client, make_user, security_log):
    user = make_user(ROLE_READER, username="lisa")
    client.post(
        "/konto/login/", {"username": "lisa", "password": PASSWORD}, REMOTE_ADDR="192.0.2.7"
    )
    (line,) = [li for li in security_log() if 'event="login"' in li]
    assert f'user="lisa#{user.pk}"' in line
    assert 'ip="192.0.2.7"' in line
    assert 'time="' in line


def test_a_failed_login_is_logged_without_the_password(client, make_user, security_log):
    make_user(ROLE_READER, username="lisa")
    client.post(
        "/konto/login/",
        {"username": "lisa", "password": "Hemligt-lösen-123"},
        REMOTE_ADDR="192.0.2.8",
    )
    (line,) = [li for li in security_log() if "login_failed" in li]
    assert 'attempted_username="lisa"' in line
    assert 'ip="192.0.2.8"' in line
    assert "Hemligt-lösen-123" not in "\n".join(security_log())


def test_a_lockout_is_logged(client, make_user, security_log):
    make_user(ROLE_READER, username="lisa")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/konto/login/", {"username": "lisa", "password": "fel"})
    assert any(
        'event="lockout"' in li and 'attempted_username="lisa"' in li for li in security_log()
    )


def test_line_breaks_in_what_a_user_typed_cannot_forge_a_log_line(client, make_user, security_log):
    make_user(ROLE_READER, username="lisa")
    forged = 'x\nevent="login" user="admin#1"'
    client.post("/konto/login/", {"username": forged, "password": "fel"})
    (line,) = [li for li in security_log() if "login_failed" in li]
    assert "\n" not in line and "\r" not in line
    assert 'x\\nevent=\\"login\\" user=\\"admin#1\\"' in line


def test_escape_handles_every_control_character():
    assert escape("a\r\nb\tc\x1b\u2028d") == "a\\r\\nb\\tc\\x1b\\x2028d"


def test_secrets_passed_by_a_caller_are_never_written():
    line = format_event(
        "import",
        password="p1",
        otp_token="123456",
        api_key="k",
        data={"username": "lisa", "password": "p2", "csrfmiddlewaretoken": "t"},
        rows=12,
        actor_code="BUF",
    )
    for secret in ("p1", "123456", '"k"', "p2", "'t'"):
        assert secret not in line
    assert 'rows="12"' in line and 'actor_code="BUF"' in line


def test_log_event_names_the_object(make_user, seed_plan, security_log):
    user = make_user(ROLE_READER, username="lisa")
    log_event("import", user=user, obj=seed_plan, rows=8)
    (line,) = security_log()
    assert f'object="plans.Plan:{seed_plan.pk} Handlingsplan' in line
    assert 'rows="8"' in line


def test_a_refused_access_is_logged_with_the_object_id(client, make_user, seed_plan, security_log):
    make_user(ROLE_READER, username="lisa")
    client.post("/konto/login/", {"username": "lisa", "password": PASSWORD})
    assert client.get(f"/andringslogg/{seed_plan.slug}/").status_code == 403
    assert client.get("/andringslogg/finns-inte/").status_code == 403
    denied = [li for li in security_log() if 'event="access_denied"' in li]
    assert len(denied) == 2
    assert f"'slug': '{seed_plan.slug}'" in denied[0]
    assert 'view="changelog:changelog"' in denied[0]


def test_a_404_on_an_object_is_logged_once(make_user, seed_plan, security_log):
    client = Client()
    make_user("Trygghetssamordnare", username="sara")
    client.post("/konto/login/", {"username": "sara", "password": PASSWORD})
    assert client.get("/andringslogg/finns-inte/").status_code == 404
    assert len([li for li in security_log() if 'event="not_found"' in li]) == 1


def test_logout_and_session_end_are_logged(client, make_user, security_log):
    make_user(ROLE_READER, username="lisa")
    client.post("/konto/login/", {"username": "lisa", "password": PASSWORD})
    client.post("/konto/logout/")
    assert any('event="logout"' in li for li in security_log())


def test_an_upload_and_a_confirmed_import_are_logged_with_file_and_user(
    client, make_user, seed_plan, security_log
):
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.spreadsheets.files.workbooks import PLAN_TITLE, seed_workbook

    seed_plan.delete()
    user = make_user("Trygghetssamordnare", username="sara")
    client.force_login(user)
    preview = client.post(
        "/import/",
        {"file": SimpleUploadedFile("plan.xlsx", seed_workbook()), "new_plan_title": PLAN_TITLE},
        REMOTE_ADDR="192.0.2.9",
    )
    fields = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview.content.decode())
    )
    client.post("/import/bekrafta/", fields, REMOTE_ADDR="192.0.2.9")
    (uploaded,) = [li for li in security_log() if 'event="import_preview"' in li]
    (imported,) = [li for li in security_log() if 'event="import"' in li]
    for line in (uploaded, imported):
        assert f'user="sara#{user.pk}"' in line
        assert 'ip="192.0.2.9"' in line
        assert 'filename="plan.xlsx"' in line
    assert 'status="302"' in imported
    assert "token" not in imported.replace('"[borttaget]"', "")


def test_behind_the_proxy_the_address_the_proxy_saw_is_used(rf, settings):
    from actors.security import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.10", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"  # no proxy configured: the socket's address
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request) == "192.0.2.10"  # not the address the client made up
