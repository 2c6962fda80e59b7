"""Markdown (CommonMark + tables) through markdown-it-py's token stream into pieces.

Links are shown as their text and never followed; images as their alt text; raw HTML is
never interpreted: it stays literal text (markdown-it's ``html: False``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import yamlio
from ..errors import ReaderError
from .pieces import Imported, InlineBuilder, Piece, PieceKind, clean_line
from .plain import decode, normalise_newlines

_STYLE_TOKENS = {"em_open": "em", "strong_open": "strong", "em_close": "em", "strong_close": "strong"}


def import_markdown(data: bytes, path: Path) -> Imported:
    from markdown_it import MarkdownIt

    text = normalise_newlines(decode(data, path), path)
    front, text = _front_matter(text, path)
    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(text)
    pieces: list[Piece] = []
    context: list[str] = []  # enclosing blockquote / list_item / table cells
    row: list[str] = []
    heading = 0  # the level of the heading being read
    for tok in tokens:
        t = tok.type
        if t in ("blockquote_open", "list_item_open"):
            context.append(t)
        elif t in ("blockquote_close", "list_item_close"):
            context.pop()
        elif t == "inline":
            b = InlineBuilder(verbatim=True)
            _inline(tok.children or [], b)
            if "tr" in context:
                p = b.piece("paragraph")
                row.append(p.text if p else "")
                continue
            kind: PieceKind = "paragraph"
            level = 0
            if heading:
                kind, level = "heading", 1 if heading == 1 else 2
            elif "list_item_open" in context:
                kind = "item"
            elif "blockquote_open" in context:
                kind = "quote"
            piece = b.piece(kind, level)
            if piece:
                pieces.append(piece)
        elif t == "heading_open":
            heading = int(tok.tag[1:])
        elif t == "heading_close":
            heading = 0
        elif t == "tr_open":
            context.append("tr")
            row = []
        elif t == "tr_close":
            context.pop()
            if any(row):
                pieces.append(Piece("row", " | ".join(c for c in row)))
        elif t in ("fence", "code_block"):
            pieces.extend(Piece("code", line.rstrip()) for line in tok.content.split("\n") if line.strip())
    result = Imported("md", pieces)
    if isinstance(front, dict):
        title = front.get("title")
        if isinstance(title, str):
            result.title = clean_line(title)
        authors = front.get("authors", front.get("author"))
        if isinstance(authors, str):
            authors = [authors]
        if isinstance(authors, list):
            result.authors = [clean_line(a) for a in authors if isinstance(a, str) and a.strip()]
    if not result.title:
        result.title = next((p.text for p in pieces if p.kind == "heading" and p.level == 1), "")
    return result


def _inline(children: list[Any], b: InlineBuilder) -> None:
    """Add inline tokens to ``b``: text and code as written, links as their text, images as alt text."""
    styles: set[str] = set()
    for c in children:
        t = c.type
        if t in ("text", "code_inline"):
            b.add(c.content, frozenset(styles))
        elif t in ("softbreak", "hardbreak"):
            b.add(" ")
        elif t in _STYLE_TOKENS:
            (styles.add if t.endswith("_open") else styles.discard)(_STYLE_TOKENS[t])
        elif t == "image":
            b.add("".join(x.content for x in (c.children or [])) or c.content, frozenset(styles))


def _front_matter(text: str, path: Path) -> tuple[object, str]:
    """A leading YAML front-matter block is metadata, not text (read safely, or ignored)."""
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---\n"):
        return None, text
    lines = stripped.split("\n")
    for i in range(1, min(len(lines), 200)):
        if lines[i].strip() in ("---", "..."):
            try:
                front = yamlio.loads("\n".join(lines[1:i]), path)
            except ReaderError:
                front = None
            return front, "\n".join(lines[i + 1:])
    return None, text
