"""A document parsed once into blocks; every view (pane, search, PDF, Markdown) uses it.

The canonical text is the block texts joined by ``\\n``; every offset in the project is an
index into it. The Markdown subset is deliberately tiny: ``#``/``##`` headings, ``>``
quotes, ``*...*`` caption lines and blank-line-separated paragraphs. Nothing else is
interpreted, so corpus and user text can never smuggle markup into the reading pane.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from .fsutil import content_digest

BlockKind = Literal["heading", "paragraph", "quote", "caption"]
# Han characters and CJK radicals: what the bundled CJK font draws (taller lines, no italics).
CJK_CHAR = re.compile("[\u2e80-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str
    start: int  # offset of the first character in the canonical text
    level: int = 0  # 1 or 2 for headings
    line: int = 0  # 1-based line in the source file, for messages
    # Inline formatting of imported texts: (start, end, "em" | "strong"), offsets within text.
    styles: tuple[tuple[int, int, str], ...] = ()

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class DocumentMeta:
    """Front matter: provenance shown in the library, the title block and exports."""

    id: str
    title: str
    authors: tuple[str, ...] = ()
    publisher: str = ""
    published: str | None = None  # ISO date, only where the text states one
    subtitle: str | None = None
    republished_by: str | None = None
    original: str | None = None
    languages: tuple[str, ...] = ("en",)
    source: str = ""
    removed: tuple[str, ...] = ()
    title_note: str | None = None
    added: str | None = None  # for user texts: when it was added to the library


ProvenanceKey = Literal[
    "authors", "publisher", "published", "republished_by", "original", "languages", "source",
    "title_note", "removed", "added", "id",
]


@dataclass(frozen=True, slots=True)
class ProvenanceRow:
    key: ProvenanceKey
    label: str
    value: str


@dataclass(frozen=True)
class Provenance:
    """A document's provenance as labelled rows (structured), with its two text forms."""

    rows: tuple[ProvenanceRow, ...]
    user: bool = False

    def get(self, key: ProvenanceKey) -> str | None:
        return next((r.value for r in self.rows if r.key == key), None)

    def text(self, say: Callable[[str], str] = str) -> str:
        """One ``Label: value`` line per row (tooltips, plain-text exports); ``say`` translates
        the fixed words (the window passes its translator; exports keep English)."""
        return "\n".join(f"{say(r.label)}: {r.value}" for r in self.rows)

    def line(self, say: Callable[[str], str] = str) -> str:
        """The one-line summary under a document's title (``say`` as for :meth:`text`)."""
        g = self.get
        bits = [say("By {authors}").format(authors=g("authors")) if g("authors") else "",
                g("publisher") or "", g("published") or ""]
        original, again = g("original"), g("republished_by")
        if original and again:
            bits.append(say("republished by {again} from {original}").format(again=again, original=original))
        elif original:
            bits.append(say("original: {original}").format(original=original))
        if self.user:
            added = g("added")
            bits.append(say("your text, added {date}").format(date=added) if added and added[:1].isdigit()
                        else say("your text"))
        return " · ".join(b for b in bits if b)


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    blocks: tuple[Block, ...]
    path: Path | None = None
    user: bool = False  # True for texts the reader added to their own library
    text: str = field(init=False, repr=False)
    _starts: tuple[int, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", "\n".join(b.text for b in self.blocks))
        object.__setattr__(self, "_starts", tuple(b.start for b in self.blocks))

    @property
    def id(self) -> str:
        return self.meta.id

    @cached_property
    def digest(self) -> str:
        """A digest of the text, for cache keys: hashed once per loaded document, not by
        every cache that depends on it (a 4 MB book costs several ms)."""
        return content_digest(self.text)

    @property
    def title(self) -> str:
        return self.meta.title

    def provenance(self) -> Provenance:
        """Where the text comes from, as shown by the side panel and every export."""
        m = self.meta
        rows: list[ProvenanceRow] = []

        def add(key: ProvenanceKey, label: str, value: str | None) -> None:
            if value:
                rows.append(ProvenanceRow(key, label, " ".join(value.split())))

        add("authors", "Authors" if len(m.authors) > 1 else "Author", ", ".join(m.authors))
        add("publisher", "Publisher", m.publisher)
        add("published", "Published", m.published)
        add("republished_by", "Republished by", m.republished_by)
        add("original", "Original", m.original)
        add("languages", "Languages", ", ".join(m.languages))
        add("source", "Source", m.source)
        add("title_note", "Title", m.title_note)
        add("removed", "Removed", "; ".join(m.removed))
        if self.user:
            add("added", "Added", (m.added or "")[:10] or "to your library")
        add("id", "Document id", self.id)
        return Provenance(tuple(rows), user=self.user)

    def block_index_at(self, offset: int) -> int:
        """Index of the block containing ``offset`` (the block before a ``\\n`` separator)."""
        if not self.blocks:
            return -1
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def block_at(self, offset: int) -> Block | None:
        i = self.block_index_at(offset)
        return self.blocks[i] if i >= 0 else None

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    def has_title_heading(self) -> bool:
        return any(b.kind == "heading" and b.level == 1 for b in self.blocks)


class LazyDocument(Document):
    """A document listed from the library index: metadata decoded on first use, blocks and
    text read from the file (the source of truth) on first use, so listing a library of
    1,000 texts reads none of them. ``extra`` holds the front matter's other fields the
    index keeps (tags); ``digest`` comes from the index, as the text's own would be.
    """

    def __init__(self, meta: Callable[[], DocumentMeta], path: str, user: bool, load: Callable[[], Document],
                 extra: Callable[[], dict[str, object]], digest: str | None = None) -> None:
        object.__setattr__(self, "_lazy", (meta, extra, load))
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "user", user)
        if digest:
            object.__setattr__(self, "digest", digest)  # what the cached_property would compute

    def __getattr__(self, name: str) -> object:  # only for attributes not set yet
        meta, extra, load = self._lazy
        if name == "meta":
            object.__setattr__(self, "meta", meta())
        elif name == "extra":
            object.__setattr__(self, "extra", extra())
        elif name in ("blocks", "text", "_starts"):
            doc = load()
            for key in ("blocks", "text", "_starts"):
                object.__setattr__(self, key, getattr(doc, key))
        else:
            raise AttributeError(name)
        return self.__dict__[name]

    @property  # type: ignore[override]
    def path(self) -> Path:
        """The text file (made a Path on first use: 1,000 of them cost ms of a start)."""
        p = self.__dict__.get("_pathobj")
        if p is None:
            p = Path(self._path)
            object.__setattr__(self, "_pathobj", p)
        return p

    @property
    def loaded(self) -> bool:
        """Whether the text was read (for tests and the memory accounting)."""
        return "blocks" in self.__dict__

    _lazy: tuple[Callable[[], DocumentMeta], Callable[[], dict[str, object]], Callable[[], Document]]
    _path: str
    extra: dict[str, object]


def parse_body(body: str, first_line: int = 1) -> tuple[Block, ...]:
    """Split a Markdown-subset body into blocks with canonical offsets.

    Lines inside one paragraph are joined with a space (soft wraps), except in quotes,
    where each ``>`` line continues the same quote.
    """
    blocks: list[Block] = []
    offset = 0
    pending: list[str] = []
    pending_line = first_line

    def flush() -> None:
        nonlocal offset, pending
        if not pending:
            return
        block = _make_block(pending, offset, pending_line)
        if block.text:
            blocks.append(block)
            offset = block.end + 1
        pending = []

    for i, raw in enumerate(body.split("\n")):
        line = raw.strip()
        if not line:
            flush()
            continue
        if not pending:
            pending_line = first_line + i
        elif line.startswith("#") or (line.startswith(">") != pending[0].startswith(">")):
            flush()
            pending_line = first_line + i
        pending.append(line)
        if line.startswith("#"):
            flush()
    flush()
    return tuple(blocks)


def _make_block(lines: list[str], start: int, line_no: int) -> Block:
    first = lines[0]
    if first.startswith("#"):
        marks = len(first) - len(first.lstrip("#"))
        if marks <= 2 and first[marks:marks + 1] == " ":
            return Block("heading", first[marks:].strip(), start, level=marks, line=line_no)
    if first.startswith(">"):
        text = " ".join(ln[1:].strip() for ln in lines if ln.startswith(">"))
        return Block("quote", text.strip(), start, line=line_no)
    joined = " ".join(lines)
    if len(joined) > 2 and joined.startswith("*") and joined.endswith("*") and not joined.startswith("**"):
        return Block("caption", joined[1:-1].strip(), start, line=line_no)
    return Block("paragraph", joined, start, line=line_no)


def parse_plain(body: str) -> tuple[Block, ...]:
    """Plain .txt: every non-blank line is a paragraph, verbatim (no markup at all)."""
    blocks: list[Block] = []
    offset = 0
    for i, raw in enumerate(body.split("\n")):
        line = raw.strip()
        if line:
            blocks.append(Block("paragraph", line, offset, line=i + 1))
            offset += len(line) + 1
    return tuple(blocks)


def iso_date(value: object) -> str | None:
    """Front-matter dates arrive as ``datetime.date`` from YAML or as strings."""
    if value is None:
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        _dt.date.fromisoformat(value)
        return value
    raise ValueError("must be a date like 2023-08-05")


def excerpt(text: str, limit: int = 60) -> str:
    """A one-line excerpt cut at a word boundary, for lists, endnotes and exports."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"
