"""The shipped editorial layer: glossary, cross-references, timeline, alignments, notes.

The files in ``annotations/`` are reviewed like code, so loading them is strict: every
schema problem is collected (not just the first) with the file and line it is on, and
every anchor is resolved against the current canonical text. A drifted or orphaned
anchor is a problem to fix in the file, but the span is still kept (with its status) so
the reader keeps working while a text is being corrected.

Schema (``format_version: 1``; every anchor is ``{doc, exact, prefix, suffix, start,
end}`` with prefix/suffix of at most 32 characters):

- ``glossary.yaml``: ``entries`` of ``id, term, kind, aliases, other_spellings?,
  definition, sources, see_also?``
- ``crossrefs.yaml``: ``crossrefs`` of ``id, type, note, source, target``
- ``timeline.yaml``: ``events`` of ``id, date, date_text, reasoning, title, anchors,
  glossary?``; ``date`` is a YAML date or a ``YYYY-MM-DD``/``YYYY-MM``/``YYYY`` string
  (a bare year number is accepted too)
- ``alignments.yaml``: ``alignments`` of ``id, note?`` and at least two of ``en``,
  ``zh-Hans``, ``zh-Hant``
- ``<doc-id>.yaml`` (optional): ``document`` and ``notes`` of ``id, anchor, note``
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from . import paths, yamlio
from .anchor import CONTEXT_CHARS, Anchor, Anchored, resolve
from .corpus import Corpus
from .document import Document
from .errors import DataFileError, Problem
from .fsutil import content_digest, read_cache_json, write_cache_json
from .model import LINK_TYPES

__all__ = [
    "CROSSREF_TYPES",
    "FORMAT_VERSION",
    "GLOSSARY_KINDS",
    "LANGS",
    "REQUIRED_FILES",
    "Alignment",
    "CrossReference",
    "EditorialLayer",
    "EditorialNote",
    "EditorialResult",
    "GlossaryEntry",
    "Mark",
    "Span",
    "TimelineEvent",
    "load_editorial",
]

FORMAT_VERSION = 1
GLOSSARY_KINDS: tuple[str, ...] = (
    "person", "organisation", "law", "event", "place", "concept", "publication",
)
CROSSREF_TYPES: tuple[str, ...] = LINK_TYPES
LANGS: tuple[str, ...] = ("en", "zh-Hans", "zh-Hant")
REQUIRED_FILES: tuple[str, ...] = ("glossary.yaml", "crossrefs.yaml", "timeline.yaml", "alignments.yaml")
COUNT_KEYS: tuple[str, ...] = (
    "glossary_entries", "crossrefs", "timeline_events", "alignments",
    "anchors_ok", "anchors_drifted", "anchors_orphan",
)

MarkKind = Literal["glossary", "crossref", "note", "timeline"]
_MARK_RANK = {"crossref": 0, "note": 1, "timeline": 2, "glossary": 3}

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ANCHOR_KEYS = ("doc", "exact", "prefix", "suffix", "start", "end")
_ANCHOR_REQUIRED = ("doc", "exact", "start", "end")
_FIX_HINT = "run tools/anchor_fill.py"

# Characters that make up a "word" for Latin-script aliases: an alias like "Lam" must not
# match inside "Islam", but a Latin alias right next to a CJK character is still a word.
_WORD = "0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_WORD_RE = re.compile(f"[{_WORD}]")


# ---------------------------------------------------------------- records

@dataclass(frozen=True)
class Span(Anchored):
    """An anchored passage; ``anchor`` carries the resolved position (stored one for orphans)."""

    doc_id: str
    anchor: Anchor
    status: str = "ok"

    @property
    def placed(self) -> bool:
        """Whether the span can be shown in the text (orphans cannot)."""
        return self.status != "orphan" and self.anchor.has_position

    def contains(self, doc_id: str, start: int, end: int) -> bool:
        return self.placed and doc_id == self.doc_id and self.start <= start and end <= self.end


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    term: str
    kind: str
    aliases: tuple[str, ...]
    other_spellings: tuple[str, ...]
    definition: str
    sources: tuple[Span, ...]
    see_also: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """What is marked in the text: the term and the aliases, minus other spellings."""
        skip = {s.casefold() for s in self.other_spellings}
        out: dict[str, str] = {}
        for s in (self.term, *self.aliases):
            key = s.casefold()
            if s and key not in skip and key not in out:
                out[key] = s
        return tuple(out.values())

    def short_definition(self, limit: int = 200) -> str:
        """First sentence, for hover tooltips (a whole definition is too long to hover)."""
        text = " ".join(self.definition.split())
        m = re.search(r"(?<=[.!?])(?:\s|$)|(?<=[。！？])", text)
        first = text[: m.start()] if m else text
        if len(first) > limit:
            cut = first[: limit - 1]
            if " " in cut[limit // 2:]:
                cut = cut[: cut.rindex(" ")]
            first = cut.rstrip(" ,;:") + "…"
        return first


@dataclass(frozen=True)
class CrossReference:
    id: str
    type: str
    note: str
    source: Span
    target: Span


@dataclass(frozen=True)
class TimelineEvent:
    id: str
    date: str  # ISO: YYYY-MM-DD, or YYYY-MM / YYYY where the text is no more precise
    date_text: str
    reasoning: str
    title: str
    spans: tuple[Span, ...]
    glossary: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Coarse dates sort before the precise dates inside them (2021 < 2021-04-15)."""
        parts = [int(p) for p in self.date.split("-")] + [0, 0]
        return parts[0], parts[1], parts[2]


@dataclass(frozen=True)
class Alignment:
    id: str
    cells: dict[str, Span]  # ordered as LANGS; only the languages present
    note: str = ""


@dataclass(frozen=True)
class EditorialNote:
    id: str
    span: Span
    note: str


class Mark(NamedTuple):
    """One marked span in a document, for the reading pane.

    A named tuple rather than a dataclass: a 4 MB text has tens of thousands of marks
    and building them must stay cheap.
    """

    kind: MarkKind
    start: int
    end: int
    ref_id: str


# ---------------------------------------------------------------- alias matching

def _is_word_char(ch: str) -> bool:
    return bool(_WORD_RE.match(ch))


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex for the words factored as a trie, longest alternative first.

    A flat alternation of a few hundred aliases costs one comparison per alias at each
    position of a 4 MB text; a trie costs a handful.
    """
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any], last: str) -> str:
        alts = [re.escape(ch) + build(child, ch) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            # Right word boundary only where the alias ends in a Latin letter or digit.
            alts.append(f"(?![{_WORD}])" if last and _is_word_char(last) else "")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return build(root, "")


SMALL_TEXT = 100_000  # characters: below this, finding each alias beats compiling the tries


class _AliasMatcher:
    """Finds every alias occurrence in a text: case-insensitive, whole-word for Latin.

    Two compiled tries over the lower-cased text: aliases that start with a Latin letter
    or digit are matched together with the non-word character before them, so the regex
    engine's first-character scan only stops at word starts (5x faster than trying every
    letter); the rest (CJK, punctuation) can start anywhere.
    """

    def __init__(self, entries: Iterable[GlossaryEntry]) -> None:
        self.owners: dict[str, tuple[str, ...]] = {}
        for entry in entries:
            for s in entry.spellings:
                key = s.lower()
                if entry.id not in self.owners.get(key, ()):
                    self.owners[key] = self.owners.get(key, ()) + (entry.id,)
        self._edges = {k: (_is_word_char(k[0]), _is_word_char(k[-1])) for k in self.owners}
        others = [k for k in self.owners if not self._edges[k][0]]
        self.others_need_non_ascii = all(not k[0].isascii() for k in others)
        self._tries: tuple[re.Pattern[str] | None, int, re.Pattern[str] | None] | None = None
        self._slow: re.Pattern[str] | None = None

    def _compiled(self) -> tuple[re.Pattern[str] | None, int, re.Pattern[str] | None]:
        """The two tries (words after a non-word character, others) and the longest word,
        compiled on first use: about 30 ms, which opening one of the shipped articles does
        not need to pay."""
        if self._tries is None:
            words = [k for k in self.owners if self._edges[k][0]]
            others = [k for k in self.owners if not self._edges[k][0]]
            self._tries = (
                re.compile(f"[^{_WORD}]({_trie_pattern(words)})") if words else None,
                max(map(len, words), default=0),
                re.compile(_trie_pattern(others)) if others else None,
            )
        return self._tries

    def finditer(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """(start, end, entry ids) for each leftmost-longest alias occurrence, in order."""
        return [(s, e, self.owners[k]) for s, e, k in self.find(text)]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, lower-cased alias) for each leftmost-longest occurrence, in order."""
        if not self.owners:
            return []
        lowered = text.lower()
        if len(lowered) != len(text):  # a character whose lower case is longer (rare)
            return self._find_slow(text)
        if len(text) < SMALL_TEXT:
            found, more = self._scan_by_find(lowered)
        else:
            found, more = self._scan_by_tries(lowered, text)
        return _merge(found, more)

    def _scan_by_tries(self, lowered: str, text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
        words, longest, others = self._compiled()
        found: list[tuple[int, int, str]] = []
        if words is not None:
            pos = 0
            # Offset 0 has no character before it to consume: give it one (the same trie,
            # on the head of the text, rather than a second 25 ms compile without it).
            first = words.match(" " + lowered[:longest + 1])
            if first is not None:
                found.append((0, first.end() - 1, first.group(1)))
                pos = first.end() - 1
            found += [(m.start(1), m.end(), m.group(1)) for m in words.finditer(lowered, pos)]
        if others is None or (self.others_need_non_ascii and text.isascii()):
            return found, []  # str.isascii() is O(1): English texts skip the second scan
        return found, [(m.start(), m.end(), m.group()) for m in others.finditer(lowered)]

    def _scan_by_find(self, lowered: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
        """What ``_scan_by_tries`` finds, by ``str.find`` per alias: for a short text this
        is faster than compiling the tries (a property test holds the two equal)."""
        n = len(lowered)
        words: list[tuple[int, int, str]] = []
        others: list[tuple[int, int, str]] = []
        for key, (left, right) in self._edges.items():
            i = lowered.find(key)
            while i != -1:
                j = i + len(key)
                if not (right and j < n and _is_word_char(lowered[j])):
                    if not left:
                        others.append((i, -j, key))
                    elif i == 0 or not _is_word_char(lowered[i - 1]):
                        words.append((i, -j, key))
                i = lowered.find(key, i + 1)
        found: list[tuple[int, int, str]] = []
        pos = 0
        for s, neg_e, key in sorted(words):  # leftmost, then longest
            # The tries consume the non-word character before a match, so it must lie at
            # or after the end of the previous match (offset 0 needs none).
            if (s == 0 and not found) or (s >= 1 and s - 1 >= pos):
                found.append((s, -neg_e, key))
                pos = -neg_e
        more: list[tuple[int, int, str]] = []
        pos = 0
        for s, neg_e, key in sorted(others):
            if s >= pos:
                more.append((s, -neg_e, key))
                pos = -neg_e
        return found, more

    def _find_slow(self, text: str) -> list[tuple[int, int, str]]:
        if self._slow is None:
            parts = []
            for a in sorted(self.owners, key=len, reverse=True):
                p = re.escape(a)
                if _is_word_char(a[0]):
                    p = f"(?<![{_WORD}])" + p
                if _is_word_char(a[-1]):
                    p += f"(?![{_WORD}])"
                parts.append(p)
            self._slow = re.compile("|".join(parts), re.IGNORECASE)
        out = []
        for m in self._slow.finditer(text):
            found = m.group()
            key = found.lower()
            if key not in self.owners:
                key = next((k for k in self.owners if re.fullmatch(re.escape(k), found, re.I)), "")
            if key:
                out.append((m.start(), m.end(), key))
        return out


def _merge(found: list[tuple[int, int, str]], more: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Word matches and the others together, leftmost-longest, without overlaps."""
    if not more:
        return found
    merged = []
    last = 0
    for f in sorted(found + more, key=lambda f: (f[0], -f[1])):
        if f[0] >= last:
            merged.append(f)
            last = f[1]
    return merged


def alias_occurs(alias: str, texts: Iterable[str]) -> bool:
    """Whether ``alias`` occurs as a whole word (for Latin script), ignoring case.

    The same rule as the marks in the reading pane, so an alias that passes ``reader
    check`` is also one a reader will see marked.
    """
    key = alias.lower()
    if not key:
        return False
    left = _is_word_char(key[0])
    right = _is_word_char(key[-1])
    for text in texts:
        low = text.lower()
        if len(low) != len(text):
            if re.search(
                ("(?<![" + _WORD + "])" if left else "") + re.escape(alias)
                + ("(?![" + _WORD + "])" if right else ""), text, re.IGNORECASE,
            ):
                return True
            continue
        i = low.find(key)
        while i != -1:
            j = i + len(key)
            if not (left and i > 0 and _is_word_char(low[i - 1])) and not (
                right and j < len(low) and _is_word_char(low[j])
            ):
                return True
            i = low.find(key, i + 1)
    return False


# ---------------------------------------------------------------- the layer

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

    def __post_init__(self) -> None:
        self.timeline.sort(key=lambda ev: ev.sort_key)
        self._entries = {e.id: e for e in self.glossary}
        self._crossrefs = {c.id: c for c in self.crossrefs}
        self._events = {e.id: e for e in self.timeline}
        self._notes = {n.id: n for n in self.notes}
        self._matcher: _AliasMatcher | None = None
        self._mark_cache: dict[str, tuple[str, list[Mark], list[int]]] = {}

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

    def notes_for(self, doc_id: str) -> list[EditorialNote]:
        return [n for n in self.notes if n.span.doc_id == doc_id]

    def events_for(self, doc_id: str) -> list[TimelineEvent]:
        return [ev for ev in self.timeline if any(s.doc_id == doc_id for s in ev.spans)]

    def alignments_for(self, doc_id: str) -> list[Alignment]:
        return [a for a in self.alignments if any(s.doc_id == doc_id for s in a.cells.values())]

    def alignment_at(self, doc_id: str, offset: int) -> Alignment | None:
        """The alignment whose cell in this document covers ``offset`` (parallel view)."""
        for a in self.alignments:
            for span in a.cells.values():
                if span.placed and span.doc_id == doc_id and span.start <= offset < span.end:
                    return a
        return None

    # -- marks
    @property
    def matcher(self) -> _AliasMatcher:
        if self._matcher is None:
            self._matcher = _AliasMatcher(self.glossary)
        return self._matcher

    def _doc(self, doc: Document | str) -> Document | None:
        if isinstance(doc, Document):
            return doc
        if self.corpus is not None:
            return self.corpus.documents.get(doc)
        return None

    def marks_for(self, doc: Document) -> list[Mark]:
        """Every marked span of ``doc`` in reading order (start, then longer first)."""
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
            marks = sorted(marks + list(extra), key=lambda m: (m.start, -m.end, _MARK_RANK[m.kind], m.ref_id))
        self._mark_cache[doc.id] = (doc.text, marks, [m.start for m in marks])
        return list(marks)

    def _glossary_hits(self, doc: Document) -> list[tuple[int, int, str]]:
        """The matcher's finds in ``doc``; a long text's are kept in ``marks_cache`` (when
        set), keyed by the glossary's spellings and the text: compiling the tries and
        scanning 4 MB cost 0.2 s of every opening of that book, reading them back 30 ms."""
        text = doc.text
        if self.marks_cache is None or len(text) < SMALL_TEXT:
            return self.matcher.find(text)
        key = content_digest(str(_CACHE_VERSION), *(
            "\x1f".join((e.id, *e.spellings)) for e in self.glossary), doc.digest)
        path = self.marks_cache / f"{doc.id}.marks.json"
        cached = read_cache_json(path)
        try:
            if cached["key"] == key:
                return [(s, e, k) for s, e, k in cached["hits"]]
        except (KeyError, TypeError, ValueError):  # also None: no cache yet
            pass
        hits = self.matcher.find(text)
        write_cache_json(path, {"key": key, "hits": hits})
        return hits

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

    # -- cross-references
    def crossrefs_for(self, doc_id: str) -> tuple[list[CrossReference], list[CrossReference]]:
        """(outgoing, incoming): a reference with both ends in the document is outgoing."""
        out = [c for c in self.crossrefs if c.source.doc_id == doc_id]
        incoming = [c for c in self.crossrefs if c.target.doc_id == doc_id and c.source.doc_id != doc_id]
        return out, incoming

    # -- glossary occurrences
    def occurrences(self, entry_id: str, corpus: Corpus | Iterable[Document]) -> list[tuple[str, int, int]]:
        """Every occurrence of the entry's aliases across the corpus, in library order."""
        if entry_id not in self._entries:
            return []
        found: list[tuple[str, int, int]] = []
        for doc in corpus:
            for s, e, owners in self.matcher.finditer(doc.text):
                if entry_id in owners:
                    found.append((doc.id, s, e))
        return found

    def unlinked_mentions(self, entry_id: str, corpus: Corpus | Iterable[Document]) -> list[tuple[str, int, int]]:
        """Occurrences outside every source passage of the entry (candidates for a link)."""
        entry = self._entries.get(entry_id)
        if entry is None:
            return []
        return [
            occ for occ in self.occurrences(entry_id, corpus)
            if not any(src.contains(*occ) for src in entry.sources)
        ]


@dataclass
class EditorialResult:
    layer: EditorialLayer
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))


# ---------------------------------------------------------------- loading

def _type_name(value: object) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "an integer"
    return f"a {type(value).__name__}"


def _line(container: Any, key: Any = None) -> int | None:
    if key is not None and hasattr(container, "line_of"):
        return container.line_of(key)
    return getattr(container, "line", None)


class _Loader:
    """Builds the layer while collecting every problem with its file and line."""

    def __init__(self, corpus: Corpus, folder: Path) -> None:
        self.corpus = corpus
        self.folder = folder
        self.problems: list[Problem] = []
        self.counts: dict[str, int] = dict.fromkeys(COUNT_KEYS, 0)
        self.path = folder
        # Dangling-reference checks wait until the whole glossary is known.
        self._glossary_refs: list[tuple[Path, int | None, str, str, str]] = []
        self.glossary_read = False

    # -- problems
    def bad(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    # -- files
    def read(self, name: str, list_key: str, required: bool) -> tuple[Any, list[Any]] | None:
        """Parse one file and check its envelope; returns (root, items) or None."""
        path = self.folder / name
        self.path = path
        if not path.exists():
            if required:
                self.bad(None, "required editorial file is missing")
            return None
        try:
            root = yamlio.load_file(path)
        except DataFileError as exc:
            self.problems.append(Problem.from_error(exc))
            return None
        if not isinstance(root, Mapping):
            self.bad(_line(root) or 1, f"must be a mapping with 'format_version' and '{list_key}', got {_type_name(root)}")
            return None
        allowed = ("format_version", list_key) + (("document",) if list_key == "notes" else ())
        for key in root:
            if key not in allowed:
                self.bad(_line(root, key), f"unknown key '{key}' (expected: {', '.join(allowed)})")
        if "format_version" not in root:
            self.bad(_line(root) or 1, f"missing 'format_version' (expected {FORMAT_VERSION})")
        else:
            version = root["format_version"]
            if version != FORMAT_VERSION or isinstance(version, bool):
                self.bad(
                    _line(root, "format_version"),
                    f"format_version {version!r} is not supported (expected {FORMAT_VERSION})",
                )
                return None
        items = root.get(list_key)
        if list_key not in root:
            self.bad(_line(root) or 1, f"missing required field '{list_key}'")
            return root, []
        if items is None:
            return root, []
        if not isinstance(items, list):
            self.bad(_line(root, list_key), f"'{list_key}' must be a list, got {_type_name(items)}")
            return root, []
        return root, items

    def records(self, items: list[Any], what: str, required: tuple[str, ...], optional: tuple[str, ...],
                extra_ok: tuple[str, ...] = ()) -> Iterable[tuple[Mapping, str]]:
        """Yield (item, context) for each well-formed-enough item; report envelope problems."""
        seen: dict[str, int | None] = {}
        allowed = required + optional + extra_ok
        for i, item in enumerate(items):
            line = _line(items, i)
            if not isinstance(item, Mapping):
                self.bad(line, f"{what} #{i + 1} must be a mapping, got {_type_name(item)}")
                continue
            raw_id = item.get("id")
            ctx = f"{what} '{raw_id}'" if isinstance(raw_id, str) and raw_id else f"{what} #{i + 1}"
            ok = True
            for key in item:
                if key not in allowed:
                    self.bad(_line(item, key), f"{ctx}: unknown key '{key}' (expected: {', '.join(allowed)})")
            for key in required:
                if key not in item:
                    self.bad(_line(item), f"{ctx}: missing required field '{key}'")
                    ok = ok and key != "id"
            if "id" in item:
                if not isinstance(raw_id, str) or not ID_RE.match(raw_id):
                    self.bad(_line(item, "id"), f"{ctx}: 'id' must be a slug (lowercase letters, digits, hyphens)")
                    ok = False
                elif raw_id in seen:
                    self.bad(_line(item, "id"), f"duplicate {what} id '{raw_id}' (first used on line {seen[raw_id]})")
                    ok = False
                else:
                    seen[raw_id] = _line(item, "id")
            if ok:
                yield item, ctx

    # -- fields
    def text(self, item: Mapping, key: str, ctx: str, required: bool = True) -> str:
        if key not in item:
            return ""  # reported by records() when required
        value = item[key]
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            self.bad(_line(item, key), f"{ctx}: '{key}' must be a string, got {_type_name(value)}")
            return ""
        if required and not value.strip():
            self.bad(_line(item, key), f"{ctx}: '{key}' must not be empty")
        return value

    def strings(self, item: Mapping, key: str, ctx: str) -> tuple[str, ...]:
        value = item.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.bad(_line(item, key), f"{ctx}: '{key}' must be a list of strings, got {_type_name(value)}")
            return ()
        out = []
        for i, v in enumerate(value):
            if not isinstance(v, str) or not v.strip():
                got = "an empty string" if isinstance(v, str) else _type_name(v)
                self.bad(_line(value, i), f"{ctx}: '{key}' item {i + 1} must be a non-empty string, got {got}")
            else:
                out.append(v)
        return tuple(out)

    def anchor(self, value: Any, ctx: str, line: int | None) -> Span | None:
        """Validate and resolve one anchor mapping; orphans are kept with their status."""
        if not isinstance(value, Mapping):
            self.bad(line, f"{ctx}: an anchor must be a mapping with {', '.join(_ANCHOR_KEYS)}, got {_type_name(value)}")
            return None
        line = _line(value) or line
        ok = True
        for key in value:
            if key not in _ANCHOR_KEYS:
                self.bad(_line(value, key), f"{ctx}: unknown anchor key '{key}' (expected: {', '.join(_ANCHOR_KEYS)})")
        for key in _ANCHOR_REQUIRED:
            if key not in value:
                self.bad(line, f"{ctx}: anchor is missing required field '{key}'")
                ok = False
        for key in ("doc", "exact", "prefix", "suffix"):
            v = value.get(key)
            if key in value and not (isinstance(v, str) or (v is None and key in ("prefix", "suffix"))):
                self.bad(_line(value, key), f"{ctx}: anchor '{key}' must be a string, got {_type_name(v)}")
                ok = False
        for key in ("start", "end"):
            v = value.get(key)
            if key in value and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                got = str(v) if isinstance(v, int) and not isinstance(v, bool) else _type_name(v)
                self.bad(_line(value, key), f"{ctx}: anchor '{key}' must be a non-negative integer, got {got}")
                ok = False
        if not ok:
            return None
        exact = value["exact"]
        prefix = value.get("prefix") or ""
        suffix = value.get("suffix") or ""
        start, end = value["start"], value["end"]
        if not exact:
            self.bad(_line(value, "exact"), f"{ctx}: anchor 'exact' must not be empty")
            ok = False
        for key, v in (("prefix", prefix), ("suffix", suffix)):
            if len(v) > CONTEXT_CHARS:
                self.bad(
                    _line(value, key),
                    f"{ctx}: anchor '{key}' is {len(v)} characters long; at most {CONTEXT_CHARS} are allowed",
                )
                ok = False
        if start >= end:
            self.bad(_line(value, "start"), f"{ctx}: anchor 'start' ({start}) must be before 'end' ({end})")
            ok = False
        doc = self.corpus.documents.get(value["doc"])
        if doc is None:
            known = ", ".join(self.corpus.documents) or "none"
            self.bad(_line(value, "doc"), f"{ctx}: unknown document '{value['doc']}' (known: {known})")
            ok = False
        if not ok:
            return None
        assert doc is not None
        stored = Anchor(exact, prefix, suffix, start, end)
        res = resolve(stored, doc.text)
        if res.status == "ok":
            self.counts["anchors_ok"] += 1
            return Span(doc.id, stored, "ok")
        if res.status == "drifted":
            self.counts["anchors_drifted"] += 1
            self.bad(line, f"{ctx}: anchor drifted: now at {res.start}..{res.end}; {_FIX_HINT}")
            moved = res.anchor(doc.text)
            return Span(doc.id, moved if moved is not None else stored, "drifted")
        self.counts["anchors_orphan"] += 1
        quote = exact if len(exact) <= 40 else exact[:39] + "…"
        self.bad(line, f"{ctx}: anchor orphaned: {quote!r} is no longer in '{doc.id}'; fix or remove it")
        return Span(doc.id, stored, "orphan")

    def anchors(self, item: Mapping, key: str, ctx: str) -> tuple[Span, ...]:
        value = item.get(key)
        if key not in item:
            return ()
        if not isinstance(value, list):
            self.bad(_line(item, key), f"{ctx}: '{key}' must be a list of anchors, got {_type_name(value)}")
            return ()
        if not value:
            self.bad(_line(item, key), f"{ctx}: '{key}' needs at least one anchor")
            return ()
        spans = []
        for i, v in enumerate(value):
            span = self.anchor(v, f"{ctx} {key}[{i}]", _line(value, i))
            if span is not None:
                spans.append(span)
        return tuple(spans)

    def one_anchor(self, item: Mapping, key: str, ctx: str) -> Span | None:
        if key not in item:
            return None
        return self.anchor(item[key], f"{ctx} {key}", _line(item, key))

    def glossary_refs(self, item: Mapping, key: str, ctx: str) -> tuple[str, ...]:
        ids = self.strings(item, key, ctx)
        value = item.get(key)
        for i, ref in enumerate(ids):
            line = _line(value, i) if isinstance(value, list) else _line(item, key)
            self._glossary_refs.append((self.path, line, ctx, key, ref))
        return ids

    # -- files
    def load_glossary(self) -> list[GlossaryEntry]:
        got = self.read("glossary.yaml", "entries", required=True)
        self.glossary_read = got is not None
        if got is None:
            return []
        _, items = got
        entries = []
        for item, ctx in self.records(
            items, "entry", ("id", "term", "kind", "aliases", "definition", "sources"),
            ("other_spellings", "see_also"),
        ):
            term = self.text(item, "term", ctx)
            kind = self.text(item, "kind", ctx)
            if kind and kind not in GLOSSARY_KINDS:
                self.bad(_line(item, "kind"), f"{ctx}: unknown kind '{kind}' (expected one of: {', '.join(GLOSSARY_KINDS)})")
            aliases = self.strings(item, "aliases", ctx)
            others = self.strings(item, "other_spellings", ctx)
            clash = {a.casefold() for a in aliases} & {o.casefold() for o in others}
            for a in sorted(clash):
                self.bad(_line(item, "other_spellings"), f"{ctx}: '{a}' is listed both in aliases and in other_spellings")
            definition = self.text(item, "definition", ctx)
            sources = self.anchors(item, "sources", ctx)
            see_also = self.glossary_refs(item, "see_also", ctx)
            entry = GlossaryEntry(
                id=item["id"], term=term, kind=kind, aliases=aliases, other_spellings=others,
                definition=definition, sources=sources, see_also=see_also,
            )
            entries.append(entry)
            self._check_aliases(item, ctx, entry)
        return entries

    def _check_aliases(self, item: Mapping, ctx: str, entry: GlossaryEntry) -> None:
        texts = [d.text for d in self.corpus]
        value = item.get("aliases")
        for i, alias in enumerate(value if isinstance(value, list) else []):
            if not isinstance(alias, str) or not alias.strip():
                continue
            if alias.casefold() in {o.casefold() for o in entry.other_spellings}:
                continue
            if not alias_occurs(alias, texts):
                self.bad(
                    _line(value, i),
                    f"{ctx}: alias '{alias}' does not occur in the corpus "
                    "(list spellings the texts do not use under other_spellings)",
                )

    def load_crossrefs(self) -> list[CrossReference]:
        got = self.read("crossrefs.yaml", "crossrefs", required=True)
        if got is None:
            return []
        refs = []
        for item, ctx in self.records(got[1], "crossref", ("id", "type", "note", "source", "target"), ()):
            kind = self.text(item, "type", ctx)
            if kind and kind not in CROSSREF_TYPES:
                self.bad(_line(item, "type"), f"{ctx}: unknown type '{kind}' (expected one of: {', '.join(CROSSREF_TYPES)})")
            note = self.text(item, "note", ctx)
            source = self.one_anchor(item, "source", ctx)
            target = self.one_anchor(item, "target", ctx)
            if source is not None and target is not None:
                refs.append(CrossReference(item["id"], kind, note, source, target))
        return refs

    def date(self, item: Mapping, ctx: str) -> str | None:
        if "date" not in item:
            return None
        value = item["date"]
        line = _line(item, "date")
        if isinstance(value, _dt.datetime):
            self.bad(line, f"{ctx}: 'date' must be a date without a time, e.g. 2021-04-15")
            return None
        if isinstance(value, _dt.date):
            return value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return str(value)
        if isinstance(value, str):
            m = _DATE_RE.match(value)
            if m:
                y, mo, d = m.groups()
                try:
                    _dt.date(int(y), int(mo or 1), int(d or 1))
                    return value
                except ValueError:
                    pass
        self.bad(line, f"{ctx}: 'date' must be YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}")
        return None

    def load_timeline(self) -> list[TimelineEvent]:
        got = self.read("timeline.yaml", "events", required=True)
        if got is None:
            return []
        events = []
        for item, ctx in self.records(
            got[1], "event", ("id", "date", "date_text", "reasoning", "title", "anchors"), ("glossary",),
        ):
            date = self.date(item, ctx)
            date_text = self.text(item, "date_text", ctx)
            reasoning = self.text(item, "reasoning", ctx)
            title = self.text(item, "title", ctx)
            spans = self.anchors(item, "anchors", ctx)
            glossary = self.glossary_refs(item, "glossary", ctx)
            if date is not None and spans:
                events.append(TimelineEvent(item["id"], date, date_text, reasoning, title, spans, glossary))
        return events

    def load_alignments(self) -> list[Alignment]:
        got = self.read("alignments.yaml", "alignments", required=True)
        if got is None:
            return []
        out = []
        for item, ctx in self.records(got[1], "alignment", ("id",), ("note",), extra_ok=LANGS):
            note = self.text(item, "note", ctx, required=False)
            present = [lang for lang in LANGS if lang in item]
            if len(present) < 2:
                self.bad(
                    _line(item),
                    f"{ctx}: needs at least two of {', '.join(LANGS)} (has {', '.join(present) or 'none'})",
                )
            cells: dict[str, Span] = {}
            for lang in present:
                span = self.one_anchor(item, lang, ctx)
                if span is not None:
                    cells[lang] = span
            if len(cells) >= 2:
                out.append(Alignment(item["id"], cells, note))
        return out

    def load_doc_notes(self, name: str) -> list[EditorialNote]:
        stem = name[: -len(".yaml")]
        got = self.read(name, "notes", required=False)
        if got is None:
            return []
        root, items = got
        document = root.get("document")
        if "document" not in root:
            self.bad(_line(root) or 1, "missing required field 'document'")
        elif document != stem:
            self.bad(_line(root, "document"), f"'document' must be '{stem}' (the file name), got {document!r}")
        if stem not in self.corpus.documents:
            self.bad(_line(root, "document") or 1, f"no document '{stem}' in the corpus for these notes")
        notes = []
        for item, ctx in self.records(items, "note", ("id", "anchor", "note"), ()):
            text = self.text(item, "note", ctx)
            span = self.one_anchor(item, "anchor", ctx)
            if span is None:
                continue
            if span.doc_id != stem:
                self.bad(_line(item, "anchor"), f"{ctx}: anchor 'doc' must be '{stem}' (this file's document), got '{span.doc_id}'")
                continue
            notes.append(EditorialNote(item["id"], span, text))
        return notes

    def check_references(self, known: set[str]) -> None:
        for path, line, ctx, key, ref in self._glossary_refs:
            if ref not in known:
                self.problems.append(Problem(path, line, f"{ctx}: '{key}' refers to unknown glossary entry '{ref}'"))


def load_editorial(corpus: Corpus, folder: Path | None = None, cache: Path | None = None) -> EditorialResult:
    """Load and validate ``annotations/``; never raises for bad content, it reports it.

    A missing or broken file only loses that file's records; the rest still loads so the
    reader and ``reader check`` can show everything that is wrong at once.

    ``cache``: a JSON file (in the data dir) holding the result made from the same
    annotation files and texts, so that the window starts without parsing 110 KB of YAML
    and resolving every anchor (about 40 ms, against 3 ms from the cache). It is used only
    when its key (a digest of every annotation file and every text) matches, and is
    rewritten otherwise.
    """
    folder = folder if folder is not None else paths.annotations_dir()
    if cache is None:
        return _load_editorial(corpus, folder)
    key = _cache_key(corpus, folder)
    cached = _from_cache(read_cache_json(cache), key, corpus) if key is not None else None
    if cached is not None:
        return cached
    result = _load_editorial(corpus, folder)
    if key is not None:
        write_cache_json(cache, _to_cache(result, key))
    return result


def _load_editorial(corpus: Corpus, folder: Path) -> EditorialResult:
    loader = _Loader(corpus, folder)
    if not folder.is_dir():
        loader.problems.append(Problem(folder, None, "the annotations folder does not exist"))
        return EditorialResult(EditorialLayer(corpus=corpus), loader.problems, loader.counts)
    glossary = loader.load_glossary()
    crossrefs = loader.load_crossrefs()
    timeline = loader.load_timeline()
    alignments = loader.load_alignments()
    notes: list[EditorialNote] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name not in REQUIRED_FILES:
            notes.extend(loader.load_doc_notes(path.name))
    if loader.glossary_read:  # else every reference would dangle: one problem is enough
        loader.check_references({e.id for e in glossary})
    layer = EditorialLayer(glossary, crossrefs, timeline, alignments, notes, corpus=corpus)
    counts = loader.counts
    counts.update(
        glossary_entries=len(glossary), crossrefs=len(crossrefs), timeline_events=len(timeline),
        alignments=len(alignments),
    )
    return EditorialResult(layer, loader.problems, counts)


# ---------------------------------------------------------------- cache

_CACHE_VERSION = 1


def _cache_key(corpus: Corpus, folder: Path) -> str | None:
    """What the result depends on: the annotation files' names and bytes, the texts."""
    parts: list[bytes | str] = [str(_CACHE_VERSION)]
    try:
        for path in sorted(folder.glob("*.yaml")):
            parts += [path.name, path.read_bytes()]
    except OSError:
        return None  # the loader will say what is wrong; nothing worth caching
    for doc in corpus:
        parts += [doc.id, doc.digest]
    return content_digest(*parts)


def _span_row(span: Span) -> list[Any]:
    a = span.anchor
    return [span.doc_id, a.exact, a.prefix, a.suffix, a.start, a.end, span.status]


def _span(row: list[Any]) -> Span:
    doc_id, exact, prefix, suffix, start, end, status = row
    return Span(doc_id, Anchor(exact, prefix, suffix, start, end), status)


def _to_cache(result: EditorialResult, key: str) -> dict[str, Any]:
    layer = result.layer
    return {
        "v": _CACHE_VERSION,
        "key": key,
        "glossary": [[e.id, e.term, e.kind, e.aliases, e.other_spellings, e.definition,
                      [_span_row(s) for s in e.sources], e.see_also] for e in layer.glossary],
        "crossrefs": [[c.id, c.type, c.note, _span_row(c.source), _span_row(c.target)] for c in layer.crossrefs],
        "timeline": [[e.id, e.date, e.date_text, e.reasoning, e.title, [_span_row(s) for s in e.spans],
                      e.glossary] for e in layer.timeline],
        "alignments": [[a.id, {lang: _span_row(s) for lang, s in a.cells.items()}, a.note] for a in layer.alignments],
        "notes": [[n.id, _span_row(n.span), n.note] for n in layer.notes],
        "problems": [[str(p.path), p.line, p.message] for p in result.problems],
        "counts": result.counts,
    }


def _from_cache(d: Any, key: str, corpus: Corpus) -> EditorialResult | None:
    """The cached result, or None when there is none for ``key`` (or it is not ours)."""
    try:
        if d["v"] != _CACHE_VERSION or d["key"] != key:
            return None
        layer = EditorialLayer(
            [GlossaryEntry(i, term, kind, tuple(aliases), tuple(others), definition,
                           tuple(_span(r) for r in sources), tuple(see_also))
             for i, term, kind, aliases, others, definition, sources, see_also in d["glossary"]],
            [CrossReference(i, t, note, _span(src), _span(dst)) for i, t, note, src, dst in d["crossrefs"]],
            [TimelineEvent(i, date, date_text, reasoning, title, tuple(_span(r) for r in spans), tuple(glossary))
             for i, date, date_text, reasoning, title, spans, glossary in d["timeline"]],
            [Alignment(i, {lang: _span(r) for lang, r in cells.items()}, note) for i, cells, note in d["alignments"]],
            [EditorialNote(i, _span(r), note) for i, r, note in d["notes"]],
            corpus=corpus,
        )
        problems = [Problem(Path(path), line, message) for path, line, message in d["problems"]]
        return EditorialResult(layer, problems, dict(d["counts"]))
    except (KeyError, TypeError, ValueError, AttributeError):  # also None: no cache
        return None
