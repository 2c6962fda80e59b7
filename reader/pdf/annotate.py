"""From the final layout to annotation records: highlight quads, links, note marks, outline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

from .annots import Box, HighlightAnnot, LinkAnnot, OutlineNode
from .plan import DocPlan, mark_label, pdf_date, rgb
from .styles import LineRect, mix_with_white

if TYPE_CHECKING:
    from .edition import Edition

TINT_STRENGTH = 0.42  # how much of a highlight colour the printed tint keeps


def place_annotations(ed: Edition) -> None:
    """Fill the edition's tints, marks, bars, annotation records and outline from the layout."""
    tints: dict[str, QColor] = {}
    for plan in ed.plans:
        _highlights(ed, plan, tints)
        _note_marks(ed, plan)
    for a, b, color in ed.legend:
        tint = tints.get(color) or mix_with_white(QColor(color), TINT_STRENGTH)
        for r in ed.ts.line_rects(a, b):
            ed.tints.setdefault(r.page, []).append((tint, r))
    _editorial_links(ed)
    _user_links(ed)
    for a, b, dest in ed.links:
        for r in ed.ts.line_rects(a, b):
            _link_to(ed, r.page, _box(ed, r), dest)
    _outline(ed)


def _highlights(ed: Edition, plan: DocPlan, tints: dict[str, QColor]) -> None:
    """Each placed highlight: its printed tint and one /Highlight annotation per page."""
    placed = ed.placed_docs[plan.doc.id]
    for p in plan.placed:
        rects = ed.ts.line_rects(placed.qpos(p.start), placed.qpos(p.end))
        if not rects:
            continue
        ed.highlight_count += 1
        tint = tints.get(p.h.color)
        if tint is None:
            tint = tints[p.h.color] = mix_with_white(QColor(p.h.color), TINT_STRENGTH)
        by_page: dict[int, list[LineRect]] = {}
        for r in rects:
            by_page.setdefault(r.page, []).append(r)
            ed.tints.setdefault(r.page, []).append((tint, r))
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
    g = ed.geom
    for offset, numbers in plan.marks.items():
        r = ed.ts.caret(placed.qpos(offset))
        if r is None:
            continue
        label = mark_label(numbers)
        ed.marks.setdefault(r.page, []).append((label, r))
        dest = ed.endnote_pos.get((plan.doc.id, numbers[0]))
        if dest is not None:
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
            if a.doc_id not in ed.placed_docs or b.doc_id not in ed.placed_docs:
                continue
            s, e, dest = a.anchor.start, a.anchor.end, b.anchor.start
            if s is not None and e is not None and e > s and dest is not None:
                _link_span(ed, a.doc_id, s, e, ed.placed_docs[b.doc_id].qpos(dest), bar=True)


def _outline(ed: Edition) -> None:
    for placed in ed.placed_docs.values():
        node = _node(ed, placed.doc.title, placed.title_pos)
        for block, pos in placed.headings:
            if block.text.strip() and block.text.strip() != placed.doc.title.strip():
                node.children.append(_node(ed, block.text, pos))
        if placed.notes_pos is not None:
            node.children.append(_node(ed, "Notes", placed.notes_pos))
        ed.outline.append(node)
    for title, pos in ed.appendix_outline:
        ed.outline.append(_node(ed, title, pos))


def _box(ed: Edition, r: LineRect) -> Box:
    x0, y1 = ed.geom.to_pdf(r.x0, r.top)
    x1, y0 = ed.geom.to_pdf(r.x1, r.bottom)
    return x0, y0, x1, y1


def _dest(ed: Edition, pos: int) -> tuple[int, float]:
    """Page and top (PDF points) a link or outline entry to ``pos`` jumps to."""
    hit = ed.dest_cache.get(pos)  # many links share a destination (a glossary entry)
    if hit is None:
        page, y = ed.ts.locate(pos)
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
    spans: dict[int, tuple[float, float]] = {}
    for r in ed.ts.line_rects(placed.qpos(s), placed.qpos(e)):
        _link_to(ed, r.page, _box(ed, r), dest)
        top, bottom = spans.get(r.page, (r.top, r.bottom))
        spans[r.page] = (min(top, r.top), max(bottom, r.bottom))
    if bar:
        for page, extent in spans.items():
            ed.bars.setdefault(page, []).append(extent)
