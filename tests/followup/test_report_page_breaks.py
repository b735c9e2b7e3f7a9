"""The report PDF keeps a table row on one page, and never hyphenates an address.

A row that fits on a page moves whole to the next page (under the repeated header row) rather
than leave its figures on one page and its label on the next; only a row taller than a page
runs onto the next. Web and e-mail addresses and long identifiers, in any column users write,
break without a hyphen being added. Checked from the PDF itself: the pages each row of its
structure tree is drawn on, and its text.
"""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from followup.contribution_models import Contribution
from followup.models import Assessment, FollowUp
from followup.report import render_report_pdf
from followup.templatetags.followup_tags import report_text, tall_row
from followup.tertial import Tertial
from plans.models import Activity
from tests.followup.pdf_checks import body_text, row_pages, squeeze
from tests.followup.test_report_cases import CASES, import_case

T1 = Tertial(2017, 1)
T3 = Tertial(2017, 3)
#: About three lines of the activity table's Uppföljning column.
SENTENCE = "Trygghetsvandring genomförd med elever, vårdnadshavare och fastighetsägare."
URL = (
    "https://www.example-kommun.se/download/18.4a2b3c4d5e6f7a8b9c0d1e2f/1493724000000/"
    "Sammanst%C3%A4llning_trygghetsvandringar_till_kommunstyrelsen_inklusive_bilagor.pdf"
)
MAIL = "trygghetssamordnare.kommunstyrelsen@example-kommun.se"
IDENTIFIER = "KS2016-0371-4a2b3c4d5e6f7a8b9c0d1e2f"


def split_rows(data: bytes) -> list[str]:
    """The rows drawn on more than one page: 'pages: the row's first words'."""
    return [f"{pages}: {text[:60]}" for text, pages in row_pages(data) if len(pages) > 1]


def unbroken(data: bytes) -> str:
    """The PDF's text without white space: a word broken over lines reads whole, and a hyphen
    that hyphenation added (U+2010) stays, to be seen."""
    return re.sub(r"\s", "", body_text(data))


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
def test_p20_rows_stay_whole_and_the_address_in_an_activity_is_not_hyphenated(seed_plan):
    """p20: row 1.1 no longer leaves its Uppföljning (a long address) to the next page, and
    the address in activity 1.2's title breaks without hyphens, as in the Uppföljning."""
    plan = import_case("p20_long_unbreakable.xlsx")
    data = render_report_pdf(plan, T1)
    assert split_rows(data) == []
    text = unbroken(data)
    address = (
        "https://www.example-kommun.se/download/18.4a2b3c4d5e6f7a8b9c0d1e2f/1493724000000/"
        "Sammanst%C3%A4llning_trygghetsvandringar_v%C3%A5ren_2017_slutversion_till_"
        "kommunstyrelsen_inklusive_bilagor_och_kartor_%C3%B6ver_samtliga_skolomr%C3%A5den_"
        "i_kommunen.pdf"
    )
    assert text.count(address) == 2  # the activity's title and the follow-up's comment
    # the Swedish words still are hyphenated (in the Uppföljning and the focus area's name)
    assert "\u2010" in text


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


def test_addresses_and_identifiers_are_never_hyphenated_in_any_column_users_write(
    seed_plan, coordinator
):
    """In the activity's title, its genomförande, the follow-up's comment, an actor's
    contribution (the appendix) and the samlad bedömning."""
    typed = f"Se {URL}, skriv till {MAIL} och ange {IDENTIFIER} i ärendet."
    activity = Activity.objects.filter(focus_area__plan=seed_plan).order_by("pk").first()
    Activity.objects.filter(pk=activity.pk).update(title=typed, implementation=typed)
    FollowUp.objects.create(
        activity=activity,
        year=T1.year,
        number=T1.number,
        status="started",
        comment=typed,
        reported_at=timezone.now(),
    )
    Contribution.objects.create(
        activity=activity,
        actor=activity.responsible.first(),
        year=T1.year,
        number=T1.number,
        status="started",
        comment=typed,
        given_at=timezone.now(),
    )
    Assessment.objects.create(plan=seed_plan, year=T1.year, number=T1.number, text=typed)
    data = render_report_pdf(seed_plan, T1, contributions=True)
    text = unbroken(data)
    # the title twice (the activity's table and the appendix), and each of the other texts
    for kept in (URL, MAIL, IDENTIFIER):
        assert text.count(kept) == 6, kept


def test_report_text_keeps_addresses_and_identifiers_from_hyphenation():
    html = report_text(f"Se {URL} och {MAIL}, ärende {IDENTIFIER}, fil plan_2017.pdf.\n2016-2017")
    for kept in (URL, MAIL, IDENTIFIER, "plan_2017.pdf"):
        assert f'<span class="r-url">{kept}</span>' in html
    # words, dates and years stay words, hyphenated by the language's rules
    assert '<span class="r-url">' not in report_text("Trygghetssamordnaren 30 april 2016-2017")
    assert html.endswith("<br>2016-2017")


def test_a_row_is_marked_tall_only_when_it_may_not_fit_on_a_page():
    assert not tall_row("Kartlägga otrygga platser", "Klart.", "")
    assert not tall_row(" ".join([SENTENCE] * 8))  # about 600 characters
    assert tall_row(" ".join([SENTENCE] * 30))  # about 2,300 characters
    assert tall_row("\n".join(f"Punkt {n:03}" for n in range(60)))  # many short lines
    assert tall_row("年" * 800)  # wide characters take two places
    assert not tall_row("a" * 800)
