"""Pieces from an element tree: XHTML (EPUB chapters) or trafilatura's XML of an article.

Headings, paragraphs, list items, block quotes, captions, preformatted code and table rows
become pieces; ``em``/``i`` and ``strong``/``b`` become styles. Scripts, styles, forms and
navigation are skipped; images keep nothing but a caption the page gives them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .pieces import InlineBuilder, Piece, PieceKind

_HEADINGS = {"h1": 1, "h2": 2, "h3": 2, "h4": 2, "h5": 2, "h6": 2}
_SKIP = {"script", "style", "noscript", "template", "form", "button", "input", "select", "textarea",
         "nav", "svg", "math", "iframe", "object", "head", "title", "meta", "link", "img", "rt", "rp"}
_CONTAINERS = {"div", "section", "article", "main", "body", "html", "header", "footer", "aside", "figure",
               "ul", "ol", "dl", "list", "table", "thead", "tbody", "tfoot", "doc", "center", "details",
               "hgroup", "address"}
_PARAGRAPHS = {"p", "dt", "dd", "summary"}
_EM = {"em", "i", "cite", "dfn", "var"}
_STRONG = {"strong", "b"}
_HI_REND = {"#i": "em", "#b": "strong", "#t": "", "#u": "", "#sub": "", "#sup": ""}


def local(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # a comment or processing instruction
    return tag.rsplit("}", 1)[-1].lower()


class Walker:
    """Walks one tree; ``caption_for(el)`` may supply a caption for an image or graphic."""

    def __init__(self, caption_for: Callable[[Any], str | None] | None = None) -> None:
        self.pieces: list[Piece] = []
        self._b = InlineBuilder()
        self._kind: PieceKind = "paragraph"
        self._caption_for = caption_for

    def walk(self, el: Any) -> list[Piece]:
        self._visit(el, frozenset())
        self._flush()
        return self.pieces

    def _flush(self, kind: PieceKind | None = None, level: int = 0) -> None:
        p = self._b.piece(kind or self._kind, level)
        if p:
            self.pieces.append(p)

    def _block(self, el: Any, kind: PieceKind, level: int = 0) -> None:
        self._flush()
        saved, self._kind = self._kind, kind
        self._children(el, frozenset())
        self._flush(kind, level)
        self._kind = saved

    def _children(self, el: Any, styles: frozenset[str]) -> None:
        if el.text:
            self._b.add(el.text, styles)
        for child in el:
            self._visit(child, styles)
            if child.tail:
                self._b.add(child.tail, styles)

    def _visit(self, el: Any, styles: frozenset[str]) -> None:
        tag = local(el)
        if tag == "head" and el.get("rend"):  # trafilatura's heading, not XHTML's <head>
            self._block(el, "heading", 1 if el.get("rend") == "h1" else 2)
            return
        if not tag or tag in _SKIP and not (tag == "img" and self._caption_for):
            return
        if tag in ("img", "graphic"):
            caption = self._caption_for(el) if self._caption_for else None
            if caption:
                self._flush()
                self.pieces.append(Piece("caption", caption))
        elif tag in _HEADINGS:
            self._block(el, "heading", _HEADINGS[tag])
        elif tag in _PARAGRAPHS:
            self._block(el, self._kind)
        elif tag in ("li", "item"):
            self._block(el, "item" if self._kind != "quote" else "quote")
        elif tag in ("blockquote", "quote"):
            self._block(el, "quote")
        elif tag in ("figcaption", "caption"):
            self._block(el, "caption")
        elif tag in ("pre", "code") and (tag == "pre" or "\n" in (el.xpath("string()") or "")):
            self._flush()
            text = el.xpath("string()") or ""
            self.pieces.extend(Piece("code", ln.rstrip()) for ln in text.split("\n") if ln.strip())
        elif tag in ("tr", "row"):
            self._flush()
            cells = []
            for cell in el:
                if local(cell) in ("td", "th", "cell"):
                    b = InlineBuilder()
                    b.add(cell.xpath("string()") or "")
                    p = b.piece("paragraph")
                    cells.append(p.text if p else "")
            if any(cells):
                self.pieces.append(Piece("row", " | ".join(cells)))
        elif tag in _CONTAINERS:
            self._flush()
            self._children(el, frozenset())
            self._flush()
        elif tag in ("br", "lb"):
            self._b.add(" ", styles)
        elif tag == "hr":
            self._flush()
        else:  # inline
            if tag in _EM:
                styles = styles | {"em"}
            elif tag in _STRONG:
                styles = styles | {"strong"}
            elif tag == "hi" and _HI_REND.get(el.get("rend", "")):
                styles = styles | {_HI_REND[el.get("rend", "")]}
            self._children(el, styles)
