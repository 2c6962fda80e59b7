"""One sync of a data dir through its notes files (the command line's ``reader sync``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

from ..corpus import load_corpus
from ..errors import ReaderError
from ..model import UserLink
from ..store import NotesFileError, NoteStore
from ..study import MY_GLOSSARY, MY_TIMELINE, StudyBook
from .engine import LocalSnapshot, Plan, SyncEngine, SyncReport, Written
from .folder import FolderError, check_folder
from .state import SyncFiles, read_palette, remembered_folder
from .study import StudySnapshot, Texts, study_snapshot

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


def read_local(store: NoteStore, texts: Texts | None = None,
               study: tuple[StudySnapshot | None, tuple[Path, ...]] = (None, ())) -> LocalSnapshot:
    """Every notes file, links.yaml, the colour meanings and (given the texts) the study
    layer; a file that cannot be parsed is left out (and never written over)."""
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
    palette = read_palette(store.data_dir)
    left_out = study[1] + (() if palette is not None else (store.state_path,))
    return LocalSnapshot(docs, links, frozenset(unreadable), study[0], palette, texts, left_out)


def write_local(store: NoteStore, plan: Plan, study: Callable[[], StudyBook]) -> Written:
    """Save the merged documents through the store's atomic, backed-up save, the study
    layer through its book, the colour meanings into state.yaml."""
    done = Written()
    for doc_id, notes in plan.docs.items():
        if attempt(partial(store.save_notes, notes), done.errors):
            done.docs.add(doc_id)
    if plan.links is not None:
        done.links = attempt(partial(store.save_links, plan.links), done.errors)
    if plan.study is not None:
        done.study = attempt(partial(study().merge_in, plan.study.glossary, plan.study.timeline), done.errors)
    if plan.palette is not None:
        done.palette = attempt(partial(_save_palette, store, plan.palette), done.errors)
    return done


def _save_palette(store: NoteStore, palette: dict[str, str]) -> None:
    state = store.load_state()
    state["palette"] = palette
    store.save_state(state)


def attempt(job: Callable[[], object], errors: list[str]) -> bool:
    """Run one write; its error sentence goes to ``errors``."""
    try:
        job()
    except ReaderError as exc:
        errors.append(str(exc))
        return False
    return True


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
        # The texts (a big library takes a while) only when there is a study layer to check.
        texts = cache(partial(load_corpus, data_dir))
        book = cache(lambda: StudyBook(data_dir, texts()))
        mine = any((data_dir / name).exists() for name in (MY_GLOSSARY, MY_TIMELINE))
        plan = engine.exchange(read_local(store, texts, study_snapshot(book()) if mine else (StudySnapshot(), ())))
        return engine.commit(plan, write_local(store, plan, book))
