"""What WeasyPrint's PDF tagging leaves out, added after it (PDF/UA-1, ISO 14289-1).

WeasyPrint 70 (``pdf_variant="pdf/ua-1"`` or ``"pdf/a-2a"``) writes a structure tree from the
HTML: H1/H2, P, Table/THead/TBody/TR/TH/TD with Headers and IDs, L/LI, Figure with the SVG's
<title> as Alt, /Lang, DisplayDocTitle and the XMP identification. It leaves out, and this
module adds with pikepdf:

- **one element per HTML element**: WeasyPrint builds the tree page by page, so a section or
  table that runs over three pages becomes three Sect and three Table elements. A recorder
  around WeasyPrint's tree builder notes which HTML element each structure element came from,
  and the pieces of one element are joined; the header row a table repeats on each new page
  (and the footer it draws at the foot of each page but the last) is drawn again, so it
  becomes an artifact rather than a second header;
- **artifacts**: the running header and footer (page margin boxes) are marked content with an
  MCID but no place in the tree (WeasyPrint: "could be included as Artifact, but that's only
  allowed in PDF 2.0"); they, and the repeated header rows, become ``/Artifact`` with
  ``/Type /Pagination``;
- **/Scope on TH** (Matterhorn 15-003), taken from the HTML's ``scope`` attribute
  (``col`` → Column, ``row`` → Row; without one: Column in THead, Row elsewhere);
- **an /IDTree**, so that the TDs' /Headers resolve to their THs (ISO 32000-1, 14.7.2);
- no /Interpolate on images (PDF/A-2 forbids it; WeasyPrint sets it on colour emoji);
- for the archival variant, the PDF/UA identification next to PDF/A's, with the extension
  schema PDF/A-2 asks for (ISO 19005-2, 6.6.2.3).
"""

from __future__ import annotations

import io
import re
import threading
from contextlib import contextmanager

import pikepdf
from pikepdf import Array, Dictionary, Name, String

_recording = threading.local()
_install_lock = threading.Lock()

#: An MCID-marked content sequence as WeasyPrint writes it: ``/Span\n<</MCID 3>>\nBDC``.
_MARKED = re.compile(rb"/(\w+)\s*<</MCID (\d+)>>\s*BDC")
_ARTIFACT = b"/Artifact\n<</Type /Pagination>>\nBDC"


def _install_recorder() -> bool:
    """Wrap WeasyPrint's structure builder once, so that it reports, for each structure
    element it creates, the HTML element (and pseudo-element) it came from. The builder
    calls itself through the module, so the wrapper sees every element. False if this
    WeasyPrint has no such builder (the tree is then left as WeasyPrint writes it)."""
    from weasyprint.pdf import tags

    with _install_lock:
        original = getattr(tags, "_build_box_tree", None)
        if original is None:
            return False
        if getattr(original, "_records_origin", False):
            return True

        def build_box_tree(box, *args, **kwargs):
            source = getattr(box, "_box", box)  # absolute placeholders wrap their box
            record = getattr(_recording, "origins", None)
            for element in original(box, *args, **kwargs):
                if record is not None and source.element is not None:
                    record[element.number] = (source.element, source.element_tag)
                yield element

        build_box_tree._records_origin = True
        tags._build_box_tree = build_box_tree
        return True


@contextmanager
def recording_origins():
    """Within the block, WeasyPrint's structure elements are recorded by object number:
    ``{number: (html_element, element_tag)}``."""
    _install_recorder()
    previous = getattr(_recording, "origins", None)
    _recording.origins = origins = {}
    try:
        yield origins
    finally:
        _recording.origins = previous


def complete_structure(data: bytes, origins: dict, *, archival: bool = False) -> bytes:
    """Add to a tagged WeasyPrint PDF what PDF/UA-1 needs beyond it (see the module's doc).

    ``origins`` is what ``recording_origins`` recorded while the PDF was written. Returns the
    new PDF's bytes; raises ``ValueError`` if the PDF has no structure tree.
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            raise ValueError("The PDF has no structure tree (render it with pdf_tags).")
        by_number = {number: origin for number, origin in origins.items()}
        replaced: dict[tuple, pikepdf.Object] = {}
        id_map: dict[bytes, String] = {}
        document = root.K[0]
        _join_pieces(document, by_number, replaced, id_map)
        tree = list(_walk(document))
        _remap_headers_and_scope(tree, by_number, id_map)
        _artifact_untagged(pdf, root, {elem.objgen for elem in tree}, replaced)
        _add_id_tree(pdf, root, tree)
        _drop_empty_resources(pdf)
        _no_interpolation(pdf)
        if archival:
            _identify_as_pdfua_too(pdf)
        out = io.BytesIO()
        pdf.save(out, preserve_pdfa=True, fix_metadata_version=False)
        return out.getvalue()


def _is_elem(obj) -> bool:
    """A structure element (not an MCID, a marked-content or an object reference)."""
    return isinstance(obj, Dictionary) and "/S" in obj


def _tag(elem) -> str:
    return str(elem.get("/S"))


def _origin(elem, by_number):
    return by_number.get(elem.objgen[0]) if elem.is_indirect else None


def _join_pieces(elem, by_number, replaced, id_map) -> None:
    """Join consecutive children that are pieces of one HTML element, depth first."""
    kids = elem.get("/K")
    if not isinstance(kids, Array):
        return
    joined: list = []
    for kid in kids:
        previous = joined[-1] if joined else None
        if previous is not None and _same_element(previous, kid, by_number):
            _absorb(previous, kid, by_number, replaced, id_map)
        else:
            joined.append(kid)
    elem.K = Array(joined)
    for kid in joined:
        if _is_elem(kid):
            _join_pieces(kid, by_number, replaced, id_map)


def _same_element(first, second, by_number) -> bool:
    if not (_is_elem(first) and _is_elem(second)) or first.S != second.S:
        return False
    one, two = _origin(first, by_number), _origin(second, by_number)
    return one is not None and two is not None and one[0] is two[0] and one[1] == two[1]


def _absorb(first, piece, by_number, replaced, id_map) -> None:
    """Move ``piece``'s children into ``first``; for a table, drop the repeated header row
    and the footer drawn at the foot of the earlier page (they become artifacts)."""
    first_kids = list(first.K) if isinstance(first.get("/K"), Array) else []
    moved = []
    for kid in piece.K:
        if isinstance(kid, int):  # an MCID on the piece's page: say which page
            kid = pikepdf.Dictionary(Type=Name.MCR, Pg=piece.Pg, MCID=kid)
        moved.append(kid)
    if _tag(first) == "/Table":
        heads = [k for k in first_kids if _is_elem(k) and _tag(k) == "/THead"]
        if heads:
            for head in [k for k in moved if _is_elem(k) and _tag(k) == "/THead"]:
                _map_ids(head, heads[0], id_map)
            moved = [k for k in moved if not (_is_elem(k) and _tag(k) == "/THead")]
        if any(_is_elem(k) and _tag(k) == "/TFoot" for k in moved):
            first_kids = [k for k in first_kids if not (_is_elem(k) and _tag(k) == "/TFoot")]
    for kid in moved:
        if _is_elem(kid):
            kid.P = first
    first.K = Array(first_kids + moved)
    replaced[piece.objgen] = first


def _map_ids(repeated, kept, id_map) -> None:
    """The IDs of a repeated header's THs → the IDs of the first header's THs."""
    repeated_th = [e for e in _walk(repeated) if _tag(e) == "/TH" and "/ID" in e]
    kept_th = [e for e in _walk(kept) if _tag(e) == "/TH" and "/ID" in e]
    for old, new in zip(repeated_th, kept_th, strict=False):
        id_map[bytes(old.ID)] = new.ID


def _walk(elem):
    yield elem
    kids = elem.get("/K")
    if isinstance(kids, Array):
        for kid in kids:
            if _is_elem(kid):
                yield from _walk(kid)


def _remap_headers_and_scope(tree, by_number, id_map) -> None:
    for elem in tree:
        if _tag(elem) not in ("/TH", "/TD"):
            continue
        attrs = elem.get("/A")
        if not isinstance(attrs, Dictionary):
            attrs = elem.A = Dictionary(O=Name.Table)
        if _tag(elem) == "/TD" and "/Headers" in attrs:
            attrs.Headers = Array([id_map.get(bytes(h), h) for h in attrs.Headers])
        if _tag(elem) == "/TH":
            origin = _origin(elem, by_number)
            scope = origin[0].get("scope") if origin else None
            if scope not in ("row", "col"):
                scope = "col" if _in_head(elem) else "row"
            attrs.Scope = Name.Column if scope == "col" else Name.Row


def _in_head(elem) -> bool:
    parent = elem.get("/P")
    while isinstance(parent, Dictionary) and "/S" in parent:
        if _tag(parent) == "/THead":
            return True
        if _tag(parent) == "/Table":
            return False
        parent = parent.get("/P")
    return False


def _artifact_untagged(pdf, root, reachable, replaced) -> None:
    """Marked content whose structure element is not in the tree (margin boxes, repeated
    header rows) becomes a pagination artifact; the parent tree forgets it."""
    nums = root.ParentTree.Nums
    pages = len(pdf.pages)
    for index in range(0, len(nums), 2):
        key, value = int(nums[index]), nums[index + 1]
        if key >= pages:  # annotations: one element each
            if value.objgen in replaced:
                nums[index + 1] = replaced[value.objgen]
            continue
        loose = set()
        for mcid, ref in enumerate(value):
            if isinstance(ref, Dictionary) and ref.objgen in replaced:
                value[mcid] = ref = replaced[ref.objgen]
            if not isinstance(ref, Dictionary) or ref.objgen not in reachable:
                loose.add(mcid)
                value[mcid] = None
        if loose:
            _mark_as_artifacts(pdf, pdf.pages[key], loose)


def _mark_as_artifacts(pdf, page, mcids: set[int]) -> None:
    contents = page.obj.Contents
    streams = list(contents) if isinstance(contents, Array) else [contents]
    for stream in streams:
        raw = stream.read_bytes()

        def artifact(match):
            return _ARTIFACT if int(match.group(2)) in mcids else match.group(0)

        new = _MARKED.sub(artifact, raw)
        if new != raw:
            stream.write(new)


def _add_id_tree(pdf, root, tree) -> None:
    ids = [(bytes(elem.ID), elem) for elem in tree if "/ID" in elem]
    ids.sort(key=lambda item: item[0])
    names = Array()
    for key, elem in ids:
        names.append(String(key))
        names.append(elem)
    root.IDTree = pdf.make_indirect(Dictionary(Names=names))


def _drop_empty_resources(pdf) -> None:
    """Empty /Pattern and /Shading dictionaries (WeasyPrint writes them on every page)."""
    seen = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        if resources is None or (resources.is_indirect and resources.objgen in seen):
            continue
        if resources.is_indirect:
            seen.add(resources.objgen)
        for key in ("/Pattern", "/Shading"):
            value = resources.get(key)
            if isinstance(value, Dictionary) and len(value.keys()) == 0:
                del resources[key]


def _no_interpolation(pdf) -> None:
    """ISO 19005-2, 6.2.8: images shall not ask for /Interpolate (WeasyPrint sets it on the
    bitmaps of colour emoji)."""
    for obj in pdf.objects:
        is_image = isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        if is_image and "/Interpolate" in obj:
            del obj["/Interpolate"]


#: ISO 19005-2, 6.6.2.3: a property outside PDF/A's predefined schemas needs its schema
#: described in the XMP itself. The PDF/UA identification is such a property.
_PDFUA_EXTENSION = """
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
  xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
  <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
  <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
   <pdfaProperty:name>part</pdfaProperty:name>
   <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
   <pdfaProperty:category>internal</pdfaProperty:category>
   <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
  </rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
"""


def _identify_as_pdfua_too(pdf) -> None:
    xmp = pdf.Root.Metadata.read_bytes()
    end = xmp.rindex(b"</rdf:RDF>")
    pdf.Root.Metadata.write(xmp[:end] + _PDFUA_EXTENSION.encode() + xmp[end:])
