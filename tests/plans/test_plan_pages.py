"""Writing a plan in the app (issue #17): pages, services, lifecycle, drafts hidden."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors.permissions import ROLE_ADMIN, ROLE_COORDINATOR, ROLE_READER, ROLE_REPORTER
from actors.roles import sync_role_flags
from followup.models import FollowUp
from followup.services import FollowUpError, record_follow_up
from plans import services
from plans.models import Activity, Actor, FocusArea, Plan
from plans.selectors import changes_since_adoption, visible_plans

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(seed_plan, make_user):
    result = {}
    for role in (ROLE_READER, ROLE_REPORTER, ROLE_COORDINATOR, ROLE_ADMIN):
        user = make_user(role, actors=("BUF",) if role == ROLE_REPORTER else ())
        sync_role_flags(user, set())
        result[role] = user
    return result


def _client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def draft(seed_plan, users):
    plan = services.create_plan(
        user=users[ROLE_COORDINATOR],
        title="Hemligt utkast 2018",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
    )
    area = services.add_focus_area(plan, title="Förebyggande", user=users[ROLE_COORDINATOR])
    services.add_activity(
        area,
        user=users[ROLE_COORDINATOR],
        title="Utkastets aktivitet",
        responsible=[Actor.objects.get(code="BUF")],
    )
    return plan


def test_the_coordinator_creates_a_draft_with_history(client, users):
    coordinator = users[ROLE_COORDINATOR]
    response = _client(client, coordinator).post(
        reverse("plans:create"),
        {
            "title": "Handlingsplan 2018",
            "period_start": "2018-01-01",
            "period_end": "2018-12-31",
            "purpose": "Öka tryggheten.",
        },
    )
    plan = Plan.objects.get(title="Handlingsplan 2018")
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.is_draft and plan.purpose == "Öka tryggheten."
    assert plan.history.first().history_user == coordinator


def test_a_reporter_or_reader_may_not_create_or_change_plans(client, users, seed_plan):
    for role in (ROLE_READER, ROLE_REPORTER):
        c = _client(client, users[role])
        assert c.post(reverse("plans:create"), {"title": "x"}).status_code == 403
        assert c.get(reverse("plans:edit", args=[seed_plan.slug])).status_code == 403
        assert (
            c.post(reverse("plans:area_add", args=[seed_plan.slug]), {"title": "Nytt"}).status_code
            == 403
        )
    assert not FocusArea.objects.filter(title="Nytt").exists()


def test_every_role_sees_an_adopted_plans_texts(client, users, seed_plan):
    for user in users.values():
        response = _client(client, user).get(reverse("plans:plan", args=[seed_plan.slug]))
        assert response.status_code == 200
        assert (
            "Vallentuna ska vara ett samhälle fritt från våldsbejakande extremism"
            in response.content.decode()
        )


@pytest.mark.parametrize("role", [ROLE_READER, ROLE_REPORTER])
def test_drafts_are_hidden_from_readers_and_reporters_everywhere(client, users, draft, role):
    c = _client(client, users[role])
    assert draft not in visible_plans(users[role])
    assert c.get(reverse("plans:plan", args=[draft.slug])).status_code == 404
    pages = [
        reverse("plans:list"),
        reverse("followup:report_index"),
        reverse("overview"),
        reverse("followup:board"),
    ]
    for url in pages:
        response = c.get(url)
        assert response.status_code == 200, url
        assert draft.title not in response.content.decode(), url
    assert c.get(reverse("followup:board"), {"plan": draft.slug}).status_code == 404
    for name in ("followup:report", "followup:report_docx", "followup:report_pdf"):
        assert c.get(reverse(name, args=[draft.slug, 2018, 1])).status_code == 404, name
    activity = Activity.objects.get(focus_area__plan=draft)
    assert c.get(reverse("followup:activity", args=[activity.pk])).status_code == 404


def test_coordinators_and_admins_see_drafts(client, users, draft):
    for role in (ROLE_COORDINATOR, ROLE_ADMIN):
        c = _client(client, users[role])
        assert c.get(reverse("plans:plan", args=[draft.slug])).status_code == 200
        assert draft.title in c.get(reverse("plans:list")).content.decode()
        assert c.get(reverse("followup:board"), {"plan": draft.slug}).status_code == 200


def test_a_draft_takes_no_follow_up(users, draft):
    activity = Activity.objects.get(focus_area__plan=draft)
    with pytest.raises(FollowUpError, match="Utkast"):
        record_follow_up(
            activity=activity, tertial="T1-2018", user=users[ROLE_COORDINATOR], status="started"
        )
    assert not FollowUp.objects.filter(activity=activity).exists()


def test_drafts_and_archived_plans_take_no_assessment_and_no_closing(
    client, users, draft, seed_plan
):
    from followup.models import Assessment, TertialClosure
    from followup.services import close_tertial, save_assessment

    coordinator = users[ROLE_COORDINATOR]
    services.change_status(seed_plan, Plan.Status.ARCHIVED, user=coordinator)
    seed_plan.refresh_from_db()
    for plan, tertial in ((draft, "T1-2018"), (seed_plan, "T3-2017")):
        with pytest.raises(FollowUpError, match="kan inte följas upp"):
            save_assessment(plan, tertial, coordinator, "Bedömning")
        with pytest.raises(FollowUpError, match="kan inte följas upp"):
            close_tertial(plan, tertial, coordinator, confirm_not_updated=True)
        c = _client(client, coordinator)
        c.post(reverse("followup:assessment", args=[plan.slug, tertial]), {"text": "HACK"})
        c.post(reverse("followup:close", args=[plan.slug, tertial]), {"bekrafta": "1"})
    assert not Assessment.objects.exists()
    assert not TertialClosure.objects.filter(closed=True, year__gte=2017, number=3).exists()
    assert not TertialClosure.objects.filter(plan=draft).exists()


def test_adoption_requires_the_decision(client, users, draft):
    c = _client(client, users[ROLE_COORDINATOR])
    url = reverse("plans:adopt", args=[draft.slug])
    response = c.post(url, {"registration_number": "KS 2018.1", "version": draft.version})
    assert response.status_code == 400
    assert (
        "Detta fält måste fyllas i" in response.content.decode()
        or "fylla" in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.is_draft
    with pytest.raises(ValidationError) as exc:
        services.change_status(draft, Plan.Status.ADOPTED, user=users[ROLE_COORDINATOR])
    assert set(exc.value.message_dict) == {"decision_body", "decision_paragraph", "decision_date"}
    response = c.post(
        url,
        {
            "registration_number": "KS 2018.1",
            "decision_body": "Kommunstyrelsen",
            "decision_paragraph": "§12",
            "decision_date": "2018-01-15",
            "version": draft.version,
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_adopted and draft.adopted_at is not None
    assert draft.history.first().history_user == users[ROLE_COORDINATOR]
    # now every role sees it
    assert _client(client, users[ROLE_READER]).get(draft.get_absolute_url()).status_code == 200


def test_no_way_back_from_adopted_to_draft(users, seed_plan):
    with pytest.raises(services.PlanError):
        services.change_status(seed_plan, Plan.Status.DRAFT, user=users[ROLE_COORDINATOR])


def test_archived_plans_are_read_only(client, users, seed_plan):
    services.change_status(seed_plan, Plan.Status.ARCHIVED, user=users[ROLE_COORDINATOR])
    c = _client(client, users[ROLE_COORDINATOR])
    assert c.get(reverse("plans:edit", args=[seed_plan.slug])).status_code == 403
    area = seed_plan.focus_areas.first()
    assert c.post(reverse("plans:area_edit", args=[area.pk]), {"title": "Nytt"}).status_code == 403
    with pytest.raises(services.PlanError, match="arkiverad"):
        services.update_plan(seed_plan, user=None, goal="Nytt mål")
    with pytest.raises(services.PlanError):
        services.add_focus_area(seed_plan, title="Nytt", user=None)
    response = c.get(reverse("plans:plan", args=[seed_plan.slug]))
    assert "Redigera planen" not in response.content.decode()
    assert "Skapa uppföljande plan" in response.content.decode()  # the next plan, from it
    admin_client = _client(client, users[ROLE_ADMIN])
    response = admin_client.post(
        reverse("admin:plans_focusarea_change", args=[area.pk]), {"title": "Nytt", "order": 1}
    )
    assert response.status_code == 403 or FocusArea.objects.get(pk=area.pk).title != "Nytt"


def test_adding_a_focus_area_and_activities(client, users, draft):
    c = _client(client, users[ROLE_COORDINATOR])
    response = c.post(reverse("plans:area_add", args=[draft.slug]), {"title": "Samverkan"})
    assert response.status_code == 302
    area = draft.focus_areas.get(title="Samverkan")
    assert area.order == 2
    buf, sf = Actor.objects.get(code="BUF"), Actor.objects.get(code="SF")
    url = reverse("plans:activity_add", args=[area.pk])
    response = c.get(url)
    content = response.content.decode()
    assert "<fieldset" in content and 'type="checkbox"' in content and "<legend" in content
    response = c.post(
        url, {"title": "Samverkansmöte", "responsible": [buf.pk, sf.pk], "ongoing": "on"}
    )
    assert response.status_code == 302
    response = c.post(
        url, {"title": "Utvärdering", "responsible": [buf.pk], "deadline": "2018-11-30"}
    )
    activities = list(area.activities.order_by("order"))
    assert [a.title for a in activities] == ["Samverkansmöte", "Utvärdering"]
    assert set(activities[0].responsible.all()) == {buf, sf} and activities[0].ongoing
    assert activities[1].deadline == datetime.date(2018, 11, 30)
    assert activities[0].history.first().history_user == users[ROLE_COORDINATOR]


def test_an_activity_needs_a_responsible_and_not_both_date_and_ongoing(client, users, draft):
    c = _client(client, users[ROLE_COORDINATOR])
    area = draft.focus_areas.first()
    response = c.post(
        reverse("plans:activity_add", args=[area.pk]),
        {"title": "X", "deadline": "2018-05-01", "ongoing": "on"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Välj minst en ansvarig aktör." in content
    assert "Välj antingen ett datum eller Löpande, inte båda." in content


def test_moving_activities_and_focus_areas(client, users, seed_plan):
    c = _client(client, users[ROLE_COORDINATOR])
    area = seed_plan.focus_areas.get(order=3)
    first, second = area.activities.order_by("order")[:2]
    response = c.post(reverse("plans:activity_move", args=[second.pk]), {"riktning": "upp"})
    assert response.status_code == 302 and "flyttad=a-" in response["Location"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.order, first.order) == (1, 2)
    page = c.get(response["Location"]).content.decode()
    assert "autofocus" in page
    # the top one cannot move up: nothing happens
    assert not services.move(second, -1, user=None)
    c.post(reverse("plans:area_move", args=[area.pk]), {"riktning": "upp"})
    area.refresh_from_db()
    assert area.order == 2
    assert [a.order for a in seed_plan.focus_areas.order_by("order")] == [1, 2, 3]


def test_delete_only_what_has_no_follow_up(client, users, seed_plan):
    from vallentuna.history import load_fixtures

    load_fixtures("vallentuna_2016_2017_uppfoljning")
    c = _client(client, users[ROLE_COORDINATOR])
    followed = Activity.objects.filter(focus_area__plan=seed_plan).first()
    c.post(reverse("plans:activity_delete", args=[followed.pk]))
    assert Activity.objects.filter(pk=followed.pk).exists()
    with pytest.raises(services.PlanError, match="har uppföljning"):
        services.delete(followed, user=None)
    area = services.add_focus_area(seed_plan, title="Nytt område", user=None)
    new = services.add_activity(area, title="Ny", user=None, responsible=[])
    c.post(reverse("plans:activity_delete", args=[new.pk]))
    assert not Activity.objects.filter(pk=new.pk).exists()
    assert (
        Activity.history.filter(id=new.pk, history_type="-").first().history_user
        == users[ROLE_COORDINATOR]
    )


FORM = '<form method="post" class="form"'


def test_a_stale_edit_is_refused(client, users, draft):
    c = _client(client, users[ROLE_COORDINATOR])
    seen = draft.version
    services.update_plan(draft, user=users[ROLE_ADMIN], goal="Adminens mål")
    response = c.post(
        reverse("plans:edit", args=[draft.slug]),
        {
            "title": draft.title,
            "period_start": "2018-01-01",
            "period_end": "2018-12-31",
            "goal": "Mitt mål",
            "version": seen,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "efter att du öppnade sidan" in page
    # Their saved version is shown above the form, which keeps what this user wrote.
    saved = page[page.index("Den sparade versionen") : page.index(FORM)]
    assert "Adminens mål" in saved
    assert "Mitt mål" in page[page.index(FORM) :]
    draft.refresh_from_db()
    assert draft.goal == "Adminens mål"


def test_a_stale_activity_edit_shows_the_saved_actors_and_deadline(client, users, draft):
    from actors.models import Actor

    area = services.add_focus_area(draft, title="Skolan", user=users[ROLE_ADMIN])
    activity = services.add_activity(area, title="Utbilda", user=users[ROLE_ADMIN], responsible=[])
    seen = activity.version
    police, _ = Actor.objects.get_or_create(code="Lopo Täby", defaults={"name": "Polisen"})
    services.update_activity(
        activity,
        user=users[ROLE_ADMIN],
        responsible=[police],
        deadline=datetime.date(2018, 4, 30),
    )
    c = _client(client, users[ROLE_COORDINATOR])
    response = c.post(
        reverse("plans:activity_edit", args=[activity.pk]),
        {
            "title": "Utbilda all personal",
            "responsible": [police.pk],
            "ongoing": "on",
            "version": seen,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    saved = page[page.index("Den sparade versionen") : page.index(FORM)]
    assert str(police) in saved and "30 april 2018" in saved
    assert "Utbilda all personal" in page[page.index(FORM) :]


def test_structure_changes_after_adoption_are_listed(users, seed_plan):
    from django.utils import timezone

    # the seed plan is adopted without a recorded time: as if adopted now
    Plan.objects.filter(pk=seed_plan.pk).update(adopted_at=timezone.now())
    seed_plan.refresh_from_db()
    assert changes_since_adoption(seed_plan) == []
    area = seed_plan.focus_areas.get(order=2)
    services.add_activity(
        area, title="Ny aktivitet om skolan", user=users[ROLE_COORDINATOR], responsible=[]
    )
    lines = changes_since_adoption(seed_plan)
    assert lines == ["Aktivitet 2.4 tillagd: Ny aktivitet om skolan"]


def test_no_report_links_for_a_draft(users, draft):
    from followup import reminders
    from followup.tertial import Tertial

    with pytest.raises(FollowUpError, match="Utkast"):
        reminders.send_report_links(draft, Tertial(2018, 1), user=users[ROLE_COORDINATOR])


@pytest.mark.parametrize(
    "language, period, decision, deadline",
    [
        ("sv", "1 januari 2018 – 31 december 2018", "§ 12 5 februari 2018", "30 april 2018"),
        ("en", "1 January 2018 – 31 December 2018", "§ 12 5 February 2018", "30 April 2018"),
    ],
)
def test_plan_pages_write_dates_as_the_rest_of_the_app(
    client, settings, users, draft, language, period, decision, deadline
):
    """Period, decision and deadlines in the page's language ('1 januari 2018'), not ISO."""
    draft.decision_body, draft.decision_paragraph = "Kommunstyrelsen", "§ 12"
    draft.decision_date = datetime.date(2018, 2, 5)
    draft.save()
    Activity.objects.filter(focus_area__plan=draft).update(deadline=datetime.date(2018, 4, 30))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(users[ROLE_COORDINATOR])
    page = _text(client.get(draft.get_absolute_url()).content.decode())
    assert period in page and f"Kommunstyrelsen {decision}" in page and deadline in page
    listing = _text(client.get(reverse("plans:list")).content.decode())
    assert period in listing
    for text in (page, listing):
        assert not re.search(r"\b2018-\d\d-\d\d\b", text)


def _text(html: str) -> str:
    """The page's text (tags out, so that ``<time datetime="2018-01-01">`` is not text)."""
    return re.sub(r"<[^>]+>", "", html)


def test_add_and_write_the_next_puts_focus_on_the_new_forms_title(client, users, draft):
    """After "Lägg till och skriv nästa" the page opens with the title field focused."""
    area = draft.focus_areas.get()
    url = reverse("plans:activity_add", args=[area.pk])
    client.force_login(users[ROLE_COORDINATOR])
    buf = Actor.objects.get(code="BUF")
    data = {"title": "Nästa", "responsible": [buf.pk], "ongoing": "on", "another": "1"}
    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    title = re.compile(r'<(input|textarea)[^>]*name="title"[^>]*autofocus')
    assert title.search(page)
    assert not title.search(client.get(url).content.decode())  # not when opened otherwise
