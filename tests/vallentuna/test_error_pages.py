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


@pytest.mark.parametrize(
    "role, told, not_told",
    [
        ("Trygghetssamordnare", "kontakta en administratör", "kontakta trygghetssamordnaren"),
        ("Administratör", "i Admin under Användare", "kontakta"),
        ("Läsare", "kontakta trygghetssamordnaren eller en administratör", "i Admin under"),
    ],
)
def test_the_403_page_tells_each_role_whom_to_ask(seed_plan, make_user, role, told, not_told):
    """The coordinator is not told to contact the coordinator; the refusal's reason is shown."""
    from actors.roles import sync_role_flags
    from plans.models import Plan

    user = make_user(role)
    sync_role_flags(user, set())
    Plan.objects.filter(pk=seed_plan.pk).update(status=Plan.Status.ARCHIVED)
    client = Client()
    client.force_login(user)
    response = client.get(f"/planer/{seed_plan.slug}/redigera/")
    html = response.content.decode()
    assert response.status_code == 403 and "Åtkomst nekad" in html
    assert told in html and not_told not in html
    if role != "Läsare":  # a writer is refused for the plan, and told why
        assert "Planen är arkiverad och kan inte ändras." in html
