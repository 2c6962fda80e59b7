"""From the final layout to annotation records: highlight quads, links, note marks, outline."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

from .annots import Box, HighlightAnnot, LinkAnnot, OutlineNode
from .geometry import Span
from .plan import DocPlan, Placed, mark_label, pdf_date, rgb
from .sources import endpoint_key
from .styles import LineRect, mix_with_white

if TYPE_CHECKING:
    from .edition import Edition

TINT_STRENGTH = 0.42  # how much of a highlight colour the printed tint keeps


def place_annotations(ed: Edition) -> None:
    """Ask for the geometry of the tints, marks, bars, annotation records and outline.

    What a page paints (tints, marks, bars) is filled as its chunk is answered, just
    before the page is painted; the records and the outline once every page is painted.
    """
    tints: dict[str, QColor] = {}
    for plan in ed.plans:
        _highlights(ed, plan, tints)
        _note_marks(ed, plan)
    for a, b, color in ed.legend:
        tint = tints.get(color) or mix_with_white(QColor(color), TINT_STRENGTH)
        ed.geo.rects(a, b, partial(_tint, ed, tint))
    _editorial_links(ed)
    _user_links(ed)
    for a, b, dest in ed.links:
        _link_lines(ed, ed.geo.rects(a, b), dest)
    _outline(ed)


def _link_lines(ed: Edition, span: Span, dest: int) -> None:
    """Once laid out, a link to ``dest`` on each line of ``span``."""
    ed.geo.point(dest)
    ed.geo.then(partial(_links_over, ed, span, dest))


def _links_over(ed: Edition, span: Span, dest: int) -> None:
    for r in span.rects:
        _link_to(ed, r.page, _box(ed, r), dest)


def _tint(ed: Edition, tint: QColor, rects: list[LineRect]) -> None:
    for r in rects:
        ed.tints.setdefault(r.page, []).append((tint, r))


def _highlights(ed: Edition, plan: DocPlan, tints: dict[str, QColor]) -> None:
    """Each placed highlight: its printed tint and one /Highlight annotation per page."""
    placed = ed.placed_docs[plan.doc.id]
    for p in plan.placed:
        tint = tints.get(p.h.color)
        if tint is None:
            tint = tints[p.h.color] = mix_with_white(QColor(p.h.color), TINT_STRENGTH)
        span = ed.geo.rects(placed.qpos(p.start), placed.qpos(p.end), partial(_tint, ed, tint))
        ed.geo.then(partial(_highlight_annots, ed, p, span, tint))


def _highlight_annots(ed: Edition, p: Placed, span: Span, tint: QColor) -> None:
    if not span.rects:
        return
    ed.highlight_count += 1
    by_page: dict[int, list[LineRect]] = {}
    for r in span.rects:
        by_page.setdefault(r.page, []).append(r)
    fill = (tint.redF(), tint.greenF(), tint.blueF())
    for k, (page, rs) in enumerate(sorted(by_page.items())):
        ed.highlight_annots.append(HighlightAnnot(
            page=page, boxes=[_box(ed, r) for r in rs], color=rgb(p.h.color), fill=fill,
            nm=p.h.id if k == 0 else f"{p.h.id}#p{k + 1}",
            contents=p.h.note if k == 0 else "",
            author=ed.options.annotator, modified=pdf_date(p.h.modified or p.h.created),
        ))


def _note_marks(ed: Edition, plan: DocPlan) -> None:
    """Each note mark: where it is painted, and a link from it to its endnote."""
    placed = ed.placed_docs[plan.doc.id]
    for offset, numbers in plan.marks.items():
        label = mark_label(numbers)
        dest = ed.endnote_pos.get((plan.doc.id, numbers[0]))
        at = Span()
        ed.geo.caret(placed.qpos(offset), partial(_mark_found, ed, label, at))
        if dest is not None:
            ed.geo.point(dest)
            ed.geo.then(partial(_mark_link, ed, at, label, dest))


def _mark_found(ed: Edition, label: str, at: Span, r: LineRect | None) -> None:
    if r is not None:
        ed.marks.setdefault(r.page, []).append((label, r))
        at.rects.append(r)


def _mark_link(ed: Edition, at: Span, label: str, dest: int) -> None:
    g = ed.geom
    for r in at.rects:
        x0, y0 = g.to_pdf(r.x0 - ed.ts.styles.mark_gap(label), r.top)
        x1, y1 = g.to_pdf(r.x0, r.baseline)
        _link_to(ed, r.page, (x0, y1, x1, y0), dest)


def _editorial_links(ed: Edition) -> None:
    """Glossary terms to their entries, cross-references both ways, "see also" entries."""
    if ed.layer is None:
        return
    for eid, occ in ed.glossary_marks.items():
        dest = ed.glossary_pos.get(eid)
        if dest is not None:
            for doc_id, s, e in occ:
                _link_span(ed, doc_id, s, e, dest)
    for src, dst in ed.crossref_spans:
        _link_span(ed, *src, ed.placed_docs[dst[0]].qpos(dst[1]), bar=True)
        _link_span(ed, *dst, ed.placed_docs[src[0]].qpos(src[1]), bar=True)
    for a, b, sid in ed.see_also:
        if sid in ed.glossary_pos:
            ed.links.append((a, b, ed.glossary_pos[sid]))


def _user_links(ed: Edition) -> None:
    """The reader's own cross-references, both ways, when both ends are in the edition."""
    for link in ed.user_links:
        for a, b in ((link.source, link.target), (link.target, link.source)):
            key, dest = endpoint_key(a), b.anchor.start
            if key is not None and key[0] in ed.placed_docs and b.doc_id in ed.placed_docs and dest is not None:
                _link_span(ed, key[0], key[1], key[2], ed.placed_docs[b.doc_id].qpos(dest), bar=True)


def _outline(ed: Edition) -> None:
    entries: list[tuple[bool, str, int]] = []  # (under the last top-level entry?, title, pos)
    for placed in ed.placed_docs.values():
        entries.append((False, placed.doc.title, placed.title_pos))
        for block, pos in placed.headings:
            if block.text.strip() and block.text.strip() != placed.doc.title.strip():
                entries.append((True, block.text, pos))
        if placed.notes_pos is not None:
            entries.append((True, "Notes", placed.notes_pos))
    entries += [(False, title, pos) for title, pos in ed.appendix_outline]
    for _child, _title, pos in entries:
        ed.geo.point(pos)

    def build() -> None:
        for child, title, pos in entries:
            node = _node(ed, title, pos)
            (ed.outline[-1].children if child else ed.outline).append(node)

    ed.geo.then(build)


def _box(ed: Edition, r: LineRect) -> Box:
    x0, y1 = ed.geom.to_pdf(r.x0, r.top)
    x1, y0 = ed.geom.to_pdf(r.x1, r.bottom)
    return x0, y0, x1, y1


def _dest(ed: Edition, pos: int) -> tuple[int, float]:
    """Page and top (PDF points) a link or outline entry to ``pos`` jumps to."""
    hit = ed.dest_cache.get(pos)  # many links share a destination (a glossary entry)
    if hit is None:
        page, y = ed.geo.located(pos) or ed.ts.locate(pos)
        top = ed.geom.to_pdf(0, y)[1] + 12
        hit = ed.dest_cache[pos] = (page, min(top, ed.geom.page_height_pt))
    return hit


def _node(ed: Edition, title: str, pos: int) -> OutlineNode:
    page, top = _dest(ed, pos)
    return OutlineNode(" ".join(title.split())[:200], page, top)


def _link_to(ed: Edition, page: int, box: Box, dest: int) -> None:
    dpage, top = _dest(ed, dest)
    ed.link_annots.append(LinkAnnot(page, box, dpage, top, ed.geom.pt(ed.geom.left) - 18))


def _link_span(ed: Edition, doc_id: str, s: int, e: int, dest: int, bar: bool = False) -> None:
    placed = ed.placed_docs.get(doc_id)
    if placed is None or e > len(placed.doc.text):
        return

    def bars(rects: list[LineRect]) -> None:
        spans: dict[int, tuple[float, float]] = {}
        for r in rects:
            top, bottom = spans.get(r.page, (r.top, r.bottom))
            spans[r.page] = (min(top, r.top), max(bottom, r.bottom))
        for page, extent in spans.items():
            ed.bars.setdefault(page, []).append(extent)

    _link_lines(ed, ed.geo.rects(placed.qpos(s), placed.qpos(e), bars if bar else None), dest)
