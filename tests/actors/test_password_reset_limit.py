"""Password reset is limited per address and per IP, and says the same thing either way."""

import pytest
from django.core import mail
from django.test import Client

from actors.permissions import ROLE_READER


@pytest.fixture
def reader(make_user):
    return make_user(ROLE_READER, username="lisa", email="lisa@example.org")


def _ask(client, email, ip="10.0.0.1"):
    return client.post("/konto/password_reset/", {"email": email}, REMOTE_ADDR=ip)


def test_one_address_gets_at_most_the_limit_of_mails(reader, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    client = Client()
    responses = [_ask(client, "lisa@example.org", ip=f"10.0.0.{i}") for i in range(16)]
    assert len(mail.outbox) == 3
    # The same neutral answer every time: nothing tells that the limit was reached.
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {"/konto/password_reset/done/"}


def test_the_address_is_counted_whatever_its_case(reader, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 1
    _ask(Client(), "lisa@example.org")
    _ask(Client(), "LISA@Example.org", ip="10.0.0.2")
    assert len(mail.outbox) == 1


def test_one_ip_address_gets_at_most_the_limit_whatever_the_addresses(make_user, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 4
    for i in range(6):
        make_user(ROLE_READER, email=f"person{i}@example.org")
    client = Client()
    for i in range(6):
        assert _ask(client, f"person{i}@example.org").status_code == 302
    assert len(mail.outbox) == 4
    _ask(client, "person5@example.org", ip="10.9.9.9")  # another address still gets its mail
    assert len(mail.outbox) == 5


def test_an_unknown_address_gets_the_same_answer_and_counts_too(reader, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 2
    client = Client()
    unknown = _ask(client, "finns-inte@example.org")
    _ask(client, "finns-inte@example.org")
    known = _ask(client, "lisa@example.org")
    assert unknown["Location"] == known["Location"]
    assert len(mail.outbox) == 0  # the IP had used its two
    page = client.get(known["Location"]).content.decode()
    assert "Om adressen hör till ett konto" in page


def test_a_refused_reset_is_written_to_the_security_log(reader, settings, caplog):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 1
    with caplog.at_level("INFO", logger="security"):
        _ask(Client(), "lisa@example.org")
        _ask(Client(), "lisa@example.org")
    assert any('event="password_reset_limited"' in r.getMessage() for r in caplog.records)
