"""One exchange with the shared folder: local edits in, other devices' updates merged in,
the merged records handed back for the notes files.

The caller reads the notes (:class:`LocalSnapshot`), calls :meth:`SyncEngine.exchange`,
writes the planned documents back through the store (or the NoteBook, in the window) and
then :meth:`SyncEngine.commit`\\ s what it wrote: only written documents move the baseline,
so a document edited meanwhile, or one whose file could not be read, is merged next time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..editorial_records import GlossaryEntry, TimelineEvent
from ..errors import StoreError
from ..model import PALETTE, DocumentNotes, Highlight, UserLink, now_iso
from . import folder as shared
from .records import highlight_fields, highlight_from, link_fields, link_from
from .replica import RECORD_ROOTS, Mirror, Replica, Scope, covers
from .state import STATE_FILE, SyncFiles, device_id, new_client_id, read_palette
from .study import StudyMerge, StudySnapshot, Texts, merge_root, study_fields

COMPACT_AFTER = 16
"""This device's delta files in the folder before they are replaced by one full file."""


@dataclass
class LocalSnapshot:
    """The notes as this device holds them now."""

    docs: dict[str, DocumentNotes]  # every readable notes file
    links: tuple[UserLink, ...] | None  # None: links.yaml could not be read
    unreadable: frozenset[str] = frozenset()  # doc ids whose notes file is broken: not touched
    study: StudySnapshot | None = None  # None: a study file could not be read (or no corpus)
    palette: dict[str, str] | None = None  # colour meanings set in state.yaml; None: unreadable
    texts: Texts | None = None  # this device's texts: study records are checked against them
    left_out: tuple[Path, ...] = ()  # local files that cannot be read: not synced, not touched

    def mirror(self) -> Mirror:
        m = Mirror()
        for notes in self.docs.values():
            for h in notes.highlights:
                m.highlights[h.id] = highlight_fields(h)
            if notes.document_note:
                m.doc_notes[notes.doc_id] = notes.document_note
        for link in self.links or ():
            m.links[link.id] = link_fields(link)
        if self.study is not None:
            for root in ("glossary", "timeline"):
                m.records(root).update((r.id, study_fields(r)) for r in self.study.records(root))
        m.palette = dict(self.palette or {})
        return m

    def scope(self) -> Scope:
        return Scope(frozenset(self.docs), self.links is not None,
                     self.study is not None and self.texts is not None, self.palette is not None)


@dataclass
class SyncReport:
    folder: Path
    sent: int = 0  # records changed here, now in this device's file in the folder
    received: int = 0  # update files of other devices taken in
    merged: int = 0  # records changed in this device's notes by the merge
    revived: int = 0  # deleted on one device while edited on another: kept for review
    waiting: int = 0  # files that build on others not arrived yet
    skipped: dict[str, str] = field(default_factory=dict)  # file -> why
    error: str = ""  # this device's changes could not be written to the folder
    idle: bool = False
    left_out: tuple[Path, ...] = ()  # local files that cannot be read: not synced, not touched

    def summary(self) -> str:
        line = (f"synced with {self.folder}: sent {self.sent}, received {self.received}, "
                f"merged {self.merged}, skipped {len(self.skipped)}")
        if self.revived:
            line += (f"; {self.revived} deleted on one device while edited on another: "
                     "kept, flagged for review")
        if self.waiting:
            line += f"; {self.waiting} waiting for earlier files"
        return line

    def warnings(self) -> list[str]:
        return [*(f"skipped {self.folder / name}: it {why}; it will be tried again at the next sync"
                  for name, why in sorted(self.skipped.items())),
                *(f"{path} cannot be read, so what it holds was not synced (it is left as it is; "
                  "`reader check` names the line to fix)" for path in self.left_out)]


@dataclass
class Plan:
    """What the notes files should become; ``expected`` is what was read (a document
    changed since is left for the next sync)."""

    report: SyncReport
    docs: dict[str, DocumentNotes]
    expected: dict[str, DocumentNotes | None]
    links: tuple[UserLink, ...] | None
    merged: Mirror
    scope: Scope
    expected_links: tuple[UserLink, ...] | None = None
    study: StudySnapshot | None = None  # the glossary and timeline to write, if they changed
    expected_study: StudySnapshot | None = None
    palette: dict[str, str] | None = None  # the colour meanings to write, if they changed
    expected_palette: dict[str, str] | None = None
    incomplete: bool = False  # a merged record could not be checked: read everything next time
    held: dict[str, list[str]] | None = None  # study records this device's texts refused (None: not checked)
    local: Mirror = field(default_factory=Mirror)  # the records as read (now in the replica too)


@dataclass
class Written:
    """What of a plan reached the local files (only that moves the baseline)."""

    docs: set[str] = field(default_factory=set)
    links: bool = False
    study: bool = False
    palette: bool = False
    errors: list[str] = field(default_factory=list)  # sentences: what could not be written


class SyncEngine:
    """The sync state of one data dir with one folder (kept alive by the window)."""

    def __init__(self, data_dir: Path, folder: Path) -> None:
        self.files = SyncFiles(data_dir)
        self.folder = Path(folder)
        self.state = self.files.load_state()
        self.device = device_id(data_dir)
        if self.state.folder != str(self.folder) or self.state.device != self.device:
            self.state.forget_folder()
            self.state.folder, self.state.device = str(self.folder), self.device
        self._replica: Replica | None = None
        self._baseline: Mirror | None = None
        self._own_seq = 0

    # -- the quick check ---------------------------------------------------------
    def idle(self) -> bool:
        """Nothing new in the folder and no notes file changed since the last exchange."""
        st = self.state
        if st.unsent or not st.last_sync:
            return False
        if st.held and self.files.texts_signature() != st.held_texts:
            return False  # a text was added: the records held back for want of one may fit now
        listing = {f.name: f.signature for f in shared.list_updates(self.folder)}
        if listing != st.listing:
            return False
        local = self.files.local_signatures()
        if local == st.local:
            return True
        # state.yaml also holds window state (positions, geometry): only its palette counts.
        rest = {k: v for k, v in local.items() if k != STATE_FILE}
        if rest != {k: v for k, v in st.local.items() if k != STATE_FILE} or read_palette(self.files.data_dir) != st.palette:
            return False
        st.local = local
        self.files.save_state(st)
        return True

    def idle_report(self) -> SyncReport:
        return SyncReport(self.folder, skipped=dict(self.state.skipped), idle=True)

    # -- the exchange ------------------------------------------------------------
    def _load(self) -> tuple[Replica, Mirror]:
        if self._replica is None:
            replica = self.files.load_replica(self.state.client_id)
            if replica is None:  # none yet, or damaged: rebuild it from the notes files
                self.state.client_id = new_client_id()
                self.state.forget_folder()
                replica = Replica(self.state.client_id)
                # Everything it will hold comes from the notes files or this exchange's
                # updates, so reading back only what the updates touched is complete.
                self._baseline, self.state.full_next = Mirror(), False
            self._replica = replica
        if self._baseline is None:
            self._baseline = self.files.load_baseline()
            if self._baseline is None:
                self._baseline, self.state.full_next = Mirror(), True
        return self._replica, self._baseline

    def exchange(self, local: LocalSnapshot) -> Plan:
        """Merge; StoreError when the replica cannot be saved (then nothing else happened
        that matters: the notes files are untouched)."""
        shared.check_folder(self.folder)
        replica, base = self._load()
        report = SyncReport(self.folder, left_out=local.left_out)
        scope = local.scope()
        local_mirror = local.mirror()
        # Others' updates first: a record this device also has (an import of the same file,
        # a rebuilt replica) then gets field edits, not a rival copy of the whole record.
        self._take_in(replica, report)
        sent = replica.record_local(base, local_mirror, scope)
        for root, ids in self.state.held.items():  # checked again, as if another device had touched them
            replica.touched.get(root, set()).update(ids)
        # Normally only what others touched is read back (10,000 records cost 0.4 s); after
        # a merge that did not reach the notes files, or a rebuilt state, everything is.
        view = None if self.state.full_next else _view(base, local_mirror, scope)
        merged, report.revived = replica.materialise(view)
        everything = replica.encode()
        self.files.save_replica(everything)
        self._send(replica, report, sent + report.revived, everything)
        return self._plan(report, local, local_mirror, merged, scope)

    def _take_in(self, replica: Replica, report: SyncReport) -> None:
        st = self.state
        listing = shared.list_updates(self.folder)
        todo = [f for f in listing if f.name not in st.own and st.seen.get(f.name) != f.signature]
        st.skipped = {}
        progress = True
        while todo and progress:  # a file may build on one that comes later in the list
            progress = False
            waiting = []
            for f in todo:
                try:
                    update = shared.read_update(self.folder, f)
                except shared.DamagedFile as exc:
                    st.skipped[f.name] = str(exc)
                    continue
                have = replica.state()
                if covers(have, update.end):
                    st.seen[f.name] = f.signature  # nothing we do not have
                    continue
                if not covers(have, update.base):
                    waiting.append(f)
                    continue
                try:
                    replica.apply(update.payload)
                except ValueError:
                    st.skipped[f.name] = "is damaged (its update cannot be decoded)"
                    continue
                st.seen[f.name] = f.signature
                report.received += 1
                progress = True
            todo = waiting
        report.waiting = len(todo)
        report.skipped = dict(st.skipped)
        # After a lost state.json, go on from this device's highest file, not over it.
        self._own_seq = max((f.seq for f in listing if f.device == self.device), default=0)
        names = {f.name for f in listing}
        sizes = {f.name: f.signature[0] for f in listing}
        if any(sizes.get(name) != size for name, size in st.own.items()):
            st.sent = {}  # ours were removed or damaged in the folder: write everything again
        st.seen = {k: v for k, v in st.seen.items() if k in names}

    def _send(self, replica: Replica, report: SyncReport, changes: int, everything: bytes) -> None:
        st = self.state
        now = replica.state()
        if now == st.sent:
            st.unsent = False
            return
        full = not st.sent or len(st.own) >= COMPACT_AFTER
        update = shared.Update(
            self.device, max(st.seq, self._own_seq) + 1, "full" if full else "delta", {} if full else dict(st.sent), now,
            everything if full else replica.encode(st.sent),
        )
        try:
            name, size = shared.write_update(self.folder, update)
        except StoreError as exc:
            st.unsent, report.error = True, str(exc)
            return
        if full:
            shared.remove_own(self.folder, list(st.own))
            st.own = {}
        st.own[name] = size
        st.seq, st.sent, st.unsent = update.seq, now, False
        report.sent = changes

    def _plan(self, report: SyncReport, local: LocalSnapshot, local_mirror: Mirror, merged: Mirror,
              scope: Scope) -> Plan:
        read = {h.id: h for notes in local.docs.values() for h in notes.highlights}
        by_doc: dict[str, list[Highlight]] = {}
        good = Mirror(doc_notes=merged.doc_notes)
        changed: dict[str, int] = {}  # doc id -> records that differ from the notes file
        for hid, f in merged.highlights.items():
            mine = local_mirror.highlights.get(hid)
            h = read.get(hid) if mine == f else None  # unchanged: the record as read
            if h is None:
                try:
                    h = highlight_from(hid, f)
                except (ValueError, KeyError, TypeError):
                    continue  # a record this version cannot read stays in the replica only
                changed[h.doc_id] = changed.get(h.doc_id, 0) + 1
            by_doc.setdefault(h.doc_id, []).append(h)
            good.highlights[hid] = f
        for hid, f in local_mirror.highlights.items():
            if hid not in good.highlights:
                changed[f["doc"]] = changed.get(f["doc"], 0) + 1
        docs: dict[str, DocumentNotes] = {}
        expected: dict[str, DocumentNotes | None] = {}
        for doc_id in sorted(set(by_doc) | set(merged.doc_notes) | set(local.docs)):
            if doc_id in local.unreadable:
                continue  # a file we cannot parse is never written over
            hs = tuple(sorted(by_doc.get(doc_id, ()), key=lambda h: (h.created, h.id)))
            note = merged.doc_notes.get(doc_id, "")
            old = local.docs.get(doc_id)
            if old is None and not hs and not note:
                continue
            if old is None or old.highlights != hs or old.document_note != note:
                docs[doc_id] = DocumentNotes(doc_id, hs, note)
                expected[doc_id] = old
                report.merged += changed.get(doc_id, 0) + (old is None or old.document_note != note)
        links: tuple[UserLink, ...] | None = None
        good_links: dict[str, UserLink] = {}
        for lid, f in merged.links.items():
            try:
                good_links[lid] = link_from(lid, f)
            except (ValueError, KeyError, TypeError):
                continue
            good.links[lid] = f
        if local.links is not None:
            new_links = tuple(sorted(good_links.values(), key=lambda lk: (lk.created, lk.id)))
            if new_links != local.links:
                links = new_links
                report.merged += _changed(local_mirror.links, good.links)
        plan = Plan(report, docs, expected, links, good, scope, local.links, local=local_mirror)
        self._plan_study(plan, local, local_mirror, merged)
        if local.palette is not None:
            good.palette = {c: m for c, m in merged.palette.items() if c in PALETTE}
            palette = {**local.palette, **good.palette}
            if palette != local.palette:
                plan.palette, plan.expected_palette = palette, local.palette
                report.merged += _changed(local.palette, palette)
        return plan

    def _plan_study(self, plan: Plan, local: LocalSnapshot, local_mirror: Mirror, merged: Mirror) -> None:
        if local.study is None or local.texts is None:
            return
        parts: dict[str, StudyMerge] = {}
        for root in ("glossary", "timeline"):
            parts[root] = merge_root(root, local.study.records(root), local_mirror.records(root),
                                     merged.records(root), local.texts, self.files.dir)
            setattr(plan.merged, root, parts[root].fields)
        plan.incomplete = any(p.incomplete for p in parts.values())
        plan.held = {root: list(p.held) for root, p in parts.items() if p.held}
        new = StudySnapshot(tuple(r for r in parts["glossary"].records if isinstance(r, GlossaryEntry)),
                            tuple(r for r in parts["timeline"].records if isinstance(r, TimelineEvent)))
        if new != local.study:  # also when only the order differs: every device keeps id order
            plan.study, plan.expected_study = new, local.study
            plan.report.merged += sum(p.changed for p in parts.values())

    # -- after the notes were written ----------------------------------------------
    def commit(self, plan: Plan, done: Written) -> SyncReport:
        """Move the baseline for what the local files now hold, and remember the folder."""
        _, old = self._load()
        written = done.docs
        settled = (set(plan.scope.docs) - set(plan.docs)) | written
        base = Mirror(
            {h: f for h, f in old.highlights.items() if f.get("doc") not in settled},
            dict(old.links), {d: t for d, t in old.doc_notes.items() if d not in settled},
        )
        for hid, f in plan.merged.highlights.items():
            if f.get("doc") in settled:
                base.highlights[hid] = f
        for doc_id, text in plan.merged.doc_notes.items():
            if doc_id in settled:
                base.doc_notes[doc_id] = text
        # A root not written still holds what was read, and the replica has that now: an
        # edit made since is then told from it (these records have no stamp to go by).
        for root, ok, planned in (("links", done.links, plan.links), ("glossary", done.study, plan.study),
                                  ("timeline", done.study, plan.study), ("palette", done.palette, plan.palette)):
            read = plan.scope.covers(root)
            source = plan.merged if ok or (read and planned is None) else plan.local if read else old
            setattr(base, root, dict(getattr(source, root)))
        self._baseline = base
        self.state.full_next = (bool(set(plan.docs) - written) or (plan.links is not None and not done.links)
                                or (plan.study is not None and not done.study)
                                or (plan.palette is not None and not done.palette) or plan.incomplete)
        if plan.held is not None:
            self.state.held, self.state.held_texts = plan.held, self.files.texts_signature() if plan.held else []
        self.files.save_baseline(base)
        self.finish()
        if done.errors:
            plan.report.error = "; ".join(filter(None, [plan.report.error, *done.errors]))
        return plan.report

    def finish(self) -> None:
        """Record the folder and the notes files as they are now (the next idle check)."""
        st = self.state
        st.listing = {f.name: f.signature for f in shared.list_updates(self.folder)}
        st.local = self.files.local_signatures()
        st.palette = read_palette(self.files.data_dir)
        st.last_sync = now_iso()
        self.files.save_state(st)


def _view(base: Mirror, local: Mirror, scope: Scope) -> Mirror:
    """The records as this device's files hold them: what it read, and the baseline for
    what it could not read."""
    highlights = {h: f for h, f in base.highlights.items() if f.get("doc") not in scope.docs}
    highlights.update(local.highlights)
    out = Mirror(highlights)
    for root in RECORD_ROOTS[1:]:
        setattr(out, root, dict((local if scope.covers(root) else base).records(root)))
    return out


def _changed(a: Mapping[str, object], b: Mapping[str, object]) -> int:
    return sum(1 for k in a.keys() | b.keys() if a.get(k) != b.get(k))
