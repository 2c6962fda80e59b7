"""Drawing an edition's pages into a PDF file with QPdfWriter, page by page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from reader.core.document import Document
from reader.core.errors import StoreError
from reader.core.model import DocumentNotes, UserLink

from .app import return_freed_memory
from .edition import Edition, ExportOptions, Tick
from .fonts import register_fonts
from .sources import EditorialSource
from .styles import RESOLUTION, PageGeometry, page_size_id


def render_edition(path: Path, docs: list[Document], notes: Mapping[str, DocumentNotes],
                   links: Sequence[UserLink], editorial: EditorialSource | None, palette: Mapping[str, str],
                   options: ExportOptions, tick: Tick) -> Edition:
    """Typeset the edition and paint every page into ``path``; returns the edition, whose
    annotation records and outline are then appended to the file."""
    register_fonts()
    size_id = page_size_id(options.page_size)
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(size_id), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(options.title)
    writer.setCreator("Reader")
    ed = Edition(docs, notes, links, editorial, palette, options, PageGeometry.for_device(writer), writer, tick)
    ed.build()
    tick(0, ed.total, "Drawing pages")
    painter = QPainter()
    if not painter.begin(writer):
        raise StoreError("could not be written (Qt could not open the PDF for writing)", path)
    try:
        for i in range(ed.pages):
            if i:
                writer.newPage()
            ed.paint(painter, i)
            ed.ts.release_before(i + 1)
            tick(i + 1, ed.total, f"Drawing page {i + 1} of {ed.pages}")
    finally:
        painter.end()
    del writer
    return_freed_memory()  # the pages' layouts are gone; pypdf needs room next
    return ed
