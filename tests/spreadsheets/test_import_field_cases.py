"""Spreadsheets from the field (issue 12): every file is read right, or refused with a
message that says where and what to do. The x* and c* files are the cases of
shared/cases (README there); the .ods and .xls files were written by LibreOffice 7.4."""

import datetime
import io
import pathlib
import zipfile

import openpyxl
import pytest

from followup.models import FollowUp
from plans.models import Activity, ImportReceipt, Plan
from spreadsheets.exporting import export_csv, export_xlsx
from spreadsheets.importing.results import ERROR, NEW
from spreadsheets.services import import_plan
from tests.spreadsheets.files.workbooks import SEED_ROWS, seed_workbook, simple_workbook
from tests.spreadsheets.imports import error_texts, import_new_plan, imported_activities

FILES = pathlib.Path(__file__).parent / "files"
CASE_TITLE = "Handlingsplan för en tryggare kommun 2017"
TITLES = [
    "Kartlägga otrygga platser längs skolvägarna",
    "Förbättra belysningen vid busshållplatser",
    "Ta fram en broschyr om stöd vid oro",
]
DEADLINES = [datetime.date(2017, 4, 30), datetime.date(2017, 8, 31), datetime.date(2017, 12, 31)]


def run(name_or_bytes, filename: str = "", *, dry_run: bool = False, title: str = "Test", **kw):
    if isinstance(name_or_bytes, str):
        data, filename = (FILES / name_or_bytes).read_bytes(), name_or_bytes
    else:
        data = name_or_bytes
    return import_new_plan(
        data,
        filename or "plan.xlsx",
        title=title,
        period_start=datetime.date(2017, 1, 1),
        dry_run=dry_run,
        **kw,
    )


# --- x02: the 1904 date system --------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["x02_date1904_general.xlsx", "x02_date1904_general.ods", "x02_date1904_general.xls"],
)
def test_serial_numbers_are_read_in_the_workbooks_own_date_system(actors, name):
    assert [a.deadline for a in imported_activities(run(name))] == DEADLINES


def test_serial_numbers_in_the_1900_system_are_unchanged(actors):
    rows = [["Trygg skolväg", TITLES[0], "x", "SBF", 42855]]
    assert [a.deadline for a in imported_activities(run(simple_workbook(rows)))] == [DEADLINES[0]]


# --- x06: formulas without computed values ----------------------------------------------

FORMULA_MESSAGE = (
    "Cellen har en formel men inget uträknat värde (filen är skriven av ett program som "
    "inte räknar ut formler). Öppna filen i Excel eller LibreOffice och spara den, så att "
    "värdena räknas ut, och importera den igen."
)


def test_formulas_without_a_computed_value_are_refused_naming_the_cells(actors):
    assert error_texts(run("x06_formula_no_cache.xlsx")) == [
        f"Blad ”Plan”, rad 4, kolumn Genomfört, värde ”=DATE(2017,4,30)”: {FORMULA_MESSAGE}",
        f"Blad ”Plan”, rad 5, kolumn Genomfört, värde ”=EOMONTH(DATE(2017,8,1),0)”: "
        f"{FORMULA_MESSAGE}",
    ]
    assert not Plan.objects.filter(title="Test").exists()


def test_formulas_written_by_openpyxl_without_values_are_refused_too(actors):
    rows = [["Trygg skolväg", '=CONCATENATE("a","b")', "x", "SBF", "2017-04-30"]]
    [message] = error_texts(run(simple_workbook(rows)))
    assert message.startswith('Blad ”Plan”, rad 2, kolumn Aktivitet, värde ”=CONCATENATE("a","b")”')


# --- x07: error values --------------------------------------------------------------------


def error_message(value: str) -> str:
    return (
        f"Cellen innehåller felvärdet {value} (en formel som inte gick att räkna ut), inte "
        "ett värde. Rätta formeln eller skriv in värdet i cellen, spara och importera filen igen."
    )


def test_error_values_are_refused_naming_sheet_row_column_and_value(actors):
    assert error_texts(run("x07_error_values.xlsx")) == [
        f"Blad ”Plan”, rad 5, kolumn Aktivitet, värde ”#N/A”: {error_message('#N/A')}",
        f"Blad ”Plan”, rad 6, kolumn Genomförande, värde ”#REF!”: {error_message('#REF!')}",
    ]


@pytest.mark.parametrize("name", ["x07_error_values.ods", "x07_error_values.xls"])
def test_error_values_saved_by_libreoffice_are_refused_too(actors, name):
    # LibreOffice recomputed the lookup on saving: the missing sheet gives #NAME?.
    assert error_texts(run(name)) == [
        f"Blad ”Plan”, rad 5, kolumn Aktivitet, värde ”#NAME?”: {error_message('#NAME?')}",
        f"Blad ”Plan”, rad 6, kolumn Genomförande, värde ”#REF!”: {error_message('#REF!')}",
    ]


@pytest.mark.parametrize(
    "value", ["#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#GETTING_DATA"]
)
def test_every_error_value_is_refused(actors, value):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Fokusområde", "Aktivitet", "Genomförande", "Ansvarig", "Genomfört"])
    sheet.append(["Trygg skolväg", TITLES[0], "x", "SBF", "2017-04-30"])
    sheet["C2"].value = value
    sheet["C2"].data_type = "e"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert error_texts(run(buffer.getvalue())) == [
        f"Blad ”Plan”, rad 2, kolumn Genomförande, värde ”{value}”: {error_message(value)}"
    ]


# --- x08: hidden sheets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["x08_hidden_first_sheet.xlsx", "x08_hidden_first_sheet.ods", "x08_hidden_first_sheet.xls"],
)
def test_the_visible_sheet_is_read_and_the_preview_says_which(actors, name):
    preview = run(name, dry_run=True)
    assert preview.sheet == "Plan 2017"
    assert "Tabellen på blad ”Plan 2017”, rubrikrad 3." in preview.summary_lines()
    assert "Dolda blad lästes inte: ”Utkast 2015”." in preview.summary_lines()
    rows = imported_activities(run(name))
    assert [a.title for a in rows] == TITLES
    assert [a.deadline for a in rows] == DEADLINES


# --- x10: Excel's _xHHHH_ escapes -------------------------------------------------------------


def test_excel_escapes_are_unescaped_as_excel_shows_them(actors):
    rows = imported_activities(run("x10_x000d_escapes.xlsx"))
    assert (
        rows[0].implementation == "Trygghetsvandringar med elever\nUppföljning med vårdnadshavare"
    )
    assert rows[1].title == "Förbättra belysningen\nvid busshållplatser"


def test_an_escaped_underscore_stays_a_literal_escape(actors):
    from spreadsheets.importing.cells import unescape_ooxml

    assert unescape_ooxml("a_x005F_x000D_b") == "a_x000D_b"
    assert unescape_ooxml("a_x000D_b") == "a\rb"


# --- c16 and other encodings -----------------------------------------------------------------


def test_excels_unicode_text_utf16_with_tabs_imports_like_any_csv(actors):
    rows = imported_activities(run("c16_utf16_unicode_text.txt"))
    assert [a.title for a in rows] == TITLES
    assert [a.deadline for a in rows] == DEADLINES
    assert [a.responsible_display() for a in rows] == ["KLK och BUF", "SBF", "SF och Lopo Täby"]


CSV_TEXT = (
    "Fokusområde;Aktivitet;Genomförande;Ansvarig;Genomfört\r\n"
    "Trygg skolväg;Kartlägga otrygga platser längs skolvägarna;Trygghetsvandringar med "
    "elever och vårdnadshavare;KLK och BUF;2017-04-30\r\n"
    "Kunskap och information;Ta fram en broschyr om stöd vid oro;Skriva, granska och "
    "trycka broschyren;SF och Lopo Täby;31 december 2017\r\n"
)


@pytest.mark.parametrize("encoding", ["mac_roman", "cp1252", "utf-16-le", "utf-8"])
def test_csv_from_excel_for_mac_windows_and_others_reads_swedish_letters(actors, encoding):
    rows = imported_activities(run(CSV_TEXT.encode(encoding), "plan.csv"))
    assert [a.focus_area.title for a in rows] == ["Trygg skolväg", "Kunskap och information"]
    assert rows[0].implementation == "Trygghetsvandringar med elever och vårdnadshavare"


def test_an_unreadable_encoding_is_named_with_the_remedy(actors):
    data = b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8") + b"\xff\xfe\xfa trasig"
    [message] = error_texts(run(data, "plan.csv"))
    assert message.startswith("Filen ser ut att vara sparad som UTF-8 men innehåller tecken")
    assert "”CSV UTF-8 (kommaavgränsad)”" in message


# --- c19: control characters --------------------------------------------------------------------


def test_control_characters_never_reach_storage_and_export_works(actors):
    from followup.tertial import Tertial

    result = run("c19_control_chars.csv", tertial=Tertial.parse("T1 2017"))
    rows = imported_activities(result)
    assert rows[1].implementation == "Inventera och åtgärda trasig belysning"
    comments = sorted(FollowUp.objects.values_list("comment", flat=True))
    # Word's U+0007 removed, its non-breaking hyphen U+001E a hyphen.
    assert comments == ["Klart enligt plan.", "Tryck-klart i maj."]
    plan = Plan.objects.get(pk=result.plan_id)
    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(plan)))
    assert workbook.active["C6"].value == "Inventera och åtgärda trasig belysning"


def test_export_of_control_characters_stored_before_never_fails(actors):
    result = run(simple_workbook([["Trygg skolväg", TITLES[0], "x", "SBF", "2017-04-30"]]))
    # Written behind every save's back, as data stored before the rule existed.
    Activity.objects.filter(focus_area__plan_id=result.plan_id).update(
        implementation="Klart\x07 enligt\x1eplan\x1b"  # PostgreSQL would refuse NUL
    )
    plan = Plan.objects.get(pk=result.plan_id)
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx(plan))).active
    assert sheet["C5"].value == "Klart enligt-plan"
    assert "Klart enligt-plan" in export_csv(plan).decode("utf-8-sig")


def test_every_save_cleans_control_characters_and_keeps_joiners(actors):
    from followup.services import record_follow_up
    from followup.tertial import Tertial

    result = run(simple_workbook([["Trygg skolväg", TITLES[0], "x", "SBF", "2017-04-30"]]))
    activity = imported_activities(result)[0]
    # the imported plan is a draft (Utkast), which takes no follow-up until adopted (#17)
    Plan.objects.filter(pk=result.plan_id).update(status=Plan.Status.ADOPTED)
    activity.title = "Familj 👨\u200d👩\u200d👧\x07 och فارسی\u200cها"
    activity.save()  # the admin and every form save this way
    activity.refresh_from_db()
    assert activity.title == "Familj 👨\u200d👩\u200d👧 och فارسی\u200cها"
    entry = record_follow_up(
        activity=activity,
        tertial=Tertial.parse("T1 2017"),
        user=None,
        comment="Tryck\x1eklart\x07 i maj",
    )
    entry.refresh_from_db()
    assert entry.comment == "Tryck-klart i maj"


def test_the_import_keeps_zero_width_joiners_and_non_joiners(actors):
    family = "Familjestöd 👨\u200d👩\u200d👧"
    persian = "می\u200cخواهم"
    rows = imported_activities(
        run(simple_workbook([["Trygg skolväg", family, persian, "SBF", "2017-04-30"]]))
    )
    assert (rows[0].title, rows[0].implementation) == (family, persian)


# --- what the database would refuse is a row error in the preview ---------------------------


def test_a_nul_byte_late_in_a_csv_is_a_row_error_in_the_preview(actors):
    filler = "".join(f"Trygg skolväg;Aktivitet {n};x;SBF;2017-04-30\r\n" for n in range(200))
    text = "Fokusområde;Aktivitet;Genomförande;Ansvarig;Genomfört\r\n" + filler
    text += "Trygg skolväg;Sista\x00raden;x;SBF;2017-04-30\r\n"
    assert len(text.encode()) > 4096
    preview = run(text.encode(), "plan.csv", dry_run=True)
    [message] = [str(e) for e in preview.errors]
    assert message.startswith("Blad ”CSV”, rad 202, kolumn Aktivitet, värde ”Sistaraden”: ")
    assert "NUL-tecken" in message


def test_a_focus_area_longer_than_its_column_is_a_row_error_in_the_preview(actors):
    long_title = "Trygg skolväg " + "o" * 300
    preview = run(
        simple_workbook([[long_title, TITLES[0], "x", "SBF", "2017-04-30"]]), dry_run=True
    )
    [message] = [str(e) for e in preview.errors]
    assert message.startswith("Blad ”Plan”, rad 2, kolumn Fokusområde")
    assert "har 314 tecken; det får ha högst 300" in message


def test_a_legend_name_longer_than_an_actor_name_is_a_row_error_in_the_preview(actors):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Fokusområde", "Aktivitet", "Genomförande", "Ansvarig", "Genomfört"])
    sheet.append(["Trygg skolväg", TITLES[0], "x", "NYF", "2017-04-30"])
    sheet.append([])
    sheet.append(["NYF = " + "Ny förvaltning " * 20])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = run(buffer.getvalue(), dry_run=True, create_actors=True)
    [message] = [str(e) for e in preview.errors]
    assert "Förkortningslistans förklaring av ”NYF” är för lång för en aktör" in message
    assert "högst 200" in message


# --- sizes and limits ---------------------------------------------------------------------------


def test_a_formatted_empty_row_far_below_the_table_does_not_count(actors):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Fokusområde", "Aktivitet", "Genomförande", "Ansvarig", "Genomfört"])
    sheet.append(["Trygg skolväg", TITLES[0], "x", "SBF", "2017-04-30"])
    sheet.cell(1_000_000, 1).font = openpyxl.styles.Font(bold=True)  # styled, empty
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert [a.title for a in imported_activities(run(buffer.getvalue()))] == [TITLES[0]]


def test_too_many_rows_with_values_names_the_sheet(actors, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["Trygg skolväg", f"Aktivitet {n}", "x", "SBF", "2017-04-30"] for n in range(5)]
    [message] = error_texts(run(simple_workbook(rows)))
    assert message.startswith("Bladet ”Plan” har fler än 3 rader med värden. Dela upp")


def test_too_many_cells_are_refused_naming_the_sheet(actors, settings):
    settings.IMPORT_MAX_CELLS = 100
    rows = [["Trygg skolväg", TITLES[0], "x", "SBF", "2017-04-30", *range(200)]]
    [message] = error_texts(run(simple_workbook(rows)))
    assert message.startswith("Bladet ”Plan” har för många celler: importen läser högst 100")


def test_too_much_text_is_refused(actors, settings):
    settings.IMPORT_MAX_CHARACTERS = 1000
    rows = [["Trygg skolväg", "x" * 2000, "x", "SBF", "2017-04-30"]]
    [message] = error_texts(run(simple_workbook(rows)))
    assert "innehåller för mycket text: importen läser högst 1\u00a0000 tecken" in message


# --- formats: Strict Open XML, .ods, .xls -----------------------------------------------------

STRICT = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": (
        b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    ),
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
    b"http://schemas.openxmlformats.org/drawingml/2006/main": (
        b"http://purl.oclc.org/ooxml/drawingml/main"
    ),
}


def as_strict_open_xml(data: bytes) -> bytes:
    """The workbook with Strict Open XML's namespaces and relationship types."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            for old, new in STRICT.items():
                content = content.replace(old, new)
            target.writestr(info, content)
    return buffer.getvalue()


def seed_table(result) -> list[tuple]:
    return [
        (a.focus_area.title, a.title, a.implementation, a.deadline)
        for a in imported_activities(result)
    ]


EXPECTED_SEED = [(fa, title, how, deadline) for fa, title, how, _who, deadline in SEED_ROWS]


def test_a_strict_open_xml_workbook_is_read(actors):
    data = as_strict_open_xml(seed_workbook())
    assert b"purl.oclc.org" in zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")
    assert seed_table(run(data)) == EXPECTED_SEED


@pytest.mark.parametrize("name", ["seed-plan.ods", "seed-plan.xls"])
def test_the_adopted_plan_saved_by_libreoffice_imports_exactly(actors, name):
    result = run(name, create_actors=True)
    assert result.sheet == "Handlingsplan" and result.header_row == 4
    assert seed_table(result) == EXPECTED_SEED
    assert [a.responsible_display() for a in imported_activities(result)] == [
        "Trygghetssamordnaren och Lopo Täby",
        *[r[3].replace("KLK, SF, och", "KLK, SF och") for r in SEED_ROWS[1:]],
    ]


def test_a_text_document_from_libreoffice_is_not_a_spreadsheet(actors):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    [message] = error_texts(run(buffer.getvalue(), "plan.odt"))
    assert "OpenDocument-dokument men inget kalkylark" in message


# --- deadlines: Löpande and months ------------------------------------------------------------


@pytest.mark.parametrize("word", ["Löpande", "Kontinuerligt", "Årligen", "löpande."])
def test_an_ongoing_deadline_is_an_activity_without_a_date(actors, word):
    [activity] = imported_activities(
        run(simple_workbook([["Trygg skolväg", TITLES[0], "x", "SBF", word]]))
    )
    assert activity.ongoing and activity.deadline is None
    assert activity.deadline_display == "Löpande"


def test_a_month_means_its_last_day_and_ongoing_survives_export_and_reimport(actors):
    rows = [
        ["Trygg skolväg", TITLES[0], "x", "SBF", "december 2018"],
        ["Trygg skolväg", TITLES[1], "x", "SBF", "feb 2020"],
        ["Trygg skolväg", TITLES[2], "x", "SBF", "Löpande"],
    ]
    result = run(simple_workbook(rows))
    assert [a.deadline for a in imported_activities(result)] == [
        datetime.date(2018, 12, 31),
        datetime.date(2020, 2, 29),
        None,
    ]
    plan = Plan.objects.get(pk=result.plan_id)
    exported = export_xlsx(plan)
    assert openpyxl.load_workbook(io.BytesIO(exported)).active["E7"].value == "Löpande"
    again = import_plan(exported, filename="plan.xlsx", plan=plan, dry_run=True)
    assert again.ok and again.counts["unchanged"] == 3


# --- the title row, and a confirmed import runs once ---------------------------------------


def test_the_title_row_is_the_new_plans_title_when_none_is_typed(actors):
    result = run("x08_hidden_first_sheet.xlsx", title="")
    assert result.file_title == CASE_TITLE
    assert Plan.objects.get(pk=result.plan_id).title == CASE_TITLE


def test_the_same_preview_confirmed_twice_imports_once(actors):
    first = run("x02_date1904_general.xlsx", claim="a" * 32)
    second = run("x02_date1904_general.xlsx", claim="a" * 32)
    assert first.applied and not second.applied
    assert second.already_imported and second.plan_id == first.plan_id
    assert Plan.objects.filter(title="Test").count() == 1
    assert Activity.objects.filter(focus_area__plan_id=first.plan_id).count() == 3
    # the token is kept hashed only
    assert not ImportReceipt.objects.filter(token_hash="a" * 32).exists()


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_the_same_moment_import_once(seed_plan):
    import threading

    from django.db import OperationalError, connection, connections

    seed_plan.delete()
    data = (FILES / "x02_date1904_general.xlsx").read_bytes()
    barrier = threading.Barrier(2)
    results = []

    errors = []

    def confirm():
        try:
            barrier.wait()
            results.append(run(data, "x02.xlsx", claim="b" * 32))
        except OperationalError as exc:  # SQLite's in-memory test database locks the table
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes = sorted((r.applied, r.already_imported) for r in results)
    if connection.vendor == "postgresql":  # the second waits for the first, then is told
        assert outcomes == [(False, True), (True, False)]
    else:  # SQLite: the second is refused while the first writes
        assert outcomes in ([(False, True), (True, False)], [(True, False)])
        assert len(outcomes) + len(errors) == 2
    assert Plan.objects.filter(title="Test").count() == 1
    assert Activity.objects.filter(focus_area__plan__title="Test").count() == 3


def test_preview_counts(actors):
    preview = run("x02_date1904_general.xlsx", dry_run=True)
    assert preview.counts == {NEW: 3, "update": 0, "unchanged": 0, ERROR: 0}
