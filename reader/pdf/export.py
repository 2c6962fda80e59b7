"""The annotated PDF: a printed edition that is also a real annotated PDF.

Pipeline (each step in its own module so it can be tested and measured on its own):

1. ``layout.Typesetter`` builds one QTextDocument (title page, per-document title block,
   body, endnotes, appendices) and Qt paginates it;
2. the same layout gives the line rectangles of every highlight, link and note mark;
3. QPdfWriter paints each page (highlight tint, text, running header and footer);
4. ``annots.finish_pdf`` appends native ``/Highlight`` and ``/Link`` annotations, the
   outline, metadata and the W3C JSON attachment as an incremental update.

Threading: QPdfWriter and QTextDocument need a QGuiApplication, and Qt only allows one
to be created on the main thread. :func:`export_pdf` creates an offscreen-capable
QGuiApplication when none exists, so call it on the main thread the first time (the
CLI does, with ``QT_QPA_PLATFORM=offscreen`` when there is no display); the window
already has its QApplication. Once it exists, an export may run in a QThread (tested;
a plain Python thread makes Qt's text layout warn about a missing event dispatcher),
which is how the window keeps responsive and shows progress. The output is written to temp files beside ``out`` and
``os.replace``\\ d over it only when everything succeeded: a cancelled or failed export
never leaves a partial file with the target's name, nor touches an existing one.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import getpass
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.anchor import resolve
from reader.core.corpus import Corpus
from reader.core.document import Document, excerpt
from reader.core.errors import StoreError
from reader.core.fsutil import fsync_dir, sweep_stale_temps
from reader.core.model import DocumentNotes, Highlight, UserLink

from .annots import (
    ATTACHMENT_NAME,
    HighlightAnnot,
    LinkAnnot,
    OutlineNode,
    finish_pdf,
    read_embedded_annotations,
)

__all__ = [
    "ATTACHMENT_NAME",
    "ExportCancelled",
    "ExportOptions",
    "ExportReport",
    "ensure_gui_app",
    "export_pdf",
    "read_embedded_annotations",
]

Progress = Callable[[int, int, str], bool]

LANGUAGE_NAMES = {
    "en": "English", "zh": "Chinese", "zh-Hans": "Chinese (Simplified)", "zh-Hant": "Chinese (Traditional)",
    "yue": "Cantonese",
}


@dataclass(frozen=True)
class ExportOptions:
    include_editorial: bool = True  # glossary links + appendix, cross-reference links, timeline appendix
    include_notes: bool = True  # personal highlights, notes (printed + /Highlight annots), embedded JSON
    page_size: str = "A4"
    title: str = "Reader — annotated corpus"


class ExportCancelled(Exception):
    """The progress callback asked to stop; nothing was written at the target path."""


@dataclass
class ExportReport:
    path: Path
    pages: int
    highlights: int
    annotations_written: int
    seconds: float


_app_ref: Any = None


def ensure_gui_app() -> Any:
    """Return the running Q(Gui)Application, creating a QGuiApplication if there is none.

    Qt requires the application object to be created on the main thread; a call from
    another thread without one raises RuntimeError instead of crashing inside Qt.
    """
    global _app_ref
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is not None:
        return app
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("export_pdf needs a QGuiApplication; create one on the main thread first")
    if not os.environ.get("QT_QPA_PLATFORM") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
            and os.name == "posix" and not _is_macos():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _app_ref = QGuiApplication(["reader-export"])
    return _app_ref


def _return_freed_memory() -> None:
    """Hand the heap freed by the text layouts back to the system (glibc keeps it, and
    Python's allocator cannot reuse it), so the annotation pass does not add its own
    memory on top: a 4 MB book's peak stays under 600 MB."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl): nothing to do
        pass


def _is_macos() -> bool:
    import sys

    return sys.platform == "darwin"


# -- planning: what goes where, before any Qt object exists -----------------------------


@dataclass
class _Placed:
    """A personal highlight resolved against the current text."""

    h: Highlight
    start: int
    end: int
    number: int = 0  # endnote number, 0 when it has no note/tags
    orphan: bool = False


@dataclass
class _DocPlan:
    doc: Document
    placed: list[_Placed] = field(default_factory=list)
    orphans: list[_Placed] = field(default_factory=list)
    numbered: list[_Placed] = field(default_factory=list)
    marks: dict[int, list[int]] = field(default_factory=dict)  # mark offset -> note numbers
    document_note: str = ""


def _plan_notes(doc: Document, notes: DocumentNotes | None, include: bool) -> _DocPlan:
    plan = _DocPlan(doc)
    if not include or notes is None:
        return plan
    plan.document_note = notes.document_note or ""
    text = doc.text
    for h in notes.highlights:
        res = resolve(h.anchor, text)
        if res.status == "orphan" or res.start is None or res.end is None:
            plan.orphans.append(_Placed(h, 0, 0, orphan=True))
            continue
        s, e = res.start, res.end
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            plan.placed.append(_Placed(h, s, e))
    plan.placed.sort(key=lambda p: (p.start, p.end, p.h.id))
    n = 0
    for p in plan.placed:
        if p.h.note.strip() or p.h.tags:
            n += 1
            p.number = n
            plan.numbered.append(p)
            block = doc.block_at(p.end - 1)
            limit = block.end if block is not None else len(text)
            from .layout import mark_offset

            plan.marks.setdefault(mark_offset(text, p.end, limit), []).append(n)
    for p in plan.orphans:
        if p.h.note.strip() or p.h.tags:
            n += 1
            p.number = n
            plan.numbered.append(p)
    return plan


def _editorial_marks(layer: Any, doc: Document) -> list[Any]:
    marks_for = getattr(layer, "marks_for", None)
    if marks_for is None:
        return []
    try:
        return list(marks_for(doc))
    except (TypeError, AttributeError):
        return list(marks_for(doc.id))


def _span(obj: Any) -> tuple[str, int, int] | None:
    """(doc_id, start, end) of an editorial span, or None when it cannot be placed."""
    if obj is None:
        return None
    if getattr(obj, "status", "ok") == "orphan":
        return None
    doc_id = getattr(obj, "doc_id", None)
    start, end = getattr(obj, "start", None), getattr(obj, "end", None)
    if not isinstance(doc_id, str) or not isinstance(start, int) or not isinstance(end, int) or end <= start:
        return None
    return doc_id, start, end


# -- the export ----------------------------------------------------------------------------


def export_pdf(
    out: Path,
    corpus: Corpus,
    doc_ids: Sequence[str],
    notes: Mapping[str, DocumentNotes],
    *,
    links: Sequence[UserLink] = (),
    editorial: Any = None,
    palette: Mapping[str, str] | None = None,
    options: ExportOptions = ExportOptions(),  # noqa: B008 - frozen dataclass, safe default
    progress: Progress | None = None,
) -> ExportReport:
    """Write the annotated PDF of ``doc_ids`` (all documents when empty) to ``out``.

    ``progress(done, total, label)`` is called throughout (``total`` is 0 while it is not
    known yet); returning False cancels: ExportCancelled is raised and ``out`` is left as
    it was. Raises UnknownDocumentError for an unknown id, StoreError when the file
    cannot be written, ValueError for an unknown page size.
    """
    t0 = time.perf_counter()
    out = Path(out)

    def tick(done: int, total: int, label: str) -> None:
        if progress is not None and progress(done, total, label) is False:
            raise ExportCancelled(f"export to {out} cancelled")

    ids = list(dict.fromkeys(doc_ids or corpus.ids()))
    docs = [corpus.get(d) for d in ids]
    tick(0, 0, "Preparing")

    ensure_gui_app()
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    from .fonts import register_fonts
    from .layout import RESOLUTION, PageGeometry, page_size_id

    register_fonts()
    size_id = page_size_id(options.page_size)
    stamp = f"{os.getpid()}-{threading.get_ident() & 0xFFFF:x}-{int(time.time() * 1000) & 0xFFFFFF:x}"
    tmp_qt = out.with_name(f".{out.name}.{stamp}.qt.tmp")
    tmp_out = out.with_name(f".{out.name}.{stamp}.tmp")
    sweep_stale_temps(out)  # what an export killed earlier left next to this file
    try:
        with open(tmp_qt, "wb"):
            pass  # fail early (missing folder, no permission), before Qt just warns
        writer = QPdfWriter(str(tmp_qt))
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(QPageLayout(QPageSize(size_id), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        writer.setTitle(options.title)
        writer.setCreator("Reader")
        geom = PageGeometry.for_device(writer)
        job = _Job(corpus, docs, notes, links, editorial, palette or {}, options, geom, writer, tick)
        job.build()
        pages = job.pages
        tick(0, job.total, "Drawing pages")
        painter = QPainter()
        if not painter.begin(writer):
            raise StoreError("could not be written (Qt could not open the PDF for writing)", out)
        try:
            for i in range(pages):
                if i:
                    writer.newPage()
                job.paint(painter, i)
                job.ts.release_before(i + 1)
                tick(i + 1, job.total, f"Drawing page {i + 1} of {pages}")
        finally:
            painter.end()
        del writer
        _return_freed_memory()  # the pages' layouts are gone; pypdf needs room next
        if not tmp_qt.is_file():
            raise StoreError("could not be written (Qt produced no PDF)", out)
        done0 = pages

        def tick_annots(done: int, total: int) -> None:
            tick(done0 + round(job.annot_steps * done / max(total, 1)), job.total, "Adding annotations")

        written = finish_pdf(
            tmp_qt, tmp_out,
            highlights=job.highlight_annots, links=job.link_annots, outline=job.outline,
            metadata=job.metadata(), attachment=job.attachment(), tick=tick_annots,
        )
        tick(job.total - 1, job.total, "Saving")
        os.replace(tmp_out, out)
        fsync_dir(out.parent)
        tick(job.total, job.total, "Done")
        return ExportReport(out, pages, job.highlight_count, written, time.perf_counter() - t0)
    except OSError as exc:
        raise StoreError(f"could not be written ({exc.strerror or exc}); nothing was changed", out) from None
    finally:
        for tmp in (tmp_qt, tmp_out):
            with contextlib.suppress(OSError):
                tmp.unlink()



def _author() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError, ImportError):
        return "Reader"
    return name or "Reader"


def _pdf_date(iso: str) -> str:
    try:
        d = _dt.datetime.fromisoformat(iso.replace("Z", "+00:00")) if iso else None
    except ValueError:
        d = None
    if d is None:
        d = _dt.datetime.now(_dt.UTC)
    if d.tzinfo is None:
        d = d.replace(tzinfo=_dt.UTC)
    d = d.astimezone(_dt.UTC)
    return d.strftime("D:%Y%m%d%H%M%SZ")


def _rgb(color: str) -> tuple[float, float, float]:
    c = color.lstrip("#")
    try:
        return int(c[0:2], 16) / 255, int(c[2:4], 16) / 255, int(c[4:6], 16) / 255
    except (ValueError, IndexError):
        return 1.0, 0.83, 0.0




def _w3c_collection(docs: Sequence[Document], notes: Mapping[str, DocumentNotes],
                    palette: Mapping[str, str]) -> dict:
    from reader.core import w3c

    return w3c.collection([notes[d.id] for d in docs if d.id in notes], palette=palette)


class _Job:
    """One export: builds the typeset document, then hands out per-page paint jobs and
    the annotation records for pypdf."""

    def __init__(self, corpus: Corpus, docs: list[Document], notes: Mapping[str, DocumentNotes],
                 links: Sequence[UserLink], editorial: Any, palette: Mapping[str, str],
                 options: ExportOptions, geom: Any, device: Any, tick: Callable[[int, int, str], None]):
        from .layout import Typesetter

        self.corpus = corpus
        self.docs = docs
        self.notes = notes
        self.user_links = list(links) if options.include_notes else []
        self.layer = editorial if options.include_editorial else None
        self.palette = palette
        self.options = options
        self.geom = geom
        self.tick = tick
        self.ts = Typesetter(device, geom)
        self.exported = {d.id for d in docs}
        self.plans = [_plan_notes(d, notes.get(d.id), options.include_notes) for d in docs]
        self.placed_docs: dict[str, Any] = {}
        self.pages = 0
        self.total = 0
        self.annot_steps = 0
        self.highlight_count = 0
        self.highlight_annots: list[HighlightAnnot] = []
        self.link_annots: list[LinkAnnot] = []
        self.outline: list[OutlineNode] = []
        # Filled while building; resolved to geometry after the final layout.
        self._links: list[tuple[int, int, int]] = []  # (from pos, to pos, destination pos)
        self._glossary_pos: dict[str, int] = {}
        self._endnote_pos: dict[tuple[str, int], int] = {}
        self._mark_pos: dict[tuple[str, int], int] = {}
        self._sections: list[tuple[int, str, str]] = []  # (start pos, header left, header right)
        self._tints: dict[int, list[Any]] = {}
        self._marks: dict[int, list[tuple[str, Any]]] = {}
        self._appendix_outline: list[tuple[str, int]] = []
        self._glossary_marks: dict[str, list[Any]] = {}
        self._crossref_spans: list[tuple[tuple[str, int, int], tuple[str, int, int]]] = []
        self._see_also: list[tuple[int, int, str]] = []
        self._bars: dict[int, list[tuple[float, float]]] = {}
        self._dest_cache: dict[int, tuple[int, float]] = {}
        self._legend: list[tuple[int, int, str]] = []
        self._entry_heads: list[int] = []
        self._section_pages: list[tuple[int, int]] | None = None

    # -- building ------------------------------------------------------------------------

    def build(self) -> None:
        ts = self.ts
        self._title_page()
        for i, (doc, plan) in enumerate(zip(self.docs, self.plans, strict=True)):
            self.tick(0, 0, f"Typesetting {doc.title[:60]}")
            self._document(i, doc, plan)
        self.tick(0, 0, "Paginating")
        ts.page_count()
        self._keep_headings([pos for placed in self.placed_docs.values() for _b, pos in placed.headings])
        self._appendices()
        ts.page_count()
        self._keep_headings(self._entry_heads)
        self.pages = ts.page_count()
        self._geometry()
        self.annot_steps = max(1, (len(self.highlight_annots) + len(self.link_annots)) // 250)
        self.total = self.pages + self.annot_steps + 1

    def _title_page(self) -> None:
        ts = self.ts
        now = _dt.datetime.now().astimezone()
        ts.add("Annotated edition", "cover-kicker")
        ts.add(self.options.title, "cover-title")
        ts.add(f"Exported {now.strftime('%d %B %Y, %H:%M')} ({now.strftime('%Z') or 'local time'}) by Reader",
               "cover-line")
        highlights = sum(len(p.placed) + len(p.orphans) for p in self.plans)
        noted = sum(1 for p in self.plans for x in p.placed + p.orphans if x.h.note.strip())
        bits = [f"{len(self.docs)} document{'s' if len(self.docs) != 1 else ''}"]
        if self.options.include_notes:
            bits.append(f"{highlights} highlight{'s' if highlights != 1 else ''}")
            bits.append(f"{noted} note{'s' if noted != 1 else ''}")
        if self.layer is not None:
            g = len(getattr(self.layer, "glossary", []) or [])
            c = len(getattr(self.layer, "crossrefs", []) or [])
            t = len(getattr(self.layer, "timeline", []) or [])
            bits += [f"{g} glossary entries", f"{c} cross-references", f"{t} timeline events"]
        ts.add(" · ".join(bits), "cover-line")
        ts.add("Documents in this edition", "cover-head")
        for doc in self.docs:
            who = doc.meta.publisher or ", ".join(doc.meta.authors)
            ts.add(f"{doc.title}" + (f" — {who}" if who else ""), "cover-doc")
        if self.options.include_notes:
            used = list(dict.fromkeys(p.h.color for plan in self.plans for p in sorted(plan.placed, key=lambda x: x.h.color)))
            if used:
                ts.add("Reading this edition", "cover-head")
                ts.add("Highlights are printed in their colours and are also PDF annotations; numbered marks "
                       "refer to the notes at the end of each document. Colours: ", "cover-note")
                for i, color in enumerate(used):
                    if i:
                        ts.append(" ", "cover-note")
                    a, b = ts.append(f"\u2002{self._meaning(color)}\u2002", "cover-note")
                    self._legend.append((a, b, color))
        if self.layer is not None:
            ts.add("Dotted underlines mark glossary terms (linked to the glossary at the end); a bar in "
                   "the margin marks a passage cross-referenced elsewhere (linked to the other passage).",
                   "cover-note")

    def _document(self, index: int, doc: Document, plan: _DocPlan) -> None:
        from .layout import PlacedDocument, Run

        ts = self.ts
        meta = doc.meta
        title_pos = ts.add(f"Document {index + 1} of {len(self.docs)}", "doc-kicker", page_break=True)
        self._sections.append((title_pos, doc.title, meta.publisher or ""))
        ts.add(doc.title, "doc-title")
        if meta.subtitle:
            ts.add(meta.subtitle, "doc-subtitle")
        rows: list[tuple[str, str]] = []
        if meta.authors:
            rows.append(("By", ", ".join(meta.authors)))
        if meta.publisher:
            rows.append(("Publisher", meta.publisher))
        rows.append(("Published", meta.published or "not stated in the text"))
        if meta.republished_by:
            rows.append(("Republished by", meta.republished_by))
        if meta.original:
            rows.append(("Original", meta.original))
        if meta.languages:
            rows.append(("Languages", ", ".join(LANGUAGE_NAMES.get(x, x) for x in meta.languages)))
        if meta.source:
            rows.append(("Source", meta.source + (" (added to the reader's library)" if doc.user else "")))
        if meta.title_note:
            rows.append(("Title", meta.title_note))
        if meta.removed:
            rows.append(("Removed", "; ".join(meta.removed)))
        for i, (key, value) in enumerate(rows):
            ts.add("", "doc-meta-last" if i == len(rows) - 1 else "doc-meta")
            ts.append(key + "  ", "doc-meta-key")
            ts.append(value, "doc-meta")

        # Runs: link underlines, note-mark gaps.
        runs: list[Run] = []
        if self.layer is not None:
            for m in _editorial_marks(self.layer, doc):
                kind = getattr(m, "kind", "")
                if kind == "glossary":
                    runs.append(Run(m.start, m.end, "glossary"))
                    self._glossary_marks.setdefault(m.ref_id, []).append((doc.id, m.start, m.end))
            for c in getattr(self.layer, "crossrefs", []) or []:
                src, dst = _span(getattr(c, "source", None)), _span(getattr(c, "target", None))
                if src is None or dst is None or src[0] not in self.exported or dst[0] not in self.exported:
                    continue
                self._crossref_spans.append((src, dst))
                for end in (src, dst):
                    if end[0] == doc.id:
                        runs.append(Run(end[1], end[2], "crossref"))
        for link in self.user_links:
            for a, b in ((link.source, link.target), (link.target, link.source)):
                if a.doc_id == doc.id and b.doc_id in self.exported:
                    s, e = a.anchor.start, a.anchor.end
                    if isinstance(s, int) and isinstance(e, int) and e > s:
                        runs.append(Run(s, e, "crossref"))
        for offset, numbers in plan.marks.items():
            if offset > 0:
                runs.append(Run(offset - 1, offset, gap=ts.styles.mark_gap(_mark_label(numbers))))
        runs.sort(key=lambda r: r.start)
        starts = [r.start for r in runs]
        import bisect

        placed = PlacedDocument(doc, [])
        placed.title_pos = title_pos
        max_len = max((r.end - r.start for r in runs), default=0)
        for block in doc.blocks:
            lo = bisect.bisect_left(starts, block.start - max_len)
            hi = bisect.bisect_left(starts, block.end)
            mine = [r for r in runs[lo:hi] if r.end > block.start and r.start < block.end]
            style = block.kind if block.kind != "heading" else ("heading1" if block.level <= 1 else "heading2")
            pos = ts.add_runs(block.text, style, mine, block.start)
            placed.block_pos.append(pos)
            if block.kind == "heading":
                placed.headings.append((block, pos))
        self.placed_docs[doc.id] = placed
        for offset, numbers in plan.marks.items():
            for n in numbers:
                self._mark_pos[(doc.id, n)] = placed.qpos(offset)
        self._endnotes(doc, plan, placed)
        placed.end_pos = ts.position

    def _endnotes(self, doc: Document, plan: _DocPlan, placed: Any) -> None:
        if not (plan.numbered or plan.document_note):
            return
        ts = self.ts
        placed.notes_pos = ts.add("Notes", "section")
        if plan.document_note:
            ts.add("", "note")
            ts.append("On this document: ", "note-meta")
            ts.append(_printable(plan.document_note), "note")
        for p in plan.numbered:
            pos = ts.add("", "note")
            a, b = ts.append(f"{p.number}.", "note")
            ts.append("\u2002", "note")
            self._endnote_pos[(doc.id, p.number)] = pos
            if not p.orphan:
                self._links.append((a, b, placed.qpos(p.start)))
            quote = excerpt(p.h.quote, 150)
            ts.append(quote if quote[:1] in "“‘\"「『" else f"“{quote}”", _quote_style(quote))
            if p.orphan:
                ts.append(" (passage no longer found in the text)", "note-meta")
            if p.h.note.strip():
                ts.append(" — " + _printable(p.h.note.strip()), "note")
            extra = []
            if p.h.tags:
                extra.append(" ".join(f"#{t}" for t in p.h.tags))
            meaning = self._meaning(p.h.color)
            if meaning:
                extra.append(meaning)
            if extra:
                ts.append("  [" + "; ".join(_printable(x) for x in extra) + "]", "note-meta")

    def _meaning(self, color: str) -> str:
        from reader.core.model import DEFAULT_MEANINGS

        return self.palette.get(color) or DEFAULT_MEANINGS.get(color.lower(), "") or color

    def _keep_headings(self, positions: Sequence[int]) -> None:
        """Move a heading stranded at the foot of a page to the next page (twice at most)."""
        ts = self.ts
        for _ in range(2):
            moved = False
            for pos in positions:
                page, _y = ts.locate(pos)
                nxt = ts.next_block(pos)
                if nxt is None:
                    continue
                npage, _ny = ts.locate(nxt)
                if npage > page:
                    ts.set_page_break(pos)
                    moved = True
            if not moved:
                break
            ts.page_count()

    def _page_refs(self, spans: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """(document title, page number (1-based), destination pos) per distinct page."""
        seen: dict[tuple[str, int], tuple[str, int, int]] = {}
        for doc_id, s, _e in spans:
            placed = self.placed_docs.get(doc_id)
            if placed is None:
                continue
            pos = placed.qpos(s)
            page, _ = self.ts.locate(pos)
            key = (doc_id, page)
            if key not in seen:
                seen[key] = (doc_id, page + 1, pos)
        return list(seen.values())

    def _append_refs(self, label: str, refs: list[tuple[str, int, int]]) -> None:
        ts = self.ts
        ts.add("", "entry-meta")
        ts.append(label, "entry-meta")
        by_doc: dict[str, list[tuple[int, int]]] = {}
        for doc_id, page, pos in refs:
            by_doc.setdefault(doc_id, []).append((page, pos))
        first = True
        for doc_id, items in by_doc.items():
            if not first:
                ts.append("; ", "entry-meta")
            first = False
            ts.append(_short_title(self.placed_docs[doc_id].doc) + " ", "entry-meta")
            for i, (page, pos) in enumerate(sorted(items)):
                if i:
                    ts.append(", ", "entry-meta")
                a, b = ts.append(f"p. {page}", "entry-meta")
                self._links.append((a, b, pos))

    def _appendix_title(self, title: str) -> None:
        """Open an appendix on a new page: its heading, running header and outline entry."""
        pos = self.ts.add(title, "appendix-title", page_break=True)
        self._sections.append((pos, title, self.options.title))
        self._appendix_outline.append((title, pos))

    def _appendices(self) -> None:
        layer = self.layer
        if layer is None:
            return
        ts = self.ts
        entries = list(getattr(layer, "glossary", []) or [])
        if entries:
            self._appendix_title("Glossary")
            ts.add("Terms as the texts use them. Definitions are editorial summaries drawn only from the "
                   "corpus and attributed to the text that says it; page numbers refer to this edition.",
                   "entry-meta")
            for e in sorted(entries, key=lambda x: str(getattr(x, "term", "")).casefold()):
                eid = str(getattr(e, "id", ""))
                pos = ts.add("", "entry-head")
                self._entry_heads.append(pos)
                ts.append(str(getattr(e, "term", eid)), "entry-head")
                kind = getattr(e, "kind", "")
                if kind:
                    ts.append(f"   {kind}", "doc-meta-key")
                self._glossary_pos[eid] = pos
                ts.add(str(getattr(e, "definition", "")), "entry")
                spellings = [s for s in (*getattr(e, "aliases", ()), *getattr(e, "other_spellings", ()))
                             if s and s != getattr(e, "term", None)]
                if spellings:
                    ts.add("Also written: " + ", ".join(dict.fromkeys(spellings)), "entry-meta")
                refs = self._page_refs(self._glossary_marks.get(eid, []))
                if refs:
                    self._append_refs("In this edition: ", refs)
                see = [s for s in getattr(e, "see_also", ()) or () if s]
                if see:
                    ts.add("", "entry-meta")
                    ts.append("See also: ", "entry-meta")
                    for i, sid in enumerate(see):
                        if i:
                            ts.append(", ", "entry-meta")
                        target = next((x for x in entries if getattr(x, "id", None) == sid), None)
                        a, b = ts.append(str(getattr(target, "term", sid)), "entry-meta")
                        self._see_also.append((a, b, sid))
        events = list(getattr(layer, "timeline", []) or [])
        if events:
            self._appendix_title("Timeline")
            ts.add("Dates as the texts give them. Relative dates (“last month”) are resolved from the "
                   "publication date; the reasoning is shown for each.", "entry-meta")
            for ev in events:
                self._entry_heads.append(ts.add("", "entry-head"))
                ts.append(str(getattr(ev, "date", "")), "entry-head")
                ts.append("   " + str(getattr(ev, "title", "")), "entry-head")
                date_text = getattr(ev, "date_text", "")
                if date_text:
                    ts.add("", "entry")
                    ts.append("The text says: ", "note-meta")
                    ts.append(f"“{date_text}”", _quote_style(str(date_text)))
                reasoning = getattr(ev, "reasoning", "")
                if reasoning:
                    ts.add(str(reasoning), "entry")
                spans = [s for s in (_span(x) for x in getattr(ev, "spans", ()) or ()) if s is not None]
                refs = self._page_refs(spans)
                if refs:
                    self._append_refs("Passages: ", refs)
        if self._crossref_spans:
            self._appendix_title("Cross-references")
            by_id = {(_span(c.source), _span(c.target)): c for c in getattr(layer, "crossrefs", []) or []}
            for src, dst in self._crossref_spans:
                c = by_id.get((src, dst))
                self._entry_heads.append(ts.add("", "entry-head"))
                ts.append(str(getattr(c, "type", "")), "doc-meta-key")
                note = str(getattr(c, "note", ""))
                if note:
                    ts.add(note, "entry")
                self._append_refs("From: ", self._page_refs([src]))
                self._append_refs("To: ", self._page_refs([dst]))

    # -- geometry ----------------------------------------------------------------------------

    def _geometry(self) -> None:
        from PySide6.QtGui import QColor

        from .layout import mix_with_white

        ts, g = self.ts, self.geom
        author = _author()
        tint_cache: dict[str, Any] = {}
        for plan in self.plans:
            placed = self.placed_docs[plan.doc.id]
            for p in plan.placed:
                rects = ts.line_rects(placed.qpos(p.start), placed.qpos(p.end))
                if not rects:
                    continue
                self.highlight_count += 1
                tint = tint_cache.get(p.h.color)
                if tint is None:
                    tint = tint_cache[p.h.color] = mix_with_white(QColor(p.h.color), 0.42)
                by_page: dict[int, list[Any]] = {}
                for r in rects:
                    by_page.setdefault(r.page, []).append(r)
                    self._tints.setdefault(r.page, []).append((tint, r))
                fill = (tint.redF(), tint.greenF(), tint.blueF())
                for k, (page, rs) in enumerate(sorted(by_page.items())):
                    boxes = [self._box(r) for r in rs]
                    self.highlight_annots.append(HighlightAnnot(
                        page=page, boxes=boxes, color=_rgb(p.h.color), fill=fill,
                        nm=p.h.id if k == 0 else f"{p.h.id}#p{k + 1}",
                        contents=p.h.note if k == 0 else "",
                        author=author, modified=_pdf_date(p.h.modified or p.h.created),
                    ))
            for offset, numbers in plan.marks.items():
                r = ts.caret(placed.qpos(offset))
                if r is None:
                    continue
                label = _mark_label(numbers)
                self._marks.setdefault(r.page, []).append((label, r))
                width = ts.styles.mark_gap(label)
                dest = self._endnote_pos.get((plan.doc.id, numbers[0]))
                if dest is not None:
                    x0, y0 = g.to_pdf(r.x0 - width, r.top)
                    x1, y1 = g.to_pdf(r.x0, r.baseline)
                    self._link_to((r.page, (x0, y1, x1, y0)), dest)
        for a, b, color in self._legend:
            tint = tint_cache.get(color) or mix_with_white(QColor(color), 0.42)
            for r in ts.line_rects(a, b):
                self._tints.setdefault(r.page, []).append((tint, r))
        # Editorial and user links: one /Link per line.
        if self.layer is not None:
            for eid, occ in self._glossary_marks.items():
                dest = self._glossary_pos.get(eid)
                if dest is None:
                    continue
                for doc_id, s, e in occ:
                    self._link_span(doc_id, s, e, dest)
            for src, dst in self._crossref_spans:
                self._link_span(*src, self.placed_docs[dst[0]].qpos(dst[1]), bar=True)
                self._link_span(*dst, self.placed_docs[src[0]].qpos(src[1]), bar=True)
            for a, b, sid in self._see_also:
                if sid in self._glossary_pos:
                    self._links.append((a, b, self._glossary_pos[sid]))
        for link in self.user_links:
            for a, b in ((link.source, link.target), (link.target, link.source)):
                if a.doc_id in self.placed_docs and b.doc_id in self.placed_docs:
                    s, e = a.anchor.start, a.anchor.end
                    if isinstance(s, int) and isinstance(e, int) and e > s and isinstance(b.anchor.start, int):
                        self._link_span(a.doc_id, s, e, self.placed_docs[b.doc_id].qpos(b.anchor.start), bar=True)
        for a, b, dest in self._links:
            for r in ts.line_rects(a, b):
                self._link_to((r.page, self._box(r)), dest)
        # Outline.
        for placed in self.placed_docs.values():
            node = self._node(placed.doc.title, placed.title_pos)
            for block, pos in placed.headings:
                if block.text.strip() and block.text.strip() != placed.doc.title.strip():
                    node.children.append(self._node(block.text, pos))
            if placed.notes_pos is not None:
                node.children.append(self._node("Notes", placed.notes_pos))
            self.outline.append(node)
        for title, pos in self._appendix_outline:
            self.outline.append(self._node(title, pos))

    def _box(self, r: Any) -> tuple[float, float, float, float]:
        x0, y1 = self.geom.to_pdf(r.x0, r.top)
        x1, y0 = self.geom.to_pdf(r.x1, r.bottom)
        return x0, y0, x1, y1

    def _dest(self, pos: int) -> tuple[int, float]:
        hit = self._dest_cache.get(pos)
        if hit is None:
            page, y = self.ts.locate(pos)
            top = self.geom.to_pdf(0, y)[1] + 12
            hit = self._dest_cache[pos] = (page, min(top, self.geom.page_height_pt))
        return hit

    def _node(self, title: str, pos: int) -> OutlineNode:
        page, top = self._dest(pos)
        return OutlineNode(" ".join(title.split())[:200], page, top)

    def _link_to(self, where: tuple[int, tuple[float, float, float, float]], dest: int) -> None:
        page, box = where
        dpage, top = self._dest(dest)
        self.link_annots.append(LinkAnnot(page, box, dpage, top, self.geom.pt(self.geom.left) - 18))

    def _link_span(self, doc_id: str, s: int, e: int, dest: int, bar: bool = False) -> None:
        placed = self.placed_docs.get(doc_id)
        if placed is None or e > len(placed.doc.text):
            return
        spans: dict[int, tuple[float, float]] = {}
        for r in self.ts.line_rects(placed.qpos(s), placed.qpos(e)):
            self._link_to((r.page, self._box(r)), dest)
            top, bottom = spans.get(r.page, (r.top, r.bottom))
            spans[r.page] = (min(top, r.top), max(bottom, r.bottom))
        if bar:
            for page, extent in spans.items():
                self._bars.setdefault(page, []).append(extent)

    # -- painting ------------------------------------------------------------------------------

    def paint(self, painter: Any, page: int) -> None:
        self.ts.paint_page(painter, page, self._tints.get(page, ()), self._marks.get(page, ()),
                           self._bars.get(page, ()))
        if page == 0:
            return
        left, right = self._header_for(page)
        self.ts.paint_furniture(painter, page, self.pages, left, right)

    def _header_for(self, page: int) -> tuple[str, str]:
        """The running header: blank on the first page of a section (it has its own title)."""
        if self._section_pages is None:
            self._section_pages = sorted((self.ts.locate(pos)[0], i) for i, (pos, _l, _r) in enumerate(self._sections))
        current = ("", "")
        for start_page, i in self._section_pages:
            if start_page > page:
                break
            _pos, left, right = self._sections[i]
            current = (left, right) if start_page < page else ("", "")
        return current

    # -- output ----------------------------------------------------------------------------------

    def metadata(self) -> dict[str, str]:
        authors = sorted({a for d in self.docs for a in d.meta.authors})
        publishers = list(dict.fromkeys(d.meta.publisher for d in self.docs if d.meta.publisher))
        return {
            "/Title": self.options.title,
            "/Author": "Reader" + (" — " + ", ".join(authors) if authors else ""),
            "/Subject": "Annotated edition of: " + "; ".join(d.title for d in self.docs)
                        + (f" ({', '.join(publishers)})" if publishers else ""),
            "/Keywords": ", ".join(d.id for d in self.docs),
            "/Creator": "Reader",
            "/Producer": "Reader (Qt QPdfWriter + pypdf)",
            "/CreationDate": _pdf_date(""),
            "/ModDate": _pdf_date(""),
        }

    def attachment(self) -> bytes | None:
        if not self.options.include_notes:
            return None
        data = _w3c_collection(self.docs, self.notes, self.palette)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _quote_style(text: str) -> str:
    """Italic for quoted excerpts, except Chinese: the CJK font has no italic and a
    slanted ideograph is a typographic error."""
    return "note" if any("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text) else "note-quote"


def _mark_label(numbers: Sequence[int]) -> str:
    return ",".join(str(n) for n in numbers)


def _short_title(doc: Document, limit: int = 48) -> str:
    return excerpt(doc.title, limit)


_RAW_FONTS: list[Any] = []


def _printable(text: str) -> str:
    """User text printed with the bundled fonts: characters they lack (emoji) are spelled
    out as [U+XXXX] rather than left to whatever system font exists, or a blank box. The
    note itself is kept exactly in the annotation's /Contents and the embedded JSON."""
    if not _RAW_FONTS:
        from PySide6.QtGui import QRawFont

        from .fonts import fonts_dir

        for name in ("ReaderSerif-Regular.ttf", "ReaderCJK-Regular.otf"):
            raw = QRawFont(str(fonts_dir() / name), 12)
            if raw.isValid():
                _RAW_FONTS.append(raw)
    out = []
    for ch in text:
        if ch in "\u2028\n\t " or any(f.supportsCharacter(ord(ch)) for f in _RAW_FONTS):
            out.append(ch)
        else:
            out.append(f"[U+{ord(ch):04X}]")
    return "".join(out)
