"""A sync's merge written into an open NoteBook (the window's): a document edited since the
sync read it is left for the next sync, so neither the edit nor the merge is lost."""

from __future__ import annotations

from ..errors import ReaderError
from ..model import DocumentNotes
from ..notes import NoteBook
from ..store import LINKS_KEY
from .engine import Plan


def flush(book: NoteBook) -> str:
    """Save what the book holds, so the files a sync reads are what the reader sees; the
    error sentence, or ""."""
    try:
        book.save_now()
    except ReaderError as exc:
        return str(exc)
    return ""


def apply_plan(book: NoteBook, plan: Plan) -> tuple[set[str], bool, list[str]]:
    """Save the planned documents and links through the store and reload them into the
    book (their undo steps go: they describe a state the merge replaced). Returns what was
    written and the error sentences."""
    error = flush(book)
    if error:
        return set(), False, [error]
    written: set[str] = set()
    errors: list[str] = []
    for doc_id, new in plan.docs.items():
        read = plan.expected.get(doc_id) or DocumentNotes(doc_id)
        if book.error_for(doc_id) is not None or book.notes(doc_id) != read:
            continue  # edited since: merged at the next sync
        try:
            book.store.save_notes(new)
        except ReaderError as exc:
            errors.append(str(exc))
            continue
        book.reload(doc_id)
        written.add(doc_id)
    links_written = False
    if plan.links is not None and book.links_error() is None and tuple(book.links()) == plan.expected_links:
        try:
            book.store.save_links(plan.links)
        except ReaderError as exc:
            errors.append(str(exc))
        else:
            book.reload(LINKS_KEY)
            links_written = True
    return written, links_written, errors
