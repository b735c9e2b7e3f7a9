"""Counts with a noun are worded with ngettext: '1 activity', '2 activities' (and Swedish
'1 aktivitet', '2 aktiviteter'), in the chart's description, the summary and Word."""

import io

import docx
import pytest
from django.template.loader import render_to_string
from django.utils import translation

from followup.report import report_context
from followup.tertial import Tertial
from followup.word import render_report_docx

T1 = Tertial(2017, 1)


@pytest.fixture
def one_each(make_plan):
    """Two focus areas of one activity each."""
    return make_plan(2, 1)


def word_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def test_the_chart_description_and_summary_count_in_singular_and_plural(one_each, make_plan):
    with translation.override("en"):
        context = report_context(one_each, T1)
        single = report_context(make_plan(1, 1), T1)
    description = context["chart"]["description"]
    assert "1. Fokusområde 1: 1 activity," in description and "1 activities" not in description
    assert context["summary_text"].startswith("The plan has 2 activities.")
    assert single["summary_text"].startswith("The plan has 1 activity.")
    assert "1 of them are" not in single["summary_text"]
    with translation.override("sv"):
        swedish = report_context(one_each, T1)
        plural = report_context(make_plan(1, 3), T1)
    assert "1. Fokusområde 1: 1 aktivitet," in swedish["chart"]["description"]
    assert "1. Fokusområde 1: 3 aktiviteter," in plural["chart"]["description"]
    assert plural["summary_text"].startswith("Planen har 3 aktiviteter. 0 av dem är rapporterade")


def test_the_word_report_s_chart_description_is_singular_for_one(one_each):
    text = word_text(render_report_docx(one_each, T1, language="en"))
    assert "Fokusområde 1: 1 activity," in text and "1 activities" not in text
    assert "The plan has 2 activities." in text


def test_the_pdf_job_page_counts_its_seconds(seed_plan):
    job = {"state": "queued", "pending": True, "pk": 1}
    context = {"plan": seed_plan, "tertial": T1, "job": job}
    with translation.override("en"):
        assert "every second " in render_to_string(
            "reports/_pdf_status.html", {**context, "poll_seconds": 1}
        )
        assert "every 3 seconds" in render_to_string(
            "reports/_pdf_status.html", {**context, "poll_seconds": 3}
        )
    with translation.override("sv"):
        assert "med 3 sekunders mellanrum" in render_to_string(
            "reports/_pdf_status.html", {**context, "poll_seconds": 3}
        )
