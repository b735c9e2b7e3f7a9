"""A filed report keeps facts and is worded in the reader's language (issue #16).

The demo's T3 2017, closed: in Swedish it reads exactly as the report filed before issue #16
did (tests/followup/data/filed_report_sv.html, rendered by that code from the same data);
in English it has no Swedish interface text; a row filed in the old shape (schema 1, rendered
Swedish) is converted by the migration and reads the same. Carried-over activities say where
they came from in the reader's language.
"""

import datetime
import importlib
import json
import re
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone, translation

from followup import report_schema
from followup.carry_over import carry_over
from followup.models import FiledReport
from followup.report import REPORT_DATA_SCHEMA, present, render_report_html, report_context
from followup.services import close_tertial
from followup.tertial import Tertial
from plans.legacy import origin_facts_from_note
from plans.models import origin_text
from tests.vallentuna.english import swedish_in, user_data, visible_texts

DATA = Path(__file__).parent / "data"
T3 = Tertial(2017, 3)
CLOSED_AT = datetime.datetime(2018, 1, 10, 9, 30)


@pytest.fixture
def closed_demo(seed_plan, coordinator):
    """The demo follow-up with T3 2017 closed on 10 January 2018 at 09:30."""
    call_command("loaddata", "vallentuna_2016_2017_uppfoljning", verbosity=0)
    at = timezone.make_aware(CLOSED_AT)
    with mock.patch("django.utils.timezone.now", return_value=at):
        close_tertial(seed_plan, T3, coordinator, confirm_not_updated=True)
    return seed_plan


def fragment(plan, language: str) -> str:
    """The report from its cover to its end (the tools above it link to live versions)."""
    with translation.override(language):
        html = render_report_html(report_context(plan, T3), pdf=False)
    return html[html.index('<header class="r-cover">') : html.index("</article>")]


def baseline() -> str:
    return (DATA / "filed_report_sv.html").read_text()


def schema1() -> dict:
    return json.loads((DATA / "filed_report_schema1.json").read_text())


def test_the_filed_data_is_facts_in_no_language(closed_demo):
    data = FiledReport.objects.get().data
    assert data["schema"] == REPORT_DATA_SCHEMA == 3
    text = json.dumps({k: v for k, v in data.items() if k not in ("plan", "areas", "transitions")})
    for swedish in ("Helår", "januari", "Diarienummer", "Planen har", "Genomförd", "stängd"):
        assert swedish not in text
    row = data["areas"][0]["rows"][0]
    assert row["deadline"] == "2016-12-31" and row["responsible"] == [
        "Trygghetssamordnaren",
        "Lopo Täby",
    ]
    assert row["course"][0] == {"tertial": "T3 2016", "status": "done", "reported": True}
    assert [c["actor"] for c in row["contributions"]] == row["responsible"]
    assert data["as_of"] == "2018-01-01" and data["closed_at"].startswith("2018-01-10T09:30")


def test_the_swedish_report_reads_as_filed_before(closed_demo):
    assert " ".join(fragment(closed_demo, "sv").split()) == " ".join(baseline().split())


def test_an_english_session_meets_no_swedish_in_the_closed_report(client, closed_demo, coordinator):
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/rapporter/{closed_demo.slug}/2017/T3/")
    assert response.status_code == 200 and response["Content-Language"] == "en"
    html = response.content.decode()
    found = swedish_in(html, user_data())
    assert not found, "\n".join(found)
    texts = " ".join(visible_texts(html))
    assert (
        "Full year 2017" in texts
        and "10 January 2018" in texts
        and "closed 10 January 2018" in texts
    )


def test_an_old_schema_row_is_converted_and_reads_the_same(closed_demo):
    filed = FiledReport.objects.get()
    fresh = filed.data
    FiledReport.objects.filter(pk=filed.pk).update(data=schema1())
    # the reader understands a row still in the old shape
    assert " ".join(fragment(closed_demo, "sv").split()) == " ".join(baseline().split())
    migration = importlib.import_module("followup.migrations.0007_report_data_schema_2")
    migration.convert(django_apps, None)
    assert FiledReport.objects.get().data["schema"] == 2
    # and the contributions, from the history as they stood when it was frozen (schema 3)
    importlib.import_module("followup.migrations.0010_report_data_contributions").add_contributions(
        django_apps, None
    )
    converted = FiledReport.objects.get().data
    assert converted["schema"] == 3
    # the same facts as filed today (the old shape kept the closing's day, not its time)
    assert converted["closed_at"] == "2018-01-10" and fresh["closed_at"].startswith("2018-01-10")
    assert {**converted, "closed_at": None} == {**fresh, "closed_at": None}
    assert " ".join(fragment(closed_demo, "sv").split()) == " ".join(baseline().split())
    english = fragment(closed_demo, "en")
    assert "Full year 2017" in english and "Helår" not in english


def test_the_filed_pdf_and_its_checksum_do_not_change_in_the_conversion(closed_demo):
    filed = FiledReport.objects.get()
    FiledReport.objects.filter(pk=filed.pk).update(data=schema1())
    before = FiledReport.objects.get()
    importlib.import_module("followup.migrations.0007_report_data_schema_2").convert(
        django_apps, None
    )
    after = FiledReport.objects.get()
    assert (after.pdf.name, after.pdf_sha256, after.pdf_size) == (
        before.pdf.name,
        before.pdf_sha256,
        before.pdf_size,
    )


def test_old_swedish_texts_are_read_back_into_facts():
    assert report_schema.swedish_date("1 januari 2018") == "2018-01-01"
    assert report_schema.swedish_date("Löpande") == "Löpande"  # not a date: kept as text
    assert report_schema.split_swedish_list("KLK, BUF och Lopo Täby") == ["KLK", "BUF", "Lopo Täby"]
    assert report_schema.split_swedish_list("KLK") == ["KLK"]
    note = "Från KS 2016.371, aktivitet 3.3, senast Ej påbörjad T3 2017"
    facts = origin_facts_from_note(note)
    assert facts == {
        "plan": "KS 2016.371",
        "number": "3.3",
        "status": "not_started",
        "year": 2017,
        "tertial": 3,
    }
    assert origin_facts_from_note("Från inläsningen i mars") is None
    with translation.override("sv"):
        assert origin_text(facts) == note
    with translation.override("en"):
        assert origin_text(facts) == "From KS 2016.371, activity 3.3, last Not started T3 2017"
        assert origin_text({}, "Från inläsningen") == "Från inläsningen"  # free text as typed


def test_an_old_row_with_an_origin_note_reads_in_english(closed_demo):
    old = schema1()
    old["areas"][0]["rows"][0]["origin_note"] = "Från KS 2015.1, aktivitet 1.2, ej rapporterad"
    data = report_schema.upgrade(old)
    assert data["areas"][0]["rows"][0]["origin"]["number"] == "1.2"
    with translation.override("en"):
        row = present(data)["areas"][0]["rows"][0]
    assert row["origin_note"] == "From KS 2015.1, activity 1.2, not reported"
    assert row["deadline"] == "31 December 2016"
    assert row["responsible"] == "Trygghetssamordnaren and Lopo Täby"


def test_a_carried_over_activity_meets_an_english_session_in_english(
    client, closed_demo, coordinator
):
    new = carry_over(
        closed_demo,
        title="Handlingsplan 2018",
        period_start=datetime.date(2018, 1, 1),
        period_end=datetime.date(2018, 12, 31),
        user=coordinator,
    )
    activity = new.focus_areas.first().activities.first()
    assert activity.origin_note == "" and activity.origin_facts["plan"] == "KS 2016.371"
    # adopted: a draft has no board follow-up and no reports
    from plans import services as plan_services

    plan_services.update_plan(
        new,
        user=coordinator,
        decision_body="Kommunstyrelsen",
        decision_paragraph="§ 12",
        decision_date=datetime.date(2018, 2, 5),
    )
    new = plan_services.change_status(new, "adopted", user=coordinator)
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = [v for v in user_data() if not v.startswith("Från ")]
    board = f"/uppfoljning/?plan={new.slug}&tertial=T1-2018"
    for path in (f"/planer/{new.slug}/", board, f"/rapporter/{new.slug}/2018/T1/"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "From KS 2016.371, activity" in html, path
        found = swedish_in(html, data)
        if path != f"/planer/{new.slug}/":  # the plan page's checklist names Swedish terms
            assert not found, f"{path}:\n" + "\n".join(found)
        assert not [f for f in found if "KS 2016.371" in f], path
    # the decision's date in the reader's language, as on the plan page
    assert "Kommunstyrelsen § 12 5 February 2018" in " ".join(visible_texts(html))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    swedish = client.get(f"/rapporter/{new.slug}/2018/T1/").content.decode()
    assert "Kommunstyrelsen § 12 5 februari 2018" in " ".join(
        re.sub(r"<[^>]+>", " ", swedish).split()
    )
