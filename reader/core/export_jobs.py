"""Gathering what an export or import needs, shared by the CLI and the window."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .corpus import Corpus, load_corpus
from .errors import DataFileError, ReaderError, StoreError, ValidationError
from .fsutil import write_output_text
from .model import DocumentNotes, Highlight, UserLink

if TYPE_CHECKING:
    from .editorial import EditorialLayer
    from .editorial_records import GlossaryEntry, TimelineEvent
    from .notes import NoteBook
    from .study import StudyBook
    from .w3c import ImportResult
    from .w3c_study import StudyPlan

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
    user_name: str = ""  # state.yaml's ``user_name`` (Edit › Preferences): the author of exported highlights


def prepare(data_dir: Path, doc_ids: Sequence[str] = (), corpus: Corpus | None = None) -> ExportJob:
    """Load the corpus, the editorial layer and the reader's notes for ``doc_ids`` (all if empty)."""
    from .editorial import load_editorial
    from .notes import NoteBook
    from .store import NoteStore
    from .study_io import with_study

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
        user_name = store.load_state().get("user_name")
    finally:
        store.release_lock()
    editorial = with_study(load_editorial(corpus).layer, data_dir, corpus)
    name = " ".join(user_name.split()) if isinstance(user_name, str) else ""
    return ExportJob(corpus, ids, notes, links, editorial, palette, name)


def render_text(fmt: str, job: ExportJob) -> str:
    """The Markdown or W3C JSON-LD text of ``job``."""
    if fmt == "markdown":
        from .markdown_export import export_markdown

        return export_markdown(job.corpus, job.doc_ids, job.notes, job.links, job.editorial, job.palette)
    if fmt == "w3c":  # the highlights, then the reader's own glossary, timeline and links
        from .w3c_study import dumps_with_study

        glossary, timeline, links = personal_layer(job.editorial, job.links, job.doc_ids, job.corpus.ids())
        return dumps_with_study([job.notes[d] for d in job.doc_ids], job.palette, glossary, timeline, links)
    raise ValueError(fmt)  # pragma: no cover - callers only pass known formats


def personal_layer(editorial: EditorialLayer | None, links: Sequence[UserLink], doc_ids: Sequence[str],
                   all_ids: Sequence[str]) -> tuple[list[GlossaryEntry], list[TimelineEvent], list[UserLink]]:
    """The reader's own entries, events and links an export of ``doc_ids`` carries (W3C, and the
    PDF's embedded copy): all of them when it covers every document, else those touching one."""
    from .w3c_study import personal_records

    every_doc = set(doc_ids) >= set(all_ids)
    glossary, timeline = personal_records(editorial, None if every_doc else doc_ids)
    docs = set(doc_ids)
    return glossary, timeline, [lk for lk in links if every_doc or {lk.source.doc_id, lk.target.doc_id} & docs]


def write_text(fmt: str, job: ExportJob, out: Path) -> None:
    """Markdown or W3C JSON-LD of ``job``, written atomically."""
    write_output_text(out, render_text(fmt, job))


def export_text(fmt: str, out: Path, data_dir: Path, doc_ids: Sequence[str] = ()) -> None:
    """Markdown or W3C JSON-LD of the notes in ``data_dir``, written atomically."""
    write_text(fmt, prepare(data_dir, doc_ids), out)


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: annotations read, how many were new, why some were skipped;
    ``study``: the reader's own glossary entries, events and links it merged, if any."""

    name: str
    total: int
    added: int
    skipped: tuple[str, ...] = ()
    study: StudyPlan | None = None

    def counts(self) -> tuple[int, int, int, int]:
        """(highlights, glossary entries, timeline events, links) the file held."""
        from .w3c_study import GLOSSARY, LINK, TIMELINE

        found = self.study.found if self.study is not None else {}
        return self.total, found.get(GLOSSARY, 0), found.get(TIMELINE, 0), found.get(LINK, 0)

    def text(self) -> str:
        noun = "annotation" if self.total == 1 else "annotations"
        out = f"imported {self.total} {noun} from {self.name} ({self.added} new, {self.total - self.added} already present)"
        if self.study is not None and self.study.total:
            s = self.study
            out += (f", and of your own {s.describe()} ({s.added} new, {s.updated} updated, "
                    f"{s.total - s.added - s.updated} unchanged)")
        if self.skipped:
            out += f"; skipped {len(self.skipped)}: " + "; ".join(self.skipped[:5])
        return out


def read_annotations(path: Path, corpus: Corpus, read_pdf: EmbeddedReader | None = None) -> ImportResult:
    """The highlights in W3C JSON-LD, or one of our PDFs through ``read_pdf``, anchored in
    ``corpus`` (no notes touched)."""
    from . import w3c

    if path.suffix.lower() == ".pdf":
        if read_pdf is None:
            raise DataFileError("is a PDF; this caller cannot read PDFs, import it with `reader import`", path)
        return w3c.parse_annotations(read_pdf(path), corpus, source=str(path))
    return w3c.load_file(path, corpus)


def _squash(text: str) -> str:
    return "".join(text.split())


def _repeater(have: Sequence[Highlight]) -> Callable[[Highlight], bool]:
    """Whether a highlight repeats one of ``have``: its span, or its quote over an overlapping
    span, with the same note or none."""
    by_span: dict[tuple[int, int], list[Highlight]] = {}
    by_quote: dict[str, list[Highlight]] = {}
    for h in have:
        by_span.setdefault((h.start, h.end), []).append(h)
        by_quote.setdefault(_squash(h.quote), []).append(h)

    def repeats(new: Highlight) -> bool:
        note = new.note.strip()
        same = by_span.get((new.start, new.end), []) + [
            o for o in by_quote.get(_squash(new.quote), []) if o.start < new.end and new.start < o.end]
        return any(not note or note == o.note.strip() for o in same)

    return repeats


def without_repeats(book: NoteBook, by_doc: Mapping[str, Sequence[Highlight]]) -> dict[str, list[Highlight]]:
    """``by_doc`` less the highlights with an id the reader does not have that repeat one they
    have (:func:`_repeater`). Another PDF viewer's mark over a highlight kept only in the data
    dir is already there; importing it again, even from a re-saved PDF, must add nothing."""
    out: dict[str, list[Highlight]] = {}
    for doc_id, items in by_doc.items():
        have = book.notes(doc_id).highlights
        ids = {h.id for h in have}
        repeats = _repeater(have)
        out[doc_id] = [h for h in items if h.id in ids or not have or not repeats(h)]
    return out


def merge_import(book: NoteBook, result: ImportResult, name: str) -> ImportSummary:
    """Merge the highlights of ``result`` into ``book`` by id (less the :func:`without_repeats`),
    as one undo step over every document; all documents are saved together, or none. (Study
    records need the data dir: see :func:`merge_with_study`; here they are reported as skipped.)"""
    if result.study:
        why = (f"its {len(result.study)} glossary entries, timeline events or links of your own are imported "
               "by `reader import` while no window holds the data dir")
        if not result.by_doc:  # nothing else to import: say so rather than report an empty success
            raise ValidationError(f"holds no highlights; {why}", name)
        result = dataclasses.replace(result, skipped=[*result.skipped, why])
    return _merge_highlights(book, result, name)


def _merge_highlights(book: NoteBook, result: ImportResult, name: str, links: Sequence[UserLink] = ()) -> ImportSummary:
    """The highlights of ``result`` (and ``links``, by their ids) into ``book`` as one undo step."""
    before = 0
    for doc_id in result.by_doc:
        err = book.error_for(doc_id)
        if err is not None:
            raise err
        before += len(book.notes(doc_id).highlights)
    try:
        book.import_many(without_repeats(book, result.by_doc), links)
    except StoreError as exc:
        raise StoreError(f"{exc.message}; nothing was imported", exc.path) from None
    added = sum(len(book.notes(d).highlights) for d in result.by_doc) - before
    return ImportSummary(name, result.count, added, tuple(result.skipped))


def import_file(path: Path, data_dir: Path, corpus: Corpus | None = None,
                read_pdf: EmbeddedReader | None = None) -> str:
    """Read W3C JSON-LD, or one of our PDFs through ``read_pdf``, into the reader's notes;
    returns a summary line."""
    from .notes import NoteBook
    from .store import NoteStore

    corpus = corpus or load_corpus(data_dir)
    result = read_annotations(path, corpus, read_pdf)
    store = NoteStore(data_dir, kind="import")
    with store.locked():
        book = NoteBook(store, texts=lambda d: corpus.get(d).text)
        summary = merge_annotations(book, result, path.name, corpus)
    return summary.text()


def merge_annotations(book: NoteBook, result: ImportResult, name: str, corpus: Corpus,
                      study: StudyBook | None = None) -> ImportSummary:
    """The one merge of an import, for ``reader import`` and File › Import alike: highlights
    and links into ``book``, glossary entries and events into ``study`` (the window's
    ``session.study``; read from the data dir of ``book`` when None)."""
    if not result.study:
        return merge_import(book, result, name)
    return merge_with_study(book, result, name, corpus, study)


def merge_with_study(book: NoteBook, result: ImportResult, name: str, corpus: Corpus,
                     study: StudyBook | None = None) -> ImportSummary:
    """Merge highlights and the reader's own glossary entries, events and links (the data
    dir of ``book``, locked by the caller): at most one undo step in ``study`` and one in
    ``book``. Everything is checked before anything is written, and a write that fails
    undoes the ones before it: nothing is half-imported."""
    from .study import StudyBook
    from .w3c_study import plan_study

    study = study or StudyBook(book.store.data_dir, corpus)
    if study.read_only:
        raise StoreError("your glossary or timeline file cannot be read; nothing was imported",
                         study.problems[0].path)
    links = book.links()
    err = book.links_error()
    if err is not None:
        raise StoreError(f"your links file cannot be read ({err.message}); nothing was imported", err.path)
    for doc_id in result.by_doc:
        doc_err = book.error_for(doc_id)
        if doc_err is not None:
            raise doc_err
    plan = plan_study(result.study, study.glossary, study.timeline, links)
    only_highlights = dataclasses.replace(result, study=[])
    done: list[Callable[[], object]] = []  # how to take back each write made so far
    had_undo = book.can_undo()
    try:
        if plan.glossary or plan.timeline:
            study.replace_all(plan.glossary, plan.timeline, f"import {name}")
            done.append(study.undo)
        summary = _merge_highlights(book, only_highlights, name, plan.links if plan.links_changed else ())
    except StoreError as exc:
        if not had_undo and book.can_undo():  # saved without a writer, and failed part-way
            done.append(book.undo)
        message = exc.message.removesuffix("; nothing was imported")
        try:
            for undo in reversed(done):
                undo()
        except ReaderError as again:
            raise StoreError(f"{message}; undoing the part already written failed too ({again.message}), "
                             "so the import may be incomplete", exc.path) from None
        raise StoreError(f"{message}; nothing was imported", exc.path) from None
    return dataclasses.replace(summary, study=plan)


__all__ = ["EmbeddedReader", "ExportJob", "ImportSummary", "personal_layer", "prepare", "render_text", "write_text", "export_text",
           "read_annotations", "merge_annotations", "merge_import", "merge_with_study", "without_repeats", "import_file",
           "DataFileError", "ReaderError"]
