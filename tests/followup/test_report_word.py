"""The report as Word (.docx): the same report from the same context, built as Word expects."""

import datetime
import io

import docx
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn

from followup.models import Status
from followup.services import record_follow_up
from followup.tertial import Tertial
from followup.word import DOCX_CONTENT_TYPE, render_report_docx

T1 = Tertial(2017, 1)
PRODUCED = timezone.make_aware(datetime.datetime(2017, 5, 10, 9, 0))


def reported(seed_plan, activities, coordinator):
    for activity, status in zip(activities, [Status.DONE, Status.STARTED], strict=False):
        record_follow_up(
            activity=activity, tertial=T1, user=coordinator, status=status, comment="Klart."
        )
    return seed_plan


def test_headings_tables_with_repeated_header_rows_and_status_with_text(
    seed_plan, activities, coordinator
):
    plan = reported(seed_plan, activities, coordinator)
    document = docx.Document(io.BytesIO(render_report_docx(plan, T1, produced_at=PRODUCED)))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Handlingsplan mot våldsbejakande extremism 2016-2017")
    assert [name for name, _ in headings[1:]] == ["Heading 2"] * 7
    assert [text for _, text in headings[1:4]] == ["Syfte", "Mål", "Sammanfattning"]
    assert headings[-1][1] == "Förändringar sedan T3 2016"
    assert document.core_properties.title.startswith("Tertialrapport januari–april 2017")
    assert document.core_properties.language == "sv-SE"
    facts, counts, areas, *activity_tables = document.tables
    assert [c.text for c in facts.rows[0].cells] == ["Diarienummer", "KS 2016.371"]
    assert len(activity_tables) == 3
    for table in [counts, areas, *activity_tables]:
        header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
        assert header is not None and header.get(qn("w:val")) == "true"
    # the plan's table: Fokusområde, Aktivitet, Genomförande, Ansvarig, Genomfört (klart
    # senast), Uppföljning (status and comment)
    assert [c.text for c in activity_tables[0].rows[0].cells] == [
        "Fokusområde",
        "Aktivitet",
        "Genomförande",
        "Ansvarig",
        "Genomfört (klart senast)",
        "Uppföljning",
    ]
    first_rows = [c.text for c in activity_tables[0].rows[1].cells]
    assert first_rows[5].startswith("✓ Genomförd") and "Klart." in first_rows[5]
    assert [c.text for c in counts.rows[1].cells][0] == "○ Ej påbörjad"
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "Stapeldiagram: antal aktiviteter per status i varje fokusområde" in texts
    assert "Planen har 8 aktiviteter. 2 av dem är rapporterade för tertialen (25 %)" in texts


def test_the_report_page_links_to_word_beside_the_pdf_and_the_download_needs_login(
    client, seed_plan, reader
):
    url = reverse("followup:report_docx", args=[seed_plan.slug, 2017, 1])
    assert client.get(url).status_code == 302
    client.force_login(reader)
    page = client.get(reverse("followup:report", args=[seed_plan.slug, 2017, 1])).content.decode()
    assert page.index("Ladda ned PDF") < page.index("Ladda ned Word")
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == DOCX_CONTENT_TYPE
    assert 'filename="vbe-2016-2017-2017-t1.docx"' in response["Content-Disposition"]
    assert docx.Document(io.BytesIO(response.content)).paragraphs
    assert (
        client.get(reverse("followup:report_docx", args=["finns-inte", 2017, 1])).status_code == 404
    )
    assert (
        client.get(reverse("followup:report_docx", args=[seed_plan.slug, 2017, 4])).status_code
        == 404
    )


def test_a_user_without_the_right_to_read_plans_gets_403(client, seed_plan, make_user):
    client.force_login(make_user(role=None))
    url = reverse("followup:report_docx", args=[seed_plan.slug, 2017, 1])
    assert client.get(url).status_code == 403


def test_tertial_report_writes_word_with_format_docx(seed_plan, tmp_path):
    out = tmp_path / "rapport.bin"
    stdout = io.StringIO()
    call_command(
        "tertial_report",
        plan="KS 2016.371",
        tertial="T1 2017",
        output=str(out),
        format="docx",
        stdout=stdout,
    )
    assert "DOCX" in stdout.getvalue()
    assert docx.Document(str(out)).paragraphs[1].text.startswith("Handlingsplan")
    call_command(
        "tertial_report",
        plan="KS 2016.371",
        tertial="T1 2017",
        output=str(out),
        format="pdf",
        stdout=io.StringIO(),
    )
    assert out.read_bytes().startswith(b"%PDF")
