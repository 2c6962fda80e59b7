"""The edition's appendices: glossary, timeline and cross-references, with page references."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .plan import quote_style, short_title
from .sources import (
    CrossrefItem,
    EditorialSource,
    GlossaryItem,
    SpanKey,
    TimelineItem,
    endpoint_key,
    span_key,
)

if TYPE_CHECKING:
    from reader.core.model import UserLink

    from .edition import Edition

PageRef = tuple[str, int, int]  # (doc_id, page number (1-based), destination pos)


def add_appendices(ed: Edition) -> None:
    """Typeset the appendices after the documents (their page references need the layout)."""
    layer = ed.layer
    mine = _your_links(ed)
    if layer is None and not mine:
        return
    wanted = [s for spans in ed.glossary_marks.values() for s in spans]
    wanted += [s for ev in layer.timeline for s in (span_key(x) for x in ev.spans) if s is not None] if layer else []
    wanted += [end for pair in ed.crossref_spans for end in pair]
    wanted += [end for _link, src, dst in mine for end in (src, dst)]
    ed.page_of = ed.ts.locate_many(ed.placed_docs[d].qpos(s) for d, s, _e in wanted if d in ed.placed_docs)
    if layer is not None and layer.glossary:
        _glossary(ed, layer.glossary)
    if layer is not None and layer.timeline:
        _timeline(ed, layer.timeline)
    if ed.crossref_spans or mine:
        _crossrefs(ed, layer, mine)


def _your_links(ed: Edition) -> list[tuple[UserLink, SpanKey, SpanKey]]:
    """The reader's own links whose two ends are both placed in this edition, with their spans."""
    out = []
    for link in ed.user_links:
        src, dst = endpoint_key(link.source), endpoint_key(link.target)
        if src is not None and dst is not None and src[0] in ed.placed_docs and dst[0] in ed.placed_docs:
            out.append((link, src, dst))
    return out


def _glossary(ed: Edition, entries: Sequence[GlossaryItem]) -> None:
    ts = ed.ts
    _appendix_title(ed, "Glossary")
    ts.add("Terms as the texts use them. Definitions are editorial summaries drawn only from the "
           "corpus and attributed to the text that says it; page numbers refer to this edition.", "entry-meta")
    terms = {e.id: e.term for e in entries}
    for e in sorted(entries, key=lambda x: x.term.casefold()):
        pos = ts.add("", "entry-head")
        ed.entry_heads.append(pos)
        ts.append(e.term or e.id, "entry-head")
        if e.kind:
            ts.append(f"   {e.kind}", "doc-meta-key")
        ed.glossary_pos[e.id] = pos
        ts.add(e.definition, "entry")
        spellings = [s for s in (*e.aliases, *e.other_spellings) if s and s != e.term]
        if spellings:
            ts.add("Also written: " + ", ".join(dict.fromkeys(spellings)), "entry-meta")
        refs = _page_refs(ed, ed.glossary_marks.get(e.id, []))
        if refs:
            _append_refs(ed, "In this edition: ", refs)
        see = [s for s in e.see_also if s]
        if see:
            ts.add("", "entry-meta")
            ts.append("See also: ", "entry-meta")
            for i, sid in enumerate(see):
                if i:
                    ts.append(", ", "entry-meta")
                a, b = ts.append(terms.get(sid, sid), "entry-meta")
                ed.see_also.append((a, b, sid))


def _timeline(ed: Edition, events: Sequence[TimelineItem]) -> None:
    ts = ed.ts
    _appendix_title(ed, "Timeline")
    ts.add("Dates as the texts give them. Relative dates (“last month”) are resolved from the "
           "publication date; the reasoning is shown for each.", "entry-meta")
    for ev in events:
        ed.entry_heads.append(ts.add("", "entry-head"))
        ts.append(ev.date, "entry-head")
        ts.append("   " + ev.title, "entry-head")
        if ev.date_text:
            ts.add("", "entry")
            ts.append("The text says: ", "note-meta")
            ts.append(f"“{ev.date_text}”", quote_style(ev.date_text))
        if ev.reasoning:
            ts.add(ev.reasoning, "entry")
        refs = _page_refs(ed, [s for s in (span_key(x) for x in ev.spans) if s is not None])
        if refs:
            _append_refs(ed, "Passages: ", refs)


def _crossrefs(ed: Edition, layer: EditorialSource | None,
               mine: Sequence[tuple[UserLink, SpanKey, SpanKey]]) -> None:
    """The editors' cross-references, then the reader's own links (marked as theirs)."""
    _appendix_title(ed, "Cross-references")
    by_ends: dict[tuple[SpanKey | None, SpanKey | None], CrossrefItem] = {
        (span_key(c.source), span_key(c.target)): c for c in (layer.crossrefs if layer else ())}
    for src, dst in ed.crossref_spans:
        c = by_ends.get((src, dst))
        _crossref(ed, c.type if c else "", c.note if c else "", src, dst)
    for link, src, dst in mine:
        _crossref(ed, f"{link.type} · your link", link.note, src, dst)


def _crossref(ed: Edition, kind: str, note: str, src: SpanKey, dst: SpanKey) -> None:
    ed.entry_heads.append(ed.ts.add("", "entry-head"))
    ed.ts.append(kind, "doc-meta-key")
    if note:
        ed.ts.add(note, "entry")
    _append_refs(ed, "From: ", _page_refs(ed, [src]))
    _append_refs(ed, "To: ", _page_refs(ed, [dst]))


def _appendix_title(ed: Edition, title: str) -> None:
    """Open an appendix on a new page: its heading, running header and outline entry."""
    pos = ed.ts.add(title, "appendix-title", page_break=True)
    ed.sections.append((pos, title, ed.options.title))
    ed.appendix_outline.append((title, pos))


def _page_refs(ed: Edition, spans: Sequence[SpanKey]) -> list[PageRef]:
    """One reference per distinct (document, page) the spans fall on."""
    seen: dict[tuple[str, int], PageRef] = {}
    for doc_id, s, _e in spans:
        placed = ed.placed_docs.get(doc_id)
        if placed is None:
            continue
        pos = placed.qpos(s)
        page, _ = ed.page_of.get(pos) or ed.ts.locate(pos)
        seen.setdefault((doc_id, page), (doc_id, page + 1, pos))
    return list(seen.values())


def _append_refs(ed: Edition, label: str, refs: list[PageRef]) -> None:
    ts = ed.ts
    ts.add("", "entry-meta")
    ts.append(label, "entry-meta")
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for doc_id, page, pos in refs:
        by_doc.setdefault(doc_id, []).append((page, pos))
    for n, (doc_id, items) in enumerate(by_doc.items()):
        if n:
            ts.append("; ", "entry-meta")
        ts.append(short_title(ed.placed_docs[doc_id].doc) + " ", "entry-meta")
        for i, (page, pos) in enumerate(sorted(items)):
            if i:
                ts.append(", ", "entry-meta")
            a, b = ts.append(f"p. {page}", "entry-meta")
            ed.links.append((a, b, pos))
