"""PDF post-processing with pypdf: native annotations, outline, metadata, embedded JSON.

QPdfWriter draws the pages; everything a PDF viewer treats as *structure* is added
afterwards, as an incremental update of the file Qt wrote (only new and changed objects
are appended, so a 1,000-page export is not re-serialised):

* ``/Highlight`` annotations with per-line ``/QuadPoints`` and an ``/AP`` appearance
  stream (a Multiply-blended fill), so viewers that do not synthesise appearances from
  ``/QuadPoints`` (and printing, ``/F 4``) still show them;
* ``/Link`` annotations to explicit destinations (glossary, cross-references, notes);
* the outline (bookmarks), the document information dictionary;
* the W3C annotations as an embedded file (``/EmbeddedFiles`` + ``/AF``), which
  ``reader import out.pdf`` reads back with :func:`read_embedded_annotations`.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.errors import DataFileError

ATTACHMENT_NAME = "reader-annotations.jsonld"
MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024
"""Decompressed size limit of the embedded JSON: a hostile PDF cannot inflate a
kilobyte-sized stream into gigabytes of memory."""

Box = tuple[float, float, float, float]  # x0, y0 (bottom), x1, y1 (top) in PDF points


@dataclass
class HighlightAnnot:
    page: int
    boxes: list[Box]  # one per line, PDF points
    color: tuple[float, float, float]  # /C, 0..1
    fill: tuple[float, float, float]  # appearance colour (the printed tint)
    nm: str
    contents: str
    author: str
    modified: str  # PDF date string
    subject: str = "Highlight"


@dataclass
class LinkAnnot:
    page: int
    box: Box
    dest_page: int
    dest_top: float  # PDF points
    dest_left: float = 0.0


@dataclass
class OutlineNode:
    title: str
    page: int
    top: float
    children: list[OutlineNode] = field(default_factory=list)


def finish_pdf(
    src: Path,
    dst: Path,
    *,
    highlights: Sequence[HighlightAnnot],
    links: Sequence[LinkAnnot],
    outline: Sequence[OutlineNode],
    metadata: dict[str, str],
    attachment: bytes | None,
    tick: Callable[[int, int], None] | None = None,
) -> int:
    """Append annotations, outline, metadata and the attachment to ``src``; write ``dst``.

    Returns the number of annotations written. ``tick(done, total)`` is called now and
    then so a long export can report progress and be cancelled.
    """
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter(str(src), incremental=True)
    pages = writer.pages
    page_refs = [p.indirect_reference for p in pages]
    per_page: dict[int, list[Any]] = {}
    total = len(highlights) + len(links)
    done = 0
    for h in highlights:
        ref = writer._add_object(_highlight_dict(writer, h, page_refs[h.page]))
        per_page.setdefault(h.page, []).append(ref)
        done += 1
        if tick is not None and done % 250 == 0:
            tick(done, total)
    for link in links:
        if not (0 <= link.dest_page < len(page_refs)):
            continue
        ref = writer._add_object(_link_dict(link, page_refs[link.dest_page]))
        per_page.setdefault(link.page, []).append(ref)
        done += 1
        if tick is not None and done % 500 == 0:
            tick(done, total)
    written = 0
    for index, refs in per_page.items():
        page = pages[index]
        existing = page.get("/Annots")
        arr = ArrayObject(list(existing.get_object()) if existing is not None else [])
        arr.extend(refs)
        page[NameObject("/Annots")] = arr
        written += len(refs)

    _add_outline(writer, outline)
    if metadata:
        writer.add_metadata(metadata)
    if attachment is not None:
        _attach(writer, attachment)
    with open(dst, "wb") as fh:
        writer.write(fh)
        fh.flush()
        import os

        os.fsync(fh.fileno())
    return written


def _num(v: float) -> Any:
    from pypdf.generic import FloatObject

    return FloatObject(round(v, 3))


def _highlight_dict(writer: Any, h: HighlightAnnot, page_ref: Any) -> Any:
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    x0 = min(b[0] for b in h.boxes)
    y0 = min(b[1] for b in h.boxes)
    x1 = max(b[2] for b in h.boxes)
    y1 = max(b[3] for b in h.boxes)
    quads: list[Any] = []
    ops = ["/GS0 gs", f"{h.fill[0]:.4f} {h.fill[1]:.4f} {h.fill[2]:.4f} rg"]
    for bx0, by0, bx1, by1 in h.boxes:
        # Upper-left, upper-right, lower-left, lower-right: the order viewers expect.
        quads += [_num(bx0), _num(by1), _num(bx1), _num(by1), _num(bx0), _num(by0), _num(bx1), _num(by0)]
        ops.append(f"{bx0:.3f} {by0:.3f} {bx1 - bx0:.3f} {by1 - by0:.3f} re f")
    gs = DictionaryObject({
        NameObject("/Type"): NameObject("/ExtGState"),
        NameObject("/BM"): NameObject("/Multiply"),
        NameObject("/ca"): _num(1.0),
        NameObject("/CA"): _num(1.0),
    })
    form = DecodedStreamObject()
    form.set_data("\n".join(ops).encode("ascii"))
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/FormType"): NumberObject(1),
        NameObject("/BBox"): ArrayObject([_num(x0), _num(y0), _num(x1), _num(y1)]),
        NameObject("/Resources"): DictionaryObject({
            NameObject("/ExtGState"): DictionaryObject({NameObject("/GS0"): gs}),
        }),
    })
    form_ref = writer._add_object(form)
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Highlight"),
        NameObject("/Rect"): ArrayObject([_num(x0), _num(y0), _num(x1), _num(y1)]),
        NameObject("/QuadPoints"): ArrayObject(quads),
        NameObject("/C"): ArrayObject([_num(c) for c in h.color]),
        NameObject("/CA"): _num(1.0),
        NameObject("/Contents"): TextStringObject(h.contents),
        NameObject("/T"): TextStringObject(h.author),
        NameObject("/Subj"): TextStringObject(h.subject),
        NameObject("/M"): TextStringObject(h.modified),
        NameObject("/NM"): TextStringObject(h.nm),
        NameObject("/F"): NumberObject(4),
        NameObject("/P"): page_ref,
        NameObject("/AP"): DictionaryObject({NameObject("/N"): form_ref}),
    })


def _link_dict(link: LinkAnnot, dest_ref: Any) -> Any:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NullObject, NumberObject

    x0, y0, x1, y1 = link.box
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([_num(x0), _num(y0), _num(x1), _num(y1)]),
        NameObject("/Border"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(0)]),
        NameObject("/H"): NameObject("/I"),
        NameObject("/Dest"): ArrayObject([dest_ref, NameObject("/XYZ"), _num(link.dest_left), _num(link.dest_top),
                                          NullObject()]),
    })


def _add_outline(writer: Any, nodes: Iterable[OutlineNode], parent: Any = None) -> None:
    from pypdf.generic import Fit

    for node in nodes:
        item = writer.add_outline_item(
            title=node.title, page_number=node.page, parent=parent,
            fit=Fit.xyz(left=0, top=round(node.top, 2), zoom=None), is_open=parent is None and len(node.children) < 40,
        )
        if node.children:
            _add_outline(writer, node.children, item)


def _attach(writer: Any, data: bytes) -> None:
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    ef = writer.add_attachment(ATTACHMENT_NAME, b"")
    spec = ef.pdf_object
    stream = spec["/EF"]["/F"].get_object()
    stream.set_data(zlib.compress(data, 6))
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream[NameObject("/Subtype")] = NameObject("/application/ld+json")
    stream[NameObject("/Params")] = DictionaryObject({NameObject("/Size"): NumberObject(len(data))})
    spec[NameObject("/UF")] = TextStringObject(ATTACHMENT_NAME)
    spec[NameObject("/Desc")] = TextStringObject("Reader annotations (W3C Web Annotation JSON-LD)")
    spec[NameObject("/AFRelationship")] = NameObject("/Data")
    ref = spec.indirect_reference
    if ref is not None:
        writer._root_object[NameObject("/AF")] = ArrayObject([ref])


# -- reading back ---------------------------------------------------------------------


def read_embedded_annotations(path: Path) -> dict:
    """The W3C annotation collection embedded by :func:`reader.pdf.export.export_pdf`.

    Raises DataFileError with one sentence for a file that is not a PDF, is truncated or
    damaged, is encrypted, has no Reader annotations, or whose attachment is too large
    or not JSON. Never inflates more than MAX_ATTACHMENT_BYTES.
    """
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 2048))
            tail = fh.read()
    except OSError as exc:
        raise DataFileError(f"cannot be read ({exc.strerror or exc})", path) from None
    if b"%PDF-" not in head:
        raise DataFileError("is not a PDF file", path)
    if b"%%EOF" not in tail:
        raise DataFileError("is truncated or damaged (the PDF has no end-of-file marker)", path)

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            raise DataFileError("is encrypted; Reader cannot read annotations from an encrypted PDF", path)
        spec = _find_attachment(reader.trailer["/Root"].get_object())
    except DataFileError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        raise DataFileError(f"is damaged and cannot be read as a PDF ({exc})", path) from None
    if spec is None:
        raise DataFileError(
            f"has no embedded Reader annotations (no '{ATTACHMENT_NAME}' attachment); "
            "only PDFs exported by Reader with personal notes can be imported", path)
    try:
        raw = _attachment_bytes(spec)
    except DataFileError as exc:
        raise DataFileError(exc.message, path) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, zlib.error) as exc:
        raise DataFileError(f"has a damaged '{ATTACHMENT_NAME}' attachment ({exc})", path) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFileError(f"has an embedded '{ATTACHMENT_NAME}' that is not valid JSON ({exc})", path) from None
    if not isinstance(data, dict):
        raise DataFileError(f"has an embedded '{ATTACHMENT_NAME}' that is not a JSON object", path)
    return data


def _find_attachment(root: Any) -> Any:
    names = root.get("/Names")
    if names is None:
        return None
    tree = names.get_object().get("/EmbeddedFiles")
    if tree is None:
        return None
    stack = [(tree.get_object(), 0)]
    seen = 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        if depth > 32 or seen > 10_000:
            raise DataFileError("has a malformed attachment list")
        pairs = node.get("/Names")
        if pairs is not None:
            pairs = pairs.get_object()
            for i in range(0, len(pairs) - 1, 2):
                if str(pairs[i].get_object()) == ATTACHMENT_NAME:
                    return pairs[i + 1].get_object()
        kids = node.get("/Kids")
        if kids is not None:
            stack.extend((k.get_object(), depth + 1) for k in kids.get_object())
    return None


def _attachment_bytes(spec: Any) -> bytes:
    ef = spec.get("/EF")
    if ef is None:
        raise DataFileError(f"has an empty '{ATTACHMENT_NAME}' attachment")
    ef = ef.get_object()
    stream_ref = ef.get("/F") or ef.get("/UF")
    if stream_ref is None:
        raise DataFileError(f"has an empty '{ATTACHMENT_NAME}' attachment")
    stream = stream_ref.get_object()
    raw = stream._data
    filters = stream.get("/Filter")
    if filters is None:
        chain: list[str] = []
    else:
        filters = filters.get_object()
        chain = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
    if stream.get("/DecodeParms") is not None:
        raise DataFileError(f"has a '{ATTACHMENT_NAME}' attachment with unsupported encoding parameters")
    for name in chain:
        if name not in ("/FlateDecode", "/Fl"):
            raise DataFileError(f"has a '{ATTACHMENT_NAME}' attachment with an unsupported encoding ({name})")
        inflater = zlib.decompressobj()
        out = inflater.decompress(raw, MAX_ATTACHMENT_BYTES + 1)
        if len(out) > MAX_ATTACHMENT_BYTES or inflater.unconsumed_tail:
            raise DataFileError(
                f"has a '{ATTACHMENT_NAME}' attachment larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB "
                "when decompressed; refusing to read it")
        raw = out
    if len(raw) > MAX_ATTACHMENT_BYTES:
        raise DataFileError(f"has a '{ATTACHMENT_NAME}' attachment larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB")
    return bytes(raw)
