import pytest

from actors.permissions import ROLE_READER, ROLE_REPORTER
from plans.models import Activity


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
