"""File actions of the main window: export and import through core.export_jobs (adding texts: library_actions).

A mixin so the window stays one object for callers (``window.export_pdf(path)``) while
this concern lives in its own module. Markdown/W3C export and import parsing run on a
worker (``BackgroundJobs``); a failure of any of them is reported by ``_job_failed``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPagedPaintDevice
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog

from ..core.errors import ReaderError
from .i18n import tr as _tr
from .library_actions import LibraryActionsMixin
from .study_actions import _STUDY
from .widgets import warn

if TYPE_CHECKING:
    from ..core.export_jobs import ExportJob, ImportSummary
    from ..core.w3c import ImportResult
    from ..pdf.export import ExportOptions

_KEPT_PAIRS = 1000  # imports remembered for pairing (the notes keep at most UNDO_LIMIT steps)


class FileActionsMixin(LibraryActionsMixin):
    """Mixed into MainWindow."""

    def _export_job(self) -> ExportJob:
        """A snapshot of the notes now (records are immutable), safe to hand to a worker."""
        # Here and below: export and import load on first use, off the start path.
        from ..core import export_jobs

        self.notes.flush()
        book = self.session.book
        ids = self.session.corpus.ids()
        return export_jobs.ExportJob(self.session.corpus, ids, {d: book.notes(d) for d in ids},
                                     list(book.links()), self.session.editorial, dict(book.palette()))

    def _job_failed(self, title: str, message: str) -> None:
        """The one place a failed export or import is reported."""
        self.statusBar().showMessage(message, 10000)
        warn(self._widget(), title, message)
        self.fileJobFinished.emit(False, message)

    def _job_done(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        self.fileJobFinished.emit(True, message)

    def export_pdf_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self._widget(), _tr("Export annotated PDF"),
                                              str(Path.home() / "reader-export.pdf"), "PDF (*.pdf)")
        if path:
            self.export_pdf(Path(path))

    def _pdf_options(self) -> ExportOptions:
        """File › PDF export options and the reader's name, for an export or a print."""
        from ..pdf.export import ExportOptions

        named = {"annotator": self.state.user_name} if self.state.user_name else {}
        return ExportOptions(include_editorial=self.menu.actionPdfEditorial.isChecked(),
                             include_notes=self.menu.actionPdfNotes.isChecked(), **named)

    def print_dialog(self) -> None:
        """File › Print…: the open document as the annotated PDF lays it out, on a printer."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self._widget())
        dlg.setObjectName("printDialog")
        if dlg.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPagedPaintDevice) -> int:
        """Paint the open document (else the library) onto ``printer``; returns the pages printed."""
        from ..pdf.app import ensure_gui_app
        from ..pdf.render import page_layout, paint_edition

        job = self._export_job()
        ids = [self._doc.id] if self._doc is not None else job.doc_ids
        options = self._pdf_options()
        ensure_gui_app()
        printer.setPageLayout(page_layout(options))
        ed = paint_edition(printer, [job.corpus.get(d) for d in ids], job.notes, job.links, job.editorial,
                           job.palette, options, lambda *_: None)
        if ed is None:
            self._job_failed(_tr("Printing failed"), _tr("The printer could not be opened."))
            return 0
        self.statusBar().showMessage(_tr("Sent %n page(s) to the printer.", "", ed.pages), 8000)
        return ed.pages

    def export_pdf(self, path: Path) -> bool:
        """On the GUI thread (it paints with QtGui), with a progress dialog that can cancel."""
        from ..pdf.export import ExportCancelled, export_pdf

        job = self._export_job()
        dlg = QProgressDialog(_tr("Exporting…"), _tr("Cancel"), 0, 100, self._widget())
        dlg.setObjectName("exportProgress")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)

        def progress(done: int, total: int, label: str) -> bool:
            dlg.setMaximum(max(total, 1))
            dlg.setValue(done)
            dlg.setLabelText(_tr("Exporting {what}…").format(what=label))
            QApplication.processEvents()
            return not dlg.wasCanceled()

        try:
            options = self._pdf_options()
            report = export_pdf(path, job.corpus, job.doc_ids, job.notes, links=job.links,
                                editorial=job.editorial, palette=job.palette, options=options,
                                progress=progress)
        except ExportCancelled:
            self.statusBar().showMessage(_tr("Export cancelled; nothing was written."), 6000)
            return False
        except ReaderError as exc:
            self._job_failed(_tr("Export failed"), str(exc))
            return False
        finally:
            dlg.close()
        done = _tr("Exported 1 page to {path}.") if report.pages == 1 else _tr("Exported {pages} pages to {path}.")
        self._job_done(done.format(pages=report.pages, path=path))
        return True

    def export_text_dialog(self, fmt: str) -> None:
        suffix = ".md" if fmt == "markdown" else ".json"
        path, _ = QFileDialog.getSaveFileName(self._widget(), _tr("Export"), str(Path.home() / f"reader-export{suffix}"))
        if path:
            self.export_text(fmt, Path(path), wait=False)

    def export_text(self, fmt: str, path: Path, *, wait: bool = True) -> bool:
        """Markdown or W3C, written on the worker; ``fileJobFinished`` tells the outcome
        (``wait``: the result, after blocking until it is written)."""
        from ..core import export_jobs

        job = self._export_job()
        return self.jobs.run(_tr("Export failed"), lambda: export_jobs.write_text(fmt, job, path),
                             lambda _none: self._job_done(_tr("Exported to {path}.").format(path=path)), wait=wait)

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._widget(), _tr("Import annotations"), str(Path.home()),
                                              _tr("Annotations (*.json *.jsonld *.pdf);;All files (*)"))
        if path:
            self.import_file(Path(path), wait=False)

    def import_file(self, path: Path, *, wait: bool = True) -> bool:
        """Parsed on the worker, merged here as ``reader import`` merges it
        (``export_jobs.merge_annotations``): highlights and links into the notes, your glossary
        entries and events into ``session.study``; one Edit › Undo takes it all back.
        ``fileJobFinished`` tells the outcome."""
        from ..core import export_jobs
        from ..pdf.foreign_annots import read_pdf_annotations

        self.notes.flush()
        session = self.session

        def merge(result: ImportResult) -> None:
            study, book = session.study, session.book
            before = (study.top_step(), book.top_step())
            summary = export_jobs.merge_annotations(book, result, path.name, session.corpus, study)
            after = (study.top_step(), book.top_step())
            if after[0] != before[0]:  # a notes change adds its own owner entry, as it is made
                self._undo_owners.append(_STUDY)
                self._redo_owners.clear()
            if after[0] != before[0] and after[1] != before[1]:  # both books changed: undone together
                pairs = self._import_pairs()
                pairs.append((after[0], after[1]))
                del pairs[:-_KEPT_PAIRS]
            self._update_undo_actions()
            self._job_done(self._import_message(summary))

        return self.jobs.run(_tr("Import failed"),
                             lambda: export_jobs.read_annotations(path, session.corpus, read_pdf_annotations), merge,
                             wait=wait)

    def _import_pairs(self) -> list[tuple[int | None, int | None]]:
        """(study step, notes step) of each import that changed both books: the books' own step
        ids, so a pair is still told apart once the notes have dropped old steps at their limit."""
        pairs: list[tuple[int | None, int | None]] = self.__dict__.setdefault("_import_step_pairs", [])
        return pairs

    def undo(self) -> None:
        self._replay_import(undo=True)

    def redo(self) -> None:
        self._replay_import(undo=False)

    def _replay_import(self, *, undo: bool) -> None:
        """Undo (redo) the newer change; when both books' next steps are the two halves of one
        import, the other half too."""
        study, book = self.session.study, self.session.book
        tops = (study.top_step(redo=not undo), book.top_step(redo=not undo))
        step = super().undo if undo else super().redo
        step()
        now = (study.top_step(redo=not undo), book.top_step(redo=not undo))
        # Exactly one half was taken: take the other (a step of either book in between breaks the pair).
        if tops in self._import_pairs() and (now[0] == tops[0]) != (now[1] == tops[1]):
            step()

    @staticmethod
    def _import_message(summary: ImportSummary) -> str:
        if summary.study is None:
            if summary.total == 1:
                return _tr("Imported 1 annotation from {name}.").format(name=summary.name)
            return _tr("Imported {n} annotations from {name}.").format(n=summary.total, name=summary.name)
        highlights, entries, events, links = summary.counts()
        parts = [_tr("%n highlight(s)", "", highlights), _tr("%n glossary entry(ies)", "", entries),
                 _tr("%n timeline event(s)", "", events), _tr("%n link(s)", "", links)]
        return _tr("Imported from {name}: {counts}.").format(name=summary.name, counts=_tr(", ").join(parts))
