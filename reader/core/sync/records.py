"""How highlights, links and document notes are laid out as fields in the replicated document.

A record is a flat mapping of field name to a string or bool, so two devices editing
different fields of one highlight both keep their edit, and edits to the same field
converge. Fields that only ever change together (a span's quote, context and position)
travel as one canonical JSON string.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..fsutil import content_digest
from ..model import Highlight, UserLink
from ..notes_codec import highlight_from_dict, link_from_dict, link_to_dict

Fields = dict[str, Any]  # field name -> str | bool, as stored in a pycrdt Map

DELETED = "deleted"
"""A tombstone: "" while the record lives, else the digest of the content its deleter saw."""

HIGHLIGHT_FIELDS = ("doc", "span", "color", "note", "tags", "modified", "review")
LINK_FIELDS = ("body", "note")
# Fields whose change never revives a deleted record (bookkeeping, not the reader's words).
_NOT_CONTENT = frozenset({"modified", "review", "review_reason", DELETED})
REVIVED = {"review": True, "review_reason": "deleted"}  # what a record kept over a racing delete gets


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical(value: Any) -> str:
    """One JSON text per value, so equal records give equal strings on every device."""
    return _CANONICAL.encode(value)


def highlight_fields(h: Highlight) -> Fields:
    """The record's fields; ``review_reason`` only while it awaits review (so a record synced by
    an older version, which has none, is unchanged)."""
    fields: Fields = {
        "doc": h.doc_id,
        "span": canonical({"anchor": h.anchor.to_dict(), "created": h.created}),
        "color": h.color,
        "note": h.note,
        "tags": canonical(list(h.tags)) if h.tags else "[]",
        "modified": h.modified,
        "review": h.review,
    }
    if h.review:
        fields["review_reason"] = h.review_reason
    return fields


def link_fields(link: UserLink) -> Fields:
    body = link_to_dict(link)
    del body["id"], body["note"]
    return {"body": canonical(body), "note": link.note}


def highlight_from(hid: str, f: Mapping[str, Any]) -> Highlight:
    """The record as a Highlight; ValueError (or KeyError/TypeError) when a field is bad."""
    span = json.loads(f["span"])
    tags = [] if f["tags"] == "[]" else json.loads(f["tags"])
    record = {
        "id": hid, "anchor": span["anchor"], "color": f["color"], "note": f["note"], "tags": tags,
        "created": span.get("created", ""), "modified": f["modified"], "review": f["review"] is True,
    }
    if record["review"]:
        record["review_reason"] = f.get("review_reason", "moved")
    doc = f["doc"]
    if not isinstance(doc, str) or not doc:
        raise ValueError("the record names no document")
    return highlight_from_dict(record, doc)


def link_from(lid: str, f: Mapping[str, Any]) -> UserLink:
    body = json.loads(f["body"])
    if not isinstance(body, dict):
        raise ValueError("the link's body is not a mapping")
    return link_from_dict({**body, "id": lid, "note": f["note"]})


def content_of(f: Mapping[str, Any]) -> str:
    """Digest of what a reader would miss if the record went: a delete records the one it
    saw, and a record whose content no longer matches was edited in a race with it."""
    return content_digest(canonical({k: v for k, v in f.items() if k not in _NOT_CONTENT}))


def is_valid_record(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) for k in value)
