"""The reader's notes as operations with undo: what the window and the CLI call.

Every operation validates, replaces immutable records, pushes one undo step, hands the
new snapshot to the writer (or saves at once without one) and tells subscribers exactly
what changed (a :class:`Change`), so the UI re-renders only that. Undo steps record
field-level changes rather than whole records: re-anchoring may move a highlight after
its note was edited, and undoing the note must not undo the move.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .anchor import Anchor, resolve, resolve_many
from .errors import ReaderError, StoreError
from .model import (
    DEFAULT_COLOR,
    DEFAULT_MEANINGS,
    LINK_TYPES,
    PALETTE,
    AnchorStatus,
    DocumentNotes,
    Endpoint,
    Highlight,
    UserLink,
    new_id,
    now_iso,
)
from .store import LINKS_KEY, BackgroundWriter, LockedError, NotesFileError, NoteStore

__all__ = ["UNDO_LIMIT", "Change", "NoteBook"]

UNDO_LIMIT = 1000
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Change:
    """What one operation (or its undo/redo) changed."""

    kind: str  # add delete note tags color document-note link-add link-delete reattach review
    #            import palette reanchor reload
    doc_ids: frozenset[str]
    highlight_ids: frozenset[str] = frozenset()
    link_ids: frozenset[str] = frozenset()
    description: str = ""
    undone: bool = False  # True when this Change reports an undo


# Primitive, invertible steps. "fields" applies a dict of Highlight fields to the
# current record (by id), so it composes with re-anchoring.
@dataclass(frozen=True)
class _Step:
    op: str  # "insert" | "remove" | "fields" | "docnote" | "link-insert" | "link-remove" | "meaning"
    doc_id: str = ""
    record: Any = None  # Highlight / UserLink for insert/remove
    index: int = 0
    key: str = ""  # hid for fields, colour for meaning
    before: Any = None
    after: Any = None

    def inverse(self) -> _Step:
        flip = {"insert": "remove", "remove": "insert", "link-insert": "link-remove", "link-remove": "link-insert"}
        if self.op in flip:
            return _Step(flip[self.op], self.doc_id, self.record, self.index, self.key)
        return _Step(self.op, self.doc_id, self.record, self.index, self.key, self.after, self.before)


@dataclass
class _Command:
    change: Change
    steps: list[_Step] = field(default_factory=list)


def _check_text(value: str, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text, not {type(value).__name__}")
    m = _SURROGATE.search(value)
    if m:
        raise ValueError(
            f"{what} contains a lone surrogate (U+{ord(m.group()):04X}), which is not valid "
            "Unicode text and cannot be saved"
        )
    return value


def _normal_tags(tags: Sequence[str]) -> tuple[str, ...]:
    if isinstance(tags, str):
        tags = [tags]
    out: list[str] = []
    for t in tags:
        t = _check_text(t, "a tag").strip()
        if t and t not in out:
            out.append(t)
    return tuple(out)


def _normal_color(color: str) -> str:
    c = color.lower() if isinstance(color, str) else color
    if c not in PALETTE:
        raise ValueError(f"colour {color!r} is not one of the palette: {', '.join(PALETTE)}")
    return c


def _newer(a: str, b: str) -> bool:
    """Is timestamp ``a`` later than ``b``? (ISO 8601; unparsable ones compare as text)."""
    def parse(s: str) -> _dt.datetime | None:
        try:
            d = _dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        except (ValueError, AttributeError):
            return None
        return d if d.tzinfo else d.replace(tzinfo=_dt.UTC)

    pa, pb = parse(a), parse(b)
    if pa is not None and pb is not None:
        return pa > pb
    if pa is not None and pb is None:
        return True
    return a > b if pb is None and pa is None else False


class NoteBook:
    """All personal notes of one data dir, loaded lazily per document."""

    def __init__(
        self,
        store: NoteStore,
        writer: BackgroundWriter | None = None,
        texts: Callable[[str], str] | None = None,
    ) -> None:
        self.store = store
        self.writer = writer
        self._texts = texts
        store.acquire_lock()  # False: another instance has the data dir, we are read-only
        self._docs: dict[str, DocumentNotes] = {}
        self._errors: dict[str, NotesFileError] = {}
        self._where: dict[str, str] = {}  # hid -> doc id
        self._pos: dict[str, dict[str, int]] = {}  # doc id -> hid -> index (rebuilt lazily)
        self._status: dict[str, AnchorStatus] = {}
        self._reanchored: set[str] = set()
        self._links: list[UserLink] | None = None
        self._links_error: NotesFileError | None = None
        self._state: dict | None = None
        self._undo: list[_Command] = []
        self._redo: list[_Command] = []
        self._subscribers: list[Callable[[Change], None]] = []
        self._unsaved: set[tuple[str, str]] = set()  # without a writer: what failed to save

    # -- reading -------------------------------------------------------------
    def notes(self, doc_id: str) -> DocumentNotes:
        """The document's notes (empty, and read-only, if its file could not be read)."""
        cached = self._docs.get(doc_id)
        if cached is not None:
            return cached
        try:
            loaded = self.store.load_notes(doc_id)
        except NotesFileError as exc:
            self._errors[doc_id] = exc
            loaded = DocumentNotes(doc_id)
        self._docs[doc_id] = loaded
        for h in loaded.highlights:
            self._where[h.id] = doc_id
        return loaded

    def error_for(self, doc_id: str) -> NotesFileError | None:
        self.notes(doc_id)
        return self._errors.get(doc_id)

    def is_read_only(self, doc_id: str) -> bool:
        return self.error_for(doc_id) is not None or self.store.read_only

    def restore_newest_backup(self, doc_id: str) -> Path | None:
        """Put the newest good backup of a broken notes file (or of links.yaml, with
        ``LINKS_KEY``) in place and reload it; the broken file is kept in backups/."""
        restored = self.store.restore_newest_backup(doc_id)
        if restored is not None:
            self.reload(doc_id)
        return restored

    def reload(self, doc_id: str) -> None:
        """Forget what is in memory for a document (or LINKS_KEY) and read it again. Its
        undo steps are dropped: they describe a state that is gone."""
        if doc_id == LINKS_KEY:
            self._links, self._links_error = None, None
            keep = lambda cmd: not any(s.op.startswith("link") for s in cmd.steps)  # noqa: E731
            change = Change("reload", frozenset(), description="Reload Links")
        else:
            old = self._docs.pop(doc_id, None)
            for h in old.highlights if old else ():
                self._where.pop(h.id, None)
                self._status.pop(h.id, None)
            self._errors.pop(doc_id, None)
            self._pos.pop(doc_id, None)
            self._reanchored.discard(doc_id)
            keep = lambda cmd: all(s.doc_id != doc_id for s in cmd.steps)  # noqa: E731
            change = Change("reload", frozenset({doc_id}), description="Reload Notes")
            self.notes(doc_id)
        self._undo = [c for c in self._undo if keep(c)]
        self._redo = [c for c in self._redo if keep(c)]
        self._notify(change)

    def loaded_documents(self) -> list[str]:
        return list(self._docs)

    def highlight(self, hid: str) -> Highlight | None:
        """A highlight of any document loaded so far."""
        doc_id = self._where.get(hid)
        if doc_id is None:
            return None
        i = self._positions(doc_id).get(hid)
        return None if i is None else self._docs[doc_id].highlights[i]

    def _positions(self, doc_id: str) -> dict[str, int]:
        pos = self._pos.get(doc_id)
        if pos is None:
            pos = self._pos[doc_id] = {h.id: i for i, h in enumerate(self._docs[doc_id].highlights)}
        return pos

    def _require(self, hid: str) -> Highlight:
        h = self.highlight(hid)
        if h is None:
            raise KeyError(f"no highlight {hid!r}")
        return h

    def _writable(self, doc_id: str) -> None:
        err = self.error_for(doc_id)
        if err is not None:
            raise StoreError(
                f"notes for {doc_id} are read-only because {err.path} could not be read "
                f"({err.message}{f', line {err.line}' if err.line else ''})"
            )
        if self.store.read_only:
            raise LockedError(
                f"is in use by another Reader ({self.store.lock_holder}); notes are read-only here",
                self.store.data_dir,
            )

    def _text(self, doc_id: str) -> str:
        if self._texts is None:
            raise ValueError("this NoteBook has no document texts, so it cannot anchor spans")
        return self._texts(doc_id)

    # -- highlights ----------------------------------------------------------
    def add_highlight(
        self, doc_id: str, start: int, end: int, color: str = DEFAULT_COLOR, note: str = "",
        tags: Sequence[str] = (),
    ) -> tuple[Highlight, Change]:
        self._writable(doc_id)
        anchor = Anchor.from_span(self._text(doc_id), start, end)
        stamp = now_iso()
        h = Highlight(
            id=new_id("h"), doc_id=doc_id, anchor=anchor, color=_normal_color(color),
            note=_check_text(note, "the note"), tags=_normal_tags(tags), created=stamp, modified=stamp,
        )
        index = len(self.notes(doc_id).highlights)
        change = Change("add", frozenset({doc_id}), frozenset({h.id}), description="Highlight")
        self._do(_Command(change, [_Step("insert", doc_id, h, index)]))
        return h, change

    def _edit(self, hid: str, kind: str, description: str, **after: Any) -> Change:
        h = self._require(hid)
        self._writable(h.doc_id)
        before = {k: getattr(h, k) for k in after}
        change = Change(kind, frozenset({h.doc_id}), frozenset({hid}), description=description)
        if before == after:
            return change  # nothing to do, nothing to undo
        after = {**after, "modified": now_iso()}
        before["modified"] = h.modified
        self._do(_Command(change, [_Step("fields", h.doc_id, key=hid, before=before, after=after)]))
        return change

    def set_note(self, hid: str, text: str) -> Change:
        return self._edit(hid, "note", "Edit Note", note=_check_text(text, "the note"))

    def set_tags(self, hid: str, tags: Sequence[str]) -> Change:
        """Tags are stripped, de-duplicated (first one kept) and empty ones dropped."""
        return self._edit(hid, "tags", "Edit Tags", tags=_normal_tags(tags))

    def set_color(self, hid: str, color: str) -> Change:
        return self._edit(hid, "color", "Change Colour", color=_normal_color(color))

    def delete_highlight(self, hid: str) -> Change:
        h = self._require(hid)
        self._writable(h.doc_id)
        index = self._positions(h.doc_id)[hid]
        change = Change("delete", frozenset({h.doc_id}), frozenset({hid}), description="Delete Highlight")
        self._do(_Command(change, [_Step("remove", h.doc_id, h, index)]))
        return change

    def set_document_note(self, doc_id: str, text: str) -> Change:
        self._writable(doc_id)
        before = self.notes(doc_id).document_note
        change = Change("document-note", frozenset({doc_id}), description="Edit Document Note")
        text = _check_text(text, "the document note")
        if text != before:
            self._do(_Command(change, [_Step("docnote", doc_id, before=before, after=text)]))
        return change

    # -- links ---------------------------------------------------------------
    def links(self) -> list[UserLink]:
        if self._links is None:
            try:
                self._links = self.store.load_links()
            except NotesFileError as exc:
                self._links_error = exc
                self._links = []
        return list(self._links)

    def links_error(self) -> NotesFileError | None:
        self.links()
        return self._links_error

    def links_for(self, doc_id: str) -> tuple[list[UserLink], list[UserLink]]:
        """(links starting in the document, links pointing into it: its backlinks)."""
        links = self.links()
        return (
            [lk for lk in links if lk.source.doc_id == doc_id],
            [lk for lk in links if lk.target.doc_id == doc_id],
        )

    def _links_writable(self) -> None:
        err = self.links_error()
        if err is not None:
            raise StoreError(f"links are read-only because {err.path} could not be read ({err.message})")
        if self.store.read_only:
            raise LockedError(
                f"is in use by another Reader ({self.store.lock_holder}); links are read-only here",
                self.store.data_dir,
            )

    def add_link(self, source: Endpoint, target: Endpoint, type: str, note: str = "") -> tuple[UserLink, Change]:
        self._links_writable()
        if type not in LINK_TYPES:
            raise ValueError(f"link type {type!r} is not one of {', '.join(LINK_TYPES)}")
        for end in (source, target):
            _check_text(end.anchor.exact, "the linked passage")
            if not end.anchor.exact:
                raise ValueError("a link needs a passage at both ends")
        link = UserLink(new_id("l"), type, source, target, _check_text(note, "the link note"), now_iso())
        change = Change(
            "link-add", frozenset({source.doc_id, target.doc_id}), link_ids=frozenset({link.id}),
            description="Add Link",
        )
        self._do(_Command(change, [_Step("link-insert", record=link, index=len(self.links()))]))
        return link, change

    def delete_link(self, link_id: str) -> Change:
        self._links_writable()
        links = self.links()
        for i, link in enumerate(links):
            if link.id == link_id:
                change = Change(
                    "link-delete", frozenset({link.source.doc_id, link.target.doc_id}),
                    link_ids=frozenset({link_id}), description="Delete Link",
                )
                self._do(_Command(change, [_Step("link-remove", record=link, index=i)]))
                return change
        raise KeyError(f"no link {link_id!r}")

    # -- anchoring -----------------------------------------------------------
    def reanchor(self, doc_id: str) -> dict[str, AnchorStatus]:
        """Resolve every highlight against the current text. Drifted ones move and are
        flagged for review (saved, not an undo step); orphans stay as they are."""
        text = self._text(doc_id)
        notes = self.notes(doc_id)
        results = resolve_many([h.anchor for h in notes.highlights], text)
        statuses: dict[str, AnchorStatus] = {}
        moved: dict[str, Highlight] = {}
        for h, res in zip(notes.highlights, results, strict=True):
            if res.status == "orphan":
                statuses[h.id] = "orphan"
            elif res.status == "drifted":
                new = res.anchor(text)
                if new is not None and new != h.anchor:
                    moved[h.id] = h.with_(anchor=new, review=True)
                statuses[h.id] = "drifted"
            else:
                statuses[h.id] = "drifted" if h.review else "ok"
        self._reanchored.add(doc_id)
        self._status.update(statuses)
        if moved:
            self._docs[doc_id] = DocumentNotes(
                doc_id, tuple(moved.get(h.id, h) for h in notes.highlights), notes.document_note
            )
            if not self.is_read_only(doc_id):
                self._persist(frozenset({doc_id}), links=False, state=False)
            self._notify(Change("reanchor", frozenset({doc_id}), frozenset(moved), description="Re-anchor"))
        return statuses

    def placed_highlights(self, doc_id: str) -> list[Highlight]:
        """``doc_id``'s highlights that have a place in the text (orphans left out): what
        the reading pane draws. One pass, for a book with 10,000 of them."""
        hs = self.notes(doc_id).highlights
        if hs and doc_id not in self._reanchored and self._texts is not None:
            self.reanchor(doc_id)
        status = self._status
        out = []
        for h in hs:
            st = status.get(h.id)
            if st is None:
                self._refresh_status(h)
                st = status.get(h.id)
            if st != "orphan":
                out.append(h)
        return out

    def status(self, hid: str) -> AnchorStatus:
        """ok / drifted (moved, awaiting review) / orphan (no longer found in the text)."""
        h = self._require(hid)
        if hid not in self._status and h.doc_id not in self._reanchored and self._texts is not None:
            self.reanchor(h.doc_id)
        if hid not in self._status:
            self._refresh_status(h)
        return self._status.get(hid, "drifted" if h.review else "ok")

    def _refresh_status(self, h: Highlight) -> None:
        if self._texts is None:
            self._status[h.id] = "drifted" if h.review else "ok"
            return
        res = resolve(h.anchor, self._text(h.doc_id))
        self._status[h.id] = "orphan" if res.status == "orphan" else ("drifted" if h.review or res.status == "drifted" else "ok")

    def reattach(self, hid: str, start: int, end: int) -> Change:
        """Anchor a (typically orphaned or drifted) highlight to a new selection."""
        h = self._require(hid)
        self._writable(h.doc_id)
        anchor = Anchor.from_span(self._text(h.doc_id), start, end)
        return self._edit(hid, "reattach", "Attach Here", anchor=anchor, review=False)

    def confirm_review(self, hid: str) -> Change:
        return self._edit(hid, "review", "Confirm Position", review=False)

    def orphans(self, doc_id: str) -> list[Highlight]:
        return [h for h in self.notes(doc_id).highlights if self.status(h.id) == "orphan"]

    # -- import --------------------------------------------------------------
    def import_highlights(self, doc_id: str, items: Sequence[Highlight]) -> Change:
        """Merge by id, as one undo step: new ids are added; a known id is replaced only
        when the incoming ``modified`` is newer. Importing the same file twice is a no-op."""
        self._writable(doc_id)
        current = {h.id: h for h in self.notes(doc_id).highlights}
        index = len(current)
        steps: list[_Step] = []
        added: dict[str, int] = {}
        for item in items:
            if not isinstance(item, Highlight):
                raise TypeError(f"import_highlights takes Highlight records, not {type(item).__name__}")
            item = item.with_(doc_id=doc_id, color=_normal_color(item.color), tags=_normal_tags(item.tags))
            for text, what in ((item.note, "the note"), (item.anchor.exact, "the quote")):
                _check_text(text, f"{what} of imported highlight {item.id}")
            if item.id in self._where and self._where[item.id] != doc_id:
                item = item.with_(id=new_id("h"))  # same id in another document: keep both
            old = current.get(item.id)
            if old is None:
                current[item.id] = item
                added[item.id] = len(steps)
                steps.append(_Step("insert", doc_id, item, index))
                index += 1
            elif _newer(item.modified, old.modified):
                if item.id in added:
                    steps[added[item.id]] = _Step("insert", doc_id, item, steps[added[item.id]].index)
                else:
                    names = ("anchor", "color", "note", "tags", "created", "modified", "review")
                    steps.append(_Step(
                        "fields", doc_id, key=item.id, before={k: getattr(old, k) for k in names},
                        after={k: getattr(item, k) for k in names},
                    ))
                current[item.id] = item
        ids = frozenset(s.record.id if s.record is not None else s.key for s in steps)
        change = Change("import", frozenset({doc_id}), ids, description=f"Import {len(ids)} Highlights")
        if steps:
            self._do(_Command(change, steps))
        return change

    # -- palette and state -----------------------------------------------------
    def _state_dict(self) -> dict:
        if self._state is None:
            self._state = self.store.load_state()
        return self._state

    def palette(self) -> dict[str, str]:
        """colour -> the meaning the reader gave it (defaults for unset ones)."""
        saved = self._state_dict().get("palette")
        saved = saved if isinstance(saved, dict) else {}
        return {c: str(saved.get(c, DEFAULT_MEANINGS.get(c, ""))) for c in PALETTE}

    def set_color_meaning(self, color: str, meaning: str) -> Change:
        color = _normal_color(color)
        meaning = _check_text(meaning, "the colour's meaning").strip()
        self._state_writable()
        before = self.palette()[color]
        change = Change("palette", frozenset(), description="Rename Colour")
        if meaning != before:
            self._do(_Command(change, [_Step("meaning", key=color, before=before, after=meaning)]))
        return change

    def state_value(self, key: str, default: Any = None) -> Any:
        """Window state kept in state.yaml (last document, positions, geometry)."""
        return self._state_dict().get(key, default)

    def set_state(self, key: str, value: Any) -> None:
        """Not undoable. The NoteBook owns state.yaml so palette and window state never
        overwrite each other."""
        self._state_dict()[key] = value
        if not self.store.read_only:  # a second window keeps its state in memory only
            self._persist(frozenset(), links=False, state=True)

    def _state_writable(self) -> None:
        if self.store.read_only:
            raise LockedError(
                f"is in use by another Reader ({self.store.lock_holder}); settings are read-only here",
                self.store.data_dir,
            )

    # -- undo ------------------------------------------------------------------
    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_text(self) -> str:
        return self._undo[-1].change.description if self._undo else ""

    def redo_text(self) -> str:
        return self._redo[-1].change.description if self._redo else ""

    def undo(self) -> Change | None:
        if not self._undo:
            return None
        cmd = self._undo[-1]
        self._check_command(cmd)
        self._undo.pop()
        self._apply([s.inverse() for s in reversed(cmd.steps)])
        self._redo.append(cmd)
        change = Change(**{**cmd.change.__dict__, "undone": True})
        self._after(change, cmd)
        return change

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        cmd = self._redo[-1]
        self._check_command(cmd)
        self._redo.pop()
        self._apply(cmd.steps)
        self._undo.append(cmd)
        self._after(cmd.change, cmd)
        return cmd.change

    def _check_command(self, cmd: _Command) -> None:
        for doc_id in {s.doc_id for s in cmd.steps if s.doc_id}:
            self._writable(doc_id)
        if any(s.op.startswith("link") for s in cmd.steps):
            self._links_writable()
        if any(s.op == "meaning" for s in cmd.steps):
            self._state_writable()

    # -- subscribers and saving ------------------------------------------------
    def subscribe(self, callback: Callable[[Change], None]) -> Callable[[], None]:
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def dirty(self) -> bool:
        """Changes exist that are not on disk yet."""
        return bool(self._unsaved) or (self.writer is not None and self.writer.pending())

    def save_now(self) -> None:
        """Write everything now (window close, CLI); StoreError if something could not be."""
        if self.writer is not None:
            if not self.writer.flush():
                raise StoreError("some notes could not be saved; see the previous error", self.store.data_dir)
            return
        pending, self._unsaved = self._unsaved, set()
        docs = frozenset(d for kind, d in pending if kind == "notes")
        self._persist(docs, links=("links", "") in pending, state=("state", "") in pending)

    # -- internals -------------------------------------------------------------
    def _do(self, cmd: _Command) -> None:
        self._apply(cmd.steps)
        self._undo.append(cmd)
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self._after(cmd.change, cmd)

    def _after(self, change: Change, cmd: _Command) -> None:
        docs = frozenset(s.doc_id for s in cmd.steps if s.doc_id)
        links = any(s.op.startswith("link") for s in cmd.steps)
        state = any(s.op == "meaning" for s in cmd.steps)
        try:
            self._persist(docs, links=links, state=state)
        finally:
            self._notify(change)

    def _notify(self, change: Change) -> None:
        for callback in list(self._subscribers):
            callback(change)

    def _persist(self, docs: frozenset[str], *, links: bool, state: bool) -> None:
        jobs: list[tuple[tuple[str, str], Callable[[], None]]] = []
        for doc_id in docs:
            snap = self._docs[doc_id]
            if self.writer is not None:
                jobs.append((("notes", doc_id), lambda s=snap: self.writer.submit_notes(s)))  # type: ignore[union-attr]
            else:
                jobs.append((("notes", doc_id), lambda s=snap: self.store.save_notes(s)))
        if links:
            snap_links = tuple(self._links or ())
            target = self.writer.submit_links if self.writer is not None else self.store.save_links
            jobs.append((("links", ""), lambda: target(snap_links)))
        if state:
            snap_state = dict(self._state_dict())
            target_s = self.writer.submit_state if self.writer is not None else self.store.save_state
            jobs.append((("state", ""), lambda: target_s(snap_state)))
        first_error: ReaderError | None = None
        for key, job in jobs:
            try:
                job()
                self._unsaved.discard(key)
            except ReaderError as exc:
                self._unsaved.add(key)
                first_error = first_error or exc
        if first_error is not None:
            raise first_error

    def _apply(self, steps: Sequence[_Step]) -> None:
        touched_status: set[str] = set()
        for step in steps:
            op = step.op
            if op in ("insert", "remove", "fields", "docnote"):
                notes = self.notes(step.doc_id)
                hs = notes.highlights
                doc_note = notes.document_note
                if op == "insert":
                    i = min(step.index, len(hs))
                    pos = self._pos.get(step.doc_id)
                    if pos is not None and i == len(hs):  # appended: the others keep their place
                        pos[step.record.id] = i
                    else:
                        self._pos.pop(step.doc_id, None)
                    hs = (*hs[:i], step.record, *hs[i:])
                    self._where[step.record.id] = step.doc_id
                    touched_status.add(step.record.id)
                elif op == "remove":
                    pos = self._positions(step.doc_id)
                    i = pos[step.record.id]
                    if i == len(hs) - 1:  # the last one (an undone add): the others keep their place
                        del pos[step.record.id]
                    else:
                        self._pos.pop(step.doc_id, None)
                    hs = hs[:i] + hs[i + 1 :]
                    self._where.pop(step.record.id, None)
                    self._status.pop(step.record.id, None)
                elif op == "fields":
                    # O(1) lookup and a C-speed tuple copy: 10,000 highlights stay instant.
                    i = self._positions(step.doc_id)[step.key]
                    hs = (*hs[:i], hs[i].with_(**step.after), *hs[i + 1 :])
                    if "anchor" in step.after or "review" in step.after:
                        touched_status.add(step.key)
                else:
                    doc_note = step.after
                self._docs[step.doc_id] = DocumentNotes(step.doc_id, hs, doc_note)
            elif op in ("link-insert", "link-remove"):
                links = self.links()
                if op == "link-insert":
                    links.insert(min(step.index, len(links)), step.record)
                else:
                    links = [lk for lk in links if lk.id != step.record.id]
                self._links = links
            elif op == "meaning":
                state = self._state_dict()
                palette = dict(state.get("palette") or {})
                palette[step.key] = step.after
                state["palette"] = palette
        for hid in touched_status:
            h = self.highlight(hid)
            if h is not None and (h.doc_id in self._reanchored or hid in self._status):
                self._refresh_status(h)
