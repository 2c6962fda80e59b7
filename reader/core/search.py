"""Text search that forgives how a word was typed, with hits in canonical-text offsets.

A reader searching for 国安法 should find 國安法, "urumchi" should find "Ürümchi", a
fullwidth ＡＢＣ or a straight apostrophe should match their ordinary forms. Both the text
and the query are *normalised* and compared as plain strings:

- Traditional -> Simplified Chinese with OpenCC (``t2s``), the maintained conversion
  tables rather than a hand-made list;
- compatibility decomposition (NFKD): fullwidth/halfwidth forms, ligatures, ``…``;
- combining marks dropped (diacritics), then ``casefold`` (``ß`` -> ``ss``);
- curly quotes -> straight quotes, dashes -> ``-``, every kind of space -> one space
  (runs of whitespace collapse), invisible format characters (soft hyphen, ZWJ) dropped.

Each step is applied **per character**, never across characters. That is a deliberate
choice: it keeps an exact map from every normalised character back to the original
character it came from, so a hit always maps to a span of the *original* canonical text
(what the reading pane highlights and what an anchor stores). The price is that OpenCC's
phrase-level conversions are not used; the character tables cover what search needs, and
the query goes through the same per-character function, so both sides always agree.

Per-character results are cached, and the index is built from the set of distinct
characters plus ``str.translate``, so a 4 MB text is indexed in a fraction of a second and
a query is a ``str.find`` loop (see ``benchmarks/search_bench.py``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .glossary_match import Term

if TYPE_CHECKING:  # only annotations here: the notes model is not needed to search texts
    from .corpus import Corpus
    from .model import DocumentNotes, Highlight

__all__ = [
    "CONTEXT_CHARS", "Hit", "LibrarySearch", "NormalisedParts", "SearchIndex", "normalize", "normalize_query",
    "search_corpus",
]

CONTEXT_CHARS = 40
"""Characters of context shown either side of a hit."""

_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u0060": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
}

_converter = None


def _t2s(ch: str) -> str:
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return str(_converter.convert(ch))


@lru_cache(maxsize=65536)
def _norm_char(ch: str) -> str:
    """The normalised form of one character: "", one character, or a few (``ß`` -> ``ss``)."""
    if ch.isspace():
        return " "
    if ch in _QUOTES:
        return _QUOTES[ch]
    cat = unicodedata.category(ch)
    if cat == "Cf":  # soft hyphen, zero-width joiners, bidi marks: invisible
        return ""
    if cat == "Pd":
        return "-"
    if ord(ch) >= 0x2E80:  # CJK and beyond: only CJK needs OpenCC, but it is cheap and cached
        ch = _t2s(ch) or ch
    out = []
    for c in unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", ch).casefold()):
        if not unicodedata.combining(c):
            out.append(" " if c.isspace() else _QUOTES.get(c, c))
    return "".join(out)


def normalize(text: str) -> str:
    """The form both texts and queries are compared in (see the module docstring)."""
    return _Normalised(text).text


@dataclass(frozen=True)
class NormalisedParts:
    """What a :class:`SearchIndex` keeps of a text, so a persistent index can store and restore it."""

    text: str
    bp_norm: list[int]
    bp_orig: list[int]
    bp_const: list[bool]
    marks: frozenset[str]


class _Normalised:
    """A normalised string plus a piecewise map from its indices back to the original.

    The map is a sorted list of breakpoints ``(norm_index, orig_index, constant)``: from a
    breakpoint on, normalised index ``k`` maps to ``orig + (k - norm)``, or to ``orig`` for
    every ``k`` in a *constant* segment (the characters one original character expanded
    to). Only characters whose normalised form is not exactly one character, and runs of
    whitespace, create breakpoints, so ordinary text costs nothing.
    """

    def __init__(self, text: str) -> None:
        chars = _char_set(text)
        # Combining marks normalisation drops: a hit ending before one still covers it.
        self.marks = frozenset(c for c in chars if unicodedata.category(c)[0] == "M" and not _norm_char(c))
        odd: list[str] = []  # characters whose normal form is not one character
        spaces: list[str] = []
        for ch in chars:
            n = _norm_char(ch)
            if n == " ":
                spaces.append(ch)
            elif len(n) != 1:
                odd.append(ch)
        flat = _flat(text, chars)  # one character per character; odd ones fixed below
        self.bp_norm: list[int] = [0]
        self.bp_orig: list[int] = [0]
        self.bp_const: list[bool] = [False]
        events = _events(text, spaces, odd)
        if not events:
            self.text = flat
            return
        pieces: list[str] = []
        norm = 0
        orig = 0
        for s, e in events:
            if s > orig:
                pieces.append(flat[orig:s])
                norm += s - orig
            if e - s > 1 or _norm_char(text[s]) == " ":
                # A whitespace run becomes one space that maps to the run's first character.
                self._break(norm, s, False)
                pieces.append(" ")
                norm += 1
            else:
                out = _norm_char(text[s])
                if out:
                    self._break(norm, s, True)
                    pieces.append(out)
                    norm += len(out)
            self._break(norm, e, False)
            orig = e
        if orig < len(text):
            pieces.append(flat[orig:])
        self.text = "".join(pieces)

    @classmethod
    def restore(cls, parts: NormalisedParts) -> _Normalised:
        """The normalised form rebuilt from stored parts, without normalising again."""
        self = cls.__new__(cls)
        self.text, self.marks = parts.text, parts.marks
        self.bp_norm, self.bp_orig, self.bp_const = parts.bp_norm, parts.bp_orig, parts.bp_const
        return self

    def parts(self) -> NormalisedParts:
        return NormalisedParts(self.text, self.bp_norm, self.bp_orig, self.bp_const, self.marks)

    def _break(self, norm: int, orig: int, const: bool) -> None:
        if self.bp_norm[-1] == norm:
            # The previous segment is empty (a dropped character): replace it.
            self.bp_orig[-1] = orig
            self.bp_const[-1] = const
            return
        self.bp_norm.append(norm)
        self.bp_orig.append(orig)
        self.bp_const.append(const)

    def orig(self, k: int) -> int:
        """Original index of normalised character ``k``."""
        b = bisect.bisect_right(self.bp_norm, k) - 1
        if self.bp_const[b]:
            return self.bp_orig[b]
        return self.bp_orig[b] + k - self.bp_norm[b]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Original span covering normalised characters ``[a, b)`` (``b > a``)."""
        return self.orig(a), self.orig(b - 1) + 1


def _events(text: str, spaces: list[str], odd: list[str]) -> list[tuple[int, int]]:
    """Sorted spans of whitespace runs (2+) and of single odd characters.

    ``str.find`` per odd character and a cheap pre-check for runs avoid a regex pass over
    the whole text (a character-class scan costs ~0.25 s on 4 MB).
    """
    out: list[tuple[int, int]] = []
    for ch in odd:
        i = text.find(ch)
        while i != -1:
            out.append((i, i + 1))
            i = text.find(ch, i + 1)
    if any(_holds(text, a + b) for a in spaces for b in spaces):
        runs = re.compile(f"[{_char_class(spaces)}]{{2,}}")
        blank = set(spaces)
        pos, n = 0, len(text)
        while pos < n:  # window by window: one scan of the whole book would hold the GIL
            end = min(n, pos + _PIECE)
            while end < n and text[end] in blank:  # never cut a run in two
                end += 1
            out.extend(m.span() for m in runs.finditer(text, pos, end))
            pos = end
    out.sort()
    return out


def _flat(text: str, chars: set[str]) -> str:
    """``text`` with every one-to-one normalisation applied, same length as ``text``.

    Characters whose normal form is not one character are left for the caller. The
    fast route (about 3x faster than ``str.translate`` with a dict on a 4 MB text)
    casefolds in C, then rewrites only runs of the characters casefolding left unfinished
    (curly quotes, accents, Traditional characters, fullwidth forms).
    """
    fixes: dict[str, str] = {}
    fast = True
    for ch in chars:
        n = _norm_char(ch)
        if len(n) != 1:
            n = ch  # the caller splices these in; whatever stands here is never used
        cf = ch.casefold()
        if len(cf) != 1 or (cf != ch and _norm_char(cf) != _norm_char(ch)):
            fast = False
        if n != cf:
            fixes[cf] = n
    if not fast:
        table = {ord(ch): n for ch in chars if len(n := _norm_char(ch)) == 1 and n != ch}
        return "".join(piece.translate(table) for piece in _pieces(text)) if table else text
    folded = text.casefold()
    if not fixes:
        return folded
    trans = str.maketrans(fixes)
    return re.sub(f"[{_char_class(fixes)}]+", lambda m: m.group().translate(trans), folded)


_PIECE = 1 << 16


def _pieces(text: str) -> Iterator[str]:
    """Slices of 64 Ki characters: indexes are built on a worker thread, and one C call
    over a whole 4 MB book would hold the GIL (and so the GUI) for 80 ms."""
    return (text[i:i + _PIECE] for i in range(0, len(text), _PIECE))


def _holds(text: str, sub: str) -> bool:
    """``sub in text`` a window at a time (on a worker, one search of a 4 MB book held the GIL 25 ms)."""
    step, over = _PIECE, len(sub) - 1
    return any(sub in text[i:i + step + over] for i in range(0, len(text), step))


def _char_set(text: str) -> set[str]:
    chars: set[str] = set()
    for piece in _pieces(text):
        chars.update(piece)
    return chars


def _char_class(chars: Iterable[str]) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


def normalize_query(query: str) -> str:
    """A query as it is looked for in the normalised text ("" finds nothing)."""
    return normalize(query).strip() if isinstance(query, str) else ""


_query = normalize_query


@dataclass(frozen=True)
class Hit:
    """One match: ``text[start:end]`` of document ``doc_id`` is what matched."""

    doc_id: str
    start: int
    end: int
    context: str  # ~40 characters either side, whitespace (newlines, tabs) as single spaces
    via: str = ""  # the glossary spelling that matched, when the hit comes from query expansion


def _context(text: str, start: int, end: int) -> str:
    lo = max(0, start - CONTEXT_CHARS)
    hi = min(len(text), end + CONTEXT_CHARS)
    return " ".join(text[lo:hi].split())


class SearchIndex:
    """The normalised form of one document's text; build once, query many times.

    Building a 4 MB text takes well under a second, so the window builds it off the GUI
    thread or on first use; queries take milliseconds.
    """

    def __init__(self, doc_id: str, text: str) -> None:
        self.doc_id = doc_id
        self.text = text
        self._norm = _Normalised(text)

    @classmethod
    def from_parts(cls, doc_id: str, text: str, parts: NormalisedParts) -> SearchIndex:
        """An index from a stored normalised form (see ``library_index``): same hits as building it."""
        self = cls.__new__(cls)
        self.doc_id, self.text, self._norm = doc_id, text, _Normalised.restore(parts)
        return self

    def parts(self) -> NormalisedParts:
        return self._norm.parts()

    def spans(self, query: str, limit: int | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` of every match in order, overlapping ones included.

        Overlapping matches are kept (``aa`` in ``aaa`` matches at 0 and 1) so that every
        occurrence can be reached; two matches inside one expanded character (``s`` in
        ``ß``) map to the same original span and are reported once.
        """
        q = _query(query)
        if not q:
            return []
        nm = self._norm
        hay = nm.text
        find = hay.find
        out: list[tuple[int, int]] = []
        n = len(q)
        i = find(q)
        if len(nm.bp_norm) == 1 and nm.bp_orig[0] == 0:  # one-to-one throughout: same offsets
            while i != -1:
                out.append((i, i + n))
                if limit is not None and len(out) >= limit:
                    break
                i = find(q, i + 1)
            return out
        # Hits come in order, so walk the breakpoints instead of bisecting for each.
        bp_n, bp_o, bp_c = nm.bp_norm, nm.bp_orig, nm.bp_const
        last = len(bp_n) - 1
        b = 0
        text, marks, size = self.text, nm.marks, len(self.text)
        while i != -1:
            while b < last and bp_n[b + 1] <= i:
                b += 1
            s = bp_o[b] if bp_c[b] else bp_o[b] + i - bp_n[b]
            k = i + n - 1
            c = b
            while c < last and bp_n[c + 1] <= k:
                c += 1
            e = (bp_o[c] if bp_c[c] else bp_o[c] + k - bp_n[c]) + 1
            while marks and e < size and text[e] in marks:
                e += 1
            if not out or out[-1] != (s, e):
                out.append((s, e))
                if limit is not None and len(out) >= limit:
                    break
            i = find(q, i + 1)
        return out

    def find(self, query: str, limit: int | None = None) -> list[Hit]:
        """All hits in text order (at most ``limit``); an empty or blank query finds nothing."""
        text = self.text
        return [Hit(self.doc_id, s, e, _context(text, s, e)) for s, e in self.spans(query, limit)]

    def count(self, query: str) -> int:
        return len(self.spans(query))


class LibrarySearch:
    """Search across documents (and the reader's notes), in library order.

    With ``glossary`` (entries whose ``spellings`` the reading pane marks, see
    ``glossary_match``), a query that *is* one spelling of a term also finds the term's
    other spellings across scripts (国安法 -> "National Security Law"); such hits carry
    the spelling that matched in ``Hit.via``.
    """

    def __init__(self, docs: Iterable[tuple[str, str]], glossary: Iterable[Term] | None = None) -> None:
        self.indexes: dict[str, SearchIndex] = {doc_id: SearchIndex(doc_id, text) for doc_id, text in docs}
        self._synonyms: dict[str, list[str]] = {}
        for entry in glossary or ():
            spellings = [s for s in entry.spellings if s.strip()]
            for sp in spellings:
                key = _query(sp)
                if key:
                    known = self._synonyms.setdefault(key, [])
                    known.extend(x for x in spellings if x not in known and _query(x) != key)

    def index(self, doc_id: str) -> SearchIndex:
        return self.indexes[doc_id]

    def expansions(self, query: str) -> list[str]:
        """Other spellings searched along with ``query`` (empty without a glossary match)."""
        return list(self._synonyms.get(_query(query), ()))

    def find(self, query: str, limit: int | None = None, expand: bool = True) -> list[Hit]:
        """Hits in document order, then by offset; at most ``limit`` in all."""
        extra = self.expansions(query) if expand else []
        hits: list[Hit] = []
        for index in self._searched(query, extra):
            remaining = None if limit is None else limit - len(hits)
            if remaining is not None and remaining <= 0:
                break
            found = index.find(query, remaining)
            if extra:
                found = _merge(found, [
                    Hit(h.doc_id, h.start, h.end, h.context, via=sp)
                    for sp in extra for h in index.find(sp, remaining)
                ])
                if remaining is not None:
                    found = found[:remaining]
            hits.extend(found)
        return hits

    def _searched(self, query: str, extra: list[str]) -> Iterable[SearchIndex]:
        """The documents' indexes a query (or its other spellings) is looked for in, in library
        order: all of them here; the library index gives only those that can hold a hit."""
        return self.indexes.values()

    def find_in_notes(self, query: str, notes: Iterable[DocumentNotes]) -> list[tuple[Highlight, str]]:
        """Highlights whose note, tags or quote match, with where: ``note``, ``tag`` or ``quote``.

        One entry per highlight (the first of note, tag, quote that matches); a query
        starting with ``#`` also matches a tag without it.
        """
        q = _query(query)
        if not q:
            return []
        bare = q.lstrip("#").strip()
        out: list[tuple[Highlight, str]] = []
        for dn in notes:
            for h in dn.highlights:
                if h.note and q in normalize(h.note):
                    out.append((h, "note"))
                elif bare and any(bare in normalize(t) for t in h.tags):
                    out.append((h, "tag"))
                elif q in normalize(h.anchor.exact):
                    out.append((h, "quote"))
        return out


def _merge(direct: list[Hit], expanded: list[Hit]) -> list[Hit]:
    """Direct hits plus the expansion hits that overlap no other hit, in offset order.

    Direct hits always stay exactly what the query matched; a longer spelling around a
    direct hit ("national security law" around "security law") is left out.
    """
    taken = sorted((h.start, h.end) for h in direct)
    out = list(direct)
    for h in sorted(expanded, key=lambda h: (h.start, -h.end)):
        i = bisect.bisect_left(taken, (h.end, h.end))
        if i > 0 and taken[i - 1][1] > h.start:
            continue
        bisect.insort(taken, (h.start, h.end))
        out.append(h)
    out.sort(key=lambda h: (h.start, h.end))
    return out


def search_corpus(corpus: Corpus, query: str, glossary: Iterable[Term] | None = None) -> list[Hit]:
    """Hits across a :class:`~reader.core.corpus.Corpus`, as ``reader search QUERY`` prints them.

    Pass the editorial glossary to also find a term's other spellings (see LibrarySearch).
    """
    return LibrarySearch(((doc.id, doc.text) for doc in corpus), glossary).find(query)
