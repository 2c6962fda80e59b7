"""The reader's own study layer: glossary entries and timeline events kept in the data dir.

Stored in the same schema as ``annotations/`` (``my_glossary.yaml`` with ``entries:``,
``my_timeline.yaml`` with ``events:``), so an entry can be copied into the shipped edition
as it is; the reader's typed links stay in ``links.yaml`` (see ``store``). Every change is an
operation with undo; files are written atomically and a file that cannot be read is never
written over.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus import Corpus
from .editorial_load import Loader
from .editorial_records import (
    FORMAT_VERSION,
    UNDATED,
    CrossReference,
    GlossaryEntry,
    Span,
    TimelineEvent,
)
from .errors import Problem, ProblemKind, StoreError
from .fsutil import atomic_write_text

__all__ = [
    "MY_GLOSSARY", "MY_TIMELINE", "StudyBook", "dump_crossrefs", "dump_glossary", "dump_timeline",
    "load_study", "read_study_file", "record_dict",
]

MY_GLOSSARY = "my_glossary.yaml"
MY_TIMELINE = "my_timeline.yaml"


def _anchor(span: Span) -> dict[str, Any]:
    a = span.anchor
    return {"doc": span.doc_id, "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix,
            "start": a.start, "end": a.end}


def _entry(e: GlossaryEntry) -> dict[str, Any]:
    d: dict[str, Any] = {"id": e.id, "term": e.term, "kind": e.kind, "aliases": list(e.aliases)}
    if e.other_spellings:
        d["other_spellings"] = list(e.other_spellings)
    d["definition"] = e.definition
    d["sources"] = [_anchor(s) for s in e.sources]
    if e.see_also:
        d["see_also"] = list(e.see_also)
    return d


def _event(ev: TimelineEvent) -> dict[str, Any]:
    date = None if ev.date == UNDATED else ev.date  # annotations/README.md: an undated event is `date: null`
    d: dict[str, Any] = {"id": ev.id, "date": date, "date_text": ev.date_text, "reasoning": ev.reasoning,
                         "title": ev.title, "anchors": [_anchor(s) for s in ev.spans]}
    if ev.glossary:
        d["glossary"] = list(ev.glossary)
    return d


def _crossref(c: CrossReference) -> dict[str, Any]:
    return {"id": c.id, "type": c.type, "note": c.note, "source": _anchor(c.source), "target": _anchor(c.target)}


def _fast_dumper() -> Any:
    """libyaml's emitter, when PyYAML has it (else None)."""
    import yaml

    return getattr(yaml, "CSafeDumper", None)


def _dump(key: str, items: list[dict[str, Any]]) -> str:
    import yaml  # imported when a file is written, not at every start (its regexes cost 8 ms)

    data = {"format_version": FORMAT_VERSION, key: items}
    options: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 10**9, "default_flow_style": False}
    fast = _fast_dumper()
    if fast is not None:
        text: str = yaml.dump(data, Dumper=fast, **options)
        # libyaml escapes a few characters the Python emitter writes as they are (beyond U+FFFF,
        # U+0085): a text with any backslash is written by the Python one, so the bytes never differ
        if "\\" not in text:
            return text
    out: str = yaml.dump(data, Dumper=yaml.SafeDumper, **options)
    return out


def dump_glossary(entries: Sequence[GlossaryEntry]) -> str:
    """``glossary.yaml`` text in the annotations schema, anchors complete."""
    return _dump("entries", [_entry(e) for e in entries])


def dump_timeline(events: Sequence[TimelineEvent]) -> str:
    return _dump("events", [_event(ev) for ev in events])


def dump_crossrefs(refs: Sequence[CrossReference]) -> str:
    return _dump("crossrefs", [_crossref(c) for c in refs])


def record_dict(record: GlossaryEntry | TimelineEvent) -> dict[str, Any]:
    """An entry or event as its file holds it (the mapping of the annotations schema)."""
    return _entry(record) if isinstance(record, GlossaryEntry) else _event(record)


@dataclass
class StudyFile:
    """What one personal YAML file holds, with its problems (drifted anchors are re-anchored,
    not problems: a reader's quote may give only doc + exact)."""

    glossary: list[GlossaryEntry] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    crossrefs: list[CrossReference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_study_file(path: Path, corpus: Corpus, *, drifted: bool = False) -> StudyFile:
    """Parse a glossary, timeline or crossrefs file in the annotations schema (the list key
    says which); every problem is collected with its file and line (a drifted anchor only
    with ``drifted``: ``reader check`` reports it, an import simply anchors it)."""
    from . import yamlio
    from .errors import DataFileError

    out = StudyFile()
    try:
        root = yamlio.load_file(path)
    except DataFileError as exc:
        out.problems.append(Problem.from_error(exc))
        return out
    keys = [k for k in ("entries", "events", "crossrefs") if isinstance(root, dict) and k in root]
    if len(keys) != 1:
        out.problems.append(Problem(path, 1, "must hold one of 'entries' (glossary), 'events' (timeline) "
                                             "or 'crossrefs', with 'format_version'"))
        return out
    loader = Loader(corpus, path.parent, personal=True)
    if keys[0] == "entries":
        out.glossary = loader.load_glossary(path.name)
    elif keys[0] == "events":
        out.timeline = loader.load_timeline(path.name)
    else:
        out.crossrefs = loader.load_crossrefs(path.name)
    out.problems = [p for p in loader.problems if drifted or p.kind is not ProblemKind.DRIFTED]
    return out


def load_study(data_dir: Path, corpus: Corpus, *, drifted: bool = False,
               ) -> tuple[list[GlossaryEntry], list[TimelineEvent], list[Problem]]:
    """The reader's own glossary and timeline (empty when the files do not exist yet)."""
    glossary: list[GlossaryEntry] = []
    timeline: list[TimelineEvent] = []
    problems: list[Problem] = []
    for name in (MY_GLOSSARY, MY_TIMELINE):
        path = data_dir / name
        if path.exists():
            got = read_study_file(path, corpus, drifted=drifted)
            glossary += got.glossary
            timeline += got.timeline
            problems += got.problems
    return glossary, timeline, problems


_WHAT = {"glossary": "glossary entry", "timeline": "timeline event"}
_STEPS = itertools.count(1)  # undo step ids (see StudyBook.top_step)


@dataclass(frozen=True)
class _State:
    glossary: tuple[GlossaryEntry, ...]
    timeline: tuple[TimelineEvent, ...]


class StudyBook:
    """The reader's glossary and timeline with add/edit/delete operations and undo/redo.

    A file that failed to parse makes the book read-only: its entries are not known, so
    saving would lose them.
    """

    def __init__(self, data_dir: Path, corpus: Corpus) -> None:
        self.data_dir = data_dir
        glossary, timeline, self.problems = load_study(data_dir, corpus)
        self._state = _State(tuple(glossary), tuple(timeline))
        # (what, the state it goes back to, the step's id): see top_step.
        self._undo: list[tuple[str, _State, int]] = []
        self._redo: list[tuple[str, _State, int]] = []
        self.listeners: list[Callable[[], None]] = []

    @property
    def glossary(self) -> tuple[GlossaryEntry, ...]:
        return self._state.glossary

    @property
    def timeline(self) -> tuple[TimelineEvent, ...]:
        return self._state.timeline

    @property
    def read_only(self) -> bool:
        return bool(self.problems)

    # -- operations
    def add_entry(self, entry: GlossaryEntry) -> None:
        self._add("glossary", entry, f"add glossary entry '{entry.term}'")

    def edit_entry(self, entry_id: str, **changes: Any) -> None:
        self._edit("glossary", entry_id, "edit glossary entry '{0.term}'", changes)

    def delete_entry(self, entry_id: str) -> None:
        self._delete("glossary", entry_id, "delete glossary entry '{0.term}'")

    def add_source(self, entry_id: str, source: Span) -> None:
        """Append ``source`` (a passage of any document) to your entry's sources, as one undo step."""
        entry = self._find("glossary", entry_id)
        key = (source.doc_id, source.anchor.start, source.anchor.end)
        if any((s.doc_id, s.anchor.start, s.anchor.end) == key for s in entry.sources):
            raise ValueError(f"this passage is already a source of '{entry.term}'")
        self._edit("glossary", entry_id, "add a source to glossary entry '{0.term}'",
                   {"sources": (*entry.sources, source)})

    def add_event(self, event: TimelineEvent) -> None:
        self._add("timeline", event, f"add timeline event '{event.title}'")

    def edit_event(self, event_id: str, **changes: Any) -> None:
        self._edit("timeline", event_id, "edit timeline event '{0.title}'", changes)

    def delete_event(self, event_id: str) -> None:
        self._delete("timeline", event_id, "delete timeline event '{0.title}'")

    def replace_all(self, glossary: Sequence[GlossaryEntry], timeline: Sequence[TimelineEvent],
                    description: str) -> None:
        """Put entries and events in by id (an import), as one undo step."""
        g = {e.id: e for e in self.glossary} | {e.id: e for e in glossary}
        t = {e.id: e for e in self.timeline} | {e.id: e for e in timeline}
        self._change(description, glossary=tuple(g.values()), timeline=tuple(t.values()))

    def merge_in(self, glossary: Sequence[GlossaryEntry], timeline: Sequence[TimelineEvent]) -> None:
        """Take in what a sync merged from other devices (saved like any change). Not an
        undo step: the steps kept are rebased onto it, so undo takes back only the reader's
        own edits, never another device's."""
        old, new = self._state, _State(tuple(glossary), tuple(timeline))
        self._set(new)
        self._undo = [(what, _rebase(s, old, new), step) for what, s, step in self._undo]
        self._redo = [(what, _rebase(s, old, new), step) for what, s, step in self._redo]

    # -- undo
    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_text(self) -> str:
        return self._undo[-1][0] if self._undo else ""

    def redo_text(self) -> str:
        return self._redo[-1][0] if self._redo else ""

    def top_step(self, redo: bool = False) -> int | None:
        """The id of the step Undo (``redo``: Redo) would take; it stays with that step while
        it moves between the two lists, so a caller can tell a step it saw made."""
        stack = self._redo if redo else self._undo
        return stack[-1][2] if stack else None

    def undo(self) -> str | None:
        if not self._undo:
            return None
        what, before, step = self._undo.pop()
        self._redo.append((what, self._state, step))
        self._set(before)
        return what

    def redo(self) -> str | None:
        if not self._redo:
            return None
        what, after, step = self._redo.pop()
        self._undo.append((what, self._state, step))
        self._set(after)
        return what

    # -- internals
    def _items(self, kind: str) -> tuple[Any, ...]:
        items: tuple[Any, ...] = getattr(self._state, kind)
        return items

    def _find(self, kind: str, item_id: str) -> Any:
        for item in self._items(kind):
            if item.id == item_id:
                return item
        raise KeyError(f"no {_WHAT[kind]} '{item_id}'")

    def _add(self, kind: str, item: Any, what: str) -> None:
        if any(x.id == item.id for x in self._items(kind)):
            raise ValueError(f"a {_WHAT[kind]} with id '{item.id}' already exists")
        self._change(what, **{kind: (*self._items(kind), item)})

    def _edit(self, kind: str, item_id: str, what: str, changes: dict[str, Any]) -> None:
        new = dataclasses.replace(self._find(kind, item_id), **changes)
        self._change(what.format(new), **{kind: tuple(new if x.id == item_id else x for x in self._items(kind))})

    def _delete(self, kind: str, item_id: str, what: str) -> None:
        old = self._find(kind, item_id)
        self._change(what.format(old), **{kind: tuple(x for x in self._items(kind) if x.id != item_id)})

    def _change(self, what: str, **fields: Any) -> None:
        before = self._state
        self._set(dataclasses.replace(before, **fields))
        self._undo.append((what, before, next(_STEPS)))
        self._redo.clear()

    def _set(self, state: _State) -> None:
        if self.read_only:
            raise StoreError("your glossary or timeline file could not be read; it is left as it is and "
                             "nothing was changed", self.data_dir / MY_GLOSSARY)
        old, self._state = self._state, state
        try:
            if state.glossary != old.glossary:
                atomic_write_text(self.data_dir / MY_GLOSSARY, dump_glossary(state.glossary))
            if state.timeline != old.timeline:
                atomic_write_text(self.data_dir / MY_TIMELINE, dump_timeline(state.timeline))
        except StoreError:
            self._state = old
            raise
        for listener in self.listeners:
            listener()


def _rebase(state: _State, old: _State, new: _State) -> _State:
    """An undo or redo snapshot with the records a merge changed (``old`` to ``new``) as
    the merge left them."""
    out: dict[str, tuple[Any, ...]] = {}
    for kind in ("glossary", "timeline"):
        before = {x.id: x for x in getattr(old, kind)}
        after = {x.id: x for x in getattr(new, kind)}
        merged = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
        kept = {x.id: x for x in getattr(state, kind) if x.id not in merged}
        kept.update((i, after[i]) for i in merged if i in after)
        order = {i: n for n, i in enumerate(after)}
        out[kind] = tuple(sorted(kept.values(), key=lambda x: (order.get(x.id, len(order)), x.id)))
    return _State(out["glossary"], out["timeline"])
