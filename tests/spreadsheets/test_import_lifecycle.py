"""The import follows the plan's lifecycle (issue #17): an archived plan is read-only."""

import pytest

from plans import services
from plans.models import Plan
from spreadsheets.exporting import export_csv
from spreadsheets.services import import_plan

pytestmark = pytest.mark.django_db


def test_an_archived_plan_takes_no_import(seed_plan):
    data = export_csv(seed_plan)
    archived = services.change_status(seed_plan, Plan.Status.ARCHIVED, user=None)
    result = import_plan(data, filename="plan.csv", plan=archived, dry_run=False)
    assert not result.applied
    assert "arkiverad och kan inte ändras" in " ".join(i.message for i in result.file_errors)
