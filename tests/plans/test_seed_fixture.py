"""The adopted plan, as loaded from fixtures/, matches the source document word for word."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings

from actors.models import Actor, Network
from plans.models import Activity, FocusArea, Plan

SOURCE = Path(settings.BASE_DIR) / "docs" / "source" / "handlingsplan-vallentuna-2016-2017.txt"
pytestmark = pytest.mark.django_db


def source_rows() -> list[dict]:
    """The rows of the plan table in the source document (tab-separated, focus area carried down)."""
    rows, focus_area = [], None
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) < 5 or cells[0] == "Fokusområde":
            continue
        focus_area = cells[0] or focus_area
        rows.append(
            {
                "focus_area": focus_area,
                "title": re.sub(r"</?i>", "", cells[1]),
                "implementation": re.sub(r"</?i>", "", cells[2]),
                "responsible": cells[3],
                "deadline": datetime.date.fromisoformat(cells[4]),
            }
        )
    return rows


def codes_written(responsible: str) -> set[str]:
    """'KLK, SF, och Lopo Täby' → {'KLK', 'SF', 'Lopo Täby'}; print hyphenation undone."""
    parts = re.split(
        r",\s*och\s+|,\s*|\s+och\s+", responsible.replace("-samordnaren", "samordnaren")
    )
    return {p.strip() for p in parts if p.strip()}


def test_the_source_document_has_eight_activities_in_three_focus_areas():
    rows = source_rows()
    assert len(rows) == 8
    assert len({r["focus_area"] for r in rows}) == 3


def test_every_activity_is_stored_exactly_as_in_the_source(seed_plan):
    stored = list(
        Activity.objects.filter(focus_area__plan=seed_plan)
        .select_related("focus_area")
        .prefetch_related("responsible")
        .order_by("focus_area__order", "order")
    )
    rows = source_rows()
    assert len(stored) == len(rows) == 8
    for activity, row in zip(stored, rows, strict=True):
        assert activity.focus_area.title == row["focus_area"]
        assert activity.title == row["title"]
        assert activity.implementation == row["implementation"]
        assert activity.deadline == row["deadline"]
        assert {a.code for a in activity.responsible.all()} == codes_written(row["responsible"])


def test_the_plan_carries_its_decision_and_texts(seed_plan):
    assert seed_plan.title == "Handlingsplan mot våldsbejakande extremism 2016-2017"
    assert seed_plan.registration_number == "KS 2016.371"
    assert seed_plan.decision_paragraph == "§138"
    assert seed_plan.decision_body == "Kommunstyrelsens arbetsutskott"
    assert seed_plan.status == Plan.Status.ADOPTED
    assert seed_plan.goal == "Vallentuna ska vara ett samhälle fritt från våldsbejakande extremism."
    assert (
        seed_plan.follow_up_text
        == "Handlingsplanen följs upp och presenteras via tertiärrapporten."
    )
    assert (
        "- Minska risken att personer i kommunen lockas in i våldsbejakande extremism."
        in seed_plan.purpose
    )
    assert seed_plan.definition.startswith(
        "Med våldsbejakande extremism avses ideologier, rörelser"
    )
    text = SOURCE.read_text(encoding="utf-8")
    for field in (
        "introduction",
        "purpose",
        "definition",
        "governance",
        "situation",
        "focus",
        "decision_text",
    ):
        paragraphs = [p for p in getattr(seed_plan, field).split("\n\n") if p]
        assert paragraphs, field
        for paragraph in paragraphs:
            assert paragraph in text, (field, paragraph[:60])


def test_focus_areas_are_ordered_as_adopted(seed_plan):
    assert list(FocusArea.objects.filter(plan=seed_plan).values_list("title", flat=True)) == [
        "Lokal lägesbild om våldsbejakande extremism",
        "Öka kunskap om våldsbejakande extremism",
        "Öka kunskap om råd och stöd vid oro för våldsbejakande extremism",
    ]


def test_responsible_actors_are_written_back_as_the_plan_writes_them(seed_plan):
    written = [
        a.responsible_display()
        for a in Activity.objects.with_related().order_by("focus_area__order", "order")
    ]
    assert written[0] == "Trygghetssamordnaren och Lopo Täby"
    assert written[1] == "KLK, BUF, KFF, SF och Lopo Täby"
    assert written[2] == "KLK, SF och Lopo Täby"


def test_the_abbreviation_legend_and_the_trygghetssamordnare_are_actors(seed_plan):
    legend = {
        "KLK": "Kommunledningskontoret",
        "KFF": "Kultur- och fritidsförvaltningen",
        "SBF": "Samhällsbyggnadsförvaltningen",
        "BUF": "Barn och ungdomsförvaltningen",
        "SF": "Socialförvaltningen",
        "Lopo Täby": "Lokalpolisområde Täby",
    }
    for code, name in legend.items():
        assert Actor.objects.get(code=code).name == name
    lopo = Actor.objects.get(code="Lopo Täby")
    assert lopo.kind == Actor.Kind.AUTHORITY
    assert (
        lopo.description
        == "Danderyds kommun, Täby kommun, Vallentuna kommun, Vaxholms stad och Österåker kommun"
    )
    tsam = Actor.objects.get(code="Trygghetssamordnaren")
    assert tsam.parent.code == "KLK"
    assert tsam.kind == Actor.Kind.FUNCTION
    assert "Trygghets-samordnaren" in tsam.alias_list


def test_tryggare_vallentuna_has_its_two_groups_and_named_positions(seed_plan):
    network = Network.objects.get(name="Tryggare Vallentuna")
    assert seed_plan.network == network
    assert {a.code for a in network.actors.all()} == {
        "KLK",
        "SBF",
        "SF",
        "BUF",
        "KFF",
        "Lopo Täby",
        "SSBF",
    }
    groups = {g.name: g for g in network.groups.all()}
    assert list(groups) == ["Ledningsgrupp", "Nätverksgrupp"]
    lead = [
        (p.title, p.actor.code) for p in groups["Ledningsgrupp"].positions.select_related("actor")
    ]
    assert lead[0] == ("kommundirektör", "KLK")
    assert ("kommunpolis", "Lopo Täby") in lead
    assert ("enhetschef", "SSBF") in lead
    assert len(lead) == 10
    net = [
        (p.title, p.actor.code) for p in groups["Nätverksgrupp"].positions.select_related("actor")
    ]
    assert ("verksamhetschef, Vallentuna brandstation", "SSBF") in net
    assert ("säkerhetsingenjör", "SBF") in net
    assert ("Fältgruppen", "KFF") in net
    assert len(net) == 10
