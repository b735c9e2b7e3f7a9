import pytest
from django.utils import translation

from actors.models import Actor, Contact
from actors.permissions import ROLE_READER, ROLE_REPORTER
from plans.models import Activity


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test's filed and cached PDFs in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    translation.deactivate()  # an English request leaves its language active in the thread


@pytest.fixture
def reporter(make_user):
    """A Rapportör for BUF (responsible for activities 2, 4, 5, 6, 7, 8 of the seed plan)."""
    return make_user(
        role=ROLE_REPORTER, actors=("BUF",), first_name="Rikard", last_name="Rapportör"
    )


@pytest.fixture
def reader(make_user):
    return make_user(role=ROLE_READER)


@pytest.fixture
def activities(seed_plan):
    """The seed plan's activities in plan order."""
    return list(
        Activity.objects.filter(focus_area__plan=seed_plan).order_by("focus_area__order", "order")
    )


@pytest.fixture
def actors(seed_plan):
    """The seed's actors by code (KLK, BUF, KFF, SF, SBF, Lopo Täby …)."""
    return {a.code: a for a in Actor.objects.all()}


@pytest.fixture
def police_contact(actors):
    """Polly at the police: a contact person without an account."""
    return Contact.objects.create(
        actor=actors["Lopo Täby"], name="Polly Polis", email="polly@example.org"
    )
