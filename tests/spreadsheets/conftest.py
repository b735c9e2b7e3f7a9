import pytest

from actors.models import Actor


@pytest.fixture
def actors(seed_plan):
    """The seed's actors (KLK, BUF, SBF, SF, Lopo Täby …), without the seed plan (so that a
    new plan can take its title)."""
    seed_plan.delete()
    return {a.code: a for a in Actor.objects.all()}
