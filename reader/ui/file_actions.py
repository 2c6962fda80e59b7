"""File actions of the main window: add a text, export, import.

A mixin so the window stays one object for callers (``window.export_pdf(path)``) while
this concern lives in its own module; everything here calls core or pdf functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog

from ..core.errors import ReaderError
from .widgets import warn


class FileActionsMixin:
    """Mixed into MainWindow; uses its session, notes panel, library panels and status bar."""

    def add_text_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Add a text to your library", str(Path.home()),
                                              "Texts (*.txt *.md);;All files (*)")
        if path:
            self.add_text(Path(path))

    def add_text(self, path: Path, title: str | None = None) -> str | None:
        from ..core.library import add_text

        doc = self._guard(add_text, self.session.data_dir, path, title, set(self.session.corpus.ids()))
        if doc is None:
            return None
        self.session.reload_corpus()
        self.library.refresh(self.session)
        self.glossary.refresh(self.session)
        self.open_document(doc.id)
        self.statusBar().showMessage(f"Added “{doc.title}” to your library.", 6000)
        return doc.id

    def _export_job(self) -> Any:
        from ..core.export_jobs import ExportJob

        self.notes.flush()
        book = self.session.book
        ids = self.session.corpus.ids()
        return ExportJob(self.session.corpus, ids, {d: book.notes(d) for d in ids}, list(book.links()),
                         self.session.editorial, book.palette())

    def export_pdf_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export annotated PDF", str(Path.home() / "reader-export.pdf"), "PDF (*.pdf)")
        if path:
            self.export_pdf(Path(path))

    def export_pdf(self, path: Path) -> bool:
        from ..pdf.export import ExportCancelled, ExportOptions, export_pdf

        job = self._export_job()
        dlg = QProgressDialog("Exporting…", "Cancel", 0, 100, self)
        dlg.setObjectName("exportProgress")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)

        def progress(done: int, total: int, label: str) -> bool:
            dlg.setMaximum(max(total, 1))
            dlg.setValue(done)
            dlg.setLabelText(f"Exporting {label}…")
            QApplication.processEvents()
            return not dlg.wasCanceled()

        try:
            options = ExportOptions(include_editorial=self.actionPdfEditorial.isChecked(),
                                    include_notes=self.actionPdfNotes.isChecked())
            report = export_pdf(path, job.corpus, job.doc_ids, job.notes, links=job.links,
                                editorial=job.editorial, palette=job.palette, options=options,
                                progress=progress)
        except ExportCancelled:
            self.statusBar().showMessage("Export cancelled; nothing was written.", 6000)
            return False
        except ReaderError as exc:
            warn(self, "Export failed", str(exc))
            return False
        finally:
            dlg.close()
        self.statusBar().showMessage(f"Exported {report.pages} pages to {path}.", 8000)
        return True

    def export_text_dialog(self, fmt: str) -> None:
        suffix = ".md" if fmt == "markdown" else ".json"
        path, _ = QFileDialog.getSaveFileName(self, "Export", str(Path.home() / f"reader-export{suffix}"))
        if path:
            self.export_text(fmt, Path(path))

    def export_text(self, fmt: str, path: Path) -> bool:
        from ..core.fsutil import atomic_write_text

        job = self._export_job()
        if fmt == "markdown":
            from ..core.markdown_export import export_markdown

            text = export_markdown(job.corpus, job.doc_ids, job.notes, job.links, job.editorial, job.palette)
        else:
            from ..core.w3c import dumps_collection

            text = dumps_collection([job.notes[d] for d in job.doc_ids], palette=job.palette)
        try:
            atomic_write_text(path, text)
        except ReaderError as exc:
            self.statusBar().showMessage(str(exc), 10000)
            warn(self, "Export failed", str(exc))
            return False
        self.statusBar().showMessage(f"Exported to {path}.", 6000)
        return True

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import annotations", str(Path.home()),
                                              "Annotations (*.json *.jsonld *.pdf);;All files (*)")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        from ..core import w3c

        try:
            if path.suffix.lower() == ".pdf":
                from ..pdf.export import read_embedded_annotations

                result = w3c.parse_annotations(read_embedded_annotations(path), self.session.corpus, source=str(path))
            else:
                result = w3c.load_file(path, self.session.corpus)
            for doc_id, items in result.by_doc.items():
                self.session.book.import_highlights(doc_id, items)
        except ReaderError as exc:
            warn(self, "Import failed", str(exc))
            return False
        n = sum(len(v) for v in result.by_doc.values())
        self.statusBar().showMessage(f"Imported {n} annotations from {path.name}.", 8000)
        return True

