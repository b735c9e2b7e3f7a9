"""Skapa uppföljande plan and carry_over_plan (issue #17): one service, origins kept."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from actors.permissions import ROLE_READER
from followup.carry_over import carry_over
from plans.models import Activity, Plan
from vallentuna.history import load_fixtures

pytestmark = pytest.mark.django_db

TITLE = "Handlingsplan mot våldsbejakande extremism 2018"
NOTE = "Från KS 2016.371, aktivitet 3.3, senast Ej påbörjad T3 2017"


@pytest.fixture
def followed_plan(seed_plan):
    load_fixtures("vallentuna_2016_2017_uppfoljning")
    return seed_plan


def _activities(plan):
    return list(
        Activity.objects.filter(focus_area__plan=plan).order_by("focus_area__order", "order")
    )


def test_by_default_the_unfinished_activity_is_carried_with_its_origin(followed_plan, coordinator):
    plan = carry_over(
        followed_plan,
        title=TITLE,
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
        user=coordinator,
    )
    assert plan.is_draft and plan.origin == followed_plan
    [activity] = _activities(plan)
    original = Activity.objects.get(focus_area__plan=followed_plan, focus_area__order=3, order=3)
    assert (
        activity.origin == original and activity.origin_text == NOTE and activity.origin_note == ""
    )
    assert activity.focus_area.title == original.focus_area.title
    assert set(activity.responsible.all()) == set(original.responsible.all())
    assert plan.purpose == followed_plan.purpose
    assert plan.history.first().history_user == coordinator
    assert activity.history.first().history_user == coordinator


def test_all_or_chosen_activities(followed_plan):
    every = carry_over(
        followed_plan,
        title="Alla",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
        user=None,
        include_all=True,
    )
    assert len(_activities(every)) == 8 and every.focus_areas.count() == 3
    chosen = _activities(followed_plan)[:2]
    some = carry_over(
        followed_plan,
        title="Några",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
        user=None,
        activity_ids=[a.pk for a in chosen],
    )
    assert [a.origin for a in _activities(some)] == chosen


def test_the_command_makes_the_same_plan(followed_plan, capsys):
    call_command(
        "carry_over_plan",
        "--from",
        "KS 2016.371",
        "--title",
        TITLE,
        "--period-start",
        "2018-01-01",
        "--period-end",
        "2018-12-31",
    )
    plan = Plan.objects.get(title=TITLE)
    assert [a.origin_text for a in _activities(plan)] == [NOTE]
    out = capsys.readouterr().out
    assert "med 1 aktivitet från" in out and "aktiviteter" not in out  # singular for one
    call_command(
        "carry_over_plan",
        "--from",
        "KS 2016.371",
        "--title",
        "Allt 2018",
        "--period-start",
        "2018-01-01",
        "--period-end",
        "2018-12-31",
        "--all",
    )
    assert len(_activities(Plan.objects.get(title="Allt 2018"))) == 8


def test_the_command_says_what_is_wrong(followed_plan):
    with pytest.raises(CommandError, match="ingen plan"):
        call_command(
            "carry_over_plan",
            "--from",
            "KS 1999.1",
            "--title",
            "x",
            "--period-start",
            "2018-01-01",
            "--period-end",
            "2018-12-31",
        )
    with pytest.raises(CommandError, match="inget datum"):
        call_command(
            "carry_over_plan",
            "--from",
            "KS 2016.371",
            "--title",
            "x",
            "--period-start",
            "2018-13-01",
            "--period-end",
            "2018-12-31",
        )
    with pytest.raises(CommandError, match="slutdatum"):
        call_command(
            "carry_over_plan",
            "--from",
            "KS 2016.371",
            "--title",
            "x",
            "--period-start",
            "2018-12-31",
            "--period-end",
            "2018-01-01",
        )


def test_the_page_preselects_the_unfinished_and_creates_the_draft(
    client, followed_plan, coordinator
):
    client.force_login(coordinator)
    url = reverse("followup:carry_over", args=[followed_plan.slug])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    unfinished = Activity.objects.get(focus_area__plan=followed_plan, focus_area__order=3, order=3)
    assert form.initial["activities"] == [unfinished.pk]
    assert form.initial["title"] == TITLE
    assert "Tolv rekommendationer" in response.content.decode()  # the checklist as a hint
    response = client.post(
        url,
        {
            "title": TITLE,
            "period_start": "2018-01-01",
            "period_end": "2018-12-31",
            "activities": [unfinished.pk],
        },
    )
    plan = Plan.objects.get(title=TITLE)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert NOTE in page
    assert "är skapat med 1 aktivitet från" in page  # the message, singular for one


def test_readers_may_not_carry_over(client, followed_plan, make_user):
    client.force_login(make_user(ROLE_READER))
    url = reverse("followup:carry_over", args=[followed_plan.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x"}).status_code == 403
    assert Plan.objects.count() == 1


def test_origin_and_carry_over_on_board_report_and_export(client, followed_plan, coordinator):
    from plans import services
    from spreadsheets.exporting import export_table

    plan = carry_over(
        followed_plan,
        title=TITLE,
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
        user=coordinator,
    )
    services.change_status(
        services.update_plan(
            plan,
            user=coordinator,
            decision_body="Kommunstyrelsen",
            decision_paragraph="§1",
            decision_date=datetime.date(2018, 1, 10),
        ),
        Plan.Status.ADOPTED,
        user=coordinator,
    )
    client.force_login(coordinator)
    board = client.get(reverse("followup:board"), {"plan": plan.slug, "tertial": "T1-2018"})
    assert NOTE in board.content.decode()
    report = client.get(reverse("followup:report", args=[plan.slug, 2018, 1])).content.decode()
    assert NOTE in report
    header, rows = export_table(plan, neutralise=True)
    rows = list(rows)
    assert header[-1] == "Ursprung" and rows[0][-1] == NOTE
    # the earlier plan's last report says what went where
    last = client.get(
        reverse("followup:report", args=[followed_plan.slug, 2017, 3])
    ).content.decode()
    assert "Överfört till uppföljande plan" in last and TITLE in last
    word = docx_text(client, reverse("followup:report_docx", args=[followed_plan.slug, 2017, 3]))
    assert "Överfört till uppföljande plan" in word and TITLE in word
    earlier = client.get(
        reverse("followup:report", args=[followed_plan.slug, 2017, 2])
    ).content.decode()
    assert "Överfört till uppföljande plan" not in earlier


def test_changes_after_adoption_are_in_the_next_report(client, followed_plan, coordinator):
    from django.utils import timezone

    from plans import services

    def day(month, d, year=2017):
        return timezone.make_aware(datetime.datetime(year, month, d, 12))

    Plan.objects.filter(pk=followed_plan.pk).update(adopted_at=day(9, 1))
    followed_plan.refresh_from_db()
    area = followed_plan.focus_areas.get(order=1)
    added = services.add_activity(
        area, title="Uppdatera lägesbilden", user=coordinator, responsible=[]
    )
    added.history.update(history_date=day(10, 2))  # changed during T3 2017
    client.force_login(coordinator)
    report = client.get(
        reverse("followup:report", args=[followed_plan.slug, 2017, 3])
    ).content.decode()
    section = report[report.index("Planen ändrad sedan fastställandet") :]
    assert "<li>Aktivitet 1.2 tillagd: Uppdatera lägesbilden</li>" in section
    assert section.count("Planen ändrad sedan fastställandet") == 1  # a heading, said once
    annex = client.get(
        reverse("followup:report", args=[followed_plan.slug, 2017, 3]), {"rekommendationer": "1"}
    ).content.decode()
    assert "Bilaga: Tolv rekommendationer" in annex and "Nödvändiga samverkansaktörer" in annex
    assert "Bilaga: Tolv rekommendationer" not in report
    # The Word version from the same context has the same sections.
    word_url = reverse("followup:report_docx", args=[followed_plan.slug, 2017, 3])
    word = docx_text(client, word_url)
    assert (
        "Planen ändrad sedan fastställandet\nAktivitet 1.2 tillagd: Uppdatera lägesbilden" in word
    )
    assert "Bilaga: Tolv rekommendationer" not in word
    word_annex = docx_text(client, word_url + "?rekommendationer=1")
    assert "Bilaga: Tolv rekommendationer" in word_annex
    assert "Nödvändiga samverkansaktörer" in word_annex


def docx_text(client, url: str) -> str:
    """Every paragraph and table cell of the Word document at ``url``."""
    import io

    import docx

    document = docx.Document(io.BytesIO(client.get(url).content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_draft_follow_up_plan_is_not_named_in_the_earlier_plans_report(
    client, followed_plan, coordinator, reader
):
    carry_over(
        followed_plan,
        title="Hemligt utkast 2018",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
        user=coordinator,
    )
    url = reverse("followup:report", args=[followed_plan.slug, 2017, 3])
    for user in (reader, coordinator):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Hemligt utkast 2018" not in page
        assert "Överfört till uppföljande plan" not in page


def test_a_second_plan_with_the_same_title_is_refused(followed_plan, coordinator):
    from django.core.exceptions import ValidationError

    def again():
        return carry_over(
            followed_plan,
            title="Uppföljande  plan",
            period_start=datetime.date(2018, 1, 1),
            period_end=datetime.date(2018, 12, 31),
            user=coordinator,
        )

    again()
    with pytest.raises(ValidationError, match="Det finns redan en plan som heter"):
        again()
    assert Plan.objects.filter(title="Uppföljande plan").count() == 1
