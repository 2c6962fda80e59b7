"""Test helper run as a child process: a real window makes one highlight, then signals itself.

    python sigterm_driver.py DATA_DIR DOC_ID SIGNAL

Prints the highlight's id; the exit code is the window's (0 when it quit cleanly).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reader.app import MainWindow, exec_window


def main() -> int:
    data_dir, doc_id, sig = Path(sys.argv[1]), sys.argv[2], getattr(signal, sys.argv[3])
    app = QApplication(sys.argv[:1])
    window = MainWindow(data_dir=data_dir)
    window.show()
    window.open_document(doc_id)

    def act() -> None:
        h, _ = window.session.book.add_highlight(doc_id, 10, 40, note="made just before the signal")
        print(h.id, flush=True)
        os.kill(os.getpid(), sig)  # well inside the writer's 0.2 s delay

    QTimer.singleShot(0, act)
    return exec_window(app, window)


if __name__ == "__main__":
    sys.exit(main())
