"""Report links: an unguessable token stored only hashed, tied to one contact, actor, plan
and tertial; expiring, revocable, logged on every use and refusal, rate-limited."""

import datetime
import logging

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, Contact
from followup import report_links
from followup.models import Contribution, ReminderDelivery, ReportLink, Status
from followup.services import close_tertial, record_follow_up
from followup.tertial import Tertial

T1 = Tertial(2017, 1)


@pytest.fixture
def police(seed_plan):
    return Actor.objects.get(code="Lopo Täby")


@pytest.fixture
def contact(police):
    return Contact.objects.create(actor=police, name="Polly Polis", email="polly@example.org")


@pytest.fixture
def link(seed_plan, contact):
    report_links.set_deadline(
        seed_plan, T1, timezone.localdate() + datetime.timedelta(days=3), None
    )
    return report_links.issue_link(contact, seed_plan, T1)


def url(token: str) -> str:
    return reverse("followup:report_link", args=[token])


def test_the_token_has_256_bits_and_only_its_hash_is_stored(link):
    stored, token = link
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert stored.token_hash == report_links.hash_token(token) and token not in stored.token_hash
    assert not ReportLink.objects.filter(token_hash=token).exists()
    assert report_links.resolve(token) == stored
    assert report_links.link_url(token).startswith("http")


def test_the_link_page_opens_without_login_only_that_actors_activities(
    client, seed_plan, link, activities, caplog
):
    stored, token = link
    with caplog.at_level(logging.INFO, logger="security"):
        response = client.get(url(token))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rapportera för Lopo Täby" in html and "Hej Polly Polis" in html
    assert html.count('<section class="contribution-form"') == 8  # Lopo Täby: all 8
    assert "report_link_used" in caplog.text and token not in caplog.text
    stored.refresh_from_db()
    assert stored.use_count == 1 and stored.last_used_at is not None
    # It opens nothing else: the board and admin still ask for a login.
    assert client.get("/uppfoljning/").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_a_contribution_through_the_link_is_saved_and_attributed(
    client, seed_plan, link, activities, caplog
):
    _stored, token = link
    with caplog.at_level(logging.INFO, logger="security"):
        response = client.post(
            url(token),
            {
                "activity": activities[1].pk,
                "tertial": T1.slug,
                "status": Status.STARTED,
                "comment": "Påbörjat",
            },
        )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.attribution == "Lopo Täby – Polly Polis (via länk)"
    assert contribution.history.get().history_user is None
    assert 'action="contribution"' in caplog.text and token not in caplog.text


@pytest.mark.parametrize("case", ["revoked", "expired", "closed", "unknown", "inactive"])
def test_refused_links_change_nothing_and_are_logged(
    client, seed_plan, link, contact, activities, coordinator, case, caplog
):
    stored, token = link
    if case == "revoked":
        report_links.revoke(stored, coordinator)
    elif case == "expired":
        report_links.set_deadline(seed_plan, T1, datetime.date(2017, 4, 20), coordinator)
    elif case == "closed":
        for a in activities:
            record_follow_up(activity=a, tertial=T1, user=coordinator, status=Status.STARTED)
        close_tertial(seed_plan, T1, coordinator)
    elif case == "unknown":
        token = token[:-2] + "xx"
    else:
        contact.active = False
        contact.save()
    with caplog.at_level(logging.INFO, logger="security"):
        get = client.get(url(token))
        post = client.post(
            url(token),
            {
                "activity": activities[1].pk,
                "tertial": T1.slug,
                "status": Status.DONE,
                "comment": "x",
            },
        )
    expected = 404 if case == "unknown" else 410
    assert get.status_code == post.status_code == expected
    assert "Länken fungerar inte" in get.content.decode()
    assert not Contribution.objects.exists()
    assert caplog.text.count("report_link_refused") == 2
    assert f'reason="{case}"' in caplog.text and token not in caplog.text


def test_a_valid_link_refuses_another_actors_activity_and_another_tertial(
    client, link, make_plan, caplog
):
    _stored, token = link
    other_plan = make_plan(1, 1, actors_per_activity=1)
    foreign = other_plan.focus_areas.get().activities.get()
    police_activity = Actor.objects.get(code="Lopo Täby").activities.first()
    with caplog.at_level(logging.INFO, logger="security"):
        a = client.post(url(token), {"activity": foreign.pk, "tertial": T1.slug, "status": "done"})
        b = client.post(
            url(token), {"activity": police_activity.pk, "tertial": "T2-2017", "status": "done"}
        )
    assert a.status_code == b.status_code == 403
    assert not Contribution.objects.exists()
    assert 'reason="other_activity"' in caplog.text and 'reason="other_tertial"' in caplog.text


def test_requests_are_rate_limited_per_address(client, link, settings, caplog, monkeypatch):
    _stored, token = link
    settings.REPORT_LINK_RATE_LIMIT = 3
    monkeypatch.setattr("vallentuna.ratelimit._now", lambda: 1_800_000_000.0)  # one window
    statuses = [client.get(url(token), REMOTE_ADDR="10.9.9.9").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert 'reason="rate_limited"' in caplog.text
    assert client.get(url(token), REMOTE_ADDR="10.9.9.8").status_code == 200


def test_the_coordinator_sends_links_sees_them_and_revokes_one(
    client, seed_plan, contact, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    page = reverse("followup:coordination", args=[seed_plan.slug, T1.slug])
    send = reverse("followup:send_links", args=[seed_plan.slug, T1.slug])
    refused = client.post(send, follow=True)  # the default deadline (2017) has long passed
    assert "Flytta sista dag" in refused.content.decode() and not ReportLink.objects.exists()
    report_links.set_deadline(seed_plan, T1, timezone.localdate(), coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("followup:send_links", args=[seed_plan.slug, T1.slug]))
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["Polly Polis <polly@example.org>"]
    link = ReportLink.objects.get()
    assert link.created_by == coordinator
    html = client.get(page).content.decode()
    assert "Polly Polis" in html and "aldrig" in html and "Återkalla" in html
    assert ReminderDelivery.objects.get().state == ReminderDelivery.State.SENT
    client.post(reverse("followup:revoke_link", args=[link.pk]))
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == coordinator
    assert "återkallad" in client.get(page).content.decode()


def test_the_coordinator_edits_the_deadline_and_a_bad_date_says_how(client, seed_plan, coordinator):
    client.force_login(coordinator)
    assert report_links.deadline_for(seed_plan, T1) == datetime.date(2017, 4, 20)  # default
    target = reverse("followup:set_deadline", args=[seed_plan.slug, T1.slug])
    bad = client.post(target, {"deadline": "20 april"})
    assert bad.status_code == 400 and "ÅÅÅÅ-MM-DD" in bad.content.decode()
    assert client.post(target, {"deadline": "2017-04-25"}).status_code == 302
    assert report_links.deadline_for(seed_plan, T1) == datetime.date(2017, 4, 25)


def test_send_report_links_command_for_one_actor(
    seed_plan, contact, link, mailoutbox, django_capture_on_commit_callbacks
):
    Contact.objects.create(
        actor=Actor.objects.get(code="BUF"), name="Bo Buf", email="bo@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "send_report_links",
            "--plan",
            "KS 2016.371",
            "--tertial",
            "T1 2017",
            "--actor",
            "lopo täby",
        )
    assert [m.to for m in mailoutbox] == [["Polly Polis <polly@example.org>"]]
    assert "/lank/" in mailoutbox[0].body


def test_the_change_log_shows_links_and_deadlines(client, seed_plan, link, coordinator):
    stored, _token = link
    report_links.revoke(stored, coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("changelog:changelog", args=[seed_plan.slug])).content.decode()
    assert "Rapportlänk" in html and "Sista rapportdag" in html
