"""Application entry: ``reader.app.MainWindow`` and ``run()`` for the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from .ui.main_window import MainWindow

__all__ = ["MainWindow", "run"]


def run(doc_id: str | None = None, data_dir: Path | None = None) -> int:
    """Open the window on ``doc_id`` (else the last document, else the first)."""
    from PySide6.QtWidgets import QApplication

    from .core.errors import ReaderError

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Reader")
    app.setApplicationDisplayName("Reader")
    app.setDesktopFileName("reader")
    try:
        window = MainWindow(data_dir=data_dir)
    except ReaderError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    if doc_id is not None and doc_id not in window.session.corpus:
        print(f"reader: unknown document '{doc_id}' (known: {', '.join(window.session.corpus.ids())}).",
              file=sys.stderr)
        window.session.close()
        return 2
    target = doc_id or window.last_document() or next(iter(window.session.corpus.ids()), None)
    window.show()
    if target:
        window.open_document(target)
    return app.exec()
