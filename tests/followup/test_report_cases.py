"""No lost text: the report cases from the field (shared/cases/p20–p22) and text with control
characters give PDFs and Word documents with every word typed, on the page."""

import datetime
import io
import logging
import re
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest
from django.core.management import call_command
from django.utils import timezone

from followup.models import FollowUp
from followup.report import render_report_pdf
from followup.tertial import Tertial
from followup.word import render_report_docx
from plans.models import Activity, Plan
from tests.followup.pdf_checks import body_text, pdfua_problems, squeeze, words_outside

CASES = Path(__file__).resolve().parents[3] / "shared" / "cases"
T1 = Tertial(2017, 1)
MM = 72 / 25.4
#: static/css/report.css: @page margin 22mm 16mm 18mm 16mm.
MARGINS = (22 * MM, 16 * MM, 18 * MM, 16 * MM)
#: The columns of the case files the report shows (Genomförande and Genomfört it does not).
SHOWN = ("Fokusområde", "Aktivitet", "Ansvarig", "Uppföljning")
STATUS_LINE = re.compile(r"^[^\n]*\(T\d \d{4}\)\n")


def typed_words(path: Path) -> list[str]:
    """Every word in the shown columns of the case file, as typed."""
    sheet = openpyxl.load_workbook(path, read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_index = next(i for i, row in enumerate(rows) if "Fokusområde" in row)
    header = rows[header_index]
    columns = [header.index(name) for name in SHOWN]
    words = []
    for row in rows[header_index + 1 :]:
        for index in columns:
            if index < len(row) and isinstance(row[index], str):
                # "Påbörjad (T1 2017)" on an Uppföljning's first line is the status, read by
                # the import; the report shows it as the status, not as the comment's words
                words += STATUS_LINE.sub("", row[index]).split()
    return words


def import_case(name: str) -> Plan:
    call_command(
        "import_plan",
        str(CASES / name),
        plan=name,
        create=True,
        period_start=datetime.date(2017, 1, 1),
        period_end=datetime.date(2017, 12, 31),
        tertial="T1 2017",
        stdout=io.StringIO(),
    )
    return Plan.objects.get(title=name)


pytestmark = pytest.mark.skipif(not CASES.is_dir(), reason="shared/cases is not beside the repo")


@pytest.fixture
def actors(seed_plan):
    """The case files name the seed plan's actors (KLK, BUF, SBF, SF, Lopo Täby)."""
    return seed_plan


@pytest.mark.parametrize(
    "case", ["p20_long_unbreakable.xlsx", "p21_tall_row.xlsx", "p22_emoji_glyphs.xlsx"]
)
def test_every_word_typed_is_in_the_pdf_and_inside_the_printable_area(case, actors, caplog):
    plan = import_case(case)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        data = render_report_pdf(plan, T1)
    missing_glyphs = [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()]
    assert missing_glyphs == []
    text = squeeze(body_text(data))
    words = typed_words(CASES / case)
    assert len(words) > 20
    assert [word for word in words if squeeze(word) not in text] == []
    assert words_outside(data, MARGINS) == []
    assert pdfua_problems(data) == []


def test_p20_the_focus_area_table_keeps_every_column_and_figure_on_the_page(actors):
    plan = import_case("p20_long_unbreakable.xlsx")
    data = render_report_pdf(plan, T1)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        table = next(t for t in page.find_tables() if "Fokusområde" in (t.extract()[0][0] or ""))
        rows = table.extract()
        assert len(rows[0]) == 10  # Fokusområde, Aktiviteter, Rapporterade, 5 statuses, 2 more
        assert table.bbox[2] <= float(page.width) - MARGINS[1] + 0.5
        assert [cell for cell in rows[-1][1:] if not (cell or "").strip().isdigit()] == []


def test_p21_a_table_continued_on_a_new_page_repeats_its_header_and_no_page_holds_only_a_heading(
    actors,
):
    plan = import_case("p21_tall_row.xlsx")
    data = render_report_pdf(plan, T1)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
    first = next(i for i, page in enumerate(pages) if "1. Trygg skolväg\n" in page)
    last = next(i for i, page in enumerate(pages) if "Punkt 081" in page)
    assert last > first
    for page in pages[first : last + 1]:
        assert "Fokusområde Aktivitet Genomförande Ansvarig Genomfört Uppföljning" in page
    for page in pages:
        lines = [line for line in page.splitlines() if line.strip()]
        assert len(lines) > 4, f"a page with only {lines}"


def test_control_characters_already_stored_never_break_the_pdf_or_the_word_file(
    seed_plan, coordinator
):
    activity = Activity.objects.filter(focus_area__plan=seed_plan).first()
    # as stored before input refused them (PostgreSQL cannot store NUL, so no NUL here)
    stored = "Word\x1etext med klocka\x07, \x1fmjukt bindestreck och\x0bradbrytning\x1b."
    entry = FollowUp.objects.create(
        activity=activity, year=2017, number=1, status="started", reported_at=timezone.now()
    )
    # update() skips save(), and so the cleaning every save does: stored as it was then
    FollowUp.objects.filter(pk=entry.pk).update(comment=stored)
    Activity.objects.filter(pk=activity.pk).update(title="Aktivitet\x1e2017\x0c")
    data = render_report_pdf(seed_plan, T1)
    text = squeeze(body_text(data))
    assert squeeze("Word-text med klocka, mjukt bindestreck och radbrytning.") in text
    word = docx.Document(io.BytesIO(render_report_docx(seed_plan, T1)))
    cells = [
        cell.text.replace("\u00ad", "")  # Word's optional hyphen (U+001F) is a soft hyphen
        for table in word.tables
        for row in table.rows
        for cell in row.cells
    ]
    assert any("Word-text med klocka, mjukt bindestreck och\nradbrytning." in c for c in cells)
    assert any("Aktivitet-2017" in c for c in cells)


@pytest.mark.parametrize("case", ["p20_long_unbreakable.xlsx", "p22_emoji_glyphs.xlsx"])
def test_every_word_typed_is_in_the_word_file(case, actors):
    plan = import_case(case)
    word = docx.Document(io.BytesIO(render_report_docx(plan, T1)))
    texts = [p.text for p in word.paragraphs]
    texts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    text = squeeze(" ".join(texts))
    assert [w for w in typed_words(CASES / case) if squeeze(w) not in text] == []


def test_web_and_mail_addresses_in_comments_break_but_are_never_hyphenated():
    from followup.templatetags.followup_tags import report_text

    html = report_text("Se vallentuna.se/stod och https://x.se/a?b=1 eller namn@kommun.se.\n<b>")
    assert '<span class="r-url">vallentuna.se/stod</span>' in html
    assert '<span class="r-url">https://x.se/a?b=1</span>' in html
    assert '<span class="r-url">namn@kommun.se</span>' in html
    assert html.endswith("<br>&lt;b&gt;")


def test_a_long_checklist_note_stays_inside_its_table_on_the_page(seed_plan):
    """The checklist annex is a table users write in too (the note: where and how)."""
    from plans.models import Assessment, RecommendationList

    seed_plan.checklist = RecommendationList.objects.get(slug="tolv-rekommendationer")
    seed_plan.save()
    url = "https://www.vallentuna.se/kommun-och-politik/" + "trygghet" * 14 + "/handlingsplan.pdf"
    word = "Trygghetssamordnings" + "nätverksmötes" * 12 + "protokoll"
    recommendation = seed_plan.checklist.recommendations.order_by("number").first()
    Assessment.objects.create(
        plan=seed_plan, recommendation=recommendation, state="yes", note=f"Se {url} och {word}."
    )
    data = render_report_pdf(seed_plan, T1, checklist=True)
    assert words_outside(data, MARGINS) == []
    text = squeeze(body_text(data))
    assert squeeze(url) in text and squeeze(word) in text
    # fixed columns: the long note does not squeeze the others to a letter per line
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = [w["text"] for page in pdf.pages for w in page.extract_words()]
    assert words.count("bedömd") >= 11 and "upp" in words  # "Ej bedömd" ×11, "Tas upp"
    assert not {"be", "dö", "bedö", "up"} & set(words)  # never broken inside a word
