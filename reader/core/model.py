"""The reader's own data: highlights with notes and tags, document notes, typed links.

Records are immutable: an operation replaces a record instead of mutating it, so a
snapshot for the background writer is a cheap copy of references and undo can keep the
old record as it was.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
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
    # Set when re-anchoring moved the span (drifted) and the reader has not confirmed it.
    review: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "anchor": self.anchor.to_dict(),
            "color": self.color,
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
            "modified": self.modified,
        }
        if self.review:
            d["review"] = True
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], doc_id: str) -> Highlight:
        """Strict: the store turns any exception here into a file:line error."""
        return cls(
            id=_str(d, "id"),
            doc_id=doc_id,
            anchor=Anchor.from_dict(_map(d, "anchor")),
            color=_color(d.get("color", DEFAULT_COLOR)),
            note=_str(d, "note", ""),
            tags=tuple(_str_list(d, "tags")),
            created=_str(d, "created", ""),
            modified=_str(d, "modified", ""),
            review=bool(d.get("review", False)),
        )

    def with_(self, **changes: Any) -> Highlight:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One end of a reader's link: a span in a document."""

    doc_id: str
    anchor: Anchor

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc_id, "anchor": self.anchor.to_dict()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Endpoint:
        return cls(doc_id=_str(d, "doc"), anchor=Anchor.from_dict(_map(d, "anchor")))


@dataclass(frozen=True, slots=True)
class UserLink:
    """The reader's own typed cross-reference, shown with backlinks beside editorial ones."""

    id: str
    type: str
    source: Endpoint
    target: Endpoint
    note: str = ""
    created: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "source": self.source.to_dict(),
            "target": self.target.to_dict(), "note": self.note, "created": self.created,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> UserLink:
        kind = _str(d, "type")
        if kind not in LINK_TYPES:
            raise ValueError(f"link type {kind!r} is not one of {', '.join(LINK_TYPES)}")
        return cls(
            id=_str(d, "id"), type=kind, source=Endpoint.from_dict(_map(d, "source")),
            target=Endpoint.from_dict(_map(d, "target")), note=_str(d, "note", ""),
            created=_str(d, "created", ""),
        )


@dataclass(frozen=True)
class DocumentNotes:
    """Everything in ``notes/<doc-id>.yaml``."""

    doc_id: str
    highlights: tuple[Highlight, ...] = ()
    document_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "document": self.doc_id,
            "document_note": self.document_note,
            "highlights": [h.to_dict() for h in self.highlights],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], doc_id: str) -> DocumentNotes:
        hl = d.get("highlights") or []
        if not isinstance(hl, list):
            raise ValueError("'highlights' must be a list")
        return cls(
            doc_id=doc_id,
            highlights=tuple(Highlight.from_dict(_as_map(h), doc_id) for h in hl),
            document_note=_str(d, "document_note", ""),
        )


@dataclass
class Palette:
    """The eight colours and the meaning the reader gave each."""

    meanings: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_MEANINGS))

    def meaning(self, color: str) -> str:
        return self.meanings.get(color, "")


# -- strict field readers: a wrong type is a ValueError with the field's name ---------

def _as_map(v: Any) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise ValueError("each highlight must be a mapping")
    return v


def _map(d: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    v = d.get(key)
    if not isinstance(v, Mapping):
        raise ValueError(f"'{key}' must be a mapping")
    return v


_MISSING = object()


def _str(d: Mapping[str, Any], key: str, default: Any = _MISSING) -> str:
    v = d.get(key, default)
    if v is _MISSING:
        raise ValueError(f"'{key}' is missing")
    if v is None and default is not _MISSING:
        return default
    if not isinstance(v, str):
        raise ValueError(f"'{key}' must be a string")
    return v


def _str_list(d: Mapping[str, Any], key: str) -> list[str]:
    v = d.get(key) or []
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ValueError(f"'{key}' must be a list of strings")
    return v


def _color(v: Any) -> str:
    if not isinstance(v, str) or len(v) != 7 or v[0] != "#" or not all(c in "0123456789abcdefABCDEF" for c in v[1:]):
        raise ValueError(f"'color' must be a colour like #ffd400, not {v!r}")
    return v.lower()
