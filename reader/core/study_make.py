"""Making the reader's own glossary entries and timeline events from a selection, checked as the loader checks them.

A record that the loader would refuse (an empty definition, an unknown kind) must never
reach ``my_glossary.yaml``: the file would then fail to load and the study book would go
read-only. So every field is checked here, with one sentence per problem.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Protocol

from .anchor_selector import Anchor
from .editorial_records import GLOSSARY_KINDS, GlossaryEntry, Span, TimelineEvent
from .model import new_id

__all__ = [
    "DatePrecision", "entry_changes", "event_changes", "format_date", "new_entry", "new_event", "new_source",
    "script_variants",
    "split_aliases",
]


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


_converters: dict[str, _Converter] = {}


def _convert(config: str, text: str) -> str:
    conv = _converters.get(config)
    if conv is None:
        import opencc

        conv = _converters[config] = opencc.OpenCC(config)
    return str(conv.convert(text))


def script_variants(text: str) -> tuple[str, ...]:
    """``text`` in the other Chinese script(s), e.g. 维稳 -> (維穩,), 維穩 -> (维稳,); () when the same."""
    if not any(ord(ch) >= 0x2E80 for ch in text):
        return ()
    out: list[str] = []
    for config in ("s2t", "t2s"):
        other = _convert(config, text)
        if other != text and other not in out:
            out.append(other)
    return tuple(out)


def split_aliases(text: str) -> tuple[str, ...]:
    """Aliases typed as one line, separated by commas (Latin or Chinese) or semicolons; each once."""
    for sep in ("，", "、", ";", "；"):
        text = text.replace(sep, ",")
    out: dict[str, str] = {}
    for part in text.split(","):
        part = part.strip()
        if part and part.casefold() not in out:
            out[part.casefold()] = part
    return tuple(out.values())


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


def format_date(date: _dt.date, precision: DatePrecision | str) -> str:
    """The stored date: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as precise as the text is."""
    p = DatePrecision(precision)
    full = date.isoformat()
    return full if p is DatePrecision.DAY else full[:7] if p is DatePrecision.MONTH else full[:4]


def _required(fields: Iterable[tuple[str, str]]) -> None:
    for name, value in fields:
        if not value.strip():
            raise ValueError(f"the {name} must not be empty")


def new_source(doc_id: str, text: str, start: int, end: int) -> Span:
    """``text[start:end]`` of ``doc_id`` as a source or anchor (a selection of blanks is refused)."""
    if not text[start:end].strip():
        raise ValueError("the selection must not be empty")
    return Span(doc_id, Anchor.from_span(text, start, end), "ok")


def entry_changes(term: str, kind: str, aliases: Iterable[str], definition: str) -> dict[str, Any]:
    """Checked fields of a glossary entry (for a new one or an edit)."""
    _required((("term", term), ("definition", definition)))
    if kind not in GLOSSARY_KINDS:
        raise ValueError(f"unknown kind '{kind}' (expected one of: {', '.join(GLOSSARY_KINDS)})")
    clean = tuple(a.strip() for a in aliases if a.strip())
    return {"term": term.strip(), "kind": kind, "aliases": clean, "definition": definition.strip()}


def new_entry(doc_id: str, text: str, start: int, end: int, *, term: str, kind: str, aliases: Iterable[str],
              definition: str) -> GlossaryEntry:
    """A new entry whose first source is ``text[start:end]`` of ``doc_id``."""
    return GlossaryEntry(id=new_id("my"), other_spellings=(), sources=(new_source(doc_id, text, start, end),),
                         **entry_changes(term, kind, aliases, definition))


def event_changes(date: str, date_text: str, reasoning: str, title: str) -> dict[str, str]:
    """Checked fields of a timeline event (for a new one or an edit)."""
    _required((("date", date), ("text as it says it", date_text), ("reasoning", reasoning), ("title", title)))
    try:
        parts = [int(p) for p in date.split("-")]
        _dt.date(parts[0], *(parts[1:] + [1, 1])[:2])
    except (ValueError, TypeError, IndexError):
        raise ValueError(f"the date must be YYYY-MM-DD, YYYY-MM or YYYY, got '{date}'") from None
    return {"date": date, "date_text": date_text.strip(), "reasoning": reasoning.strip(), "title": title.strip()}


def new_event(doc_id: str, text: str, start: int, end: int, *, date: str, date_text: str, reasoning: str,
              title: str) -> TimelineEvent:
    """A new event anchored to ``text[start:end]`` of ``doc_id``."""
    f = event_changes(date, date_text, reasoning, title)
    return TimelineEvent(id=new_id("my"), date=f["date"], date_text=f["date_text"], reasoning=f["reasoning"],
                         title=f["title"], spans=(new_source(doc_id, text, start, end),))
