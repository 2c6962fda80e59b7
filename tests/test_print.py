"""File › Print… paints the open document as the annotated PDF lays it out (checked through a PDF printer)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter

from reader.app import MainWindow


def test_print_paints_the_open_document_with_its_notes(qtbot, data_dir: Path, tmp_path: Path) -> None:
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.open_document("paul-lam-soft-resistance")
    text = w.session.document("paul-lam-soft-resistance").text
    start = text.index("false statements")
    w.session.book.add_highlight("paul-lam-soft-resistance", start, start + 16, note="printed note")
    assert w.findChild(QAction, "actionPrint") is not None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    pages = w.print_to(printer)
    printed = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert pages == len(PdfReader(out).pages) >= 1
    assert "Secretary for Justice" in printed and "printed note" in printed
    assert "What is ‘soft resistance’?" not in printed  # only the open document, not the library
    w.session.close()
