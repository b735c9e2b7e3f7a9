"""Reminders, report links and the digest are written in the recipient's language.

A user with an account (the coordinator's digest, a Rapportör who is also an actor's
contact person) gets the language they chose; a contact person without an account (the
police) gets Swedish, the municipality's language (actors.selectors.email_language).
"""

import datetime

import pytest
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator

from actors.models import Actor, Contact, UserPreference
from actors.permissions import ROLE_REPORTER
from followup import reminders, report_links
from followup.tertial import Tertial
from plans.models import Activity
from tests.vallentuna.english import swedish_in, user_data

pytestmark = pytest.mark.django_db

T3 = Tertial(2017, 3)


def assert_english(message):
    """Subject, plain text and HTML carry no Swedish interface text (data taken out: what
    users wrote, and the activity titles as the e-mail shortens them)."""
    titles = Activity.objects.values_list("title", flat=True)
    data = user_data() + [Truncator(t).chars(n) for t in titles for n in (90, 120)]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="en">' in html
    parts = [("subject", message.subject), ("html", html)]
    parts += [("text", escape(line)) for line in message.body.splitlines()]  # line by line
    for part, text in parts:
        found = swedish_in(text, data)
        assert not found, f"Swedish in the {part}:\n" + "\n".join(found)


@pytest.fixture
def english_reporter(seed_plan, make_user):
    """Rita, Rapportör for the police, chose English, and is the police's contact person."""
    rita = make_user(
        ROLE_REPORTER, actors=("Lopo Täby",), username="rita", first_name="Rita",
        email="rita@example.org",
    )  # fmt: skip
    UserPreference.objects.create(user=rita, language="en")
    Contact.objects.create(
        actor=Actor.objects.get(code="Lopo Täby"), name="Rita Rapportör", email="Rita@example.org"
    )
    return rita


def by_recipient(mailoutbox, address):
    return next(m for m in mailoutbox if address in m.to[0])


def test_a_reminder_to_a_user_who_chose_english_is_english_to_a_contact_swedish(
    seed_plan, english_reporter, police_contact, mailoutbox, django_capture_on_commit_callbacks
):
    deadline = timezone.localdate() + datetime.timedelta(days=3)
    report_links.set_deadline(seed_plan, T3, deadline, None)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_round()

    rita = by_recipient(mailoutbox, "Rita@example.org")
    assert rita.subject.startswith("Reminder: report for Lopo Täby T3 2017 by ")
    assert f"{deadline.day} {deadline:%B} {deadline.year}" in rita.subject  # an English date
    assert "activities are waiting for your contribution" in rita.body
    assert_english(rita)

    polly = by_recipient(mailoutbox, "polly@example.org")
    assert polly.subject.startswith("Påminnelse: rapportera för Lopo Täby T3 2017 senast")
    assert "aktiviteter väntar på ert bidrag" in polly.body
    assert '<html lang="sv">' in polly.alternatives[0][0]


def test_report_links_follow_the_same_rule(
    seed_plan, english_reporter, police_contact, mailoutbox, django_capture_on_commit_callbacks
):
    report_links.set_deadline(
        seed_plan, T3, timezone.localdate() + datetime.timedelta(days=20), None
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_report_links(seed_plan, T3)
    rita = by_recipient(mailoutbox, "Rita@example.org")
    assert "report" in rita.subject and "rapportera" not in rita.subject
    assert_english(rita)
    polly = by_recipient(mailoutbox, "polly@example.org")
    assert "rapportera för Lopo Täby" in polly.subject
    assert "Öppna din rapportlänk" in polly.alternatives[0][0]


def test_the_digest_to_a_coordinator_who_chose_english_is_english(
    seed_plan, police_contact, coordinator, make_user, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from actors.permissions import ROLE_COORDINATOR

    coordinator.email = "sara@example.org"
    coordinator.save()
    UserPreference.objects.create(user=coordinator, language="en")
    make_user(ROLE_COORDINATOR, username="sven", first_name="Sven", email="sven@example.org")
    deadline = timezone.localdate() - datetime.timedelta(days=1)
    report_links.set_deadline(seed_plan, T3, deadline, None)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_round()

    sara = by_recipient(mailoutbox, "sara@example.org")
    assert "not reported T3 2017" in sara.subject and "ej rapporterat" not in sara.subject
    assert "Lopo Täby: 8 of 8 activities waiting" in sara.body
    assert f"{deadline:%B}" in sara.body  # the deadline written in English
    assert_english(sara)

    sven = by_recipient(mailoutbox, "sven@example.org")  # never chose: Swedish
    assert "ej rapporterat T3 2017" in sven.subject
    assert "Lopo Täby: 8 av 8 aktiviteter väntar" in sven.body
