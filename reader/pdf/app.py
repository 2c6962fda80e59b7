"""The Qt application a PDF export needs, and handing its freed memory back."""

from __future__ import annotations

import os
import sys
import threading

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
