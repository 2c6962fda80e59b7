"""Markdown export: the reader's highlights with the words around them, ready to paste.

Per document: the title, provenance from the front matter, the document note, then every
highlight in reading order as a blockquote of the exact quote followed by its colour (and
meaning), tags, note, the reader's links from/to it and the glossary terms it touches.
Highlights that no longer anchor (orphans) are listed at the end with their quote, never
dropped.

User text (notes, tags, link notes) and corpus text are escaped so that nothing can break
the structure: Markdown punctuation is backslash-escaped, a line cannot start a heading,
list, quote, table or code block, and ``<`` is written as ``&lt;`` so no raw HTML ever
reaches a renderer. Ordinary prose (apostrophes, full stops, CJK) stays as it is.

Output is deterministic for given inputs (no timestamps of its own), so it can be
snapshot-tested.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .anchor import resolve
from .corpus import Corpus
from .document import Document, excerpt
from .editorial_layer import EditorialLayer
from .editorial_records import GlossaryEntry
from .model import DEFAULT_MEANINGS, DocumentNotes, Highlight, UserLink

__all__ = ["COLOUR_NAMES", "escape_inline", "escape_text", "export_markdown"]

COLOUR_NAMES: dict[str, str] = {
    "#ffd400": "yellow", "#ff6666": "red", "#5fb236": "green", "#2ea8e5": "blue",
    "#a28ae5": "purple", "#e56eee": "magenta", "#f19837": "orange", "#aaaaaa": "grey",
}

# "_" only where it could open or close emphasis (not inside snake_case or file_names).
_INLINE = re.compile(r"([\\`*\[\]|~]|(?<![^\W_])_|_(?![^\W_]))")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_ORDERED = re.compile(r"^(\d+)([.)])")


def escape_inline(text: str) -> str:
    """Escape one line of text for use inside Markdown (no line-start rules)."""
    text = _ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;")
    return _INLINE.sub(r"\\\1", text)


def _escape_line(line: str) -> str:
    """One escaped line that cannot start a heading, quote, list or setext underline."""
    line = escape_inline(line.strip())
    m = _ORDERED.match(line)
    if m:  # "1." or "1)" would start an ordered list
        return f"{m.group(1)}\\{m.group(2)}{line[m.end():]}"
    if line[:1] in ("#", ">", "+", "-", "="):
        return "\\" + line
    return line


def escape_text(text: str) -> list[str]:
    """Multi-line user text as escaped lines; blank lines separate paragraphs.

    Leading indentation is dropped (four spaces would start a code block) and runs of
    blank lines become one.
    """
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _escape_line(raw)
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    """Join escaped lines so a single newline stays a visible line break (a ``\\`` break)."""
    out: list[str] = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        out.append(line + ("\\" if line and nxt else ""))
    return out


def _blockquote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in _paragraphs(escape_text(text))] or [">"]




# -- placing highlights -----------------------------------------------------------------

def _place(h: Highlight, text: str) -> tuple[int, int] | None:
    """Where the highlight is in the current text, or None for an orphan."""
    a = h.anchor
    if a.has_position and a.end is not None and a.end <= len(text) and text[a.start:a.end] == a.exact:
        return a.start or 0, a.end
    return resolve(a, text).span


def _overlaps(s1: int, e1: int, s2: int | None, e2: int | None) -> bool:
    if s2 is None or e2 is None:
        return False
    return s1 < e2 and s2 < e1 or (s1 == s2 and e1 == e2)


# -- glossary ---------------------------------------------------------------------------

class _Glossary:
    """The glossary entries whose marks (the reading pane's, from the one matcher) touch a span."""

    def __init__(self, editorial: EditorialLayer | None) -> None:
        self.editorial = editorial
        self.entries = {e.id: e for e in editorial.glossary} if editorial is not None else {}
        self._marks: dict[str, list[tuple[int, int, str]]] = {}

    def touching(self, doc: Document, start: int, end: int) -> list[GlossaryEntry]:
        if self.editorial is None:
            return []
        found = self._marks.get(doc.id)
        if found is None:
            found = self._marks[doc.id] = self.editorial.glossary_finds(doc)
        seen: list[str] = []
        for s, e, eid in found:
            if s < end and start < e and eid not in seen and eid in self.entries:
                seen.append(eid)
        return [self.entries[eid] for eid in seen]


# -- rendering ----------------------------------------------------------------------------

def _provenance(doc: Document) -> list[str]:
    return [f"- **{r.label}:** {escape_inline(r.value)}" for r in doc.provenance().rows]


def _colour(color: str, palette: Mapping[str, str]) -> str:
    name = COLOUR_NAMES.get(color)
    shown = f"{name} ({color})" if name else color
    meaning = palette.get(color, "")
    return f"{shown} — {escape_inline(meaning)}" if meaning else shown


def _tag(tag: str) -> str:
    return "#" + escape_inline("-".join(tag.lstrip("#").split()))


def _endpoint_label(corpus: Corpus, doc_id: str, quote: str) -> str:
    title = corpus.documents[doc_id].title if doc_id in corpus else doc_id
    return f"“{escape_inline(excerpt(quote, 80))}” in *{escape_inline(title)}*"


def _link_lines(link: UserLink, outgoing: bool, corpus: Corpus) -> list[str]:
    other = link.target if outgoing else link.source
    arrow = "→" if outgoing else "←"
    direction = "to" if outgoing else "from"
    line = f"- {arrow} {escape_inline(link.type)} {direction} {_endpoint_label(corpus, other.doc_id, other.anchor.exact)}"
    if link.note.strip():
        line += ": " + " ".join(escape_text(link.note))
    return [line]


def _links_touching(links: Sequence[UserLink], doc_id: str, start: int, end: int) -> list[tuple[UserLink, bool]]:
    out: list[tuple[UserLink, bool]] = []
    for link in links:
        if link.source.doc_id == doc_id and _overlaps(start, end, link.source.anchor.start, link.source.anchor.end):
            out.append((link, True))
        elif link.target.doc_id == doc_id and _overlaps(start, end, link.target.anchor.start, link.target.anchor.end):
            out.append((link, False))
    return out


def _section_of(doc: Document, offset: int) -> str | None:
    title = None
    for b in doc.headings():
        if b.start > offset:
            break
        title = b.text
    return title


def _highlight(
    n: int, h: Highlight, span: tuple[int, int], doc: Document, corpus: Corpus,
    links: Sequence[UserLink], glossary: _Glossary, palette: Mapping[str, str],
) -> list[str]:
    start, end = span
    section = _section_of(doc, start)
    where = f" · {escape_inline(section)}" if section and section != doc.title else ""
    lines = [f"### Highlight {n}{where}", "", *_blockquote(doc.text[start:end]), ""]
    facts = [f"- **Colour:** {_colour(h.color, palette)}"]
    if h.tags:
        facts.append("- **Tags:** " + " ".join(_tag(t) for t in h.tags))
    if h.review and h.review_reason == "deleted":
        facts.append("- **Deleted elsewhere:** deleted on another device while edited on this one; kept for review")
    elif h.review:
        facts.append("- **Moved:** the text changed; this highlight was re-anchored and awaits review")
    lines += facts
    gl = glossary.touching(doc, start, end)
    if gl:
        names = [f"{escape_inline(e.term)} ({escape_inline(e.kind)})" if e.kind else escape_inline(e.term)
                 for e in gl]
        lines.append("- **Glossary:** " + "; ".join(names))
    lines.append("")
    if h.note.strip():
        note = _paragraphs(escape_text(h.note))
        note[0] = "**Note:** " + note[0]
        lines += [*note, ""]
    touching = _links_touching(links, doc.id, start, end)
    if touching:
        lines += ["**Links:**", ""]
        for link, outgoing in touching:
            lines += _link_lines(link, outgoing, corpus)
        lines.append("")
    return lines


def _document(
    doc: Document, dn: DocumentNotes | None, corpus: Corpus, links: Sequence[UserLink],
    glossary: _Glossary, palette: Mapping[str, str],
) -> list[str]:
    m = doc.meta
    lines = [f"# {escape_inline(' '.join(m.title.split()))}", ""]
    if m.subtitle:
        lines += [f"*{escape_inline(' '.join(m.subtitle.split()))}*", ""]
    lines += [*_provenance(doc), ""]
    if dn is not None and dn.document_note.strip():
        lines += ["## Document note", "", *_paragraphs(escape_text(dn.document_note)), ""]
    highlights = list(dn.highlights) if dn is not None else []
    placed: list[tuple[tuple[int, int], Highlight]] = []
    orphans: list[Highlight] = []
    for h in highlights:
        span = _place(h, doc.text)
        if span is None:
            orphans.append(h)
        else:
            placed.append((span, h))
    placed.sort(key=lambda p: (p[0][0], p[0][1], p[1].id))
    lines += ["## Highlights", ""]
    if not placed:
        lines += ["*No highlights.*", ""]
    used: set[str] = set()
    for n, (span, h) in enumerate(placed, 1):
        lines += _highlight(n, h, span, doc, corpus, links, glossary, palette)
        used.update(link.id for link, _ in _links_touching(links, doc.id, *span))
    if orphans:
        lines += ["### Orphaned highlights", "",
                  "*These no longer match the text; they are kept with their quote and note.*", ""]
        for h in sorted(orphans, key=lambda h: (h.created, h.id)):
            lines += [*_blockquote(h.anchor.exact), ""]
            lines.append(f"- **Colour:** {_colour(h.color, palette)}")
            if h.tags:
                lines.append("- **Tags:** " + " ".join(_tag(t) for t in h.tags))
            lines.append("")
            if h.note.strip():
                note = _paragraphs(escape_text(h.note))
                note[0] = "**Note:** " + note[0]
                lines += [*note, ""]
    rest = [
        (link, link.source.doc_id == doc.id) for link in links
        if link.id not in used and doc.id in (link.source.doc_id, link.target.doc_id)
    ]
    if rest:
        lines += ["## Links", ""]
        for link, outgoing in rest:
            here = link.source if outgoing else link.target
            lines.append(f"From “{escape_inline(excerpt(here.anchor.exact, 80))}”:" if outgoing
                         else f"To “{escape_inline(excerpt(here.anchor.exact, 80))}”:")
            lines += ["", *_link_lines(link, outgoing, corpus), ""]
    return lines


def _worked_on(doc_id: str, dn: DocumentNotes | None, links: Sequence[UserLink]) -> bool:
    if dn is not None and (dn.highlights or dn.document_note.strip()):
        return True
    return any(doc_id in (link.source.doc_id, link.target.doc_id) for link in links)


def export_markdown(
    corpus: Corpus,
    doc_ids: Sequence[str],
    notes: Mapping[str, DocumentNotes],
    links: Sequence[UserLink] = (),
    editorial: EditorialLayer | None = None,
    palette: Mapping[str, str] | None = None,
) -> str:
    """The chosen documents (in the given order) with the reader's notes, as Markdown.

    ``palette`` maps colours to meanings (defaults to the built-in meanings); with
    ``editorial``, each highlight lists the glossary terms marked inside it.
    """
    meanings = dict(DEFAULT_MEANINGS)
    if palette:
        meanings.update(palette)
    glossary = _Glossary(editorial)
    links = list(links)
    if len(doc_ids) > 1:
        # Several documents (by default the whole library): only those the reader worked on.
        doc_ids = [d for d in doc_ids if _worked_on(d, notes.get(d), links)]
        if not doc_ids:
            return "*No highlights, notes or links yet.*\n"
    out: list[str] = []
    for i, doc_id in enumerate(doc_ids):
        doc = corpus.get(doc_id)
        if i:
            out += ["---", ""]
        out += _document(doc, notes.get(doc_id), corpus, links, glossary, meanings)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
