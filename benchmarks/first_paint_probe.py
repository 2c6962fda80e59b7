"""Runs ``reader`` with a probe that prints the wall-clock time of its first painted document.

    python benchmarks/first_paint_probe.py [--exit] DOC --data-dir DIR

The probe is installed from here, not by Reader: ``ReadingView`` and ``PagePreview`` are
wrapped, as their modules are imported (an import hook, so the probe imports nothing Reader
would not), so their viewports are watched, and the first paint of a document prints
``READER_FIRST_PAINT <time> <peak RSS MB> <CPU seconds>`` to stderr; with ``--exit`` the app quits then.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import resource
import sys
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EXIT = "--exit" in sys.argv
if EXIT:
    sys.argv.remove("--exit")

_probe: list[object] = []  # the one probe, made once Reader has imported Qt (the probe imports nothing first)


def probe() -> object:
    if _probe:
        return _probe[0]
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaintProbe(QObject):
        """Watches the pane's viewport and a far jump's copy: prints once, at the first paint of a document."""

        def __init__(self) -> None:
            super().__init__()
            self.view: QObject | None = None
            self._seen = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if (event.type() == QEvent.Type.Paint and not self._seen and self.view is not None
                    and self.view.current_document is not None):
                self._seen = True
                QTimer.singleShot(0, self._report)  # after this paint has been drawn
            return False

        def _report(self) -> None:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            rss_mb = usage.ru_maxrss / 1024  # Linux: KiB
            cpu = usage.ru_utime + usage.ru_stime
            print(f"READER_FIRST_PAINT {time.time():.6f} {rss_mb:.0f} {cpu:.4f}", file=sys.stderr, flush=True)
            if EXIT:
                QApplication.instance().quit()

    _probe.append(FirstPaintProbe())
    return _probe[0]


def _watch(cls: type, remember: bool) -> None:
    init = cls.__init__

    def wrapped(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        init(self, *args, **kwargs)
        if remember:
            probe().view = self
        self.viewport().installEventFilter(probe())

    cls.__init__ = wrapped


WATCHED = {"reader.ui.reading_view": ("ReadingView", True), "reader.ui.page_preview": ("PagePreview", False)}


class WatchOnImport(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the watched modules through the ordinary path finder and wraps their class once loaded."""

    def __init__(self) -> None:
        self._inner: dict[str, importlib.abc.Loader] = {}

    def find_spec(self, name, path, target=None):  # noqa: ANN001, ANN201
        if name not in WATCHED:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            self._inner[name] = spec.loader
            spec.loader = self
        return spec

    def create_module(self, spec):  # noqa: ANN001, ANN201
        return self._inner[spec.name].create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._inner[module.__name__].exec_module(module)
        cls_name, remember = WATCHED[module.__name__]
        _watch(getattr(module, cls_name), remember)


sys.meta_path.insert(0, WatchOnImport())

if __name__ == "__main__":
    from reader.cli import main

    sys.exit(main())
