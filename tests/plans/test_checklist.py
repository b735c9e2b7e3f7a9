"""The twelve recommendations as data, suggestions from the plan's data, assessments (#17)."""

import pytest
from django.urls import reverse

from actors.models import Actor
from plans import services
from plans.checklist import plan_checklist
from plans.models import Assessment, Recommendation, RecommendationList

pytestmark = pytest.mark.django_db


def test_the_migration_loads_the_twelve_recommendations(recommendations):
    checklist = RecommendationList.objects.get(slug="tolv-rekommendationer")
    titles = list(checklist.recommendations.values_list("title", flat=True))
    assert len(titles) == 12
    assert titles[2] == "Nödvändiga samverkansaktörer"
    assert titles[11] == "Följ upp det förebyggande arbetet kontinuerligt"


def _rows(plan):
    _checklist, rows = plan_checklist(plan)
    return {row.recommendation.number: row for row in rows}


def test_suggestions_from_the_seed_plan(seed_plan):
    rows = _rows(seed_plan)
    actors = rows[3].suggestion
    assert "Skola (BUF)" in actors.text and "Polis (Lopo Täby)" in actors.text
    assert "Socialtjänst (SF)" in actors.text and "Fritid (KFF)" in actors.text
    assert "Kommunens säkerhetsfunktion (Trygghetssamordnaren)" in actors.text
    assert actors.met
    situation = rows[4].suggestion
    assert situation.met and "aktivitet 1.1" in situation.text
    assert rows[5].suggestion.met and "trygghetssamordnare" in rows[5].suggestion.text
    follow_up = rows[12].suggestion
    assert not follow_up.met and "Inga tertialer rapporterade" in follow_up.text
    assert rows[6].suggestion is None


def test_suggestions_follow_the_data(seed_plan):
    from vallentuna.history import load_fixtures

    load_fixtures("vallentuna_2016_2017_uppfoljning")
    area = seed_plan.focus_areas.first()
    services.add_activity(area, title="Utvärdering av arbetet", user=None, responsible=[])
    follow_up = _rows(seed_plan)[12].suggestion
    assert follow_up.met and "T3 2017" in follow_up.text and "aktivitet 1.2" in follow_up.text
    # without the police among the responsible, Polis is missing
    police = Actor.objects.get(code="Lopo Täby")
    for activity in police.activities.all():
        activity.responsible.remove(police)
    actors = _rows(seed_plan)[3].suggestion
    assert not actors.met and "Saknas: Polis." in actors.text


def test_admins_can_give_another_kind_of_plan_its_own_list(seed_plan):
    other = RecommendationList.objects.create(name="Brottsförebyggande", slug="bf")
    Recommendation.objects.create(checklist=other, number=1, title="Lokal samverkan")
    seed_plan.checklist = other
    seed_plan.save()
    assert [r.recommendation.title for r in _rows(seed_plan).values()] == ["Lokal samverkan"]


def test_the_coordinator_marks_an_assessment(client, seed_plan, coordinator):
    client.force_login(coordinator)
    activity = seed_plan.focus_areas.first().activities.first()
    url = reverse("plans:assessment", args=[seed_plan.slug, 4])
    assert "Förslag ur planens data" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "state": "yes",
            "note": "Fokusområde 1",
            "activities": [activity.pk],
            "texts": ["situation"],
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(plan=seed_plan, recommendation__number=4)
    assert assessment.state == "yes" and list(assessment.activities.all()) == [activity]
    assert assessment.texts == ["situation"]
    assert assessment.history.first().history_user == coordinator
    page = client.get(seed_plan.get_absolute_url()).content.decode()
    assert "Fokusområde 1" in page and "Lägesbild" in page


def test_readers_see_the_checklist_but_may_not_mark_it(client, seed_plan, make_user):
    from actors.permissions import ROLE_READER

    client.force_login(make_user(ROLE_READER))
    page = client.get(seed_plan.get_absolute_url()).content.decode()
    assert "Nödvändiga samverkansaktörer" in page and "Bedöm" not in page
    url = reverse("plans:assessment", args=[seed_plan.slug, 4])
    assert client.post(url, {"state": "yes"}).status_code == 403
    assert not Assessment.objects.exists()


def test_a_first_assessment_in_two_tabs_does_not_silently_replace_the_other(
    client, seed_plan, coordinator, make_user
):
    """Both tabs showed the recommendation never assessed (version 0): the second save is
    refused, shows the saved version beside the form, and a save after that overwrites."""
    from actors.permissions import ROLE_ADMIN

    other = make_user(ROLE_ADMIN, first_name="Anna", last_name="Admin")
    url = reverse("plans:assessment", args=[seed_plan.slug, 4])
    client.force_login(other)
    assert 'name="version" value="0"' in client.get(url).content.decode()
    first = {"state": "yes", "note": "Annas svar", "version": "0"}
    assert client.post(url, first).status_code == 302
    client.force_login(coordinator)
    second = {"state": "no", "note": "Saras svar", "version": "0"}
    response = client.post(url, second)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Anna Admin sparade avstämningen efter att du öppnade sidan." in page
    assert "Den sparade versionen" in page and "Annas svar" in page  # theirs
    assert "Saras svar" in page  # and mine, still in the form
    assessment = Assessment.objects.get(plan=seed_plan, recommendation__number=4)
    assert (assessment.state, assessment.note) == ("yes", "Annas svar")
    again = {**second, "version": str(assessment.version)}  # the form now carries theirs
    assert f'name="version" value="{assessment.version}"' in page
    assert client.post(url, again).status_code == 302
    assessment.refresh_from_db()
    assert assessment.note == "Saras svar"
