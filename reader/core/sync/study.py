"""The reader's own glossary entries and timeline events as sync records, and back again.

An entry (or event) is a record of its file's fields, lists as canonical JSON, so edits to
different fields on two devices both survive. Records coming back are checked by the study
files' own parser against this device's texts: one it refuses (a document this device does
not have, a passage no longer in its text) stays in the replica only and the file keeps
what it had, so a sync never makes ``my_glossary.yaml`` or ``my_timeline.yaml`` unreadable.
Such a record is *held back*: its id is remembered, and it is checked again at each later
exchange (one that the text's arrival starts), until this device can take it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus import Corpus
from ..editorial_records import FORMAT_VERSION, GlossaryEntry, TimelineEvent
from ..errors import StoreError
from ..fsutil import atomic_write_text
from ..study import StudyBook, read_study_file, record_dict
from .records import Fields, canonical

Record = GlossaryEntry | TimelineEvent
Texts = Callable[[], Corpus]  # this device's texts, loaded only when a record must be checked
FIELDS: dict[str, tuple[str, ...]] = {
    "glossary": ("term", "kind", "aliases", "other_spellings", "definition", "sources", "see_also"),
    "timeline": ("date", "date_text", "reasoning", "title", "anchors", "glossary"),
}
_LISTS = frozenset({"aliases", "other_spellings", "sources", "see_also", "anchors", "glossary"})
_OPTIONAL = frozenset({"other_spellings", "see_also", "glossary"})  # left out of the file when empty
_LIST_KEY = {"glossary": "entries", "timeline": "events"}


@dataclass(frozen=True)
class StudySnapshot:
    """The reader's glossary and timeline as read (both files readable)."""

    glossary: tuple[GlossaryEntry, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()

    def records(self, root: str) -> tuple[Record, ...]:
        found: tuple[Record, ...] = self.glossary if root == "glossary" else self.timeline
        return found


def study_snapshot(book: StudyBook) -> tuple[StudySnapshot | None, tuple[Path, ...]]:
    """The reader's glossary and timeline to sync, or None and the file that cannot be
    read (left as it is)."""
    if book.read_only:
        return None, tuple(dict.fromkeys(p.path for p in book.problems if p.path is not None))
    return StudySnapshot(book.glossary, book.timeline), ()


def study_fields(record: Record) -> Fields:
    kind = "glossary" if isinstance(record, GlossaryEntry) else "timeline"
    item = record_dict(record)
    return {k: canonical(item.get(k, [])) if k in _LISTS else item[k] for k in FIELDS[kind]}


def _item(root: str, rid: str, f: Mapping[str, Any]) -> dict[str, Any]:
    """The record as its file's mapping; ValueError/KeyError/TypeError when a field is bad."""
    item: dict[str, Any] = {"id": rid}
    for key in FIELDS[root]:
        value = f[key]
        if not isinstance(value, str):
            raise TypeError(f"{key} is not text")
        if key in _LISTS:
            value = json.loads(value)
            if key in _OPTIONAL and not value:
                continue
        item[key] = value
    return item


@dataclass
class StudyMerge:
    """What one root (glossary or timeline) becomes, and the fields the file then holds."""

    records: tuple[Record, ...]
    fields: dict[str, Fields] = field(default_factory=dict)
    changed: int = 0  # records that differ from the file
    incomplete: bool = False  # some merged record could not be checked now: read all next time
    held: tuple[str, ...] = ()  # ids whose merged version the parser refused here (a text this device lacks)


def merge_root(root: str, mine: tuple[Record, ...], mine_fields: Mapping[str, Fields],
               merged: Mapping[str, Fields], texts: Texts, scratch: Path) -> StudyMerge:
    """The file's records after the merge, in id order (the same on every device); a record
    the parser refuses keeps its local version, if any."""
    read = {r.id: r for r in mine}
    todo = {rid: f for rid, f in merged.items() if mine_fields.get(rid) != f}
    parsed, incomplete = _parse_each(root, todo, texts, scratch)
    out = StudyMerge(())
    kept: dict[str, Record] = {}
    held: list[str] = []
    for rid, f in merged.items():
        record = parsed.get(rid) if rid in todo else read.get(rid)
        if record is None:
            if not incomplete:
                held.append(rid)
            record = read.get(rid)  # refused here: the file keeps its own version
            if record is None:
                continue
            f = mine_fields[rid]
        kept[rid] = record
        out.fields[rid] = f
    out.changed = sum(1 for rid in kept.keys() | read.keys() if kept.get(rid) != read.get(rid))
    out.records = tuple(kept[rid] for rid in sorted(kept))
    out.incomplete = incomplete
    out.held = tuple(sorted(held))
    return out


def _parse_each(root: str, todo: Mapping[str, Fields], texts: Texts,
                scratch: Path) -> tuple[dict[str, Record], bool]:
    """Parse the records together; when the parser refuses some, one by one to find them."""
    items = []
    for rid, f in todo.items():
        with contextlib.suppress(ValueError, KeyError, TypeError):
            items.append(_item(root, rid, f))
    if not items:
        return {}, False
    corpus = texts()
    try:
        got = _parse(root, items, corpus, scratch)
        if got is not None:
            return got, False
        out: dict[str, Record] = {}
        for item in items:
            out.update(_parse(root, [item], corpus, scratch) or {})
        return out, False
    except StoreError:
        return {}, True  # no room for the scratch file: the file stays as it is this time


def _parse(root: str, items: list[dict[str, Any]], corpus: Corpus, scratch: Path) -> dict[str, Record] | None:
    path = scratch / f"incoming-{root}.yaml"
    # JSON is YAML too, and dumps a hundred times faster than PyYAML's emitter.
    atomic_write_text(path, json.dumps({"format_version": FORMAT_VERSION, _LIST_KEY[root]: items}, ensure_ascii=False))
    try:
        got = read_study_file(path, corpus)
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
    if got.problems:
        return None
    records: list[Record] = [*got.glossary] if root == "glossary" else [*got.timeline]
    return {r.id: r for r in records}
