"""Drawing an edition's pages, page by page: into a PDF file with QPdfWriter, or onto a printer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter

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
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(page_layout(options))
    writer.setTitle(options.title)
    writer.setCreator("Reader")
    ed = paint_edition(writer, docs, notes, links, editorial, palette, options, tick)
    if ed is None:
        raise StoreError("could not be written (Qt could not open the PDF for writing)", path)
    del writer
    return_freed_memory()  # the pages' layouts are gone; pypdf needs room next
    return ed


def paint_edition(device: QPagedPaintDevice, docs: list[Document], notes: Mapping[str, DocumentNotes],
                  links: Sequence[UserLink], editorial: EditorialSource | None, palette: Mapping[str, str],
                  options: ExportOptions, tick: Tick) -> Edition | None:
    """Typeset the edition for ``device`` (a PDF writer or a printer, page layout already
    set) and paint every page onto it; None when the device cannot be painted on."""
    register_fonts()
    ed = Edition(docs, notes, links, editorial, palette, options, PageGeometry.for_device(device), device, tick)
    ed.build()
    tick(0, ed.total, "Drawing pages")
    painter = QPainter()
    if not painter.begin(device):
        return None
    try:
        for i in range(ed.pages):
            if i:
                device.newPage()
            ed.paint(painter, i)
            ed.ts.release_before(i + 1)
            tick(i + 1, ed.total, f"Drawing page {i + 1} of {ed.pages}")
    finally:
        painter.end()
    ed.finish()
    return ed


def page_layout(options: ExportOptions) -> QPageLayout:
    """The edition's page: its size, portrait, margins drawn by the edition itself."""
    return QPageLayout(QPageSize(page_size_id(options.page_size)), QPageLayout.Orientation.Portrait,
                       QMarginsF(0, 0, 0, 0))
