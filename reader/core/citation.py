"""A quotation with its citation: the words in quotes, then author, title, publisher, date, paragraph."""

from __future__ import annotations

import html
from dataclasses import dataclass

from .document import Document

# Blocks that are not counted as paragraphs when saying where a quotation is.
UNCOUNTED = frozenset({"heading"})


@dataclass(frozen=True)
class Citation:
    """The same citation as plain text and as HTML (every corpus string escaped)."""

    plain: str
    html: str


def paragraph_number(doc: Document, offset: int) -> int | None:
    """1-based number of the block holding ``offset`` among the document's non-heading blocks."""
    index = doc.block_index_at(offset)
    if not 0 <= index < len(doc.blocks) or doc.blocks[index].kind in UNCOUNTED:
        return None
    return sum(1 for b in doc.blocks[: index + 1] if b.kind not in UNCOUNTED)


def cite(doc: Document, start: int, end: int) -> Citation:
    """“quote” — Author, Title, Publisher, date, ¶ N (parts the document lacks are left out)."""
    if not 0 <= start < end <= len(doc.text):
        raise ValueError(f"bad span [{start}, {end}) for a text of {len(doc.text)} characters")
    quote = " ".join(doc.text[start:end].split())
    meta = doc.meta
    paragraph = paragraph_number(doc, start)
    parts = [", ".join(meta.authors), meta.title, meta.publisher, meta.published or "",
             f"¶ {paragraph}" if paragraph is not None else ""]
    source = ", ".join(p for p in parts if p)
    plain = f"“{quote}” — {source}" if source else f"“{quote}”"
    rich = [html.escape(p) for p in parts]
    if meta.title:
        rich[1] = f"<i>{rich[1]}</i>"
    rich_source = ", ".join(r for r, p in zip(rich, parts) if p)
    body = f"“{html.escape(quote)}”" + (f" — {rich_source}" if rich_source else "")
    return Citation(plain, f"<p>{body}</p>")
