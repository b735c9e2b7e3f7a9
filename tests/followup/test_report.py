"""The tertial report: content read back from the PDF, reproducibility, nothing fetched."""

import datetime
import gc
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from followup.models import Status
from followup.pdf import cyclic_gc_paused, static_only_fetcher
from followup.report import render_report_html, render_report_pdf, report_context
from followup.services import record_follow_up
from followup.tertial import Tertial

T1, T2 = Tertial(2017, 1), Tertial(2017, 2)
PRODUCED = timezone.make_aware(datetime.datetime(2017, 5, 10, 9, 0))


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def t1_reported(seed_plan, activities, coordinator):
    statuses = [
        Status.DONE,
        Status.DONE,
        Status.STARTED,
        Status.NOT_STARTED,
        Status.DONE,
        Status.DONE,
    ]
    for activity, status in zip(activities, statuses, strict=False):
        record_follow_up(
            activity=activity,
            tertial=T1,
            user=coordinator,
            status=status,
            comment=f"Kommentar {activity.pk}: åäö.",
        )
    return seed_plan


def test_pdf_contains_cover_summary_every_activity_and_swedish_text(t1_reported, activities):
    data = render_report_pdf(t1_reported, T1, produced_at=PRODUCED)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = flat(pdf_text(data))
    assert "Handlingsplan mot våldsbejakande extremism" in text
    assert "KS 2016.371" in text
    assert "Kommunstyrelsens arbetsutskott §138" in text
    assert "Tertialrapport januari–april 2017" in text
    assert "T1 2017" in text and "1 januari–30 april 2017" in text
    assert (
        "Planen har 8 aktiviteter. 6 av dem är rapporterade för tertialen (75 %), 0 har kvar "
        "sin status från en tidigare tertial och 2 har aldrig rapporterats." in text
    )
    assert "Genomförd 4 50 %" in text
    assert "Påbörjad 1 12 %" in text
    assert "Ej rapporterad 2 25 %" in text
    for activity in activities:
        assert flat(activity.title)[:40] in text
    assert "Kommentar 1: åäö." in text
    assert "Förändringar sedan T3 2016" in text
    assert f"Sida 1 av {len(reader.pages)}" in text
    assert "Framställd 10 maj 2017 09:00" in text
    assert "Passerad" in text  # activity 4 (not started) and others overdue by 30 April


def test_html_and_pdf_come_from_one_context_and_one_template(t1_reported):
    context = report_context(t1_reported, T1, produced_at=PRODUCED)
    html = render_report_html(context, pdf=False)
    pdf_html = render_report_html(context, pdf=True)
    for fragment in [
        "Sammanfattning",
        "Stapeldiagram: antal aktiviteter",
        "<svg",
        "Kommentar 1: åäö.",
    ]:
        assert fragment in html and fragment in pdf_html
    assert "Ladda ned PDF" in html and "Ladda ned PDF" not in pdf_html


def test_chart_is_inline_svg_with_a_bar_per_focus_area(t1_reported):
    context = report_context(t1_reported, T1)
    assert len(context["chart"]["bars"]) == 3
    html = render_report_html(context, pdf=True)
    assert html.count('<svg class="r-chart__svg"') == 1
    assert "<img" not in html


def test_a_past_tertial_report_is_reproducible(t1_reported, activities, coordinator):
    """Produce T1, report T2 (changing everything), produce T1 again: same content."""
    before = pdf_text(render_report_pdf(t1_reported, T1, produced_at=PRODUCED))
    for activity in activities:
        record_follow_up(
            activity=activity,
            tertial=T2,
            user=coordinator,
            status=Status.STRUCK,
            comment="Avförd i T2.",
        )
    after = pdf_text(render_report_pdf(t1_reported, T1, produced_at=PRODUCED))
    assert after == before
    assert "Avförd i T2." not in after
    t2 = flat(pdf_text(render_report_pdf(t1_reported, T2, produced_at=PRODUCED)))
    assert "Avförd i T2." in t2 and "Delårsrapport januari–augusti 2017" in t2


@pytest.mark.parametrize(
    "comment",
    [
        '<img src="http://127.0.0.1:9/spion.png">',
        '<link rel="attachment" href="file:///etc/passwd">',
        "file:///etc/passwd",
        '<style>@import url("http://127.0.0.1:9/x.css");</style>',
    ],
)
def test_user_text_is_escaped_and_nothing_is_fetched(seed_plan, activities, coordinator, comment):
    record_follow_up(
        activity=activities[0], tertial=T1, user=coordinator, status=Status.STARTED, comment=comment
    )
    fetcher = static_only_fetcher()
    data = render_report_pdf(seed_plan, T1, fetcher=fetcher)
    # shown as text (the cell may wrap it, hyphenating a word with U+2010 at the break)
    no_space = "".join(pdf_text(data).split()).replace("\u2010", "")
    assert "".join(comment.split()) in no_space
    assert fetcher.refused == []
    assert all(url.startswith("https://rapport.invalid/static/") for url in fetcher.fetched)
    reader = PdfReader(io.BytesIO(data))
    assert reader.attachments == {}
    assert b"root:x:0:0" not in data


def test_the_fetcher_refuses_everything_but_our_static_files():
    fetcher = static_only_fetcher()
    for url in [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/static/css/report.css",
        "https://rapport.invalid/static/../../etc/passwd",
        "https://rapport.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://rapport.invalid/media/x.png",
        "https://rapport.invalid/static//etc/passwd",
        "data:text/plain,hej",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    response = fetcher.fetch("https://rapport.invalid/static/css/report.css")
    assert b"@page" in response.read()


def test_in_production_the_pdf_gets_its_stylesheet_from_the_collected_hashed_files(
    t1_reported, tmp_path, settings
):
    """With WhiteNoise's manifest storage, {% static %} writes report.<hash>.css, a name only
    STATIC_ROOT has: the fetcher must serve it, or the PDF loses its A4 layout and page numbers."""
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    fetcher = static_only_fetcher()
    data = render_report_pdf(t1_reported, T1, produced_at=PRODUCED, fetcher=fetcher)
    assert fetcher.refused == []
    assert len(fetcher.fetched) == 1
    assert re.fullmatch(
        r"https://rapport\.invalid/static/css/report\.[0-9a-f]{12}\.css", fetcher.fetched[0]
    )
    text = flat(pdf_text(data))
    assert f"Sida 1 av {len(PdfReader(io.BytesIO(data)).pages)}" in text
    assert "Framställd 10 maj 2017 09:00" in text
    with pytest.raises(ValueError):
        fetcher.fetch("https://rapport.invalid/static/staticfiles.json/../../../etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("https://rapport.invalid/static//etc/passwd")


@pytest.mark.parametrize("size", [(2, 3), (10, 20)])
def test_report_context_runs_a_constant_number_of_queries(make_plan, size):
    plan = make_plan(*size)
    with CaptureQueriesContext(connection) as ctx:
        context = report_context(plan, T1)
        render_report_html(context, pdf=True)
    assert sum(len(area["rows"]) for area in context["areas"]) == size[0] * size[1]
    # whether the tertial is closed (filed report), focus areas, activities, their actors,
    # the entries, the closure, the actors' contributions, the courses and the samlad bedömning
    assert len(ctx.captured_queries) == 9


def test_report_pages_for_each_role_and_the_pdf_download(client, t1_reported, reader, reporter):
    client.force_login(reader)
    index = client.get(reverse("followup:report_index"))
    assert index.status_code == 200
    assert "T1 2017 – tertialrapport januari–april" in index.content.decode()
    page = client.get(reverse("followup:report", args=[t1_reported.slug, 2017, 1]))
    assert page.status_code == 200 and "Kommentar 1: åäö." in page.content.decode()
    pdf = client.get(reverse("followup:report_pdf", args=[t1_reported.slug, 2017, 1]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'filename="vbe-2016-2017-2017-t1.pdf"' in pdf["Content-Disposition"]
    assert "Kommentar 1: åäö." in pdf_text(pdf.content)
    assert (
        client.get(reverse("followup:report", args=[t1_reported.slug, 2017, 4])).status_code == 404
    )
    assert client.get(reverse("followup:report", args=["finns-inte", 2017, 1])).status_code == 404


def test_report_needs_login(client, seed_plan):
    response = client.get(reverse("followup:report", args=[seed_plan.slug, 2017, 1]))
    assert response.status_code == 302


def test_management_command_writes_the_same_pdf(t1_reported, tmp_path):
    out = tmp_path / "rapport.pdf"
    stdout = io.StringIO()
    call_command(
        "tertial_report", plan="KS 2016.371", tertial="T1 2017", output=str(out), stdout=stdout
    )
    assert "skriven till" in stdout.getvalue()
    text = flat(pdf_text(out.read_bytes()))
    assert "Tertialrapport januari–april 2017" in text and "Kommentar 1: åäö." in text
    for plan_arg in [str(t1_reported.pk), t1_reported.slug, t1_reported.title]:
        call_command(
            "tertial_report",
            plan=plan_arg,
            tertial="T1-2017",
            output=str(out),
            stdout=io.StringIO(),
        )
    with pytest.raises(
        CommandError, match="Det finns ingen plan med id, titel eller diarienummer ”okänd”"
    ):
        call_command("tertial_report", plan="okänd", tertial="T1 2017", output=str(out))
    with pytest.raises(CommandError, match="är inte en tertial"):
        call_command("tertial_report", plan="KS 2016.371", tertial="T5 2017", output=str(out))


def test_demo_fixture_loads_in_an_empty_database_with_a_living_history(db):
    call_command(
        "loaddata", "vallentuna_2016_2017", "vallentuna_2016_2017_uppfoljning", verbosity=0
    )
    from followup.models import FollowUp, TertialClosure
    from followup.selectors import plan_status
    from plans.models import Plan

    plan = Plan.objects.get(registration_number="KS 2016.371")
    assert FollowUp.objects.count() >= 24
    assert TertialClosure.objects.filter(closed=True).count() == 3
    t2 = plan_status(plan, T2)
    assert t2.progress.reported == 8
    statuses = {row.activity.order: row.status for row in t2.areas[2].rows}
    assert statuses[3] == Status.NOT_STARTED  # one not started
    t3 = plan_status(plan, Tertial(2017, 3))
    assert any(
        r.changed and r.previous.status == Status.DELAYED for r in t3.rows
    )  # one late, then done


def test_changes_since_the_previous_tertial_are_grouped_by_transition(db):
    call_command(
        "loaddata", "vallentuna_2016_2017", "vallentuna_2016_2017_uppfoljning", verbosity=0
    )
    from plans.models import Plan

    plan = Plan.objects.get(registration_number="KS 2016.371")
    text = flat(pdf_text(render_report_pdf(plan, Tertial(2017, 3), produced_at=PRODUCED)))
    assert "Förändringar sedan T2 2017" in text
    assert "2 aktiviteter har ändrat status" in text
    assert "⚠ Försenad → ✓ Genomförd (1): 2.2 Ta fram ett lämpligt informationsmaterial" in text
    assert "◐ Påbörjad → ✓ Genomförd (1): 2.3 Sprid fastställd lägesbild" in text
    assert "2 rapporterade aktiviteter har samma status som tidigare" in text


def test_the_pdf_is_rendered_with_the_cyclic_gc_paused_and_it_comes_back_on(
    t1_reported, monkeypatch
):
    """Pausing the collector made the 1,000-activity report 15–25 % faster (bench/report.py)."""
    from weasyprint import HTML

    seen = []
    write_pdf = HTML.write_pdf

    def spy(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", spy)
    assert gc.isenabled()
    render_report_pdf(t1_reported, T1)
    assert seen == [False]
    assert gc.isenabled()


def test_the_gc_pause_nests_survives_errors_and_leaves_a_disabled_gc_disabled():
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled(), "the inner exit must not turn it back on"
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
