"""The loaded editorial layer: lookups, marks for the reading pane, parallel rows, occurrences."""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import Corpus
from .document import Document
from .editorial_cache import FindsCache
from .editorial_records import (
    COUNT_KEYS,
    LANGS,
    Alignment,
    CrossReference,
    EditorialNote,
    GlossaryEntry,
    Mark,
    MarkKind,
    ParallelTable,
    Span,
    TimelineEvent,
    mark_rank,
)
from .errors import Problem
from .glossary_match import SMALL_TEXT, AliasMatcher, Find

__all__ = ["EditorialLayer", "EditorialResult", "occurrence_context"]

_AROUND = 40  # characters of context either side of an occurrence, at most


def _in_word(ch: str) -> bool:
    """A letter, digit or mark of a script that spaces its words (\\w without CJK: each of
    its characters stands alone, so a cut between two of them is clean)."""
    return (ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M") and \
        unicodedata.east_asian_width(ch) not in ("W", "F")


def _extends(ch: str) -> bool:
    """Whether ``ch`` belongs to the character before it: a combining mark or variation
    selector, a joiner, an emoji modifier or tag, half of a surrogate pair."""
    o = ord(ch)
    return (unicodedata.category(ch)[0] == "M" or ch == "\u200d" or 0x1F3FB <= o <= 0x1F3FF
            or 0xE0020 <= o <= 0xE007F or 0xDC00 <= o <= 0xDFFF)


def _clean_cut(text: str, i: int) -> bool:
    if i <= 0 or i >= len(text):
        return True
    before, after = text[i - 1], text[i]
    return not (_in_word(before) and _in_word(after)) and not _extends(after) and before != "\u200d"


def occurrence_context(text: str, start: int, end: int, around: int = _AROUND) -> str:
    """``text[start:end]`` with up to ``around`` characters either side, on one line, cut
    only between words (Latin) or between whole characters (CJK, emoji sequences)."""
    lo, hi = max(0, start - around), min(len(text), end + around)
    while lo < start and not _clean_cut(text, lo):
        lo += 1
    while hi > end and not _clean_cut(text, hi):
        hi -= 1
    return " ".join(text[lo:hi].split())


@dataclass
class EditorialLayer:
    glossary: list[GlossaryEntry] = field(default_factory=list)
    crossrefs: list[CrossReference] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    alignments: list[Alignment] = field(default_factory=list)
    notes: list[EditorialNote] = field(default_factory=list)
    corpus: Corpus | None = field(default=None, repr=False, compare=False)
    # A folder where the glossary finds of long texts are cached (see _glossary_hits).
    marks_cache: Path | None = field(default=None, repr=False, compare=False)
    # Ids of the reader's own glossary entries and timeline events (see with_personal).
    personal_ids: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def __post_init__(self) -> None:
        self.timeline.sort(key=lambda ev: ev.sort_key)
        self._entries = {e.id: e for e in self.glossary}
        self._crossrefs = {c.id: c for c in self.crossrefs}
        self._events = {e.id: e for e in self.timeline}
        self._notes = {n.id: n for n in self.notes}
        self._matcher: AliasMatcher | None = None
        self._mark_cache: dict[str, tuple[str, list[Mark], list[int]]] = {}
        self._unsaved: dict[str, tuple[str, list[Find]]] = {}  # doc id -> (cache key, finds)

    # -- lookups
    def entry(self, entry_id: str) -> GlossaryEntry | None:
        return self._entries.get(entry_id)

    def describe(self, kind: str, ref_id: str) -> tuple[str, str] | None:
        """(heading, text) for a mark: what a tooltip or a side-panel row says about it."""
        if kind == "glossary":
            e = self.entry(ref_id)
            return (e.term, e.short_definition()) if e else None
        if kind == "crossref":
            c = self.crossref(ref_id)
            return (c.type, c.note) if c else None
        if kind == "timeline":
            ev = self.event(ref_id)
            return (ev.date, ev.title) if ev else None
        if kind == "note":
            n = self.note(ref_id)
            return ("", n.note) if n else None
        return None

    def crossref(self, ref_id: str) -> CrossReference | None:
        return self._crossrefs.get(ref_id)

    def event(self, event_id: str) -> TimelineEvent | None:
        return self._events.get(event_id)

    def note(self, note_id: str) -> EditorialNote | None:
        return self._notes.get(note_id)

    def with_personal(self, glossary: Sequence[GlossaryEntry], timeline: Sequence[TimelineEvent] = ()) -> EditorialLayer:
        """This layer plus the reader's own entries and events: their spellings are marked in
        every document and expand searches like the editors'. An own entry or event whose id
        the editors already use is left out (ids name one record)."""
        mine_g = [e for e in glossary if e.id not in self._entries]
        mine_t = [e for e in timeline if e.id not in self._events]
        return EditorialLayer(
            [*self.glossary, *mine_g], list(self.crossrefs), [*self.timeline, *mine_t], list(self.alignments),
            list(self.notes), corpus=self.corpus, marks_cache=self.marks_cache,
            personal_ids=frozenset([e.id for e in mine_g] + [ev.id for ev in mine_t]),
        )

    # -- parallel translations
    def parallel_rows(self, doc_id: str, text_of: Callable[[str], str] | None = None) -> ParallelTable:
        """The alignments touching ``doc_id`` as a table: a column per language they use
        (known languages first, in LANGS order), the aligned passages as cells."""
        rows = [a for a in self.alignments if any(s.doc_id == doc_id for s in a.cells.values())]
        used = {lang for a in rows for lang in a.cells}
        langs = tuple(sorted(used, key=lambda x: (LANGS.index(x) if x in LANGS else len(LANGS), x)))

        def passage(span: Span | None) -> str | None:
            if span is None or not span.placed:
                return None
            if text_of is not None:
                return text_of(span.doc_id)[span.start:span.end]
            doc = self.corpus.documents.get(span.doc_id) if self.corpus is not None else None
            return doc.text[span.start:span.end] if doc is not None else span.quote

        return ParallelTable(langs, tuple(tuple(passage(a.cells.get(lang)) for lang in langs) for a in rows))

    # -- marks
    @property
    def matcher(self) -> AliasMatcher:
        if self._matcher is None:
            self._matcher = AliasMatcher(self.glossary)
        return self._matcher

    def _doc(self, doc: Document | str) -> Document | None:
        if isinstance(doc, Document):
            return doc
        if self.corpus is not None:
            return self.corpus.documents.get(doc)
        return None

    def marks_for(self, doc: Document) -> list[Mark]:
        """Every marked span of ``doc`` in reading order (start, then longer, then precedence)."""
        cached = self._mark_cache.get(doc.id)
        if cached is not None and cached[0] is doc.text:
            return list(cached[1])
        owners = self.matcher.owners
        new = tuple.__new__  # Mark(...) costs twice as much and a 4 MB text has ~30k marks
        marks = [new(Mark, ("glossary", s, e, owners[k][0])) for s, e, k in self._glossary_hits(doc)]
        n = len(doc.text)
        extra: set[Mark] = set()

        def add(kind: MarkKind, ref_id: str, span: Span) -> None:
            if span.placed and span.doc_id == doc.id and span.end <= n:
                extra.add(Mark(kind, span.start, span.end, ref_id))

        for c in self.crossrefs:
            add("crossref", c.id, c.source)
            add("crossref", c.id, c.target)
        for note in self.notes:
            add("note", note.id, note.span)
        for ev in self.timeline:
            for span in ev.spans:
                add("timeline", ev.id, span)
        if extra:  # glossary marks come out of the matcher already in order
            marks = sorted(marks + list(extra), key=lambda m: (m.start, -m.end, mark_rank(m.kind), m.ref_id))
        self._mark_cache[doc.id] = (doc.text, marks, [m.start for m in marks])
        return list(marks)

    def _finds_cache(self) -> FindsCache | None:
        return FindsCache(self.marks_cache, self.glossary) if self.marks_cache is not None else None

    def _glossary_hits(self, doc: Document) -> list[Find]:
        """The matcher's finds in ``doc``; a long text's are read back from ``marks_cache``
        when it holds them (compiling the tries and scanning 4 MB cost 0.2 s of every
        opening of that book, reading them back 30 ms). New finds wait for
        :meth:`save_marks_cache`: a query never writes to disk."""
        cache = self._finds_cache()
        if cache is None or len(doc.text) < SMALL_TEXT:
            return self.matcher.find(doc.text)
        key = cache.key(doc)
        hits = cache.read(doc.id, key)
        if hits is None:
            hits = self.matcher.find(doc.text)
            self._unsaved[doc.id] = (key, hits)
        return hits

    def save_marks_cache(self) -> None:
        """Write the glossary finds computed since the last save to ``marks_cache``."""
        cache = self._finds_cache()
        if cache is not None:
            for doc_id, (key, hits) in self._unsaved.items():
                cache.write(doc_id, key, hits)
        self._unsaved.clear()

    def marks_at(self, doc: Document | str, offset: int) -> list[Mark]:
        """Marks covering ``offset`` (for clicks and hover), outermost first."""
        d = self._doc(doc)
        if d is None:
            return []
        self.marks_for(d)
        _, marks, starts = self._mark_cache[d.id]
        hi = bisect.bisect_right(starts, offset)
        return [m for m in marks[:hi] if m.start <= offset < m.end]

    def glossary_at(self, doc: Document | str, offset: int) -> GlossaryEntry | None:
        """The glossary entry whose alias is at ``offset``, for hover tooltips."""
        for m in self.marks_at(doc, offset):
            if m.kind == "glossary":
                return self._entries.get(m.ref_id)
        return None

    def glossary_finds(self, doc: Document) -> list[tuple[int, int, str]]:
        """(start, end, entry id) of each glossary mark in ``doc`` (the exports' links)."""
        return [(m.start, m.end, m.ref_id) for m in self.marks_for(doc) if m.kind == "glossary"]

    # -- cross-references
    def crossrefs_for(self, doc_id: str) -> tuple[list[CrossReference], list[CrossReference]]:
        """(outgoing, incoming): a reference with both ends in the document is outgoing."""
        out = [c for c in self.crossrefs if c.source.doc_id == doc_id]
        incoming = [c for c in self.crossrefs if c.target.doc_id == doc_id and c.source.doc_id != doc_id]
        return out, incoming

    # -- glossary occurrences
    def occurrences(self, entry_id: str, corpus: Corpus | Iterable[Document],
                    ruled_out: Collection[str] = ()) -> list[tuple[str, int, int]]:
        """Every occurrence of the entry's aliases across the corpus, in library order;
        ``ruled_out``: documents known to hold none of its spellings (the library index says
        so), whose texts are not read."""
        if entry_id not in self._entries:
            return []
        found: list[tuple[str, int, int]] = []
        for doc in corpus:
            if doc.id in ruled_out:
                continue
            for s, e, owners in self.matcher.finditer(doc.text):
                if entry_id in owners:
                    found.append((doc.id, s, e))
        return found

    def unlinked_mentions(self, entry_id: str, corpus: Corpus | Iterable[Document]) -> list[tuple[str, int, int]]:
        """Occurrences outside every source passage of the entry (candidates for a link)."""
        return self.outside_sources(entry_id, self.occurrences(entry_id, corpus))

    def outside_sources(self, entry_id: str, occurrences: Iterable[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """Those of the entry's ``occurrences`` outside every one of its source passages."""
        entry = self._entries.get(entry_id)
        if entry is None:
            return []
        return [occ for occ in occurrences if not any(src.contains(*occ) for src in entry.sources)]


@dataclass
class EditorialResult:
    layer: EditorialLayer
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
