"""Highlights and notes other PDF viewers added to a Reader PDF, read back as W3C annotations.

Okular, Acrobat, Zotero or mupdf write ``/Highlight``, ``/Underline``, ``/StrikeOut``
(with ``/QuadPoints``) and ``/Text`` (sticky note) annotations into the file. Each becomes
a W3C annotation quoting the text under it (pdfium reads the text inside each quad), in
the document whose pages hold it (the exported documents are named, in order, by the
PDF's ``/Keywords``; the top-level outline entries give the page each one starts on), so
the ordinary W3C import anchors it by quote. Reader's own annotations (their ``/NM`` is
the id of a highlight in the embedded JSON) and copies of them are left out; a mark repeating
a highlight kept only in the data dir is left out when merged (``export_jobs.without_repeats``).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.errors import DataFileError
from reader.core.fsutil import read_bytes_limited
from reader.core.w3c import ANNOTATION_PREFIX, CONTEXT, doc_urn

from .annots import MAX_IMPORT_PDF_BYTES, read_embedded_annotations

MARKUP = ("/Highlight", "/Underline", "/StrikeOut")
CONTEXT_CHARS = 32  # prefix/suffix kept around a quote, from the same line
_NO_ATTACHMENT = "has no embedded Reader annotations"

Rect = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


@dataclass(frozen=True)
class ForeignMark:
    """One annotation another viewer made, with the text found under it."""

    page: int
    kind: str  # "/Highlight", "/Underline", "/StrikeOut" or "/Text"
    rects: tuple[Rect, ...]
    exact: str
    prefix: str
    suffix: str
    note: str
    color: str | None  # "#rrggbb"


def read_pdf_annotations(path: Path) -> dict[str, Any]:
    """Reader's embedded W3C annotations plus other viewers', as one AnnotationPage
    (the ``EmbeddedReader`` the CLI and window pass to ``export_jobs``)."""
    path = Path(path)
    embedded: Mapping[str, Any] | None = None
    missing: DataFileError | None = None
    try:
        embedded = read_embedded_annotations(path)
    except DataFileError as exc:
        if _NO_ATTACHMENT not in exc.message:
            raise
        missing = exc  # exported without notes: other viewers' marks may still be there
    data = read_bytes_limited(path, MAX_IMPORT_PDF_BYTES, "is too large to import")
    own = _own_ids(embedded)
    docs, starts, marks = foreign_marks(data, own)
    foreign = [a for a in (_annotation(m, _doc_of(m.page, docs, starts)) for m in marks) if a is not None]
    if missing is not None and not foreign:
        raise missing
    own_quotes = _own_quotes(embedded)
    foreign = [a for a in foreign if _quote_key(a) not in own_quotes]
    return {"@context": CONTEXT, "type": "AnnotationPage", "items": [*_items(embedded), *foreign]}


def foreign_marks(data: bytes, own_ids: set[str]) -> tuple[list[str], list[int], list[ForeignMark]]:
    """(document ids in order, first page of each, marks not made by Reader) of PDF bytes."""
    import pypdfium2
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    info = reader.metadata
    keywords = str(info.get("/Keywords", "")) if info is not None else ""
    docs = [d.strip() for d in keywords.split(",") if d.strip()]
    starts = _doc_starts(reader, len(docs))
    pdf = pypdfium2.PdfDocument(data)
    marks: list[ForeignMark] = []
    by_ref: dict[int, int] = {}  # object number of a markup annotation -> index in marks
    replies: list[tuple[int, str]] = []
    try:
        for index, page in enumerate(reader.pages):
            annots = page.get("/Annots")
            if annots is None:
                continue
            text_page: Any = None
            centres: list[tuple[float, float]] = []
            width = pdf[index].get_width()
            for ref in annots.get_object():
                annot = ref.get_object()
                kind = str(annot.get("/Subtype", ""))
                if kind not in (*MARKUP, "/Text") or str(annot.get("/NM", "")).split("#p")[0] in own_ids:
                    continue
                note = str(annot.get("/Contents", "") or "")
                if kind == "/Text" and annot.get("/IRT") is not None:
                    replies.append((annot.raw_get("/IRT").idnum, note))  # a reply joins its highlight's note
                    continue
                rects = _quad_rects(annot.get("/QuadPoints")) if kind in MARKUP else ()
                if kind == "/Text":
                    _left, bottom, _right, top = _rect(annot.get("/Rect"))
                    rects = ((0.0, bottom, width, top),)  # the line beside the note's icon
                if text_page is None:  # only pages with other viewers' marks are read (a big export has links on all)
                    text_page = pdf[index].get_textpage()
                    centres = _centres(text_page)
                spans = [sp for sp in (_span(centres, r) for r in rects) if sp is not None]
                if not rects:
                    continue
                exact = " ".join(p for p in (_clean(text_page.get_text_range(a, b - a)) for a, b in spans) if p)
                prefix = suffix = ""
                if spans and kind != "/Text":
                    lo, hi = spans[0][0], spans[-1][1]
                    before = max(0, lo - 2 * CONTEXT_CHARS)
                    prefix = _clean(text_page.get_text_range(before, lo - before))[-CONTEXT_CHARS:] if lo else ""
                    after = min(len(centres) - hi, 2 * CONTEXT_CHARS)
                    suffix = _clean(text_page.get_text_range(hi, after))[:CONTEXT_CHARS] if after else ""
                if hasattr(ref, "idnum"):
                    by_ref[ref.idnum] = len(marks)
                marks.append(ForeignMark(index, kind, tuple(rects), exact, prefix, suffix, note,
                                         _color(annot.get("/C"))))
    finally:
        pdf.close()
    for target, note in replies:
        if target in by_ref and note.strip():
            m = marks[by_ref[target]]
            marks[by_ref[target]] = ForeignMark(m.page, m.kind, m.rects, m.exact, m.prefix, m.suffix,
                                                "\n\n".join(n for n in (m.note, note) if n.strip()), m.color)
    return docs, starts, marks


def _centres(text_page: Any) -> list[tuple[float, float]]:
    """The centre of every character's box on a page, in text order (NaN for a space:
    pdfium gives spaces an empty box somewhere else on the line)."""
    out: list[tuple[float, float]] = []
    nan = float("nan")
    for i in range(text_page.count_chars()):
        left, bottom, right, top = text_page.get_charbox(i)
        out.append(((left + right) / 2, (bottom + top) / 2) if right > left else (nan, nan))
    return out


def _span(centres: Sequence[tuple[float, float]], r: Rect) -> tuple[int, int] | None:
    """The characters whose centre lies in ``r`` (first index, end index), or None.

    Centres, not overlaps: a viewer's quad touches the neighbouring word's box."""
    inside = [i for i, (x, y) in enumerate(centres) if r[0] <= x <= r[2] and r[1] <= y <= r[3]]
    return (inside[0], inside[-1] + 1) if inside else None


def _doc_starts(reader: Any, count: int) -> list[int]:
    """The page each exported document starts on: its top-level outline entry."""
    starts: list[int] = []
    try:
        for item in reader.outline:
            if len(starts) >= count:
                break
            if not isinstance(item, list):
                starts.append(reader.get_destination_page_number(item))
    except (ValueError, KeyError, TypeError, AttributeError):
        return [0] if count == 1 else []
    return starts if len(starts) == count else ([0] if count == 1 else [])


def _doc_of(page: int, docs: Sequence[str], starts: Sequence[int]) -> str | None:
    found = None
    for doc_id, start in zip(docs, starts, strict=False):
        if start <= page:
            found = doc_id
    return found


def _quad_rects(quads: Any) -> tuple[Rect, ...]:
    """Groups of eight numbers (four corners, any order) as bounding rectangles."""
    try:
        nums = [float(q) for q in (quads.get_object() if quads is not None else [])]
    except (TypeError, ValueError):
        return ()
    out: list[Rect] = []
    for k in range(0, len(nums) - 7, 8):
        xs, ys = nums[k:k + 8:2], nums[k + 1:k + 8:2]
        out.append((min(xs), min(ys), max(xs), max(ys)))
    return tuple(out)


def _rect(value: Any) -> Rect:
    try:
        a, b, c, d = (float(v) for v in value.get_object())
    except (TypeError, ValueError, AttributeError):
        return (0.0, 0.0, 0.0, 0.0)
    return min(a, c), min(b, d), max(a, c), max(b, d)


def _clean(text: str) -> str:
    # pdfium marks a line-end hyphen it is unsure of with \x02 or U+FFFE; it was printed as "-".
    return re.sub(r"\s+", " ", text.replace("\x02", "-").replace("\ufffe", "-")).strip()


def _color(value: Any) -> str | None:
    """``/C`` (gray, RGB or CMYK, 0..1) as ``#rrggbb``."""
    try:
        c = [min(1.0, max(0.0, float(v))) for v in value.get_object()] if value is not None else []
    except (TypeError, ValueError, AttributeError):
        return None
    if len(c) == 1:
        c = c * 3
    elif len(c) == 4:
        c = [(1 - x) * (1 - c[3]) for x in c[:3]]
    if len(c) != 3:
        return None
    return "#" + "".join(f"{round(x * 255):02x}" for x in c)


def _annotation(m: ForeignMark, doc_id: str | None) -> dict[str, Any] | None:
    """A W3C annotation for ``m``; one without a selector when it has no text under it
    (the W3C import then skips it, saying why)."""
    if doc_id is None:
        return None
    shape = ";".join(",".join(f"{v:.1f}" for v in r) for r in m.rects)
    key = f"{doc_id}\n{m.page}\n{m.kind}\n{shape}"
    what = "note" if m.kind == "/Text" else m.kind[1:].lower()
    ident = f"pdf page {m.page + 1} {what} " + hashlib.sha1(key.encode()).hexdigest()[:12]
    body: list[dict[str, Any]] = []
    if m.note.strip():
        body.append({"type": "TextualBody", "value": m.note, "format": "text/plain", "purpose": "commenting"})
    if m.color is not None:
        body.append({"type": "TextualBody", "value": m.color, "purpose": "highlighting"})
    target: dict[str, Any] = {"type": "SpecificResource", "source": doc_urn(doc_id)}
    if m.exact:
        selector: dict[str, str] = {"type": "TextQuoteSelector", "exact": m.exact}
        if m.prefix:
            selector["prefix"] = m.prefix
        if m.suffix:
            selector["suffix"] = m.suffix
        target["selector"] = selector
    return {"@context": CONTEXT, "id": ident, "type": "Annotation",
            "motivation": "commenting" if m.note.strip() else "highlighting", "body": body, "target": target}


def _items(embedded: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    if embedded is None:
        return []
    first = embedded.get("first")
    items = first.get("items", []) if isinstance(first, Mapping) else []
    return [a for a in items if isinstance(a, Mapping)] if isinstance(items, list) else []


def _own_ids(embedded: Mapping[str, Any] | None) -> set[str]:
    out: set[str] = set()
    for a in _items(embedded):
        raw = a.get("id")
        if isinstance(raw, str) and raw.startswith(ANNOTATION_PREFIX):
            out.add(raw[len(ANNOTATION_PREFIX):])
    return out


def _quote_key(ann: Mapping[str, Any]) -> tuple[str, str]:
    target = ann.get("target")
    if not isinstance(target, Mapping):
        return ("", "")
    selectors = target.get("selector")
    for s in selectors if isinstance(selectors, list) else [selectors]:
        if isinstance(s, Mapping) and s.get("type") == "TextQuoteSelector":
            return str(target.get("source", "")), re.sub(r"\s+", "", str(s.get("exact", "")))
    return ("", "")


def _own_quotes(embedded: Mapping[str, Any] | None) -> set[tuple[str, str]]:
    """Reader's own highlights by (document, quote): a viewer that copied one keeps its text."""
    return {k for k in (_quote_key(a) for a in _items(embedded)) if k != ("", "")}
