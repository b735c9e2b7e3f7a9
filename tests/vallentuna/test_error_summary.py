"""Full-page forms with errors start with an error summary linking to the fields, and the
page title starts with "Fel: " so that it is the first thing a screen reader says."""

import re

from django.test import Client


def _summary(html: str) -> str:
    match = re.search(r'<div class="error-summary"[^>]*data-error-summary.*?</div>', html, re.S)
    assert match, "ingen felsammanfattning"
    return match.group(0)


def test_login_with_a_wrong_password(coordinator):
    html = (
        Client()
        .post("/konto/login/", {"username": coordinator.username, "password": "fel"})
        .content.decode()
    )
    assert re.search(r"<title>Fel: Logga in", html)
    assert 'href="#id_username"' in _summary(html)
    assert "Fel användarnamn eller lösenord" in _summary(html)
    # both fields are marked and tied to the message itself (not to the summary's heading)
    for name in ("username", "password"):
        field = re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in field and 'aria-describedby="login-error"' in field
    assert 'id="login-error"' in _summary(html)


def test_login_without_errors_has_neither(db):
    html = Client().get("/konto/login/").content.decode()
    assert "<title>Fel:" not in html and "error-summary" not in html


def test_import_without_a_file(client, seed_plan, coordinator):
    client.force_login(coordinator)
    response = client.post("/import/", {"plan": seed_plan.pk})
    html = response.content.decode()
    assert re.search(r"<title>Fel: ", html)
    assert 'href="#id_file"' in _summary(html)


def test_export_with_a_bad_choice(client, seed_plan, coordinator):
    client.force_login(coordinator)
    response = client.get("/export/", {"plan": "999999", "format": "xlsx"})
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r"<title>Fel: ", html)
    assert 'href="#id_plan"' in _summary(html)
