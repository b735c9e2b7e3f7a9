"""The report PDF keeps a table row on one page.

A row that fits on a page moves whole to the next page (under the repeated header row) rather
than leave its figures on one page and its label on the next; only a row taller than a page
runs onto the next. Checked from the PDF itself: the pages each row of its structure tree is
drawn on.
"""

import pytest
from django.core.management import call_command
from django.utils import timezone

from followup.models import FollowUp
from followup.report import render_report_pdf
from followup.templatetags.followup_tags import tall_row
from followup.tertial import Tertial
from plans.models import Activity
from tests.followup.pdf_checks import row_pages, squeeze
from tests.followup.test_report_cases import CASES, import_case

T1 = Tertial(2017, 1)
T3 = Tertial(2017, 3)
#: About three lines of the activity table's Uppföljning column.
SENTENCE = "Trygghetsvandring genomförd med elever, vårdnadshavare och fastighetsägare."


def split_rows(data: bytes) -> list[str]:
    """The rows drawn on more than one page: 'pages: the row's first words'."""
    return [f"{pages}: {text[:60]}" for text, pages in row_pages(data) if len(pages) > 1]


def test_the_demo_full_year_report_keeps_each_row_on_one_page(seed_plan):
    """The QA finding: in Per fokusområde, the row of focus area 3 had its figures at the
    bottom of page 1 and its label on page 2."""
    call_command("loaddata", "vallentuna_2016_2017_uppfoljning", verbosity=0)
    data = render_report_pdf(seed_plan, T3)
    rows = row_pages(data)
    assert len(rows) > 20
    assert split_rows(data) == []
    area_3 = next(pages for text, pages in rows if text.startswith("3. Öka kunskap om råd"))
    assert len(area_3) == 1


def test_rows_of_a_table_over_several_pages_each_stay_on_one_page(make_plan):
    """Fifty activities with comments of one to eleven lines: the activity tables run over
    several pages, and every page ends between two rows."""
    plan = make_plan(2, 25)
    activities = Activity.objects.filter(focus_area__plan=plan).order_by(
        "focus_area__order", "order"
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            activity=activity,
            year=T1.year,
            number=T1.number,
            status="started",
            comment=" ".join([SENTENCE] * (1 + index * 7 % 11)),
            reported_at=timezone.now(),
        )
        for index, activity in enumerate(activities)
    )
    data = render_report_pdf(plan, T1)
    rows = row_pages(data)
    activity_rows = [pages for text, pages in rows if "Trygghetsvandring" in text]
    assert len(activity_rows) == 50
    assert len({page for pages in activity_rows for page in pages}) >= 4
    assert split_rows(data) == []


@pytest.mark.skipif(not CASES.is_dir(), reason="shared/cases is not beside the repo")
def test_p20_row_1_1_keeps_its_uppfoljning(seed_plan):
    """p20: row 1.1 no longer leaves its Uppföljning (a long address) to the next page."""
    plan = import_case("p20_long_unbreakable.xlsx")
    data = render_report_pdf(plan, T1)
    assert split_rows(data) == []


@pytest.mark.skipif(not CASES.is_dir(), reason="shared/cases is not beside the repo")
def test_p21_only_the_row_taller_than_a_page_runs_onto_the_next(seed_plan):
    plan = import_case("p21_tall_row.xlsx")
    data = render_report_pdf(plan, T1)
    split = [(text, pages) for text, pages in row_pages(data) if len(pages) > 1]
    assert len(split) == 1
    text, pages = split[0]
    assert squeeze("1.1 Kartlägga otrygga platser") in squeeze(text)
    assert squeeze(text).endswith(squeeze("Punkt 081: åtgärd ge"))  # the case's last words
    assert len(pages) >= 4


def test_a_row_is_marked_tall_only_when_it_may_not_fit_on_a_page():
    assert not tall_row("Kartlägga otrygga platser", "Klart.", "")
    assert not tall_row(" ".join([SENTENCE] * 8))  # about 600 characters
    assert tall_row(" ".join([SENTENCE] * 30))  # about 2,300 characters
    assert tall_row("\n".join(f"Punkt {n:03}" for n in range(60)))  # many short lines
    assert tall_row("年" * 800)  # wide characters take two places
    assert not tall_row("a" * 800)
