"""Render the real window in several states to PNGs (for looking at it and for the README).

usage: python tools/screenshots.py OUTDIR        (offscreen; uses a temporary data dir)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from reader.app import MainWindow  # noqa: E402


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        w = MainWindow(data_dir=Path(tmp))
        w.resize(1400, 880)
        w.show()
        w.open_document("paul-lam-soft-resistance")
        book = w.session.book
        text = w.session.document("paul-lam-soft-resistance").text
        for phrase, color, note, tags in [
            ("three main elements of soft resistance", "#ffd400", "Lam's three elements: false or misleading statements; irrational, emotional expression; intent to create misunderstanding.", ["definition"]),
            ("Lam’s interview marks the first time authorities have explained what soft resistance is", "#2ea8e5", "Compare the 2023 explainer, which says no definition was given.", ["compare", "explainer"]),
            ("the government would not use the label arbitrarily", "#a28ae5", "How would this be checked?", ["question"]),
            ("authorities say it has restored stability and peace to the city", "#ff6666", "", ["claims"]),
        ]:
            start = text.index(phrase)
            h, _ = book.add_highlight("paul-lam-soft-resistance", start, start + len(phrase), color, note, tags)
        w.open_document("paul-lam-soft-resistance", text.index("He said there were three"))
        w.side.setCurrentWidget(w.notes)
        w.notes.select_highlight(h.id)
        settle(app)
        w.grab().save(str(out / "window-notes.png"))
        w.open_document("soft-resistance-explainer")
        w.side.setCurrentWidget(w.glossary)
        w.glossary.select_entry("soft-resistance")
        settle(app)
        w.grab().save(str(out / "window-glossary.png"))
        w.open_document("recognizing-each-others-struggles")
        w.side.setCurrentWidget(w.crossrefs)
        settle(app)
        w.grab().save(str(out / "window-links.png"))
        w.side.setCurrentWidget(w.timeline)
        w.actionToggleParallel.setChecked(True)
        settle(app)
        w.grab().save(str(out / "window-parallel.png"))
        w.actionToggleParallel.setChecked(False)
        w.side.setCurrentWidget(w.annotations)
        w.apply_theme("dark")
        settle(app)
        w.grab().save(str(out / "window-dark.png"))
        w.apply_theme("light")
        w.close()
    print(f"saved screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots")))
