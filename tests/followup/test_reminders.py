"""Reminders: before and on the deadline to actors that have not reported, the digest after,
each e-mail recorded, no step sent twice; tasks run eagerly, e-mail in Django's locmem."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from actors.models import Actor, Contact
from followup import reminders, report_links
from followup.contributions import record_contribution
from followup.models import ReminderDelivery, ReportLink, Status
from followup.tertial import Tertial

T3 = Tertial(2017, 3)
Step = ReminderDelivery.Step


@pytest.fixture
def contacts(seed_plan):
    police, buf = Actor.objects.get(code="Lopo Täby"), Actor.objects.get(code="BUF")
    return {
        "police": Contact.objects.create(
            actor=police, name="Polly Polis", email="polly@example.org"
        ),
        "police2": Contact.objects.create(actor=police, name="Per Polis", email="per@example.org"),
        "buf": Contact.objects.create(actor=buf, name="Bo Buf", email="bo@example.org"),
    }


@pytest.fixture
def deadline(seed_plan):
    """T3 2017's deadline three days from today (REMINDER_DAYS_BEFORE is 7)."""
    day = timezone.localdate() + datetime.timedelta(days=3)
    report_links.set_deadline(seed_plan, T3, day, None)
    return day


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_round_with_nothing_due_says_when_the_reminders_go(seed_plan, contacts, mailoutbox):
    day = timezone.localdate() + datetime.timedelta(days=30)
    report_links.set_deadline(seed_plan, T3, day, None)
    out = run("--dry-run", "--plan", "KS 2016.371", "--tertial", "T3 2017")
    first = (day - datetime.timedelta(days=7)).isoformat()
    assert f"sista dag {day.isoformat()}. Påminnelser går {first}–{day.isoformat()}" in out
    assert "Provkörning: 0 e-postmeddelanden skulle skickas." in out


def test_the_commands_warn_when_links_are_built_from_the_default_address(
    seed_plan, contacts, deadline, settings
):
    settings.SITE_URL, settings.SITE_URL_IS_SET = "http://127.0.0.1:8000", False
    err = StringIO()
    call_command("send_reminders", "--dry-run", stdout=StringIO(), stderr=err)
    assert "SITE_URL är inte satt" in err.getvalue()
    assert "http://127.0.0.1:8000" in err.getvalue()
    settings.SITE_URL_IS_SET = True
    err = StringIO()
    call_command("send_reminders", "--dry-run", stdout=StringIO(), stderr=err)
    assert err.getvalue() == ""


def test_dry_run_prints_who_would_get_what_and_sends_nothing(
    contacts, deadline, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = run("--dry-run", "--plan", "KS 2016.371", "--tertial", "T3 2017")
    assert "Polly Polis <polly@example.org>: Lopo Täby, 8 aktiviteter väntar" in out
    assert "Bo Buf <bo@example.org>: BUF, 6 aktiviteter väntar" in out
    assert "3 e-postmeddelanden skulle skickas" in out
    assert mailoutbox == [] and not ReminderDelivery.objects.exists()


def test_a_round_reminds_each_contact_once_with_waiting_activities_deadline_and_link(
    client, seed_plan, contacts, deadline, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert sorted(m.to[0] for m in mailoutbox) == [
        "Bo Buf <bo@example.org>",
        "Per Polis <per@example.org>",
        "Polly Polis <polly@example.org>",
    ]
    polly = next(m for m in mailoutbox if "polly" in m.to[0])
    assert polly.subject.startswith("Påminnelse: rapportera för Lopo Täby T3 2017 senast")
    assert "8 aktiviteter väntar på ert bidrag" in polly.body
    assert "Vallentuna kommun" in polly.body
    last_day = date_format(deadline + datetime.timedelta(days=14), "j F Y")  # grace days
    assert f"slutar gälla när tertialen stängs, senast {last_day}." in polly.body
    html, mimetype = polly.alternatives[0]
    assert mimetype == "text/html" and "Öppna din rapportlänk" in html
    url = next(w for w in polly.body.split() if "/lank/" in w)
    path = url[url.index("/lank/") :]
    assert url.startswith("http://127.0.0.1:")  # absolute, from SITE_URL
    assert client.get(path).status_code == 200
    recorded = ReminderDelivery.objects.filter(step=Step.BEFORE, state="sent")
    assert recorded.count() == 3 and all(d.sent_at and d.link_id for d in recorded)
    # Run again, or twice at once: nothing is sent twice.
    with django_capture_on_commit_callbacks(execute=True):
        out = run()
    assert "0 e-postmeddelanden köade" in out and len(mailoutbox) == 3
    assert "1 e-postmeddelanden" not in out


def test_never_to_an_actor_that_is_done(
    seed_plan, contacts, deadline, mailoutbox, django_capture_on_commit_callbacks
):
    police = contacts["police"].actor
    for activity in police.activities.all():
        record_contribution(
            activity=activity, tertial=T3, actor=police, status=Status.DONE, comment="Klart",
            contact=contacts["police"],
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert [m.to for m in mailoutbox] == [["Bo Buf <bo@example.org>"]]


def test_the_deadline_day_reminder_and_the_digest_after_the_deadline(
    seed_plan, contacts, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator.email = "sara@example.org"
    coordinator.save()
    today = timezone.localdate()
    report_links.set_deadline(seed_plan, T3, today, None)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_round()
    assert {d.step for d in ReminderDelivery.objects.all()} == {Step.DEADLINE}
    assert mailoutbox[0].subject.startswith("Påminnelse: i dag är sista dagen")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_round(today=today + datetime.timedelta(days=1))
        reminders.run_round(today=today + datetime.timedelta(days=2))  # once only
    assert [m.to for m in mailoutbox] == [["Sara Samordnare <sara@example.org>"]]
    digest = mailoutbox[0]
    assert "ej rapporterat T3 2017" in digest.subject
    assert "Lopo Täby: 8 av 8 aktiviteter väntar" in digest.body
    assert "BUF: 6 av 6 aktiviteter väntar" in digest.body
    assert "/rapportering/" in digest.body


def test_nothing_is_due_outside_the_window_or_for_a_closed_tertial(seed_plan, contacts):
    report_links.set_deadline(
        seed_plan, T3, timezone.localdate() + datetime.timedelta(days=30), None
    )
    assert reminders.plan_round() == []
    report_links.set_deadline(
        seed_plan, T3, timezone.localdate() - datetime.timedelta(days=60), None
    )
    assert reminders.plan_round() == []


def test_a_failing_mail_server_is_retried_then_recorded_and_leaves_no_link(
    seed_plan, contacts, deadline, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    calls = []

    def broken_send(self, *args, **kwargs):
        calls.append(1)
        raise smtplib.SMTPServerDisconnected("borta")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken_send)
    Contact.objects.exclude(pk=contacts["police"].pk).update(active=False)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_round()
    delivery = ReminderDelivery.objects.get()
    assert len(calls) == 7  # the first try and six retries (eagerly, without the wait)
    assert delivery.state == ReminderDelivery.State.FAILED and "borta" in delivery.error
    assert delivery.attempts == 7
    assert not ReportLink.objects.exists()  # issued with the sending, rolled back with it
    assert "försöks igen" in caplog.text and "misslyckades" in caplog.text


def test_the_coordinator_sees_every_email_sent(
    client, seed_plan, contacts, deadline, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_round()
    client.force_login(coordinator)
    html = client.get(
        reverse("followup:coordination", args=[seed_plan.slug, T3.slug])
    ).content.decode()
    assert html.count("Påminnelse före sista dag") == 3
    assert "Polly Polis &lt;polly@example.org&gt;" in html and "Skickat" in html


def test_the_reminder_schedule_exists_for_celery_beat(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="Påminnelser om rapportering")
    assert task.task == "followup.tasks.send_reminders_round" and task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("7", "0")


def test_the_deadline_set_by_the_coordinator_is_confirmed_in_words(client, seed_plan, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:set_deadline", args=[seed_plan.slug, T3.slug]),
        {"deadline": "2017-12-08"},
        follow=True,
    )
    assert "Sista dag att rapportera T3 2017 är nu 8 december 2017." in response.content.decode()


def test_a_contact_added_from_the_reporting_page_leads_back_to_it(client, seed_plan, coordinator):
    client.force_login(coordinator)
    page = reverse("followup:coordination", args=[seed_plan.slug, T3.slug])
    police = Actor.objects.get(code="Lopo Täby")
    Contact.objects.create(actor=police, name="Polly Polis", email="polly@example.org")
    html = client.get(page).content.decode()
    add = reverse("admin:actors_contact_add")
    # offered for every actor, also one that already has a contact
    assert f"{add}?actor={police.pk}&amp;next=" in html
    data = {"actor": police.pk, "name": "Per Polis", "email": "per@example.org", "active": "on"}
    response = client.post(f"{add}?actor={police.pk}&next={page}", data)
    assert response.status_code == 302 and response["Location"] == page
    assert police.contacts.count() == 2
    # never to another site
    evil = client.post(f"{add}?next=https://evil.example/", {**data, "email": "x@example.org"})
    assert evil.status_code == 302 and "evil.example" not in evil["Location"]
