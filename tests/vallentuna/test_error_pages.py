"""Every error is a Swedish page: 400 for what Django refuses itself, 405 for a method a
view does not take (Django gives both in English, or with an empty body)."""

import pytest
from django.test import Client

SWEDISH_400 = "Felaktig begäran"


def _assert_swedish_400(response):
    html = response.content.decode()
    assert response.status_code == 400
    assert SWEDISH_400 in html
    assert "Bad Request" not in html
    assert '<html lang="sv">' in html


def test_a_host_that_is_not_ours_gets_the_swedish_400_page(db):
    _assert_swedish_400(Client().get("/konto/login/", HTTP_HOST="evil.example"))


def test_a_post_with_too_many_fields_gets_the_swedish_400_page(db):
    data = {f"f{i}": "x" for i in range(1200)}
    _assert_swedish_400(Client().post("/konto/login/", data))


def test_a_body_too_large_gets_the_swedish_400_page(db, settings):
    body = "comment=" + "x" * (3 * 1024 * 1024)
    response = Client().generic(
        "POST", "/konto/login/", body, content_type="application/x-www-form-urlencoded"
    )
    _assert_swedish_400(response)


def test_a_logged_in_user_gets_the_400_page_in_the_sites_layout(coordinator):
    client = Client()
    client.force_login(coordinator)
    response = client.post("/konto/password_change/", {f"f{i}": "x" for i in range(1200)})
    _assert_swedish_400(response)
    assert "Logga ut" in response.content.decode()


@pytest.mark.parametrize("path", ["/konto/logout/", "/uppfoljning/"])
def test_a_method_the_view_does_not_take_gets_the_swedish_405_page(coordinator, path):
    client = Client()
    client.force_login(coordinator)
    response = client.get(path) if path == "/konto/logout/" else client.post(path)
    html = response.content.decode()
    assert response.status_code == 405
    assert "Det går inte att göra så här" in html
    assert response["Allow"]
    assert "Till översikten" in html


def test_the_admin_logout_by_get_also_gets_the_swedish_405_page(coordinator):
    client = Client()
    client.force_login(coordinator)
    response = client.get("/admin/logout/")
    assert response.status_code == 405
    assert "Det går inte att göra så här" in response.content.decode()
