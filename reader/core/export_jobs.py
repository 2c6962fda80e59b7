"""Gathering what an export or import needs, shared by the CLI and the window."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .corpus import Corpus, load_corpus
from .errors import DataFileError, ReaderError, StoreError
from .fsutil import atomic_write_text
from .model import DocumentNotes, UserLink

if TYPE_CHECKING:
    from .editorial import EditorialLayer

EmbeddedReader = Callable[[Path], Mapping[str, Any]]
"""Reads the W3C collection embedded in one of our PDFs (``reader.pdf.annots.read_embedded_annotations``):
passed in by the CLI or window, since core imports nothing from the PDF layer."""


@dataclass
class ExportJob:
    corpus: Corpus
    doc_ids: list[str]
    notes: dict[str, DocumentNotes]
    links: list[UserLink] = field(default_factory=list)
    editorial: EditorialLayer | None = None
    palette: Mapping[str, str] = field(default_factory=dict)


def prepare(data_dir: Path, doc_ids: Sequence[str] = (), corpus: Corpus | None = None) -> ExportJob:
    """Load the corpus, the editorial layer and the reader's notes for ``doc_ids`` (all if empty)."""
    from .editorial import load_editorial
    from .notes import NoteBook
    from .store import NoteStore

    corpus = corpus or load_corpus(data_dir)
    ids = list(doc_ids) or corpus.ids()
    for doc_id in ids:
        corpus.get(doc_id)  # UnknownDocumentError names the id and the known ones
    store = NoteStore(data_dir, kind="export")
    # Re-anchored positions are saved when the data dir is free; locked or read-only, the
    # export still works from what it read. The lock is let go before the export is written.
    store.acquire_lock()
    try:
        book = NoteBook(store, texts=lambda d: corpus.get(d).text)
        notes: dict[str, DocumentNotes] = {}
        for doc_id in ids:
            book.reanchor(doc_id)
            notes[doc_id] = book.notes(doc_id)
            err = book.error_for(doc_id)
            if err is not None:
                raise err
        links, palette = list(book.links()), book.palette()
    finally:
        store.release_lock()
    editorial = load_editorial(corpus).layer
    return ExportJob(corpus, ids, notes, links, editorial, palette)


def export_text(fmt: str, out: Path, data_dir: Path, doc_ids: Sequence[str] = ()) -> None:
    """Markdown or W3C JSON-LD, written atomically."""
    job = prepare(data_dir, doc_ids)
    if fmt == "markdown":
        from .markdown_export import export_markdown

        text = export_markdown(job.corpus, job.doc_ids, job.notes, job.links, job.editorial, job.palette)
    elif fmt == "w3c":
        from .w3c import dumps_collection

        text = dumps_collection([job.notes[d] for d in job.doc_ids], palette=job.palette)
    else:  # pragma: no cover - the CLI only passes known formats
        raise ValueError(fmt)
    try:
        atomic_write_text(out, text)
    except StoreError as exc:
        raise StoreError(f"could not be written ({exc.message})", out) from None


def import_file(path: Path, data_dir: Path, corpus: Corpus | None = None,
                read_pdf: EmbeddedReader | None = None) -> str:
    """Read W3C JSON-LD, or one of our PDFs through ``read_pdf``, into the reader's notes;
    returns a summary line."""
    from . import w3c
    from .notes import NoteBook
    from .store import NoteStore

    corpus = corpus or load_corpus(data_dir)
    if path.suffix.lower() == ".pdf":
        if read_pdf is None:
            raise DataFileError("is a PDF; this caller cannot read PDFs, import it with `reader import`", path)
        result = w3c.parse_annotations(read_pdf(path), corpus, source=str(path))
    else:
        result = w3c.load_file(path, corpus)
    store = NoteStore(data_dir, kind="import")
    with store.locked():
        book = NoteBook(store, texts=lambda d: corpus.get(d).text)
        before = 0
        for doc_id in result.by_doc:
            err = book.error_for(doc_id)
            if err is not None:
                raise err
            before += len(book.notes(doc_id).highlights)
        try:
            book.import_many(result.by_doc)  # all documents are saved together, or none
        except StoreError as exc:
            raise StoreError(f"{exc.message}; nothing was imported", exc.path) from None
        added = sum(len(book.notes(d).highlights) for d in result.by_doc) - before
    total = sum(len(v) for v in result.by_doc.values())
    summary = f"imported {total} annotations from {path.name} ({added} new, {total - added} already present)"
    if result.skipped:
        summary += f"; skipped {len(result.skipped)}: " + "; ".join(result.skipped[:5])
    return summary


__all__ = ["EmbeddedReader", "ExportJob", "prepare", "export_text", "import_file", "DataFileError", "ReaderError"]
