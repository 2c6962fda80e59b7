"""Planning an edition before any Qt object exists: placed highlights, note numbers, marks."""

from __future__ import annotations

import datetime as _dt
import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.core.anchor import resolve
from reader.core.document import CJK_CHAR, Document, excerpt
from reader.core.model import DocumentNotes, Highlight

LANGUAGE_NAMES = {
    "en": "English", "zh": "Chinese", "zh-Hans": "Chinese (Simplified)", "zh-Hant": "Chinese (Traditional)",
    "yue": "Cantonese",
}


@dataclass
class Placed:
    """A personal highlight resolved against the current text."""

    h: Highlight
    start: int
    end: int
    number: int = 0  # endnote number, 0 when it has no note/tags
    orphan: bool = False


@dataclass
class DocPlan:
    doc: Document
    placed: list[Placed] = field(default_factory=list)
    orphans: list[Placed] = field(default_factory=list)
    numbered: list[Placed] = field(default_factory=list)
    marks: dict[int, list[int]] = field(default_factory=dict)  # mark offset -> note numbers
    document_note: str = ""


def plan_notes(doc: Document, notes: DocumentNotes | None, include: bool) -> DocPlan:
    """Resolve ``doc``'s highlights, number those with a note or tags, and place their marks."""
    plan = DocPlan(doc)
    if not include or notes is None:
        return plan
    plan.document_note = notes.document_note or ""
    text = doc.text
    for h in notes.highlights:
        res = resolve(h.anchor, text)
        if res.status == "orphan" or res.start is None or res.end is None:
            plan.orphans.append(Placed(h, 0, 0, orphan=True))
            continue
        s, e = res.start, res.end
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            plan.placed.append(Placed(h, s, e))
    plan.placed.sort(key=lambda p: (p.start, p.end, p.h.id))
    n = 0
    for p in plan.placed:
        if p.h.note.strip() or p.h.tags:
            n += 1
            p.number = n
            plan.numbered.append(p)
            block = doc.block_at(p.end - 1)
            limit = block.end if block is not None else len(text)
            plan.marks.setdefault(mark_offset(text, p.end, limit), []).append(n)
    for p in plan.orphans:
        if p.h.note.strip() or p.h.tags:
            n += 1
            p.number = n
            plan.numbered.append(p)
    return plan


# -- where a note mark goes --------------------------------------------------------------

_CLOSERS = set(",.;:!?)]}’”»›…'\"")
_CJK_STOPS = set("，。、；：！？」』）】》〉")


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80 and unicodedata.category(ch).startswith("L")


def mark_offset(text: str, end: int, limit: int) -> int:
    """Where a note mark after a highlight ending at ``end`` sits without splitting a word.

    A mark inside a word or before closing punctuation would make extractors see a gap
    there ("resist ance"); after the word and its punctuation the gap is harmless.
    """
    i = end
    if i <= 0 or i >= limit:
        return min(i, limit)
    if _is_cjk(text[i - 1]) or _is_cjk(text[i]):
        # No spaces between CJK words: the mark goes right after the highlight, or after
        # the punctuation that immediately follows it.
        while i < limit and (text[i] in _CJK_STOPS or text[i] in _CLOSERS):
            i += 1
        return i
    while i < limit and (text[i].isalnum() or text[i] in "-'’") and not _is_cjk(text[i]):
        i += 1
    while i < limit and text[i] in _CLOSERS:
        i += 1
    return i


def mark_label(numbers: Sequence[int]) -> str:
    return ",".join(str(n) for n in numbers)




def quote_style(text: str) -> str:
    """Italic for quoted excerpts, except Chinese: the CJK font has no italic and a
    slanted ideograph is a typographic error."""
    return "note" if CJK_CHAR.search(text) else "note-quote"


def short_title(doc: Document, limit: int = 48) -> str:
    return excerpt(doc.title, limit)


def pdf_date(iso: str) -> str:
    """A PDF date string (UTC) for an ISO timestamp; now when it is empty or unreadable."""
    return (_pdf_date(iso) if iso else None) or _pdf_stamp(_dt.datetime.now(_dt.UTC))


@functools.lru_cache(maxsize=4096)  # notes share timestamps (an import, a sync): each parsed once
def _pdf_date(iso: str) -> str | None:
    try:
        d = _dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return _pdf_stamp(d if d.tzinfo is not None else d.replace(tzinfo=_dt.UTC))


def _pdf_stamp(d: _dt.datetime) -> str:
    return d.astimezone(_dt.UTC).strftime("D:%Y%m%d%H%M%SZ")


def rgb(color: str) -> tuple[float, float, float]:
    """``#rrggbb`` as 0..1 components; the default highlight yellow when unreadable."""
    c = color.lstrip("#")
    try:
        return int(c[0:2], 16) / 255, int(c[2:4], 16) / 255, int(c[4:6], 16) / 255
    except (ValueError, IndexError):
        return 1.0, 0.83, 0.0
