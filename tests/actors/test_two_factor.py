"""Two-factor authentication (TOTP) for every role that can change data."""

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from actors.permissions import (
    ROLE_ADMIN,
    ROLE_COORDINATOR,
    ROLE_READER,
    ROLE_REPORTER,
    requires_two_factor,
)

PASSWORD = "Lösenord-för-test-1"


@pytest.fixture
def two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = True


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def password_login(username: str) -> Client:
    client = Client()
    response = client.post("/konto/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize(
    "role, required",
    [(ROLE_ADMIN, True), (ROLE_COORDINATOR, True), (ROLE_REPORTER, True), (ROLE_READER, False)],
)
def test_two_factor_is_required_for_the_roles_that_can_change_data(
    two_factor, make_user, seed_plan, role, required
):
    assert requires_two_factor(make_user(role, actors=("BUF",))) is required


def test_the_setting_turns_the_requirement_off_for_the_demo(settings, make_user, seed_plan):
    settings.TWO_FACTOR_REQUIRED = False
    user = make_user(ROLE_COORDINATOR, username="sara")
    assert requires_two_factor(user) is False
    assert password_login("sara").get("/").status_code == 200


def test_a_reader_needs_only_the_password(two_factor, make_user, seed_plan):
    make_user(ROLE_READER, username="lisa")
    assert password_login("lisa").get("/").status_code == 200


def test_a_coordinator_without_a_device_must_enrol_with_a_qr_code(two_factor, make_user, seed_plan):
    user = make_user(ROLE_COORDINATOR, username="sara")
    client = password_login("sara")
    response = client.get("/andringslogg/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/tvafaktor/aktivera/?next=")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "QR-kod" in html
    assert 'autocomplete="one-time-code"' in html
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is False
    # The key shown for manual entry is the device's key.
    shown = re.search(r"<code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")
    from base64 import b32encode

    assert shown == b32encode(device.bin_key).decode()

    wrong = client.post("/konto/tvafaktor/aktivera/", {"otp_token": "000000"})
    assert "Koden stämmer inte" in wrong.content.decode()
    # django-otp slows down guessing after a wrong code; the user waits a moment.
    TOTPDevice.objects.update(throttling_failure_timestamp=None, throttling_failure_count=0)

    done = client.post(
        "/konto/tvafaktor/aktivera/", {"otp_token": code_for(device), "next": "/andringslogg/"}
    )
    assert done.status_code == 302
    assert done["Location"] == "/andringslogg/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/andringslogg/").status_code == 200


def test_a_user_with_a_device_gives_a_code_after_the_password(two_factor, make_user, seed_plan):
    user = make_user(ROLE_REPORTER, username="rikard", actors=("BUF",))
    device = TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
    client = password_login("rikard")
    response = client.get("/")
    assert response["Location"].startswith("/konto/tvafaktor/?next=")
    # Enrolling a second device with only the password is not possible.
    assert client.get("/konto/tvafaktor/aktivera/")["Location"] == "/konto/tvafaktor/"
    assert client.post("/konto/tvafaktor/", {"otp_token": "12"}).status_code == 200
    assert client.get("/").status_code == 302
    ok = client.post("/konto/tvafaktor/", {"otp_token": code_for(device), "next": "/"})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_used_code_cannot_be_used_again(two_factor, make_user, seed_plan):
    user = make_user(ROLE_COORDINATOR, username="sara")
    device = TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
    code = code_for(device)
    first = password_login("sara")
    assert first.post("/konto/tvafaktor/", {"otp_token": code})["Location"] == "/"

    second = password_login("sara")  # e.g. someone who saw the code over the shoulder
    response = second.post("/konto/tvafaktor/", {"otp_token": code})
    assert response.status_code == 200
    assert "har redan använts" in response.content.decode()
    assert second.get("/").status_code == 302


def test_htmx_requests_are_sent_to_the_code_page_with_hx_redirect(two_factor, make_user, seed_plan):
    make_user(ROLE_COORDINATOR, username="sara")
    client = password_login("sara")
    response = client.get("/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith("/konto/tvafaktor/aktivera/")


def test_logout_works_before_the_code_is_given(two_factor, make_user, seed_plan):
    make_user(ROLE_COORDINATOR, username="sara")
    client = password_login("sara")
    assert client.post("/konto/logout/").status_code == 302
    assert client.get("/")["Location"].startswith("/konto/login/")
