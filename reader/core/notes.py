"""The reader's notes as operations with undo: the NoteBook the window and the CLI call."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from .anchor import Anchor, resolve, resolve_many
from .errors import NotesFileError, ReaderError, StoreError
from .hashtags import retag
from .model import (
    DEFAULT_COLOR,
    DEFAULT_MEANINGS,
    PALETTE,
    AnchorStatus,
    DocumentNotes,
    Highlight,
    UserLink,
    new_id,
    now_iso,
)
from .note_links import LinkOps
from .note_steps import Change, Command, Step, check_text, normal_color, normal_tags, plan_import
from .notes_codec import MAX_FILE_BYTES, TooLargeError
from .store import LINKS_KEY, NoteStore
from .writer import BackgroundWriter

__all__ = ["UNDO_LIMIT", "Change", "NoteBook"]

UNDO_LIMIT = 1000


class NoteBook(LinkOps):
    """All personal notes of one data dir, loaded lazily per document. Each operation validates,
    pushes one undo step, hands the snapshot to the writer and tells subscribers what changed."""

    def __init__(
        self,
        store: NoteStore,
        writer: BackgroundWriter | None = None,
        texts: Callable[[str], str] | None = None,
    ) -> None:
        self.store = store
        self.writer = writer
        self._texts = texts
        self._docs: dict[str, DocumentNotes] = {}
        self._errors: dict[str, NotesFileError] = {}
        self._where: dict[str, str] = {}  # hid -> doc id
        self._pos: dict[str, dict[str, int]] = {}  # doc id -> hid -> index (rebuilt lazily)
        self._status: dict[str, AnchorStatus] = {}
        self._reanchored: set[str] = set()
        self._links: list[UserLink] | None = None
        self._links_error: NotesFileError | None = None
        self._state: dict[str, Any] | None = None
        self._undo: list[Command] = []
        self._redo: list[Command] = []
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
            keep: Callable[[Command], bool] = lambda cmd: not any(s.op.startswith("link") for s in cmd.steps)  # noqa: E731
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

    def highlight(self, hid: str) -> Highlight | None:
        """A highlight of any document loaded so far."""
        doc_id = self._where.get(hid)
        if doc_id is None:
            return None
        i = self._positions(doc_id).get(hid)
        return None if i is None else self._docs[doc_id].highlights[i]

    def _positions(self, doc_id: str, hs: Sequence[Highlight] | None = None) -> dict[str, int]:
        """hid -> index in the document's highlights (or in ``hs``, a batch being applied)."""
        pos = self._pos.get(doc_id)
        if pos is None:
            seq = self._docs[doc_id].highlights if hs is None else hs
            pos = self._pos[doc_id] = {h.id: i for i, h in enumerate(seq)}
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
            raise self.store.lock.refusal("notes are read-only here")

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
            id=new_id("h"), doc_id=doc_id, anchor=anchor, color=normal_color(color),
            note=check_text(note, "the note"), tags=normal_tags(tags), created=stamp, modified=stamp,
        )
        index = len(self.notes(doc_id).highlights)
        change = Change("add", frozenset({doc_id}), frozenset({h.id}), description="Highlight")
        self._do(Command(change, [Step("insert", doc_id, h, index)]))
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
        self._do(Command(change, [Step("fields", h.doc_id, key=hid, before=before, after=after)]))
        return change

    def set_note(self, hid: str, text: str) -> Change:
        """The note's #tags follow it into the highlight's tags (core.hashtags.retag)."""
        h = self._require(hid)
        text = check_text(text, "the note")
        return self._edit(hid, "note", "Edit Note", note=text, tags=normal_tags(retag(h.tags, h.note, text)))

    def set_tags(self, hid: str, tags: Sequence[str]) -> Change:
        """Tags are stripped, de-duplicated (first one kept) and empty ones dropped."""
        return self._edit(hid, "tags", "Edit Tags", tags=normal_tags(tags))

    def set_color(self, hid: str, color: str) -> Change:
        return self._edit(hid, "color", "Change Colour", color=normal_color(color))

    def delete_highlight(self, hid: str) -> Change:
        h = self._require(hid)
        self._writable(h.doc_id)
        index = self._positions(h.doc_id)[hid]
        change = Change("delete", frozenset({h.doc_id}), frozenset({hid}), description="Delete Highlight")
        self._do(Command(change, [Step("remove", h.doc_id, h, index)]))
        return change

    def set_document_note(self, doc_id: str, text: str) -> Change:
        self._writable(doc_id)
        before = self.notes(doc_id).document_note
        change = Change("document-note", frozenset({doc_id}), description="Edit Document Note")
        text = check_text(text, "the document note")
        if text != before:
            self._do(Command(change, [Step("docnote", doc_id, before=before, after=text)]))
        return change

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
                    moved[h.id] = h.with_(anchor=new, review=True, review_reason="moved")
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
        return self._edit(hid, "reattach", "Attach Here", anchor=anchor, review=False, review_reason="moved")

    def confirm_review(self, hid: str) -> Change:
        return self._edit(hid, "review", "Confirm Position", review=False, review_reason="moved")

    def orphans(self, doc_id: str) -> list[Highlight]:
        return [h for h in self.notes(doc_id).highlights if self.status(h.id) == "orphan"]

    # -- import --------------------------------------------------------------
    def import_highlights(self, doc_id: str, items: Sequence[Highlight]) -> Change:
        """``import_many`` for one document."""
        return self.import_many({doc_id: items})

    def import_many(self, by_doc: Mapping[str, Sequence[Highlight]], links: Sequence[UserLink] = ()) -> Change:
        """Merge by id, as one undo step over every document (and ``links``, by their own
        ids: ``link_import_steps``): new ids are added; a known
        id is replaced only when the incoming ``modified`` is newer. Importing the same file
        twice is a no-op. All or nothing: a document whose notes file would grow past what
        Reader can read back refuses the whole import (StoreError naming it), and without
        a writer every document is saved together or none is."""
        steps: list[Step] = []
        where = dict(self._where)  # with the ids this import adds to earlier documents
        for doc_id, items in by_doc.items():
            self._writable(doc_id)
            notes = self.notes(doc_id)
            planned, after = plan_import(doc_id, notes.highlights, where, items)
            where.update((s.highlight.id, doc_id) for s in planned if s.op == "insert")
            if planned:
                try:
                    self.store.encode_notes(DocumentNotes(doc_id, after, notes.document_note))
                except TooLargeError as exc:
                    raise StoreError(
                        f"cannot import these annotations: the notes of {doc_id} would be {exc.size:,} bytes, "
                        f"over the {MAX_FILE_BYTES:,} bytes a notes file may hold",
                        exc.path,
                    ) from None
            steps.extend(planned)
        ids = frozenset(s.highlight.id if s.record is not None else s.key for s in steps)
        link_steps = self.link_import_steps(links)
        docs = frozenset(s.doc_id for s in steps) | {d for s in link_steps for d in (s.link.source.doc_id,
                                                                                      s.link.target.doc_id)}
        change = Change("import", docs or frozenset(by_doc), ids, link_ids=frozenset(s.link.id for s in link_steps),
                        description=f"Import {len(ids)} Highlights")
        steps.extend(link_steps)
        if steps:
            self._do(Command(change, steps))
        return change

    # -- palette and state -----------------------------------------------------
    def _state_dict(self) -> dict[str, Any]:
        if self._state is None:
            self._state = self.store.load_state()
        return self._state

    def palette(self) -> dict[str, str]:
        """colour -> the meaning the reader gave it (defaults for unset ones)."""
        saved = self._state_dict().get("palette")
        saved = saved if isinstance(saved, dict) else {}
        return {c: str(saved.get(c, DEFAULT_MEANINGS.get(c, ""))) for c in PALETTE}

    def set_color_meaning(self, color: str, meaning: str) -> Change:
        color = normal_color(color)
        meaning = check_text(meaning, "the colour's meaning").strip()
        self._state_writable()
        before = self.palette()[color]
        change = Change("palette", frozenset(), description="Rename Colour")
        if meaning != before:
            self._do(Command(change, [Step("meaning", key=color, before=before, after=meaning)]))
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
            raise self.store.lock.refusal("settings are read-only here")

    # -- undo ------------------------------------------------------------------
    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_text(self) -> str:
        return self._undo[-1].change.description if self._undo else ""

    def top_step(self, redo: bool = False) -> int | None:
        """The id of the step Undo (``redo``: Redo) would take; it stays with that step while
        it moves between the two lists, so a caller can tell a step it saw made."""
        stack = self._redo if redo else self._undo
        return stack[-1].serial if stack else None

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

    def _check_command(self, cmd: Command) -> None:
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
    def _do(self, cmd: Command) -> None:
        self._apply(cmd.steps)
        self._undo.append(cmd)
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self._after(cmd.change, cmd)

    def _after(self, change: Change, cmd: Command) -> None:
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
        jobs: list[tuple[frozenset[tuple[str, str]], Callable[[], None]]] = []
        writer = self.writer
        snaps = [self._docs[doc_id] for doc_id in sorted(docs)]
        if writer is not None:
            for snap in snaps:
                jobs.append((frozenset({("notes", snap.doc_id)}), partial(writer.submit_notes, snap)))
        elif snaps:  # all documents of one operation are saved together or not at all
            keys = frozenset(("notes", s.doc_id) for s in snaps)
            jobs.append((keys, lambda: self.store.save_notes_together(snaps)))
        if links:
            snap_links = tuple(self._links or ())
            target = writer.submit_links if writer is not None else self.store.save_links
            jobs.append((frozenset({("links", "")}), lambda: target(snap_links)))
        if state:
            snap_state = dict(self._state_dict())
            target_s = writer.submit_state if writer is not None else self.store.save_state
            jobs.append((frozenset({("state", "")}), lambda: target_s(snap_state)))
        first_error: ReaderError | None = None
        for keys, job in jobs:
            try:
                job()
                self._unsaved -= keys
            except ReaderError as exc:
                self._unsaved |= keys
                first_error = first_error or exc
        if first_error is not None:
            raise first_error

    def _apply(self, steps: Sequence[Step]) -> None:
        """Apply steps in one pass: each document's highlights are edited as one list and
        frozen once at the end, so a batch of 100,000 inserts costs linear time."""
        work: dict[str, list[Highlight]] = {}
        doc_notes: dict[str, str] = {}
        touched_status: dict[str, str] = {}  # hid -> doc id
        for step in steps:
            op = step.op
            if op in ("insert", "remove", "fields", "docnote"):
                doc_id = step.doc_id
                hs = work.get(doc_id)
                if hs is None:
                    notes = self.notes(doc_id)
                    hs = work[doc_id] = list(notes.highlights)
                    doc_notes[doc_id] = notes.document_note
                if op == "insert":
                    h = step.highlight
                    i = min(step.at, len(hs))
                    pos = self._pos.get(doc_id)
                    if pos is not None and i == len(hs):  # appended: the others keep their place
                        pos[h.id] = i
                    else:
                        self._pos.pop(doc_id, None)
                    hs.insert(i, h)
                    self._where[h.id] = doc_id
                    touched_status[h.id] = doc_id
                elif op == "remove":
                    h = step.highlight
                    pos = self._positions(doc_id, hs)
                    i = pos[h.id]
                    if i == len(hs) - 1:  # the last one (an undone add): the others keep their place
                        del pos[h.id]
                    else:
                        self._pos.pop(doc_id, None)
                    del hs[i]
                    self._where.pop(h.id, None)
                    self._status.pop(h.id, None)
                elif op == "fields":
                    i = self._positions(doc_id, hs)[step.key]
                    hs[i] = hs[i].with_(**step.after)
                    if "anchor" in step.after or "review" in step.after:
                        touched_status[step.key] = doc_id
                else:
                    doc_notes[doc_id] = step.after
            elif op in ("link-insert", "link-remove"):
                links = self.links()
                if op == "link-insert":
                    links.insert(min(step.at, len(links)), step.link)
                else:
                    links = [lk for lk in links if lk.id != step.link.id]
                self._links = links
            elif op == "meaning":
                state = self._state_dict()
                palette = dict(state.get("palette") or {})
                palette[step.key] = step.after
                state["palette"] = palette
        for doc_id, hs in work.items():
            self._docs[doc_id] = DocumentNotes(doc_id, tuple(hs), doc_notes[doc_id])
        for hid, doc_id in touched_status.items():
            if doc_id in self._reanchored or hid in self._status:
                found = self.highlight(hid)
                if found is not None:
                    self._refresh_status(found)
