"""manage.py import_plan / export_plan: the same service, a summary and an exit status."""

import io
import logging

import pytest
from django.core.management import CommandError, call_command

from plans.models import Activity, Plan
from tests.spreadsheets.files.workbooks import PLAN_TITLE, SEED_ROWS, seed_workbook


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(seed_workbook())
    return path


@pytest.fixture
def fresh(seed_plan):
    seed_plan.delete()


def test_create_imports_the_file_into_a_new_plan_as_the_given_user(workbook, fresh, make_user):
    user = make_user(username="kalle")
    output = run(str(workbook), "--plan", PLAN_TITLE, "--create", "--user", "kalle")
    assert "Nya: 8, ändras: 0, oförändrade: 0, med fel: 0." in output
    assert "Importen är klar." in output
    plan = Plan.objects.get(title=PLAN_TITLE)
    added = Activity.history.filter(focus_area__plan=plan)
    assert set(added.values_list("history_user", flat=True)) == {user.pk}


def test_an_import_from_the_command_line_is_in_the_security_log(workbook, fresh, make_user, caplog):
    make_user(username="kalle")
    caplog.set_level(logging.INFO, logger="security")
    run(str(workbook), "--plan", PLAN_TITLE, "--create", "--user", "kalle")
    (line,) = [r.getMessage() for r in caplog.records if r.name == "security"]
    plan = Plan.objects.get(title=PLAN_TITLE)
    assert 'event="import"' in line and 'user="kalle#' in line
    assert 'source="manage.py import_plan"' in line and 'filename="plan.xlsx"' in line
    assert f'plan_id="{plan.pk}"' in line and 'outcome="saved"' in line
    caplog.clear()
    run(str(workbook), "--plan", PLAN_TITLE, "--dry-run")  # a preview changes nothing
    assert not [r for r in caplog.records if r.name == "security"]


def test_dry_run_prints_the_summary_and_writes_nothing(workbook, fresh):
    output = run(str(workbook), "--plan", PLAN_TITLE, "--create", "--dry-run")
    assert "Nya: 8" in output
    assert "inget sparades" in output
    assert not Plan.objects.filter(title=PLAN_TITLE).exists()


def test_reimport_by_title_or_id_reports_every_row_unchanged(workbook, seed_plan):
    assert "oförändrade: 8" in run(str(workbook), "--plan", seed_plan.title.upper())
    assert "oförändrade: 8" in run(str(workbook), "--plan", str(seed_plan.pk))
    assert "oförändrade: 8" in run(str(workbook), "--plan", "KS 2016.371")


def test_errors_are_all_printed_and_the_exit_status_is_not_zero(tmp_path, seed_plan):
    rows = list(SEED_ROWS)
    rows[0] = (*rows[0][:3], "Okänd förvaltning", rows[0][4])
    rows[1] = (*rows[1][:4], "i vår")
    path = tmp_path / "fel.xlsx"
    path.write_bytes(seed_workbook(rows))
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 fel. Inget sparades"):
        call_command("import_plan", str(path), "--plan", str(seed_plan.pk), stdout=out)
    printed = out.getvalue()
    assert "Okänd aktör ”Okänd förvaltning”" in printed
    assert "”i vår” är inte ett datum" in printed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "Finns inte"], "Använd --create"),
        (["--plan", "KS 2016.371", "--user", "nobody"], "ingen användare"),
        (["--plan", "KS 2016.371", "--tertial", "vår"], "inte en tertial"),
        (["--plan", "Ny", "--create", "--period-start", "1-01-01"], "”1-01-01” är inget datum"),
    ],
)
def test_bad_arguments_are_refused(workbook, seed_plan, args, message):
    with pytest.raises(CommandError, match=message):
        run(str(workbook), *args)


def test_export_plan_writes_a_file_that_imports_unchanged(tmp_path, seed_plan):
    path = tmp_path / "ut.xlsx"
    call_command("export_plan", "--plan", "KS 2016.371", "-o", str(path), stdout=io.StringIO())
    assert "oförändrade: 8" in run(str(path), "--plan", "KS 2016.371", "--dry-run")
