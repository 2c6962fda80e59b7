"""Editorial marks in the reading pane: what a mark is to the view and how each kind is underlined."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor

from ..core.editorial import mark_rank
from .offset_map import PositionMap

MARK_STYLES: dict[str, QTextCharFormat.UnderlineStyle] = {
    "glossary": QTextCharFormat.UnderlineStyle.DotLine,
    "crossref": QTextCharFormat.UnderlineStyle.DashUnderline,
    "note": QTextCharFormat.UnderlineStyle.WaveUnderline,
    "timeline": QTextCharFormat.UnderlineStyle.DashDotLine,
}
# Quiet: the underlines are half-transparent so the text, not the apparatus, leads.
MARK_COLORS = {"glossary": "#805a7fa8", "crossref": "#902f8f83", "note": "#80b7791f", "timeline": "#808a6bb8"}


@dataclass(frozen=True)
class SpanMark:
    """An editorial mark as the pane needs it (kind, span, id)."""

    kind: str
    start: int
    end: int
    ref_id: str


def apply_marks(cursor: QTextCursor, marks: Iterable[SpanMark], positions: PositionMap) -> None:
    """Underline ``marks`` as char formats, more specific kinds last so they win."""
    by_kind: dict[str, list[SpanMark]] = {}
    for m in marks:
        by_kind.setdefault(m.kind, []).append(m)
    for kind in sorted(by_kind, key=mark_rank, reverse=True):  # the more specific kind last, so it wins
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(MARK_STYLES.get(kind, QTextCharFormat.UnderlineStyle.SingleUnderline))
        fmt.setUnderlineColor(QColor(MARK_COLORS.get(kind, "#888888")))
        for m in by_kind[kind]:
            if m.end > m.start:
                positions.select(cursor, m.start, m.end)
                cursor.mergeCharFormat(fmt)


class MarkMode(StrEnum):
    """Which editorial marks the pane underlines (View › Editorial marks)."""

    ALL = "all"  # every mark
    FIRST = "first"  # a glossary term's first occurrence per section; the rest answer on hover
    GLOSSARY = "glossary"  # glossary terms only
    NONE = "none"  # no underlines, no mark tooltips


def active_marks(marks: Iterable[SpanMark], mode: MarkMode) -> list[SpanMark]:
    """The marks that answer hover and clicks in ``mode``."""
    if mode is MarkMode.NONE:
        return []
    if mode is MarkMode.GLOSSARY:
        return [m for m in marks if m.kind == "glossary"]
    return list(marks)


def drawn_marks(marks: Sequence[SpanMark], mode: MarkMode, section_starts: Sequence[int]) -> list[SpanMark]:
    """The active marks that are underlined: in FIRST mode a glossary entry once per
    section (sections begin at ``section_starts``, sorted), other kinds always."""
    active = active_marks(marks, mode)
    if mode is not MarkMode.FIRST:
        return active
    seen: set[tuple[int, str]] = set()
    out = []
    for m in sorted(active, key=lambda m: (m.start, m.end)):
        if m.kind == "glossary":
            key = (bisect.bisect_right(section_starts, m.start), m.ref_id)
            if key in seen:
                continue
            seen.add(key)
        out.append(m)
    return out
