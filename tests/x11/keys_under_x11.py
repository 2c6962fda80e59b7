"""Run under a real X server (xcb): real key presses through xdotool; prints one JSON line of results.

usage: python keys_under_x11.py DATA_DIR   (DISPLAY set, QT_QPA_PLATFORM=xcb)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from reader.app import MainWindow
from reader.core.model import PALETTE
from reader.core.study_make import new_entry

IDS = ["soft-resistance-explainer", "paul-lam-soft-resistance"]


def main() -> int:
    app = QApplication(sys.argv[:1])
    w = MainWindow(data_dir=Path(sys.argv[1]))
    w.resize(1200, 800)
    w.show()
    w.open_document(IDS[0])
    w.open_document(IDS[1])
    results: dict[str, object] = {}

    def settle(condition, seconds: float = 5.0) -> bool:
        end = time.monotonic() + seconds  # a bound for a wait on the X server, not a measurement
        while time.monotonic() < end:
            app.processEvents()
            if condition():
                return True
        return condition()

    settle(lambda: w.isVisible() and w.windowHandle() is not None and w.windowHandle().isExposed())
    subprocess.run(["xdotool", "windowfocus", "--sync", str(int(w.winId()))], check=False)
    w.view.setFocus()
    settle(lambda: QApplication.focusWidget() is w.view, 2.0)

    def press(keys: str, condition) -> bool:
        subprocess.run(["xdotool", "key", "--clearmodifiers", keys], check=True)
        return settle(condition)

    results["alt+Left"] = press("alt+Left", lambda: w.current_document() == IDS[0])
    results["alt+Right"] = press("alt+Right", lambda: w.current_document() == IDS[1])
    text = w.session.document(IDS[1]).text
    start = text.index("soft resistance")
    w.view.select_offsets(start, start + len("soft resistance"))
    w.view.setFocus()
    book = w.session.book

    def highlights():
        return book.notes(IDS[1]).highlights

    results["ctrl+h"] = press("ctrl+h", lambda: len(highlights()) == 1)
    results["selection collapsed"] = w.view.selection_offsets() is None
    results["ctrl+3"] = press("ctrl+3", lambda: bool(highlights()) and highlights()[0].color == PALETTE[2])
    results["ctrl+z"] = press("ctrl+z", lambda: bool(highlights()) and highlights()[0].color == PALETTE[0])
    results["ctrl+shift+z"] = press("ctrl+shift+z", lambda: bool(highlights()) and highlights()[0].color == PALETTE[2])

    def dialog(name: str):
        found = w.findChild(QDialog, name)
        return found if found is not None and found.isVisible() else None

    def study_key(keys: str, name: str) -> bool:
        w.view.select_offsets(start, start + len("soft resistance"))
        w.view.setFocus()
        opened = press(keys, lambda: dialog(name) is not None)
        if opened:
            dialog(name).reject()  # closed by code: Escape's own binding is not what is tested here
            settle(lambda: dialog(name) is None)
        return opened

    results["ctrl+shift+g"] = study_key("ctrl+shift+g", "glossaryEntryDialog")
    results["ctrl+shift+t"] = study_key("ctrl+shift+t", "timelineEventDialog")
    w.session.study.add_entry(new_entry(IDS[1], text, start, start + len("soft resistance"), term="soft resistance",
                                        kind="concept", aliases=[], definition="As the texts use it."))
    results["ctrl+alt+g"] = study_key("ctrl+alt+g", "addSourceDialog")
    print(json.dumps(results))
    w.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
