"""The one codec of notes and links files: highlight/link records <-> YAML text and rows.

Why the files look the way they do: PyYAML needs about 2.6 s to dump and 4.4 s to load
10,000 highlights in block style, far too slow for "durable within a second". So notes
and links are written as YAML whose items are one flow mapping per line (JSON syntax,
which is also YAML). Those lines are read back with ``json`` when they match exactly the
form we write, and everything else (a hand-edited file, comments inside, odd escapes)
goes through the strict YAML loader, so any valid YAML notes file still loads with the
same meaning. Both paths give the same data; a test checks it on random notes.

A highlight is serialised here only: :func:`highlight_to_dict` (files, exports),
:func:`highlight_row` (the load cache) and their readers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import yamlio
from .anchor import Anchor
from .errors import DataFileError, NotesFileError, StoreError
from .model import (
    FORMAT_VERSION,
    LINK_TYPES,
    REVIEW_REASONS,
    DocumentNotes,
    Endpoint,
    Highlight,
    ReviewReason,
    UserLink,
)
from .yamlio import (
    ESCAPED_SURROGATE,
    NOT_JSON_FLOW,
    LineDict,
    LineList,
    NotJsonFlow,
    json_flow,
    read_json_flow,
)

__all__ = [
    "MAX_FILE_BYTES",
    "HighlightRow",
    "LineCache",
    "TooLargeError",
    "check_size",
    "dump_links",
    "dump_notes",
    "encode",
    "has_surrogate",
    "highlight_from_dict",
    "highlight_from_row",
    "highlight_row",
    "highlight_to_dict",
    "link_from_dict",
    "link_to_dict",
    "parse_links",
    "parse_notes",
]

MAX_FILE_BYTES = yamlio.MAX_BYTES
"""The one size limit of a notes or links file: saving refuses what loading would refuse."""

_NOTES_HEADER = (
    "# Reader personal notes: YAML, one highlight per line. Any valid YAML with the same\n"
    "# keys is accepted if you edit it by hand.\n"
)
_LINKS_HEADER = "# Reader personal links: YAML, one link per line.\n"

_SURROGATE = re.compile("[\ud800-\udfff]")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")

# id, exact, prefix, suffix, start, end, color, note, tags, created, modified, review, review_reason
HighlightRow = tuple[str, str, str, str, int | None, int | None, str, str, tuple[str, ...], str, str, bool,
                     ReviewReason]


# --------------------------------------------------------------------------- records

def highlight_to_dict(h: Highlight) -> dict[str, Any]:
    """A highlight as stored in a notes file (``review`` only when set, ``review_reason``
    only when it is not "moved", so older versions read every file written before it)."""
    d: dict[str, Any] = {
        "id": h.id, "anchor": h.anchor.to_dict(), "color": h.color, "note": h.note,
        "tags": list(h.tags), "created": h.created, "modified": h.modified,
    }
    if h.review:
        d["review"] = True
        if h.review_reason != "moved":
            d["review_reason"] = h.review_reason
    return d


def highlight_row(h: Highlight) -> HighlightRow:
    """A highlight as a flat row (the load cache's form)."""
    a = h.anchor
    return (h.id, a.exact, a.prefix, a.suffix, a.start, a.end, h.color, h.note, h.tags,
            h.created, h.modified, h.review, h.review_reason)


def highlight_from_row(row: Sequence[Any], doc_id: str) -> Highlight:
    """The inverse of :func:`highlight_row` (rows come from our own cache: trusted shape)."""
    hid, exact, prefix, suffix, start, end, color, note, tags, created, modified, review, reason = row
    return Highlight(hid, doc_id, Anchor(exact, prefix, suffix, start, end), color, note, tuple(tags),
                     created, modified, review, reason)


def _quick_row(d: Any) -> HighlightRow | None:
    """The row of a dict of exactly the shape and types we write, 3-4x faster than the
    strict reader (it matters for a book with 10,000 highlights); None: not that shape."""
    try:
        hid, a, color, note = d["id"], d["anchor"], d["color"], d["note"]
        tags, created, modified = d["tags"], d["created"], d["modified"]
        exact, prefix, suffix = a["exact"], a["prefix"], a["suffix"]
    except (KeyError, TypeError):
        return None
    review, reason = d.get("review", False), d.get("review_reason", "moved")
    if reason not in REVIEW_REASONS:
        return None
    start, end = a.get("start"), a.get("end")
    if not (
        type(hid) is str and type(note) is str and type(created) is str and type(modified) is str
        and type(exact) is str and type(prefix) is str and type(suffix) is str
        and type(review) is bool and type(tags) is list and type(color) is str
        and _COLOR.fullmatch(color)
    ):
        return None
    if not (start is None and end is None) and not (
        type(start) is int and type(end) is int and 0 <= start <= end
    ):
        return None
    for t in tags:
        if type(t) is not str:
            return None
    return (hid, exact, prefix, suffix, start, end, color.lower(), note, tuple(tags), created, modified, review,
            reason)


def highlight_from_dict(d: Any, doc_id: str) -> Highlight:
    """Strict: ValueError/TypeError naming the field (the caller adds file and line)."""
    row = _quick_row(d)
    return highlight_from_row(row, doc_id) if row is not None else _strict_highlight(d, doc_id)


def _strict_highlight(d: Any, doc_id: str) -> Highlight:
    """Any valid shape (a hand-edited file): each field checked, errors name it."""
    if not isinstance(d, Mapping):
        raise ValueError("each highlight must be a mapping")
    if "review" in d and not isinstance(d["review"], bool):
        raise ValueError("'review' must be true or false")
    reason = d.get("review_reason", "moved")
    if reason not in REVIEW_REASONS:
        raise ValueError(f"'review_reason' must be one of {', '.join(REVIEW_REASONS)}")
    return Highlight(
        id=_str(d, "id"), doc_id=doc_id, anchor=Anchor.from_dict(_map(d, "anchor")),
        color=_color(d.get("color", "#ffd400")), note=_str(d, "note", ""),
        tags=tuple(_str_list(d, "tags")), created=_str(d, "created", ""),
        modified=_str(d, "modified", ""), review=bool(d.get("review", False)), review_reason=reason,
    )


def link_to_dict(link: UserLink) -> dict[str, Any]:
    """A reader's link as stored in links.yaml."""
    return {
        "id": link.id, "type": link.type, "source": _endpoint_dict(link.source),
        "target": _endpoint_dict(link.target), "note": link.note, "created": link.created,
    }


def _endpoint_dict(end: Endpoint) -> dict[str, Any]:
    return {"doc": end.doc_id, "anchor": end.anchor.to_dict()}


def link_from_dict(d: Any) -> UserLink:
    """Strict: ValueError naming the field (the caller adds file and line)."""
    if not isinstance(d, Mapping):
        raise ValueError("each link must be a mapping")
    kind = _str(d, "type")
    if kind not in LINK_TYPES:
        raise ValueError(f"link type {kind!r} is not one of {', '.join(LINK_TYPES)}")
    return UserLink(
        id=_str(d, "id"), type=kind, source=_endpoint(_map(d, "source")), target=_endpoint(_map(d, "target")),
        note=_str(d, "note", ""), created=_str(d, "created", ""),
    )


def _endpoint(d: Mapping[str, Any]) -> Endpoint:
    return Endpoint(doc_id=_str(d, "doc"), anchor=Anchor.from_dict(_map(d, "anchor")))


def _map(d: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    v = d.get(key)
    if not isinstance(v, Mapping):
        raise ValueError(f"'{key}' must be a mapping")
    return v


def _str(d: Mapping[str, Any], key: str, default: str | None = None) -> str:
    if key not in d:
        if default is None:
            raise ValueError(f"'{key}' is missing")
        return default
    v = d[key]
    if v is None and default is not None:
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
    if not isinstance(v, str) or not _COLOR.fullmatch(v):
        raise ValueError(f"'color' must be a colour like #ffd400, not {v!r}")
    return v.lower()


# --------------------------------------------------------------------------- dump

LineCache = dict[int, tuple[Highlight, str]]
"""id(highlight) -> (that highlight, its line): identity, not equality, because hashing a
highlight costs more than writing its line; holding the object keeps its id unique."""


def dump_notes(notes: DocumentNotes, cache: LineCache | None = None) -> str:
    """The text of ``notes/<doc-id>.yaml`` (valid YAML; one highlight per line).

    ``cache`` holds the lines of the previous save's (immutable) highlights and is updated
    in place to hold exactly this save's: after one edit among 10,000 highlights only one
    line is serialised again.
    """
    parts = [
        _NOTES_HEADER,
        f"format_version: {FORMAT_VERSION}\n",
        f"document: {json_flow(notes.doc_id)}\n",
        f"document_note: {json_flow(notes.document_note)}\n",
    ]
    if not notes.highlights:
        parts.append("highlights: []\n")
        return "".join(parts)
    parts.append("highlights:\n")
    if cache is None:
        parts.extend(f"- {json_flow(highlight_to_dict(h))}\n" for h in notes.highlights)
        return "".join(parts)
    fresh: LineCache = {}
    for h in notes.highlights:
        key = id(h)
        hit = cache.get(key)
        line = hit[1] if hit is not None and hit[0] is h else f"- {json_flow(highlight_to_dict(h))}\n"
        fresh[key] = (h, line)
        parts.append(line)
    cache.clear()
    cache.update(fresh)
    return "".join(parts)


def dump_links(links: Sequence[UserLink]) -> str:
    """The text of ``links.yaml``."""
    parts = [_LINKS_HEADER, f"format_version: {FORMAT_VERSION}\n"]
    if links:
        parts.append("links:\n")
        parts.extend(f"- {json_flow(link_to_dict(link))}\n" for link in links)
    else:
        parts.append("links: []\n")
    return "".join(parts)


def encode(text: str, path: Path, records: Sequence[str | Highlight | UserLink]) -> bytes:
    """UTF-8 bytes of a file to save, within :data:`MAX_FILE_BYTES`; StoreError (nothing
    written) naming the record with a lone surrogate, or the size."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        raise StoreError(
            f"was not saved: {_surrogate_owner(records)} contains a lone surrogate (U+{ord(bad):04X}), "
            "which is not valid Unicode text", path,
        ) from None
    check_size(len(data), path)
    return data


class TooLargeError(StoreError):
    """A file that would be over :data:`MAX_FILE_BYTES`; nothing was written."""

    def __init__(self, size: int, path: Path) -> None:
        super().__init__(
            f"was not saved: it would be {size:,} bytes, over the {MAX_FILE_BYTES:,} bytes a notes "
            "file may hold (Reader could not read it back); the previous version is kept", path,
        )
        self.size = size


def check_size(size: int, path: Path) -> None:
    """TooLargeError when a file of ``size`` bytes could not be read back (the load limit)."""
    if size > MAX_FILE_BYTES:
        raise TooLargeError(size, path)


def _surrogate_owner(records: Sequence[str | Highlight | UserLink]) -> str:
    for rec in records:
        if isinstance(rec, str):
            if _SURROGATE.search(rec):
                return "the document note"
            continue
        d = highlight_to_dict(rec) if isinstance(rec, Highlight) else link_to_dict(rec)
        kind = "highlight" if isinstance(rec, Highlight) else "link"
        for key, value in d.items():
            if has_surrogate(value):
                return f"the {key} of {kind} {rec.id}"
    return "a text"


# --------------------------------------------------------------------------- parse

def _fast_load(text: str, header: tuple[str, ...], list_key: str, path: Path) -> LineDict | None:
    """Parse exactly the layout dump_* writes; None means "use the YAML loader".

    Whatever this accepts means the same under YAML: JSON strings without the characters
    YAML folds or refuses, no floats, no duplicate keys, shallow nesting. (It does not
    enforce YAML's 1024-character limit on a key: an over-long unknown key is ignored.)
    """
    if not text.endswith("\n") or NOT_JSON_FLOW.search(text):
        return None
    lines = text.split("\n")
    lines.pop()
    n = len(lines)
    i = 0
    while i < n and lines[i].startswith("#"):
        i += 1
    root = LineDict()
    root.line = i + 1
    try:
        for key in header:
            if i >= n or not lines[i].startswith(key + ": "):
                return None
            value = read_json_flow(lines[i][len(key) + 2 :])
            if isinstance(value, (dict, list)):
                return None
            root[key] = value
            root.key_lines[key] = i + 1
            i += 1
    except NotJsonFlow:
        return None
    if i >= n:
        return None
    items = LineList()
    items.line = i + 1
    root[list_key] = items
    root.key_lines[list_key] = i + 1
    if lines[i] == f"{list_key}: []":
        i += 1
    elif lines[i] == f"{list_key}:":
        i += 1
        while i < n and lines[i].startswith("- {"):
            item = _fast_item(lines[i], path)
            if not isinstance(item, dict):
                return None
            items.append(item)
            items.item_lines.append(i + 1)
            i += 1
    else:
        return None
    return root if i == n else None


def _fast_item(line: str, path: Path) -> Any:
    try:
        return read_json_flow(line[2:])
    except NotJsonFlow:
        # One unusual line: let YAML read just that line (same meaning in context).
        try:
            one = yamlio.loads(line, path)
        except DataFileError:
            return None
        if not isinstance(one, list) or len(one) != 1 or has_surrogate(one):
            return None
        return one[0]


def has_surrogate(value: Any) -> bool:
    """Whether any string in plain data (keys included) holds a lone surrogate."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if _SURROGATE.search(v):
                return True
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def _parse(data: bytes, path: Path, header: tuple[str, ...], list_key: str) -> Any:
    """Bytes of a notes/links file -> plain data; NotesFileError with file:line."""
    try:
        text = yamlio.decode_utf8(data, path)
        try:
            fast = _fast_load(text, header, list_key, path)
        except Exception:  # noqa: BLE001 - the strict loader below is the judge
            fast = None
        if fast is not None:
            return fast
        obj = yamlio.loads(text, path)
    except NotesFileError:
        raise
    except DataFileError as exc:
        raise NotesFileError(exc.message, path, exc.line) from None
    if has_surrogate(obj):
        m = ESCAPED_SURROGATE.search(text)
        raise NotesFileError(
            "contains a lone surrogate escape (such as \\ud800), which is not valid Unicode text",
            path, text.count("\n", 0, m.start()) + 1 if m else None,
        )
    return obj


def _check_version(root: Any, path: Path, what: str) -> LineDict:
    if not isinstance(root, LineDict):
        raise NotesFileError(f"must be a mapping with format_version and {what}", path, 1)
    if "format_version" not in root:
        raise NotesFileError("has no format_version", path, root.line)
    version = root["format_version"]
    line = root.line_of("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise NotesFileError(f"format_version must be a whole number, not {version!r}", path, line)
    if version > FORMAT_VERSION:
        raise NotesFileError(
            f"was written by a newer version of Reader (format_version {version}; this version "
            f"reads {FORMAT_VERSION})", path, line,
        )
    if version != FORMAT_VERSION:
        raise NotesFileError(f"has an unknown format_version {version}", path, line)
    return root


_FIELD = re.compile(r"'(\w+)'")


def _item_line(item: Any, items: LineList, index: int, message: str) -> int | None:
    # Items read by the fast path are plain dicts on one line: the item's line is exact.
    if isinstance(item, LineDict):
        m = _FIELD.search(message)
        if m and m.group(1) in item.key_lines:
            return item.key_lines[m.group(1)]
    return items.line_of(index)


def _item_list(root: LineDict, key: str, path: Path) -> LineList:
    """The list under ``key`` (empty when absent); NotesFileError when it is not a list."""
    items = root.get(key)
    if items is None:
        return LineList()
    if not isinstance(items, LineList):
        raise NotesFileError(f"'{key}' must be a list", path, root.line_of(key))
    return items


def parse_notes(data: bytes, path: Path, doc_id: str) -> DocumentNotes:
    """Validate a notes file's bytes; any problem is a NotesFileError naming file and line."""
    root = _check_version(
        _parse(data, path, ("format_version", "document", "document_note"), "highlights"), path, "highlights"
    )
    doc = root.get("document")
    if doc != doc_id:
        raise NotesFileError(
            f"belongs to document {doc!r}, not {doc_id!r}" if doc is not None
            else "has no 'document' id", path, root.line_of("document"),
        )
    note = root.get("document_note", "")
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise NotesFileError("'document_note' must be a string", path, root.line_of("document_note"))
    items = _item_list(root, "highlights", path)
    seen: set[str] = set()
    highlights: list[Highlight] = []
    for i, item in enumerate(items):
        try:
            h = highlight_from_dict(item, doc_id)
        except (ValueError, TypeError) as exc:
            raise NotesFileError(
                f"highlight {i + 1}: {exc}", path, _item_line(item, items, i, str(exc))
            ) from None
        if h.id in seen:
            raise NotesFileError(
                f"highlight {i + 1}: duplicate id {h.id!r}", path, _item_line(item, items, i, "'id'")
            )
        seen.add(h.id)
        highlights.append(h)
    return DocumentNotes(doc_id, tuple(highlights), note)


def parse_links(data: bytes, path: Path) -> list[UserLink]:
    """Validate links.yaml's bytes (NotesFileError with file and line)."""
    root = _check_version(_parse(data, path, ("format_version",), "links"), path, "links")
    items = _item_list(root, "links", path)
    seen: set[str] = set()
    links: list[UserLink] = []
    for i, item in enumerate(items):
        try:
            link = link_from_dict(item)
        except (ValueError, TypeError) as exc:
            raise NotesFileError(
                f"link {i + 1}: {exc}", path, _item_line(item, items, i, str(exc))
            ) from None
        if link.id in seen:
            raise NotesFileError(f"link {i + 1}: duplicate id {link.id!r}", path, items.line_of(i))
        seen.add(link.id)
        links.append(link)
    return links
