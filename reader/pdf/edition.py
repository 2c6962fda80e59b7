"""One edition being typeset: the title page, each document with its endnotes, and the
positions the appendices, annotations and painting need afterwards."""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QPagedPaintDevice, QPainter

from reader.core.document import Document, excerpt
from reader.core.model import DEFAULT_MEANINGS, DocumentNotes, UserLink

from .annots import HighlightAnnot, LinkAnnot, OutlineNode
from .fonts import printable
from .geometry import Questions
from .layout import PlacedDocument, Run, Typesetter
from .paint import Furniture, paint_page
from .plan import LANGUAGE_NAMES, DocPlan, mark_label, plan_notes, quote_style
from .sources import EditorialSource, SpanKey, endpoint_key, span_key
from .styles import LineRect, PageGeometry

Tick = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ExportOptions:
    """What goes into the edition, how it is labelled, and its page size."""

    include_editorial: bool = True  # glossary links + appendix, cross-reference links, timeline appendix
    include_notes: bool = True  # personal highlights, notes (printed + /Highlight annots), embedded JSON
    page_size: str = "A4"
    title: str = "Reader — annotated corpus"
    annotator: str = "Reader user"  # the /T of every highlight: the reader's chosen name, never the OS login


class Edition:
    """Builds the typeset edition, then hands out per-page painting and the annotation
    records for pypdf. Appendices (appendices.py) and annotation geometry (annotate.py)
    fill the same positions and records."""

    def __init__(self, docs: list[Document], notes: Mapping[str, DocumentNotes], links: Sequence[UserLink],
                 editorial: EditorialSource | None, palette: Mapping[str, str], options: ExportOptions,
                 geom: PageGeometry, device: QPagedPaintDevice, tick: Tick):
        self.docs = docs
        self.user_links = list(links) if options.include_notes else []
        self.layer = editorial if options.include_editorial else None
        self.palette = palette
        self.options = options
        self.geom = geom
        self.tick = tick
        self.ts = Typesetter(device, geom)
        self.furniture = Furniture(self.ts)
        self.geo = Questions(self.ts)
        self.exported = {d.id for d in docs}
        self.plans = [plan_notes(d, notes.get(d.id), options.include_notes) for d in docs]
        self.placed_docs: dict[str, PlacedDocument] = {}
        self.pages = 0
        self.total = 0
        self.annot_steps = 0
        self.highlight_count = 0
        self.highlight_annots: list[HighlightAnnot] = []
        self.link_annots: list[LinkAnnot] = []
        self.outline: list[OutlineNode] = []
        # Filled while building; turned into geometry after the final layout.
        self.links: list[tuple[int, int, int]] = []  # (from pos, to pos, destination pos)
        self.glossary_pos: dict[str, int] = {}
        self.endnote_pos: dict[tuple[str, int], int] = {}
        self.sections: list[tuple[int, str, str]] = []  # (start pos, header left, header right)
        self.tints: dict[int, list[tuple[QColor, LineRect]]] = {}
        self.marks: dict[int, list[tuple[str, LineRect]]] = {}
        self.appendix_outline: list[tuple[str, int]] = []
        self.glossary_marks: dict[str, list[SpanKey]] = {}
        self.crossref_spans: list[tuple[SpanKey, SpanKey]] = []
        self.see_also: list[tuple[int, int, str]] = []
        self.bars: dict[int, list[tuple[float, float]]] = {}
        self.legend: list[tuple[int, int, str]] = []
        self.entry_heads: list[int] = []
        self.dest_cache: dict[int, tuple[int, float]] = {}
        self.page_of: dict[int, tuple[int, float]] = {}  # located before the appendices cite them

    # -- building ------------------------------------------------------------------------

    def build(self) -> None:
        from .annotate import place_annotations
        from .appendices import add_appendices

        ts = self.ts
        self._title_page()
        for i, (doc, plan) in enumerate(zip(self.docs, self.plans, strict=True)):
            self.tick(0, 0, f"Typesetting {doc.title[:60]}")
            self._document(i, doc, plan)
        self.tick(0, 0, "Paginating")
        ts.page_count(keep_with_next=[pos for placed in self.placed_docs.values() for _b, pos in placed.headings])
        add_appendices(self)
        self.pages = ts.page_count(keep_with_next=self.entry_heads)
        place_annotations(self)
        for pos, _left, _right in self.sections:
            self.geo.point(pos)
        self.annot_steps = max(1, self.geo.asked // 250)
        self.total = self.pages + self.annot_steps + 1

    def _title_page(self) -> None:
        ts = self.ts
        now = _dt.datetime.now().astimezone()
        ts.add("Annotated edition", "cover-kicker")
        ts.add(self.options.title, "cover-title")
        ts.add(f"Exported {now.strftime('%d %B %Y, %H:%M')} ({now.strftime('%Z') or 'local time'}) by Reader",
               "cover-line")
        ts.add(" · ".join(self._counts()), "cover-line")
        ts.add("Documents in this edition", "cover-head")
        for doc in self.docs:
            who = doc.meta.publisher or ", ".join(doc.meta.authors)
            ts.add(f"{doc.title}" + (f" — {who}" if who else ""), "cover-doc")
        if self.options.include_notes:
            self._legend()
        if self.layer is not None:
            ts.add("Dotted underlines mark glossary terms (linked to the glossary at the end); a bar in "
                   "the margin marks a passage cross-referenced elsewhere (linked to the other passage).",
                   "cover-note")

    def _counts(self) -> list[str]:
        def n(count: int, word: str, plural: str = "s") -> str:
            return f"{count} {word}{plural if count != 1 else ''}"

        bits = [n(len(self.docs), "document")]
        if self.options.include_notes:
            bits.append(n(sum(len(p.placed) + len(p.orphans) for p in self.plans), "highlight"))
            bits.append(n(sum(1 for p in self.plans for x in p.placed + p.orphans if x.h.note.strip()), "note"))
        if self.layer is not None:
            bits += [f"{len(self.layer.glossary)} glossary entries", f"{len(self.layer.crossrefs)} cross-references",
                     f"{len(self.layer.timeline)} timeline events"]
        return bits

    def _legend(self) -> None:
        ts = self.ts
        used = list(dict.fromkeys(p.h.color for plan in self.plans for p in sorted(plan.placed, key=lambda x: x.h.color)))
        if not used:
            return
        ts.add("Reading this edition", "cover-head")
        ts.add("Highlights are printed in their colours and are also PDF annotations; numbered marks "
               "refer to the notes at the end of each document. Colours: ", "cover-note")
        for i, color in enumerate(used):
            if i:
                ts.append(" ", "cover-note")
            a, b = ts.append(f"\u2002{self.meaning(color)}\u2002", "cover-note")
            self.legend.append((a, b, color))

    def _document(self, index: int, doc: Document, plan: DocPlan) -> None:
        ts = self.ts
        title_pos = ts.add(f"Document {index + 1} of {len(self.docs)}", "doc-kicker", page_break=True)
        self.sections.append((title_pos, doc.title, doc.meta.publisher or ""))
        ts.add(doc.title, "doc-title")
        if doc.meta.subtitle:
            ts.add(doc.meta.subtitle, "doc-subtitle")
        rows = _meta_rows(doc)
        for i, (key, value) in enumerate(rows):
            ts.add("", "doc-meta-last" if i == len(rows) - 1 else "doc-meta")
            ts.append(key + "  ", "doc-meta-key")
            ts.append(value, "doc-meta")
        runs = self._runs(doc, plan)
        starts = [r.start for r in runs]
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
        self._endnotes(doc, plan, placed)
        placed.end_pos = ts.position

    def _runs(self, doc: Document, plan: DocPlan) -> list[Run]:
        """Link underlines, cross-reference bars and note-mark gaps of ``doc``, by start."""
        runs: list[Run] = []
        if self.layer is not None:
            for m in self.layer.marks_for(doc):
                if m.kind == "glossary":
                    runs.append(Run(m.start, m.end, "glossary"))
                    self.glossary_marks.setdefault(m.ref_id, []).append((doc.id, m.start, m.end))
            for c in self.layer.crossrefs:
                src, dst = span_key(c.source), span_key(c.target)
                if src is None or dst is None or src[0] not in self.exported or dst[0] not in self.exported:
                    continue
                self.crossref_spans.append((src, dst))
                runs.extend(Run(end[1], end[2], "crossref") for end in (src, dst) if end[0] == doc.id)
        for link in self.user_links:
            for a, b in ((link.source, link.target), (link.target, link.source)):
                key = endpoint_key(a)
                if key is not None and key[0] == doc.id and b.doc_id in self.exported:
                    runs.append(Run(key[1], key[2], "crossref"))
        for offset, numbers in plan.marks.items():
            if offset > 0:
                runs.append(Run(offset - 1, offset, gap=self.ts.styles.mark_gap(mark_label(numbers))))
        runs.sort(key=lambda r: r.start)
        return runs

    def _endnotes(self, doc: Document, plan: DocPlan, placed: PlacedDocument) -> None:
        if not (plan.numbered or plan.document_note):
            return
        ts = self.ts
        placed.notes_pos = ts.add("Notes", "section")
        if plan.document_note:
            ts.add("", "note")
            ts.append("On this document: ", "note-meta")
            ts.append(printable(plan.document_note), "note")
        for p in plan.numbered:
            pos = ts.add("", "note")
            a, b = ts.append(f"{p.number}.", "note")
            ts.append("\u2002", "note")
            self.endnote_pos[(doc.id, p.number)] = pos
            if not p.orphan:
                self.links.append((a, b, placed.qpos(p.start)))
            quote = excerpt(p.h.quote, 150)
            ts.append(quote if quote[:1] in "“‘\"「『" else f"“{quote}”", quote_style(quote))
            if p.orphan:
                ts.append(" (passage no longer found in the text)", "note-meta")
            if p.h.note.strip():
                ts.append(" — " + printable(p.h.note.strip()), "note")
            extra = []
            if p.h.tags:
                extra.append(" ".join(f"#{t}" for t in p.h.tags))
            meaning = self.meaning(p.h.color)
            if meaning:
                extra.append(meaning)
            if extra:
                ts.append("  [" + "; ".join(printable(x) for x in extra) + "]", "note-meta")

    def meaning(self, color: str) -> str:
        return self.palette.get(color) or DEFAULT_MEANINGS.get(color.lower(), "") or color

    # -- painting ------------------------------------------------------------------------------

    def paint(self, painter: QPainter, page: int) -> None:
        """Paint ``page``, answering first the layout questions about its part of the edition."""
        self.geo.answer_through(page)
        # What is painted is not needed afterwards: popped, so the pages' data never piles up.
        paint_page(self.ts, painter, page, self.tints.pop(page, ()), self.marks.pop(page, ()),
                   self.bars.pop(page, ()))
        if page == 0:
            return
        left, right = self._header_for(page)
        self.furniture.paint(painter, page, self.pages, left, right)

    def _header_for(self, page: int) -> tuple[str, str]:
        """The running header: blank on the first page of a section (it has its own title)."""
        current = ("", "")
        for pos, left, right in self.sections:  # in page order; those not located yet come later
            at = self.geo.located(pos)
            if at is None or at[0] > page:
                break
            current = (left, right) if at[0] < page else ("", "")
        return current

    def finish(self) -> None:
        """After the last page: the annotation records and the outline."""
        self.geo.finish()


def _meta_rows(doc: Document) -> list[tuple[str, str]]:
    """The title block's rows: the document's provenance, as the side panel and every export
    show it, with language codes spelled out and a missing date said so."""
    prov = doc.provenance()
    rows = [(r.label, _languages(doc) if r.key == "languages" else r.value) for r in prov.rows]
    if prov.get("published") is None:
        after = sum(1 for r in prov.rows if r.key in ("authors", "publisher"))
        rows.insert(after, ("Published", "not stated in the text"))
    return rows


def _languages(doc: Document) -> str:
    return ", ".join(LANGUAGE_NAMES.get(x, x) for x in doc.meta.languages)
