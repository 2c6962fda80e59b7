"""The editorial layer's disk caches: the parsed result, and glossary finds in long texts.

Both live in the data dir and are keyed by digests of what they were made from, so a
changed annotation file, text or glossary is never answered from a stale cache; a cache
that cannot be read is simply not used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .anchor import Anchor
from .corpus import Corpus
from .document import Document
from .editorial_records import (
    Alignment,
    CrossReference,
    EditorialNote,
    GlossaryEntry,
    Span,
    TimelineEvent,
)
from .errors import Problem, ProblemKind
from .fsutil import content_digest, read_cache_json, write_cache_json
from .glossary_match import Find

__all__ = ["CACHE_VERSION", "CachedResult", "FindsCache", "decode", "encode", "result_key"]

CACHE_VERSION = 2  # 2: problems carry their kind


@dataclass(frozen=True)
class CachedResult:
    """What ``load_editorial`` produces, as plain records (the layer is built from them)."""

    glossary: list[GlossaryEntry]
    crossrefs: list[CrossReference]
    timeline: list[TimelineEvent]
    alignments: list[Alignment]
    notes: list[EditorialNote]
    problems: list[Problem]
    counts: dict[str, int]


def result_key(corpus: Corpus, folder: Path) -> str | None:
    """What the result depends on: the annotation files' names and bytes, the texts."""
    parts: list[bytes | str] = [str(CACHE_VERSION)]
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
    if status not in ("ok", "drifted", "orphan"):
        raise ValueError(status)
    return Span(doc_id, Anchor(exact, prefix, suffix, start, end), status)


def encode(r: CachedResult, key: str) -> dict[str, Any]:
    """The positional JSON form (compact: the shipped layer has a few hundred spans)."""
    return {
        "v": CACHE_VERSION,
        "key": key,
        "glossary": [[e.id, e.term, e.kind, e.aliases, e.other_spellings, e.definition,
                      [_span_row(s) for s in e.sources], e.see_also] for e in r.glossary],
        "crossrefs": [[c.id, c.type, c.note, _span_row(c.source), _span_row(c.target)] for c in r.crossrefs],
        "timeline": [[e.id, e.date, e.date_text, e.reasoning, e.title, [_span_row(s) for s in e.spans],
                      e.glossary] for e in r.timeline],
        "alignments": [[a.id, {lang: _span_row(s) for lang, s in a.cells.items()}, a.note] for a in r.alignments],
        "notes": [[n.id, _span_row(n.span), n.note] for n in r.notes],
        "problems": [[str(p.path), p.line, p.message, p.kind.value] for p in r.problems],
        "counts": r.counts,
    }


def decode(d: Any, key: str) -> CachedResult | None:
    """The cached result, or None when there is none for ``key`` (or it is not ours)."""
    try:
        if d["v"] != CACHE_VERSION or d["key"] != key:
            return None
        return CachedResult(
            [GlossaryEntry(i, term, kind, tuple(aliases), tuple(others), definition,
                           tuple(_span(r) for r in sources), tuple(see_also))
             for i, term, kind, aliases, others, definition, sources, see_also in d["glossary"]],
            [CrossReference(i, t, note, _span(src), _span(dst)) for i, t, note, src, dst in d["crossrefs"]],
            [TimelineEvent(i, date, date_text, reasoning, title, tuple(_span(r) for r in spans), tuple(glossary))
             for i, date, date_text, reasoning, title, spans, glossary in d["timeline"]],
            [Alignment(i, {lang: _span(r) for lang, r in cells.items()}, note) for i, cells, note in d["alignments"]],
            [EditorialNote(i, _span(r), note) for i, r, note in d["notes"]],
            [Problem(Path(path), line, message, ProblemKind(kind)) for path, line, message, kind in d["problems"]],
            dict(d["counts"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError):  # also None: no cache
        return None


def read_result(path: Path, key: str) -> CachedResult | None:
    return decode(read_cache_json(path), key)


def write_result(path: Path, result: CachedResult, key: str) -> None:
    write_cache_json(path, encode(result, key))


class FindsCache:
    """Glossary finds per long document, in ``<folder>/<doc-id>.marks.json``."""

    def __init__(self, folder: Path, glossary: Sequence[GlossaryEntry]) -> None:
        self.folder = folder
        self._glossary_part = [str(CACHE_VERSION), *("\x1f".join((e.id, *e.spellings)) for e in glossary)]

    def key(self, doc: Document) -> str:
        """A digest of the glossary's spellings and the document's text."""
        return content_digest(*self._glossary_part, doc.digest)

    def _path(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}.marks.json"

    def read(self, doc_id: str, key: str) -> list[Find] | None:
        cached = read_cache_json(self._path(doc_id))
        try:
            if cached["key"] == key:
                return [(s, e, k) for s, e, k in cached["hits"]]
        except (KeyError, TypeError, ValueError):  # also None: no cache yet
            pass
        return None

    def write(self, doc_id: str, key: str, hits: list[Find]) -> None:
        write_cache_json(self._path(doc_id), {"key": key, "hits": hits})
