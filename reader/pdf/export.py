"""The annotated PDF export: runs the steps and writes the file.

Pipeline (each step in its own module so it can be tested and measured on its own):

1. ``plan`` resolves the highlights and numbers the notes (no Qt);
2. ``edition.Edition`` typesets one or more QTextDocuments (title page, documents,
   endnotes, ``appendices``) and Qt paginates them one at a time (``layout``: a laid-out
   text costs ~95 bytes a character, so only two chunks keep their layout); ``annotate``
   asks (``geometry``) for the line rectangles of every highlight, link and note mark;
3. QPdfWriter paints each page (``paint``: tint, text, running header and footer), each
   chunk laid out again just before its pages, its questions answered, then freed;
4. ``annots.finish_pdf`` appends native ``/Highlight`` and ``/Link`` annotations, the
   outline, metadata and the W3C JSON attachment as an incremental update.

Threading: QPdfWriter and QTextDocument need a QGuiApplication, which Qt only lets the
main thread create. :func:`export_pdf` creates one (``app.ensure_gui_app``) when none
exists, so call it on the main thread the first time; the CLI does. Once the
application exists an export may run in a QThread (tested; a plain Python thread makes
Qt's text layout warn about a missing event dispatcher), which is how a window can stay
responsive and show progress. The output goes through ``fsutil.output_stream`` (Qt's
pages to a scratch file beside it): the target is replaced only when everything
succeeded, so a cancelled, failed or interrupted export never leaves a partial file
with the target's name, nor touches an existing one, and its temp files are removed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.corpus import Corpus
from reader.core.document import Document
from reader.core.errors import StoreError
from reader.core.fsutil import output_stream, scratch_path
from reader.core.model import DocumentNotes, UserLink

from .annots import ATTACHMENT_NAME, IncompletePdf, finish_pdf, read_embedded_annotations
from .app import collection_paused, ensure_gui_app
from .edition import ExportOptions
from .plan import pdf_date
from .sources import EditorialSource

__all__ = [
    "ATTACHMENT_NAME",
    "ExportCancelled",
    "ExportOptions",
    "ExportReport",
    "ensure_gui_app",
    "export_pdf",
    "pdf_metadata",
    "read_embedded_annotations",
]

Progress = Callable[[int, int, str], bool]


class ExportCancelled(Exception):
    """The progress callback asked to stop; nothing was written at the target path."""


@dataclass
class ExportReport:
    path: Path
    pages: int
    highlights: int
    annotations_written: int
    seconds: float


def export_pdf(
    out: Path,
    corpus: Corpus,
    doc_ids: Sequence[str],
    notes: Mapping[str, DocumentNotes],
    *,
    links: Sequence[UserLink] = (),
    editorial: EditorialSource | None = None,
    palette: Mapping[str, str] | None = None,
    options: ExportOptions = ExportOptions(),  # noqa: B008 - frozen dataclass, safe default
    progress: Progress | None = None,
) -> ExportReport:
    """Write the annotated PDF of ``doc_ids`` (all documents when empty) to ``out``.

    ``progress(done, total, label)`` is called throughout (``total`` is 0 while it is not
    known yet); returning False cancels: ExportCancelled is raised and ``out`` is left as
    it was. Raises UnknownDocumentError for an unknown id, StoreError when the file
    cannot be written, ValueError for an unknown page size.
    """
    t0 = time.perf_counter()
    out = Path(out)

    def tick(done: int, total: int, label: str) -> None:
        if progress is not None and progress(done, total, label) is False:
            raise ExportCancelled(f"export to {out} cancelled")

    docs = [corpus.get(d) for d in dict.fromkeys(doc_ids or corpus.ids())]
    tick(0, 0, "Preparing")
    ensure_gui_app()
    from .render import render_edition

    with collection_paused(), output_stream(out) as fh, scratch_path(out) as tmp_qt:
        ed = render_edition(tmp_qt, docs, notes, links, editorial, palette or {}, options, tick)

        def tick_annots(done: int, total: int) -> None:
            tick(ed.pages + round(ed.annot_steps * done / max(total, 1)), ed.total, "Adding annotations")

        attachment = (_attachment(docs, notes, palette or {}, links, editorial, corpus.ids())
                      if options.include_notes else None)
        try:
            written = finish_pdf(
                tmp_qt, fh,
                highlights=ed.highlight_annots, links=ed.link_annots, outline=ed.outline,
                metadata=pdf_metadata(docs, options.title), attachment=attachment, tick=tick_annots,
            )
        except IncompletePdf:
            raise StoreError("could not be written (the pages Qt wrote are incomplete: is the disk full?); "
                             "nothing was changed", out) from None
        tick(ed.total - 1, ed.total, "Saving")
    tick(ed.total, ed.total, "Done")
    return ExportReport(out, ed.pages, ed.highlight_count, written, time.perf_counter() - t0)


def pdf_metadata(docs: Sequence[Document], title: str) -> dict[str, str]:
    """The document information dictionary. /Author names the texts' authors only when
    every document states them; Reader is the creator, never an author."""
    authors = list(dict.fromkeys(a for d in docs for a in d.meta.authors))
    publishers = list(dict.fromkeys(d.meta.publisher for d in docs if d.meta.publisher))
    meta = {"/Title": title}
    if authors and all(d.meta.authors for d in docs):
        meta["/Author"] = "; ".join(authors)
    meta.update({
        "/Subject": "Annotated edition of: " + "; ".join(d.title for d in docs)
                    + (f" ({', '.join(publishers)})" if publishers else ""),
        "/Keywords": ", ".join(d.id for d in docs),
        "/Creator": "Reader",
        "/Producer": "Reader (Qt QPdfWriter + pypdf)",
        "/CreationDate": pdf_date(""),
        "/ModDate": pdf_date(""),
    })
    return meta


def _attachment(docs: Sequence[Document], notes: Mapping[str, DocumentNotes], palette: Mapping[str, str],
                links: Sequence[UserLink], editorial: EditorialSource | None, all_ids: Sequence[str]) -> bytes:
    """The reader's annotations as W3C JSON-LD, with their own glossary entries, events and
    links as a W3C export of these documents holds them, embedded so ``reader import`` restores them."""
    from reader.core.editorial_layer import EditorialLayer
    from reader.core.export_jobs import personal_layer
    from reader.core.w3c_study import collection_with_study

    layer = editorial if isinstance(editorial, EditorialLayer) else None
    glossary, timeline, mine = personal_layer(layer, links, [d.id for d in docs], all_ids)
    data = collection_with_study([notes[d.id] for d in docs if d.id in notes], palette, glossary, timeline, mine)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
