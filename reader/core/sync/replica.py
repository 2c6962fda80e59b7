"""The replicated document (pycrdt): local changes go in as field edits, merged records come out.

Record roots (id -> map of fields): ``highlights``, ``links``, and the reader's own
``glossary`` entries and ``timeline`` events; value roots (key -> text): ``document_notes``
(doc id -> note) and ``palette`` (colour -> meaning, the last writer wins). Nothing is ever
removed from a record root: a delete sets the record's ``deleted`` field, so it syncs like any
edit and an edit racing it can be seen.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pycrdt import Doc, Map

from .records import DELETED, REVIVED, Fields, content_of, is_valid_record

StateVector = dict[int, int]  # client id -> number of its items known
RECORD_ROOTS = ("highlights", "links", "glossary", "timeline")
VALUE_ROOTS = {"doc_notes": "document_notes", "palette": "palette"}  # Mirror field -> root name


@dataclass
class Mirror:
    """A plain view of the records: what the local files hold, or held at the last sync."""

    highlights: dict[str, Fields] = field(default_factory=dict)
    links: dict[str, Fields] = field(default_factory=dict)
    doc_notes: dict[str, str] = field(default_factory=dict)
    glossary: dict[str, Fields] = field(default_factory=dict)
    timeline: dict[str, Fields] = field(default_factory=dict)
    palette: dict[str, str] = field(default_factory=dict)

    def records(self, root: str) -> dict[str, Fields]:
        found: dict[str, Fields] = getattr(self, root)
        return found

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in (*RECORD_ROOTS, *VALUE_ROOTS)}

    @classmethod
    def from_json(cls, value: Any) -> Mirror:
        if not isinstance(value, dict):
            return cls()

        def records(v: Any) -> dict[str, Fields]:
            return {k: r for k, r in v.items() if is_valid_record(r)} if isinstance(v, dict) else {}

        def texts(v: Any) -> dict[str, str]:
            return {k: t for k, t in v.items() if isinstance(t, str)} if isinstance(v, dict) else {}

        out = cls()
        for name in RECORD_ROOTS:
            setattr(out, name, records(value.get(name)))
        for name in VALUE_ROOTS:
            setattr(out, name, texts(value.get(name)))
        return out


@dataclass(frozen=True)
class Scope:
    """What of the local side could be read this time: only that is diffed (the rest of the
    baseline stands, so an unreadable file never reads as "everything deleted")."""

    docs: frozenset[str]
    links: bool
    study: bool = False  # my_glossary.yaml and my_timeline.yaml
    palette: bool = False  # state.yaml

    def covers(self, root: str) -> bool:
        """Whether a whole root (all but highlights, which go by document) was read."""
        return bool(getattr(self, "study" if root in ("glossary", "timeline") else root))


def decode_state(sv: bytes) -> StateVector:
    """Yrs' v1 state vector encoding: a count, then (client, clock) pairs, all var-uints."""
    out: StateVector = {}
    pos = 0

    def uint() -> int:
        nonlocal pos
        value, shift = 0, 0
        while True:
            byte = sv[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7

    for _ in range(uint()):
        client = uint()
        out[client] = uint()
    return out


def encode_state(sv: Mapping[int, int]) -> bytes:
    out = bytearray()

    def uint(n: int) -> None:
        while True:
            byte = n & 0x7F
            n >>= 7
            if n:
                out.append(byte | 0x80)
            else:
                out.append(byte)
                return

    uint(len(sv))
    for client, clock in sv.items():
        uint(client)
        uint(clock)
    return bytes(out)


def apply_checked(doc: Doc[Any], update: bytes) -> None:
    """``doc.apply_update`` with every decoding failure as ValueError: Yrs reports junk as
    ValueError, or as a Rust panic, which pyo3 raises as a BaseException."""
    try:
        doc.apply_update(update)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - pyo3's PanicException is a BaseException
        raise ValueError(f"cannot be merged ({exc})") from None


def covers(have: Mapping[int, int], need: Mapping[int, int]) -> bool:
    return all(have.get(client, 0) >= clock for client, clock in need.items())


class Replica:
    """One device's copy of the replicated document."""

    def __init__(self, client_id: int, update: bytes | None = None) -> None:
        self.doc: Doc[Any] = Doc(client_id=client_id)
        if update:
            apply_checked(self.doc, update)
        self.roots: dict[str, Map[Any]] = {name: self.doc.get(name, type=Map) for name in RECORD_ROOTS}
        self.values: dict[str, Map[Any]] = {m: self.doc.get(name, type=Map) for m, name in VALUE_ROOTS.items()}
        # Record ids other devices' updates touched since the last materialise.
        self.touched: dict[str, set[str]] = {name: set() for name in RECORD_ROOTS}

    def state(self) -> StateVector:
        return decode_state(self.doc.get_state())

    def encode(self, since: Mapping[int, int] | None = None) -> bytes:
        """Everything, or only what is newer than ``since`` (a state vector)."""
        return self.doc.get_update(encode_state(since)) if since else self.doc.get_update()

    def apply(self, update: bytes) -> None:
        """Merge another device's update (ValueError when it cannot be decoded)."""
        subs = [(root, root.observe_deep(_collector(self.touched[name]))) for name, root in self.roots.items()]
        try:
            apply_checked(self.doc, update)
        finally:
            for root, sub in subs:
                root.unobserve(sub)

    # -- local changes in ----------------------------------------------------
    def record_local(self, base: Mirror, local: Mirror, scope: Scope) -> int:
        """Put what changed between ``base`` (the last sync) and ``local`` (the files now)
        into the document, field by field. Returns how many records changed."""
        changed = 0
        with self.doc.transaction():
            in_scope = {h: f for h, f in base.highlights.items() if f.get("doc") in scope.docs}
            changed += _diff(self.roots["highlights"], in_scope, local.highlights)
            for name in RECORD_ROOTS[1:]:
                if scope.covers(name):
                    changed += _diff(self.roots[name], base.records(name), local.records(name))
            keys = {"doc_notes": scope.docs, "palette": local.palette if scope.palette else ()}
            for name, root in self.values.items():
                mine, before = getattr(local, name), getattr(base, name)
                for key in keys[name]:
                    text = mine.get(key, "")
                    if text != before.get(key, "") and root.get(key, "") != text:
                        root[key] = text
                        changed += 1
        return changed

    # -- merged records out ----------------------------------------------------
    def materialise(self, view: Mirror | None = None) -> tuple[Mirror, int]:
        """The live records: all of them, or ``view`` (the records as the local files hold
        them) updated with those other devices touched. A record deleted on one device while
        edited on another comes back (a highlight flagged for review), and that is recorded,
        so every device agrees. Returns the records and how many came back."""
        revived: list[tuple[Map[Any], str]] = []
        out = Mirror()
        for name, root in self.roots.items():
            if view is None:
                setattr(out, name, _live(root, revived))
            else:
                setattr(out, name, _live_some(root, self.touched[name], view.records(name), revived))
        self.touched = {name: set() for name in RECORD_ROOTS}
        if revived:
            with self.doc.transaction():
                for root, rid in revived:
                    entry = root.get(rid)
                    if isinstance(entry, Map):
                        entry[DELETED] = ""
                        if "review" in entry:  # a highlight: flagged, and why
                            entry.update(REVIVED)
        for name, root in self.values.items():
            # An empty document note is no note; an empty meaning is the reader's choice.
            setattr(out, name, {k: v for k, v in json.loads(str(root)).items()
                                if isinstance(v, str) and (v or name == "palette")})
        return out, len(revived)


def _diff(root: Map[Any], base: Mapping[str, Fields], local: Mapping[str, Fields]) -> int:
    changed = 0
    for rid, fields in local.items():
        before = base.get(rid)
        if before == fields:
            continue
        entry = root.get(rid)
        if not isinstance(entry, Map):
            root[rid] = Map({**fields, DELETED: ""})
            changed += 1
            continue
        if before is None and not entry.get(DELETED) and not _newer(fields, entry):
            continue  # known here without a baseline (same import, rebuilt state): theirs is as new
        edited = False
        for key, value in fields.items():
            # Only fields this device changed: another device's edit to a sibling field stands.
            if (before is None or before.get(key) != value) and entry.get(key) != value:
                entry[key] = value
                edited = True
        if before is None and entry.get(DELETED):
            entry[DELETED] = ""  # added again here (an import of a record deleted elsewhere)
            edited = True
        changed += edited
    for rid in _gone(base, local):
        entry = root.get(rid)
        if isinstance(entry, Map) and not entry.get(DELETED):
            entry[DELETED] = content_of(base[rid])
            changed += 1
    return changed


def _newer(fields: Fields, entry: Map[Any]) -> bool:
    """Is this device's copy of a record it has no baseline for newer than the replica's?
    (``modified`` is an ISO 8601 UTC stamp; a link has none, and never is.)"""
    return str(fields.get("modified", "")) > str(entry.get("modified", "") or "")


def _gone(base: Mapping[str, Fields], local: Mapping[str, Fields]) -> Iterable[str]:
    return [rid for rid in base if rid not in local]


def _live(root: Map[Any], revived: list[tuple[Map[Any], str]]) -> dict[str, Fields]:
    out: dict[str, Fields] = {}
    for rid, fields in json.loads(str(root)).items():
        kept = _keep(root, rid, fields, revived)
        if kept is not None:
            out[rid] = kept
    return out


def _live_some(root: Map[Any], ids: set[str], view: Mapping[str, Fields],
               revived: list[tuple[Map[Any], str]]) -> dict[str, Fields]:
    out = dict(view)
    for rid in ids:
        out.pop(rid, None)
        entry = root.get(rid)
        if isinstance(entry, Map):
            kept = _keep(root, rid, json.loads(str(entry)), revived)
            if kept is not None:
                out[rid] = kept
    return out


def _keep(root: Map[Any], rid: str, fields: Any, revived: list[tuple[Map[Any], str]]) -> Fields | None:
    if not is_valid_record(fields):
        return None
    tomb = fields.pop(DELETED, "")
    if tomb:
        if tomb == content_of(fields):
            return None
        revived.append((root, rid))
        if "review" in fields:
            fields.update(REVIVED)
    return dict(fields)


def _collector(seen: set[str]) -> Callable[[Any], None]:
    """An observer noting which records an update touched: a new record is a key of the
    root map, an edit an event whose path starts with the record's id. (One parameter:
    pycrdt passes the transaction to a callback that takes two.)"""

    def collect(events: Any) -> None:
        for event in events:
            path = event.path
            if path:
                seen.add(str(path[0]))
            else:
                seen.update(str(k) for k in event.keys)

    return collect
