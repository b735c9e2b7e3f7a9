"""Bench: files far below the upload limit that unpack to almost the zip-bomb limit.

    .venv/bin/python bench/import_limits.py

Each case is a small upload (tens of kB packed, under the 5 MB upload limit) whose parts
unpack to just under IMPORT_MAX_UNCOMPRESSED_BYTES (100 MB), so the size checks pass and
only the readers' ``Budget`` (cells, characters, rows with values) stands between the
file and the server. Each case runs in a fresh interpreter (so peak RSS is its own) through
``spreadsheets.importing.reading.read_sheets``, the first step of every import; the process
prints the time until the refusal, its peak RSS and the message. Goal (issue 12): refused
within 5 s and 300 MB, with a message.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vallentuna.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "localhost")

LIMIT = 100 * 1024 * 1024 - 64 * 1024  # just under the unpacked limit
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xlsx(sheet_xml: bytes, shared_strings: bytes | None = None) -> bytes:
    rels = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELS_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{RELS_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'<workbook {NS} xmlns:r="{RELS_NS}"><sheets>'
        '<sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    package = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELS_NS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", package)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return buffer.getvalue()


def _fill(head: bytes, unit: bytes, tail: bytes) -> bytes:
    n = (LIMIT - len(head) - len(tail)) // len(unit)
    return head + unit * n + tail


def one_row_of_millions_of_cells() -> bytes:
    sheet = _fill(
        f"<worksheet {NS}><sheetData><row>".encode(),
        b"<c><v>1</v></c>",
        b"</row></sheetData></worksheet>",
    )
    return _xlsx(sheet)


def millions_of_shared_strings() -> bytes:
    strings = _fill(f"<sst {NS}>".encode(), b"<si><t>x</t></si>", b"</sst>")
    sheet = (
        f'<worksheet {NS}><sheetData><row r="1"><c t="s"><v>0</v></c></row></sheetData></worksheet>'
    )
    return _xlsx(sheet.encode(), strings)


def one_huge_text() -> bytes:
    strings = _fill(f"<sst {NS}><si><t>".encode(), b"abcdefgh", b"</t></si></sst>")
    sheet = (
        f'<worksheet {NS}><sheetData><row r="1"><c t="s"><v>0</v></c></row></sheetData></worksheet>'
    )
    return _xlsx(sheet.encode(), strings)


def millions_of_rows() -> bytes:
    sheet = _fill(
        f"<worksheet {NS}><sheetData>".encode(),
        b"<row><c><v>1</v></c></row>",
        b"</sheetData></worksheet>",
    )
    return _xlsx(sheet)


def ods_repeated() -> bytes:
    """LibreOffice's repeat attributes: one value repeated over a million rows."""
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="Plan">'
        '<table:table-row table:number-rows-repeated="1000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


CASES = [
    ("one row of millions of cells", one_row_of_millions_of_cells, "plan.xlsx"),
    ("millions of shared strings", millions_of_shared_strings, "plan.xlsx"),
    ("one shared string of 100 MB", one_huge_text, "plan.xlsx"),
    ("millions of rows of one cell", millions_of_rows, "plan.xlsx"),
    (".ods: a value repeated over 16,384 columns and 1,049,000 rows", ods_repeated, "plan.ods"),
]


def measure(index: int, path: str) -> None:
    """In a fresh interpreter: read the file as an upload is read, print one JSON line."""
    import django

    django.setup()
    from spreadsheets.importing.reading import FileRejected, read_sheets

    name, _build, filename = CASES[index]
    data = Path(path).read_bytes()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    try:
        read_sheets(data, filename)
        outcome = "READ (not refused!)"
    except FileRejected as exc:
        outcome = str(exc)
    elapsed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    print(json.dumps([name, len(data), unpacked, elapsed, rss_before, rss, outcome]))


def build(folder: str) -> None:
    for index, (_name, make, filename) in enumerate(CASES):
        (Path(folder) / f"{index}-{filename}").write_bytes(make())


def main() -> None:
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    folder = tempfile.mkdtemp()
    # Built and measured in separate interpreters: a forked child starts with its
    # parent's peak RSS, so the measuring process must never have held the 100 MB.
    subprocess.run([sys.executable, __file__, "--build", folder], check=True)
    worst_time = worst_rss = 0.0
    for index, (_name, _make, filename) in enumerate(CASES):
        path = str(Path(folder) / f"{index}-{filename}")
        output = subprocess.run(
            [sys.executable, __file__, "--case", str(index), path],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        name, packed, unpacked, elapsed, before, rss, outcome = json.loads(output.splitlines()[-1])
        worst_time, worst_rss = max(worst_time, elapsed), max(worst_rss, rss)
        print(
            f"- {name}: {packed / 1024:.0f} kB packed, {unpacked / 2**20:.0f} MB unpacked → "
            f"refused in {elapsed:.2f} s, peak RSS {rss:.0f} MB ({before:.0f} MB before)\n"
            f"  {outcome}"
        )
    ok = worst_time < 5 and worst_rss < 300
    print(
        f"Worst: {worst_time:.2f} s, {worst_rss:.0f} MB — goal < 5 s and < 300 MB: "
        f"{'met' if ok else 'NOT met'}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build(sys.argv[2])
    elif sys.argv[1:2] == ["--case"]:
        measure(int(sys.argv[2]), sys.argv[3])
    else:
        main()
