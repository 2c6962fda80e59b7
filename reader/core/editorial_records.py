"""The editorial layer's records: glossary entries, cross-references, events, alignments, marks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, NamedTuple

from .anchor import Anchor, Anchored, Status
from .model import LINK_TYPES

__all__ = [
    "COUNT_KEYS", "CROSSREF_TYPES", "FORMAT_VERSION", "GLOSSARY_KINDS", "LANGS", "MARK_PRECEDENCE",
    "REQUIRED_FILES", "Alignment", "CrossReference", "EditorialNote", "GlossaryEntry", "Mark",
    "MarkKind", "ParallelTable", "Span", "TimelineEvent", "mark_rank",
]

FORMAT_VERSION = 1
GLOSSARY_KINDS: tuple[str, ...] = (
    "person", "organisation", "law", "event", "place", "concept", "publication",
)
CROSSREF_TYPES: tuple[str, ...] = LINK_TYPES
LANGS: tuple[str, ...] = ("en", "zh-Hans", "zh-Hant")
REQUIRED_FILES: tuple[str, ...] = ("glossary.yaml", "crossrefs.yaml", "timeline.yaml", "alignments.yaml")
UNDATED = "undated"  # the date of a timeline event given as `date: null`
COUNT_KEYS: tuple[str, ...] = (
    "glossary_entries", "crossrefs", "timeline_events", "alignments",
    "anchors_ok", "anchors_drifted", "anchors_orphan",
)

MarkKind = Literal["glossary", "crossref", "note", "timeline"]
MARK_PRECEDENCE: tuple[MarkKind, ...] = ("crossref", "note", "timeline", "glossary")
"""Where marks overlap, the more specific kind comes first (and draws its underline)."""
_RANK: dict[str, int] = {kind: i for i, kind in enumerate(MARK_PRECEDENCE)}


def mark_rank(kind: str) -> int:
    """0 for the most specific kind; unknown kinds rank after every known one."""
    return _RANK.get(kind, len(MARK_PRECEDENCE))


@dataclass(frozen=True)
class Span(Anchored):
    """An anchored passage; ``anchor`` carries the resolved position (stored one for orphans)."""

    doc_id: str
    anchor: Anchor
    status: Status = "ok"

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
    date: str  # ISO: YYYY-MM-DD, or YYYY-MM / YYYY where the text is no more precise, or UNDATED
    date_text: str
    reasoning: str
    title: str
    spans: tuple[Span, ...]
    glossary: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Coarse dates sort before the precise dates inside them (2021 < 2021-04-15);
        undated events come last."""
        if self.date == UNDATED:
            return 10_000, 0, 0
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


@dataclass(frozen=True)
class ParallelTable:
    """A document's parallel translations: one column per language, one row per alignment."""

    languages: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
