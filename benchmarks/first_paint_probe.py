"""Runs ``reader`` with a probe that prints the wall-clock time of its first painted document.

    python benchmarks/first_paint_probe.py [--exit] DOC --data-dir DIR

The probe is installed from here, not by Reader: ``ReadingView`` and ``PagePreview`` are
wrapped so their viewports are watched, and the first paint of a document prints
``READER_FIRST_PAINT <time> <peak RSS MB>`` to stderr; with ``--exit`` the app quits then.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reader.ui import page_preview, reading_view  # noqa: E402

EXIT = "--exit" in sys.argv
if EXIT:
    sys.argv.remove("--exit")


class FirstPaintProbe(QObject):
    """Watches the pane's viewport and a far jump's copy: prints once, at the first paint of a document."""

    def __init__(self) -> None:
        super().__init__()
        self.view: reading_view.ReadingView | None = None
        self._seen = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (event.type() == QEvent.Type.Paint and not self._seen and self.view is not None
                and self.view.current_document is not None):
            self._seen = True
            QTimer.singleShot(0, self._report)  # after this paint has been drawn
        return False

    def _report(self) -> None:
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
        print(f"READER_FIRST_PAINT {time.time():.6f} {rss_mb:.0f}", file=sys.stderr, flush=True)
        if EXIT:
            QApplication.instance().quit()


PROBE = FirstPaintProbe()


def _watch(cls: type, remember: bool) -> None:
    init = cls.__init__

    def wrapped(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        init(self, *args, **kwargs)
        if remember:
            PROBE.view = self
        self.viewport().installEventFilter(PROBE)

    cls.__init__ = wrapped


_watch(reading_view.ReadingView, True)
_watch(page_preview.PagePreview, False)

if __name__ == "__main__":
    from reader.cli import main

    sys.exit(main())
