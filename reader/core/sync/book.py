"""A sync's merge written into the open books (the window's NoteBook and StudyBook): what
was edited since the sync read it is left for the next sync, so neither the edit nor the
merge is lost."""

from __future__ import annotations

from functools import partial

from ..errors import ReaderError
from ..model import DocumentNotes
from ..notes import NoteBook
from ..store import LINKS_KEY
from ..study import StudyBook
from .engine import Plan, Written
from .run import attempt
from .state import palette_of
from .study import StudySnapshot


def flush(book: NoteBook) -> str:
    """Save what the book holds, so the files a sync reads are what the reader sees; the
    error sentence, or ""."""
    try:
        book.save_now()
    except ReaderError as exc:
        return str(exc)
    return ""


def apply_plan(book: NoteBook, study: StudyBook, plan: Plan) -> Written:
    """Save the planned documents and links through the store and reload them into the
    book (their undo steps go: they describe a state the merge replaced); hand the study
    layer to its book and the colour meanings to the notes book's state."""
    done = Written()
    error = flush(book)
    if error:
        done.errors.append(error)
        return done
    for doc_id, new in plan.docs.items():
        read = plan.expected.get(doc_id) or DocumentNotes(doc_id)
        if book.error_for(doc_id) is not None or book.notes(doc_id) != read:
            continue  # edited since: merged at the next sync
        if attempt(partial(book.store.save_notes, new), done.errors):
            book.reload(doc_id)
            done.docs.add(doc_id)
    if plan.links is not None and book.links_error() is None and tuple(book.links()) == plan.expected_links:
        done.links = attempt(partial(book.store.save_links, plan.links), done.errors)
        if done.links:
            book.reload(LINKS_KEY)
    if plan.study is not None and not study.read_only and StudySnapshot(study.glossary, study.timeline) == plan.expected_study:
        done.study = attempt(partial(study.merge_in, plan.study.glossary, plan.study.timeline), done.errors)
    if plan.palette is not None and not book.store.read_only and palette_of(book.state_value("palette")) == plan.expected_palette:
        book.set_state("palette", plan.palette)  # not an undo step: another device's choice
        done.palette = True
    return done
