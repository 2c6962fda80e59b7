"""One sync of a data dir through its notes files (the command line's ``reader sync``)."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReaderError
from ..model import UserLink
from ..store import NotesFileError, NoteStore
from .engine import LocalSnapshot, Plan, SyncEngine, SyncReport
from .folder import FolderError, check_folder
from .state import SyncFiles, remembered_folder

__all__ = ["FolderError", "SyncReport", "remember_folder", "remembered_folder", "sync_data_dir"]


def remember_folder(data_dir: Path, folder: Path) -> None:
    """Set the folder without syncing (the window's File › Sync folder…)."""
    files = SyncFiles(data_dir)
    state = files.load_state()
    folder = Path(folder).resolve()
    if state.folder != str(folder):
        state.forget_folder()
        state.folder = str(folder)
        files.save_state(state)


def read_local(store: NoteStore) -> LocalSnapshot:
    """Every notes file and links.yaml; a file that cannot be parsed is left out (and
    never written over)."""
    docs, unreadable = {}, set()
    for doc_id in store.notes_files():
        try:
            docs[doc_id] = store.load_notes(doc_id)
        except NotesFileError:
            unreadable.add(doc_id)
    try:
        links: tuple[UserLink, ...] | None = tuple(store.load_links())
    except NotesFileError:
        links = None
    return LocalSnapshot(docs, links, frozenset(unreadable))


def write_local(store: NoteStore, plan: Plan) -> tuple[set[str], bool, list[str]]:
    """Save the merged documents through the store's atomic, backed-up save."""
    written: set[str] = set()
    errors: list[str] = []
    for doc_id, notes in plan.docs.items():
        try:
            store.save_notes(notes)
        except ReaderError as exc:
            errors.append(str(exc))
        else:
            written.add(doc_id)
    links_written = False
    if plan.links is not None:
        try:
            store.save_links(plan.links)
            links_written = True
        except ReaderError as exc:
            errors.append(str(exc))
    return written, links_written, errors


def sync_data_dir(data_dir: Path, folder: Path | None = None) -> SyncReport:
    """One exchange between ``data_dir``'s notes and ``folder`` (else the remembered one),
    under the data dir's lock. FolderError when the folder cannot be used; LockedError when
    another Reader holds the data dir. Problems writing are in ``report.error``."""
    if folder is None:
        folder = remembered_folder(data_dir)
        if folder is None:
            raise FolderError("no sync folder is set for this data dir; name one")
    folder = Path(folder).resolve()
    check_folder(folder)
    store = NoteStore(data_dir, kind="sync")
    with store.locked():  # LockedError names the Reader that holds the data dir
        engine = SyncEngine(data_dir, folder)
        if engine.idle():
            return engine.idle_report()
        plan = engine.exchange(read_local(store))
        written, links_written, errors = write_local(store, plan)
        report = engine.commit(plan, written, links_written)
        if errors:
            report.error = "; ".join(filter(None, [report.error, *errors]))
        return report
