"""The process around a PDF export: its Qt application, its garbage collector, its freed memory."""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication


def ensure_gui_app() -> QCoreApplication:
    """Return the running Q(Gui)Application, creating a QGuiApplication if there is none.

    Without a display (and no platform chosen by the caller) the new application gets
    ``-platform offscreen`` as an argument: the process environment is left alone.
    Qt requires the application object to be created on the main thread; a call from
    another thread without one raises RuntimeError instead of crashing inside Qt.
    PySide6 keeps the application it created alive, so no reference is kept here.
    """
    app = QGuiApplication.instance()
    if app is not None:
        return app
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("export_pdf needs a QGuiApplication; create one on the main thread first")
    argv = ["reader-export"]
    if needs_offscreen():
        argv += ["-platform", "offscreen"]
    return QGuiApplication(argv)


def needs_offscreen() -> bool:
    """True on a Linux-like system with no display and no platform chosen in the environment."""
    if os.environ.get("QT_QPA_PLATFORM") or os.name != "posix" or sys.platform == "darwin":
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def return_freed_memory() -> None:
    """Hand the heap freed by the text layouts back to the system (glibc keeps it, and
    Python's allocator cannot reuse it), so the annotation pass does not add its own
    memory on top of the layout's peak."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl): nothing to do
        pass


@contextmanager
def collection_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector off while an export runs.

    An export allocates a few million short-lived objects (line rectangles, records)
    next to the big book's ~100,000 long-lived ones, so the collector's full passes
    walked them all again and again (about 5% of the export's CPU time); what the export
    leaves in cycles is collected once it is done.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
