"""Contributions: each responsible actor's own status and comment, side by side with the
coordinator's follow-up; the board's "3 av 5 aktörer", filters and the report appendix."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors.models import Contact
from changelog.selectors import Filters, changelog_page
from followup.contributions import (
    actor_progress,
    comment_from_contributions,
    record_contribution,
    summaries,
)
from followup.models import Contribution, FollowUp, Status
from followup.report import render_report_html, report_context
from followup.services import FollowUpError, TertialClosedError, close_tertial, record_follow_up
from followup.tertial import Tertial

T1 = Tertial(2017, 1)


def test_contributions_of_two_actors_never_overwrite_each_other_nor_the_follow_up(
    activities, actors, reporter, coordinator, police_contact
):
    activity = activities[1]  # KLK, BUF, KFF, SF och Lopo Täby
    record_follow_up(
        activity=activity,
        tertial=T1,
        user=coordinator,
        status=Status.STARTED,
        comment="Samordnarens",
    )
    record_contribution(
        activity=activity, tertial=T1, actor=actors["BUF"], status=Status.DONE,
        comment="BUF klar", user=reporter,
    )  # fmt: skip
    record_contribution(
        activity=activity, tertial=T1, actor=actors["Lopo Täby"], status=Status.STARTED,
        comment="Polisen påbörjat", contact=police_contact,
    )  # fmt: skip
    by_actor = {c.actor.code: c for c in Contribution.objects.all()}
    assert by_actor["BUF"].comment == "BUF klar"
    assert by_actor["Lopo Täby"].comment == "Polisen påbörjat"
    assert by_actor["Lopo Täby"].attribution == "Lopo Täby – Polly Polis (via länk)"
    assert by_actor["BUF"].attribution == "BUF – Rikard Rapportör"
    assert FollowUp.objects.get(activity=activity).comment == "Samordnarens"


def test_a_later_contribution_from_the_same_actor_replaces_the_earlier_with_history(
    activities, actors, reporter
):
    for text in ("Första", "Andra"):
        record_contribution(
            activity=activities[1], tertial=T1, actor=actors["BUF"], status=Status.STARTED,
            comment=text, user=reporter,
        )  # fmt: skip
    contribution = Contribution.objects.get()
    assert contribution.comment == "Andra"
    history = list(contribution.history.order_by("history_date"))
    assert [h.comment for h in history] == ["Första", "Andra"]
    assert history[-1].history_user == reporter


def test_an_actor_not_responsible_or_a_closed_tertial_or_a_bad_entry_is_refused(
    seed_plan, activities, actors, reporter, coordinator
):
    with pytest.raises(FollowUpError, match="inte ansvarig"):
        record_contribution(
            activity=activities[0], tertial=T1, actor=actors["BUF"], status=Status.DONE,
            comment="", user=reporter,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        record_contribution(
            activity=activities[1], tertial=T1, actor=actors["BUF"], status=Status.STRUCK,
            comment="", user=reporter,
        )  # fmt: skip
    for a in activities:
        record_follow_up(activity=a, tertial=T1, user=coordinator, status=Status.STARTED)
    close_tertial(seed_plan, T1, coordinator)
    with pytest.raises(TertialClosedError):
        record_contribution(
            activity=activities[1], tertial=T1, actor=actors["BUF"], status=Status.DONE,
            comment="", user=reporter,
        )  # fmt: skip
    assert not Contribution.objects.exists()


def test_the_plan_setting_lets_a_single_actors_contribution_stand_as_the_follow_up(
    make_plan, police_contact
):
    plan = make_plan(1, 2, actors_per_activity=1)
    single = plan.focus_areas.get().activities.order_by("order").first()
    actor = single.responsible.get()
    contact = Contact.objects.create(actor=actor, name="Eva Ensam", email="eva@example.org")
    record_contribution(
        activity=single,
        tertial=T1,
        actor=actor,
        status=Status.DONE,
        comment="Klart",
        contact=contact,
    )
    assert not FollowUp.objects.exists()  # the setting is off by default
    plan.single_actor_contribution_is_follow_up = True
    plan.save()
    single.refresh_from_db()
    record_contribution(
        activity=single,
        tertial=T1,
        actor=actor,
        status=Status.DONE,
        comment="Klart nu",
        contact=contact,
    )
    entry = FollowUp.objects.get()
    assert (entry.status, entry.comment) == (Status.DONE, "Klart nu")
    assert entry.reported_by is None
    assert entry.reporter_display == f"{actor.code} – Eva Ensam (via länk)"


def test_summaries_count_actors_and_the_coordinator_can_start_from_them(
    activities, actors, reporter, police_contact, django_assert_num_queries
):
    activity = activities[1]
    record_contribution(
        activity=activity, tertial=T1, actor=actors["BUF"], status=Status.DONE,
        comment="Utbildning genomförd.", user=reporter,
    )  # fmt: skip
    record_contribution(
        activity=activity, tertial=T1, actor=actors["Lopo Täby"], status=Status.STARTED,
        comment="Material delat.", contact=police_contact,
    )  # fmt: skip
    with django_assert_num_queries(3):  # the activity, its actors, all contributions
        summary = summaries(
            type(activity).objects.filter(pk=activity.pk).prefetch_related("responsible"), T1
        )[activity.pk]
    assert (summary.given, summary.total) == (2, 5)
    assert [a.code for a in summary.waiting] == ["KLK", "KFF", "SF"]
    assert comment_from_contributions(summary) == (
        "BUF (Genomförd): Utbildning genomförd.\n\nLopo Täby (Påbörjad): Material delat."
    )
    # What the coordinator wrote before stays first; nothing is added twice.
    started = comment_from_contributions(summary, "Samordnarens text.")
    assert started == (
        "Samordnarens text.\n\nBUF (Genomförd): Utbildning genomförd."
        "\n\nLopo Täby (Påbörjad): Material delat."
    )
    assert comment_from_contributions(summary, started) == started
    progress = {p.actor.code: p for p in actor_progress(activity.focus_area.plan, T1)}
    assert progress["BUF"].given == 1 and len(progress["BUF"].waiting) == 5
    assert len(progress["Lopo Täby"].activities) == 8


def test_the_board_shows_3_av_5_aktorer_with_names_and_filters_waiting_for_an_actor(
    client, activities, actors, reporter, coordinator, police_contact
):
    for code in ("BUF", "KLK"):
        record_contribution(
            activity=activities[1], tertial=T1, actor=actors[code], status=Status.STARTED,
            comment="x", user=reporter,
        )  # fmt: skip
    record_contribution(
        activity=activities[1], tertial=T1, actor=actors["Lopo Täby"], status=Status.STARTED,
        comment="x", contact=police_contact,
    )  # fmt: skip
    client.force_login(coordinator)
    params = {"plan": activities[0].focus_area.plan.slug, "tertial": T1.slug}
    html = client.get("/uppfoljning/", params).content.decode()
    assert "3 av 5 aktörer" in html
    assert "Lopo Täby – Polly Polis (via länk)" in html
    assert "KFF: väntar på bidrag" in html
    waiting_police = client.get("/uppfoljning/", {**params, "waiting": actors["Lopo Täby"].pk})
    rows = waiting_police.context["shown_count"]
    assert rows == 7  # all but activity 2
    assert f'id="a-{activities[1].pk}"' not in waiting_police.content.decode()
    waiting_kff = client.get("/uppfoljning/", {**params, "waiting": actors["KFF"].pk})
    assert f'id="a-{activities[1].pk}"' in waiting_kff.content.decode()


def test_a_reporter_sees_mina_aktiviteter_by_default_and_is_told_their_actor(
    client, activities, reporter
):
    client.force_login(reporter)
    params = {"plan": activities[0].focus_area.plan.slug, "tertial": T1.slug}
    response = client.get("/uppfoljning/", params)
    html = response.content.decode()
    assert "Du rapporterar för BUF." in html
    assert f'id="a-{activities[0].pk}"' not in html  # not BUF's
    assert f'id="a-{activities[1].pk}"' in html
    all_rows = client.get("/uppfoljning/", {**params, "show": "alla"}).content.decode()
    assert f'id="a-{activities[0].pk}"' in all_rows


def test_the_reporter_gives_buf_contribution_on_its_page_and_not_another_actors(
    client, activities, actors, reporter
):
    client.force_login(reporter)
    url = reverse("followup:contribution", args=[activities[1].pk, T1.slug])
    page = client.get(url)
    assert page.status_code == 200 and "Bidrag från BUF" in page.content.decode()
    refused = client.post(url, {"actor": actors["KLK"].pk, "status": "done", "comment": "x"})
    assert refused.status_code == 403
    bad = client.post(url, {"actor": actors["BUF"].pk, "status": "struck", "comment": ""})
    assert bad.status_code == 400 and "kräver ett skäl" in bad.content.decode()
    ok = client.post(url, {"actor": actors["BUF"].pk, "status": "done", "comment": "Klart"})
    assert ok.status_code == 302
    assert Contribution.objects.get().actor == actors["BUF"]


def test_the_coordinators_form_shows_contributions_side_by_side_and_starts_from_them(
    client, activities, actors, reporter, coordinator, police_contact
):
    activity = activities[1]
    record_contribution(
        activity=activity, tertial=T1, actor=actors["BUF"], status=Status.DONE,
        comment="BUF:s text", user=reporter,
    )  # fmt: skip
    record_contribution(
        activity=activity, tertial=T1, actor=actors["Lopo Täby"], status=Status.STARTED,
        comment="Polisens text", contact=police_contact,
    )  # fmt: skip
    client.force_login(coordinator)
    url = reverse("followup:entry_edit", args=[activity.pk, T1.slug])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Aktörernas bidrag T1 2017: 2 av 5" in html
    assert "BUF:s text" in html and "Lopo Täby – Polly Polis (via länk)" in html
    started = client.get(url + "?fran_bidrag=1", headers={"HX-Request": "true"})
    textarea = started.content.decode().split("<textarea", 1)[1].split("</textarea>")[0]
    assert "BUF (Genomförd): BUF:s text" in textarea
    assert "Lopo Täby (Påbörjad): Polisens text" in textarea


def test_the_report_has_the_contributions_as_an_appendix_only_when_asked(
    client, seed_plan, activities, actors, reporter, police_contact
):
    record_contribution(
        activity=activities[1], tertial=T1, actor=actors["Lopo Täby"], status=Status.STARTED,
        comment="Polisens bidrag i bilagan", contact=police_contact,
    )  # fmt: skip
    plain = render_report_html(report_context(seed_plan, T1), pdf=True)
    assert "Polisens bidrag i bilagan" not in plain
    with_appendix = render_report_html(report_context(seed_plan, T1, contributions=True), pdf=True)
    assert "de ansvariga aktörernas bidrag" in with_appendix
    assert "Polisens bidrag i bilagan" in with_appendix
    assert "Lopo Täby – Polly Polis (via länk)" in with_appendix
    client.force_login(reporter)
    url = reverse("followup:report", args=[seed_plan.slug, 2017, 1])
    assert "Polisens bidrag i bilagan" in client.get(url + "?bidrag=1").content.decode()
    assert "Polisens bidrag i bilagan" not in client.get(url).content.decode()
    # The Word version from the same context: the appendix when asked, as its own section.
    word = reverse("followup:report_docx", args=[seed_plan.slug, 2017, 1])
    assert f'href="{word}?bidrag=1"' in client.get(url + "?bidrag=1").content.decode()
    document = docx.Document(io.BytesIO(client.get(word + "?bidrag=1").content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Bilaga: de ansvariga aktörernas bidrag T1 2017" in headings
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "Polisens bidrag i bilagan" in cells
    assert "Lopo Täby – Polly Polis (via länk)" in cells
    assert "Inget bidrag lämnat." in cells
    plain = docx.Document(io.BytesIO(client.get(word).content))
    assert "Polisens bidrag i bilagan" not in [
        c.text for table in plain.tables for row in table.rows for c in row.cells
    ]


def test_the_change_log_attributes_a_link_contribution_to_the_contact_via_the_link(
    seed_plan, activities, actors, police_contact
):
    record_contribution(
        activity=activities[1], tertial=T1, actor=actors["Lopo Täby"], status=Status.STARTED,
        comment="Via länken", contact=police_contact,
    )  # fmt: skip
    _page, entries = changelog_page(seed_plan, Filters(kind="contribution"))
    assert [e.user_display for e in entries] == ["Lopo Täby – Polly Polis (via länk)"]
    assert entries[0].object_label.startswith("T1 2017 Lopo Täby: ")
