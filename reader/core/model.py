"""The reader's own data: highlights with notes and tags, document notes, typed links.

Records are immutable: an operation replaces a record instead of mutating it, so a
snapshot for the background writer is a cheap copy of references and undo can keep the
old record as it was.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from typing import Any, Literal

from .anchor import Anchor, Anchored

FORMAT_VERSION = 1

PALETTE: tuple[str, ...] = (
    "#ffd400", "#ff6666", "#5fb236", "#2ea8e5", "#a28ae5", "#e56eee", "#f19837", "#aaaaaa",
)
DEFAULT_MEANINGS: dict[str, str] = {
    "#ffd400": "highlight", "#ff6666": "important", "#5fb236": "agree", "#2ea8e5": "definition",
    "#a28ae5": "question", "#e56eee": "follow up", "#f19837": "disagree", "#aaaaaa": "aside",
}
DEFAULT_COLOR = PALETTE[0]

LINK_TYPES: tuple[str, ...] = (
    "same-event", "same-person", "quotes", "links-to", "translation-of", "contradicts", "elaborates",
)

AnchorStatus = Literal["ok", "drifted", "orphan"]
# Why a highlight awaits review: re-anchoring moved it, or a sync kept it because it was
# edited on one device while another deleted it.
ReviewReason = Literal["moved", "deleted"]
REVIEW_REASONS: tuple[ReviewReason, ...] = ("moved", "deleted")


def now_iso() -> str:
    """UTC timestamp with second precision, as stored and exported (W3C ``created``)."""
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_id(prefix: str = "h") -> str:
    import uuid  # 6 ms to import (it loads platform): only a new record needs it

    return f"{prefix}-{uuid.uuid4().hex}"


@dataclass(frozen=True, slots=True)
class Highlight(Anchored):
    """A highlighted span, optionally with a note and tags."""

    id: str
    doc_id: str
    anchor: Anchor
    color: str = DEFAULT_COLOR
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    modified: str = ""
    # Set when re-anchoring moved the span (drifted), or a sync brought it back after a
    # delete, and the reader has not confirmed it; ``review_reason`` says which.
    review: bool = False
    review_reason: ReviewReason = "moved"

    def with_(self, **changes: Any) -> Highlight:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One end of a reader's link: a span in a document."""

    doc_id: str
    anchor: Anchor


@dataclass(frozen=True, slots=True)
class UserLink:
    """The reader's own typed cross-reference, shown with backlinks beside editorial ones."""

    id: str
    type: str
    source: Endpoint
    target: Endpoint
    note: str = ""
    created: str = ""


@dataclass(frozen=True)
class DocumentNotes:
    """Everything in ``notes/<doc-id>.yaml``."""

    doc_id: str
    highlights: tuple[Highlight, ...] = ()
    document_note: str = ""
