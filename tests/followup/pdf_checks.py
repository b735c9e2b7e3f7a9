"""Machine-checkable rules of PDF/UA-1 (ISO 14289-1, the Matterhorn Protocol's checks that
need no human), read from the PDF with pikepdf; and the words of a PDF with pdfplumber.

veraPDF is not on the machines (Java, and no way to fetch it), so the checks it would make on
our reports are made here. Each function returns a list of problems: empty is a pass.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pdfplumber
import pikepdf

#: ISO 32000-1, 14.8.4: the standard structure types (ours need no role map).
STANDARD_TYPES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu",
    "WT", "WP", "Figure", "Formula", "Form",
}  # fmt: skip
TABLE_KIDS = {"TR", "THead", "TBody", "TFoot", "Caption"}
TEXT_OPERATORS = {"Tj", "TJ", "'", '"', "Do"}


def elements(pdf: pikepdf.Pdf):
    """Every structure element reachable from the root, depth first, with its depth."""

    def walk(elem, depth):
        yield elem, depth
        kids = elem.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield from walk(kid, depth + 1)

    for top in pdf.Root.StructTreeRoot.K:
        yield from walk(top, 0)


def tag(elem) -> str:
    return str(elem.S)[1:]


def kid_tags(elem) -> list[str]:
    kids = elem.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else []
    return [tag(k) for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


XMP_PREFIXES = {
    "http://www.aiim.org/pdfua/ns/id/": "pdfuaid",
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
}


def xmp(pdf: pikepdf.Pdf) -> dict:
    """The XMP metadata as ``{"prefix:name": "value"}`` (``dc:title``, ``pdfuaid:part`` …)."""
    out = {}
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key, value in meta.items():
            uri, _, name = key[1:].partition("}")
            out[f"{XMP_PREFIXES.get(uri, uri)}:{name}"] = str(value)
    return out


def pdfua_problems(data: bytes) -> list[str]:
    """The PDF/UA-1 rules a program can decide, for our kind of document."""
    problems: list[str] = []
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    # 7.1: tagged, and marked as such; metadata identifies PDF/UA and carries a title.
    if not (root.get("/MarkInfo") and root.MarkInfo.get("/Marked") is True):
        problems.append("MarkInfo /Marked is not true")
    if "/StructTreeRoot" not in root:
        return [*problems, "no structure tree"]
    meta = xmp(pdf)
    if meta.get("pdfuaid:part") != "1":
        problems.append(f"XMP pdfuaid:part is {meta.get('pdfuaid:part')!r}, not 1")
    if not meta.get("dc:title"):
        problems.append("XMP has no dc:title")
    prefs = root.get("/ViewerPreferences")
    if not (prefs and prefs.get("/DisplayDocTitle") is True):
        problems.append("ViewerPreferences /DisplayDocTitle is not true")
    # 7.2: the natural language.
    if not str(root.get("/Lang", "")):
        problems.append("no /Lang in the catalog")
    # 7.1, 7.2-7.5, 7.18: the structure itself.
    reachable = set()
    heading_levels = []
    for elem, _depth in elements(pdf):
        reachable.add(elem.objgen)
        name = tag(elem)
        if name not in STANDARD_TYPES:
            problems.append(f"non-standard structure type {name}")
        if re.fullmatch(r"H[1-6]", name):
            heading_levels.append(int(name[1]))
        if name == "Figure" and not str(elem.get("/Alt", "")).strip():
            problems.append("Figure without /Alt")
        if name == "Table" and set(kid_tags(elem)) - TABLE_KIDS:
            problems.append(f"Table with {set(kid_tags(elem)) - TABLE_KIDS}")
        if name in ("THead", "TBody", "TFoot") and set(kid_tags(elem)) - {"TR"}:
            problems.append(f"{name} with {set(kid_tags(elem)) - {'TR'}}")
        if name == "TR" and set(kid_tags(elem)) - {"TH", "TD"}:
            problems.append(f"TR with {set(kid_tags(elem)) - {'TH', 'TD'}}")
        if name == "TH":
            attrs = elem.get("/A")
            if not (isinstance(attrs, pikepdf.Dictionary) and "/Scope" in attrs):
                problems.append("TH without /Scope")
    if heading_levels and heading_levels[0] != 1:
        problems.append(f"the first heading is H{heading_levels[0]}")
    for before, after in zip(heading_levels, heading_levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading level skipped: H{before} → H{after}")
    # 7.1-3: all content is either an artifact or tagged (its MCID's element in the tree).
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for index, page in enumerate(pdf.pages):
        mapping = parents.get(int(page.obj.get("/StructParents", -1)))
        stack: list[tuple[str, int | None]] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                mcid = None
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    mcid = operands[1].get("/MCID")
                stack.append((str(operands[0]), None if mcid is None else int(mcid)))
            elif op == "EMC":
                stack.pop()
            elif op in TEXT_OPERATORS:
                if any(name == "/Artifact" for name, _ in stack):
                    continue
                tagged = [m for _, m in stack if m is not None]
                if not tagged:
                    problems.append(f"page {index + 1}: content ({op}) neither tagged nor artifact")
                    continue
                parent = mapping[tagged[-1]] if mapping is not None else None
                if not isinstance(parent, pikepdf.Dictionary) or parent.objgen not in reachable:
                    problems.append(f"page {index + 1}: MCID {tagged[-1]} not in the tree")
    # 7.21.4.1: fonts embedded.
    for font in fonts(pdf):
        if not font_embedded(font):
            problems.append(f"font {font.get('/BaseFont')} not embedded")
    return sorted(set(problems))


def fonts(pdf: pikepdf.Pdf):
    seen = set()
    for page in pdf.pages:
        for font in page.obj.Resources.get("/Font", {}).values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            yield font


def font_embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    target = font.DescendantFonts[0] if "/DescendantFonts" in font else font
    descriptor = target.get("/FontDescriptor")
    return descriptor is not None and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )


# --- words ------------------------------------------------------------------

_NOT_COMPARED = re.compile(r"[\s\-\u2010\u00ad\ufe0f]")


def squeeze(text: str) -> str:
    """Text without white space, hyphens (the ones hyphenation adds, U+2010, and typed ones)
    and emoji variation selectors: a word broken over lines reads as the word."""
    return _NOT_COMPARED.sub("", unicodedata.normalize("NFC", text))


def body_text(data: bytes) -> str:
    """All characters that are content (not artifacts), in the order they are drawn:
    WeasyPrint draws a table cell's lines one after another, so each cell's text is whole."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(
            char["text"]
            for page in pdf.pages
            for char in page.chars
            if char.get("tag") != "Artifact"
        )


def words_outside(data: bytes, margins_pt: tuple[float, float, float, float]) -> list[str]:
    """Words whose box is not inside the page's printable area: the content words inside the
    page margins (``top, right, bottom, left`` in points), the running header and footer
    inside the page. Each as 'page N: word (x0, top, x1, bottom)'."""
    top, right, bottom, left = margins_pt
    slack = 0.5
    outside = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            width, height = float(page.width), float(page.height)
            for word in page.extract_words(extra_attrs=["tag"]):
                if word.get("tag") == "Artifact":
                    box = (0, 0, width, height)
                else:
                    box = (left, top, width - right, height - bottom)
                inside = (
                    word["x0"] >= box[0] - slack
                    and word["top"] >= box[1] - slack
                    and word["x1"] <= box[2] + slack
                    and word["bottom"] <= box[3] + slack
                )
                if not inside:
                    outside.append(
                        f"page {page.page_number}: {word['text']} "
                        f"({word['x0']:.0f}, {word['top']:.0f}, {word['x1']:.0f}, {word['bottom']:.0f})"
                    )
    return outside


# --- table rows and pages ----------------------------------------------------


def _marked_content(elem, page: int | None, page_number: dict):
    """(page, MCID) of every piece of content under a structure element."""
    if "/Pg" in elem:
        page = page_number.get(elem.Pg.objgen, page)
    kids = elem.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in kids:
        if isinstance(kid, int):
            yield page, kid
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            kid_page = page_number.get(kid.Pg.objgen, page) if "/Pg" in kid else page
            yield kid_page, int(kid.MCID)
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from _marked_content(kid, page, page_number)


def row_pages(data: bytes) -> list[tuple[str, list[int]]]:
    """Every table row of the PDF (a TR of its structure tree: a repeated header row is an
    artifact, not a row) as (its text, the pages it is drawn on)."""
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        texts: dict[tuple[int, int], str] = {}
        for page in plumber.pages:
            for char in page.chars:
                if char.get("mcid") is not None:
                    key = (page.page_number, int(char["mcid"]))
                    texts[key] = texts.get(key, "") + char["text"]
    pdf = pikepdf.open(io.BytesIO(data))
    page_number = {page.obj.objgen: index + 1 for index, page in enumerate(pdf.pages)}
    rows = []
    for elem, _depth in elements(pdf):
        if tag(elem) != "TR":
            continue
        content = list(_marked_content(elem, None, page_number))
        pages = sorted({page for page, mcid in content if texts.get((page, mcid), "").strip()})
        rows.append(("".join(texts.get(key, "") for key in content), pages))
    return rows
