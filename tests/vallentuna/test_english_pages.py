"""An English session (the language cookie) meets no Swedish interface text.

Each main page is loaded in English as each role that may open it; what the users wrote
(plan texts, actors, names, comments) is data and stays Swedish, so it is taken out
before the page is searched for Swedish (see tests/vallentuna/english.py).
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from actors.permissions import ROLE_ADMIN, ROLE_COORDINATOR, ROLE_READER, ROLE_REPORTER
from plans.models import Activity
from tests.vallentuna.english import swedish_in, user_data, visible_texts

pytestmark = pytest.mark.django_db

PLAN = "vbe-2016-2017"
BOARD = f"/uppfoljning/?plan={PLAN}&tertial=T3-2017"


@pytest.fixture
def data(seed_plan):
    """The demo follow-up, and every text the users wrote (kept in Swedish)."""
    if (settings.BASE_DIR / "fixtures" / "vallentuna_2016_2017_uppfoljning.json").exists():
        call_command("loaddata", "vallentuna_2016_2017_uppfoljning", verbosity=0)

    return user_data


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def assert_english(response, data, where):
    assert response.status_code == 200, where
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert "<html" not in html or '<html lang="en"' in html, where
    found = swedish_in(html, data())
    assert not found, f"Swedish interface text on {where}:\n" + "\n".join(found)


def activity_id(seed_plan):
    return seed_plan.focus_areas.order_by("order").first().activities.order_by("order").first().pk


ROLES = [ROLE_ADMIN, ROLE_COORDINATOR, ROLE_REPORTER, ROLE_READER]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path",
    [
        "/",
        BOARD,
        f"{BOARD}&overdue=on",
        "/rapporter/",
        f"/rapporter/{PLAN}/2017/T1/",
        f"/rapporter/{PLAN}/2017/T3/",
        "/konto/password_change/",
        "/konto/password_change/done/",
        "/tillganglighet/",
    ],
)
def test_the_main_pages_are_english_for_every_role(client, make_user, data, role, path):
    user = make_user(role=role, actors=("BUF",), first_name="Anna", last_name="Berg")
    assert_english(english(client, user).get(path), data, f"{path} as {role}")


@pytest.mark.parametrize("role", [ROLE_ADMIN, ROLE_COORDINATOR])
@pytest.mark.parametrize(
    "path",
    ["/import/", "/export/", "/andringslogg/", f"/andringslogg/{PLAN}/"],
)
def test_the_coordinators_pages_are_english(client, make_user, data, role, path):
    user = make_user(role=role, first_name="Sara", last_name="Samordnare")
    assert_english(english(client, user).get(path), data, f"{path} as {role}")


def test_the_reporting_page_is_english(client, coordinator, data):
    response = english(client, coordinator).get(f"/uppfoljning/{PLAN}/T3-2017/rapportering/")
    assert_english(response, data, "the reporting page")


def test_the_entry_form_is_english(client, coordinator, data, seed_plan):
    pk = activity_id(seed_plan)
    response = english(client, coordinator).get(
        f"/uppfoljning/aktivitet/{pk}/T3-2017/andra/", HTTP_HX_REQUEST="true"
    )
    assert_english(response, data, "the entry form")
    assert "Save" in visible_texts(response.content.decode())


def test_the_contribution_form_is_english_for_a_reporter(client, make_user, data, seed_plan):
    reporter = make_user(role=ROLE_REPORTER, actors=("BUF",))
    buf = Activity.objects.filter(focus_area__plan=seed_plan, responsible__code="BUF").order_by(
        "pk"
    )
    response = english(client, reporter).get(f"/uppfoljning/bidrag/{buf.first().pk}/T3-2017/")
    assert_english(response, data, "the contribution form")
    assert "Give contribution T3 2017" in response.content.decode()


def test_a_rejected_entry_is_explained_in_english(client, coordinator, data, seed_plan):
    pk = activity_id(seed_plan)
    response = english(client, coordinator).post(
        f"/uppfoljning/aktivitet/{pk}/T3-2017/",
        {"status": "struck", "comment": "", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert_english(response, data, "an entry with errors")
    assert "Not saved" in response.content.decode() or "requires a reason" in (
        response.content.decode()
    )


def test_the_login_and_password_reset_pages_are_english(client, data):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for path in ("/konto/login/", "/konto/password_reset/", "/konto/password_reset/done/"):
        assert_english(client.get(path), data, path)
    failed = client.post("/konto/login/", {"username": "nobody", "password": "wrong"})
    assert_english(failed, data, "a failed login")


def test_the_plan_list_in_admin_is_english(client, make_user, data):
    user = make_user(role=ROLE_ADMIN, is_staff=True, is_superuser=True)
    for path in ("/admin/", "/admin/plans/plan/", reverse("admin:plans_activity_changelist")):
        assert_english(english(client, user).get(path), data, path)


def test_an_english_import_preview_has_no_swedish(client, coordinator, data):
    """An error from the import is explained in English too."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("plan.csv", b"Titel\nbara en rad\n", content_type="text/csv")
    response = english(client, coordinator).post(
        "/import/", {"plan": "", "title": "Ny plan", "file": upload}
    )
    assert_english(response, data, "an import with an error")


def test_the_error_pages_are_english(client, coordinator, make_user, data):
    english(client, coordinator)
    reader = make_user(role=ROLE_READER)
    for path, method, status in (
        ("/finns-inte/", "get", 404),
        ("/konto/logout/", "get", 405),
        (f"/uppfoljning/{PLAN}/T3-2017/rapportering/", "get", 403),
    ):
        if status == 403:
            client.force_login(reader)  # the reporting page is not for readers
        response = getattr(client, method)(path)
        assert response.status_code == status, path
        html = response.content.decode()
        assert '<html lang="en"' in html
        found = swedish_in(html, data())
        assert not found, f"Swedish on the {status} page:\n" + "\n".join(found)


def test_the_password_reset_email_is_in_the_accounts_language(client, make_user, mailoutbox, data):
    """Not the asker's: the e-mail goes to the account (actors.selectors.email_language)."""
    from actors.models import UserPreference

    anna = make_user(email="anna@example.org", first_name="Anna")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post("/konto/password_reset/", {"email": "anna@example.org"})
    assert mailoutbox[-1].subject.startswith("Nytt lösenord")  # Anna never chose English

    UserPreference.objects.create(user=anna, language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    client.post("/konto/password_reset/", {"email": "anna@example.org"})
    assert len(mailoutbox) == 2
    mail = mailoutbox[-1]
    assert mail.subject.startswith("New password")
    assert "Someone (hopefully you) has asked for a new password" in mail.body
    found = swedish_in(f"<p>{mail.subject}</p><pre>{mail.body}</pre>", data())
    assert not found, "\n".join(found)
