"""Bad files get a clear Swedish message, no 500 and no partial data."""

import io
import pathlib
import tracemalloc
import zipfile

import openpyxl
import pytest

from plans.models import Activity, FocusArea, Plan
from spreadsheets.services import NewPlan, import_plan
from tests.spreadsheets.files.workbooks import HEADER, seed_workbook, simple_workbook, to_bytes

FILES = pathlib.Path(__file__).parent / "files"


def _import(data: bytes, filename: str = "plan.xlsx", **kwargs):
    return import_plan(
        data, filename=filename, new_plan=NewPlan("Ny plan 2017"), dry_run=False, **kwargs
    )


def _only_error(result) -> str:
    assert not result.applied
    assert len(result.errors) == 1, result.errors
    return str(result.errors[0])


@pytest.fixture(autouse=True)
def _actors(seed_plan):
    """The seed's actors exist; nothing created by a rejected import may appear."""
    yield
    assert not Plan.objects.filter(title="Ny plan 2017").exists()


def test_a_picture_renamed_to_xlsx_is_not_a_spreadsheet(db):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    message = _only_error(_import(png, "plan.xlsx"))
    assert "inte ett kalkylark" in message
    assert "plan.xlsx" in message


def test_a_text_file_renamed_to_xlsx_is_not_a_spreadsheet(db):
    message = _only_error(_import("Fokusområde;Aktivitet\n".encode(), "plan.xlsx"))
    assert "inte ett kalkylark" in message


def test_a_zip_that_is_not_a_workbook_is_refused(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hej")
    assert "ingen Excel-arbetsbok" in _only_error(_import(buffer.getvalue()))


def test_a_truncated_workbook_is_refused(db):
    data = seed_workbook()
    message = _only_error(_import(data[: len(data) // 2]))
    assert "skadad" in message or "kunde inte läsas" in message


def test_an_empty_workbook_is_refused(db):
    assert "Arbetsboken är tom" in _only_error(_import(to_bytes(openpyxl.Workbook())))


def test_an_empty_file_is_refused(db):
    assert "Filen är tom" in _only_error(_import(b""))


def test_a_password_protected_workbook_is_refused_with_advice(db):
    data = (FILES / "password-protected.xlsx").read_bytes()
    message = _only_error(_import(data))
    assert "lösenordsskyddad" in message
    assert "Ta bort lösenordet" in message


def test_an_old_xls_file_is_refused_with_advice(db):
    ole_without_encryption = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000
    assert "(.xls)" in _only_error(_import(ole_without_encryption, "plan.xls"))


def test_a_file_over_the_size_limit_is_refused_before_reading(db, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    message = _only_error(_import(seed_workbook()))
    assert "för stor" in message
    assert "MB" in message


def test_a_zip_bomb_is_refused_before_it_is_expanded(db):
    """150 MB of zeros compress to about 150 kB: far below the upload limit, far above the
    uncompressed limit (100 MB). It is refused from the zip's directory alone."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(150):
                member.write(chunk)
    bomb = buffer.getvalue()
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    try:
        message = _only_error(_import(bomb))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "packas upp" in message
    assert peak < 10 * 1024 * 1024  # never expanded into memory


def test_a_workbook_without_the_table_says_which_columns_it_needs(db):
    data = simple_workbook([["x", "y"]], header=["Namn", "Telefon"])
    message = _only_error(_import(data))
    assert "Hittade ingen tabell" in message
    assert "Fokusområde, Aktivitet, Genomförande, Ansvarig och Genomfört" in message


def test_a_missing_required_column_is_named(db):
    header = [h for h in HEADER if h != "Genomfört"]
    message = _only_error(_import(simple_workbook([["A", "B", "C", "KLK", ""]], header=header)))
    assert "Kolumnen Genomfört saknas" in message
    assert "rad 1" in message


def test_a_table_with_only_a_header_is_refused(db):
    assert "inga rader" in _only_error(_import(simple_workbook([])))


def test_nothing_is_written_when_a_file_is_refused(db):
    before = (Activity.objects.count(), FocusArea.objects.count(), Plan.objects.count())
    _import(b"not a spreadsheet")
    assert (Activity.objects.count(), FocusArea.objects.count(), Plan.objects.count()) == before


def test_openpyxl_parses_xml_with_defusedxml():
    """openpyxl guards against XML bombs only when defusedxml is installed."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_a_file_with_more_rows_than_the_limit_is_refused(db, settings):
    settings.IMPORT_MAX_ROWS = 5
    message = _only_error(_import(seed_workbook()))
    assert "fler än 5 rader" in message
