"""A cold start imports and builds only what the first paint needs; the rest comes when first used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget

from reader.app import MainWindow

REPO = Path(__file__).resolve().parents[1]
TABS = ("annotationsTab", "glossaryTab", "crossrefsTab", "notesTab", "timelineTab")

# Opens the window on a document the way `reader DOC` does and reports, once the text has
# been painted, every module imported and every side-panel tab built.
FIRST_PAINT = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from reader.app import MainWindow
w = MainWindow(data_dir=Path(sys.argv[1]))
w.show()
w.open_document(next(iter(w.session.corpus.ids())))
painted = []
w.view.after_next_paint(lambda: (painted.append(True), app.quit()))
QTimer.singleShot(20_000, app.quit)
app.exec()
print(json.dumps({"painted": bool(painted), "modules": sorted(sys.modules),
                  "built": [n for n in TABS if w.side.is_built(n)]}))
w.close()
""".replace("TABS", repr(TABS))

# Modules the first paint must not wait for: each is imported when its feature is first used.
NOT_AT_START = (
    "pycrdt", "reader.core.sync.engine", "reader.core.sync.replica",  # sync: after the first paint
    "reader.pdf.export", "pypdf", "pypdfium2",  # export and PDF import
    "opencc", "rapidfuzz", "reader.core.search",  # search: built after the first paint
    "reader.ui.dialogs", "reader.ui.page_preview",  # dialogs, a far jump's page copy
    "reader.ui.glossary_panel", "reader.ui.crossrefs_panel", "reader.ui.notes_panel", "reader.ui.timeline_panel",
)


def _first_paint(data_dir: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT, str(data_dir)], capture_output=True, text=True,
                         env=env, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_first_paint_imports_only_what_it_shows(data_dir: Path) -> None:
    report = _first_paint(data_dir)
    assert report["painted"]
    loaded = set(report["modules"])
    assert "reader.ui.reading_view" in loaded and "reader.ui.annotations_panel" in loaded  # the probe works
    assert sorted(m for m in NOT_AT_START if m in loaded) == []
    assert report["built"] == ["annotationsTab"]  # the tab shown; the others wait to be opened


def test_the_tab_the_window_was_closed_on_is_the_one_built_at_start(qtbot, data_dir: Path) -> None:
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.side.setCurrentIndex(TABS.index("notesTab"))
    w.close()
    report = _first_paint(data_dir)
    assert report["built"] == ["notesTab"]
    assert "reader.ui.notes_panel" in report["modules"] and "reader.ui.annotations_panel" not in report["modules"]


def _window(qtbot, data_dir: Path) -> MainWindow:
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _rows(tab: QWidget) -> int:
    """Rows of the tab's main list (not of its filters' drop-down lists)."""
    views = [v for v in tab.findChildren(QAbstractItemView) if v.objectName() and v.model() is not None]
    return views[0].model().rowCount()


def test_a_tab_is_built_when_it_is_first_shown_and_shows_the_open_document(qtbot, data_dir: Path) -> None:
    w = _window(qtbot, data_dir)
    doc = next(iter(w.session.corpus.ids()))
    w.open_document(doc)
    h, _ = w.session.book.add_highlight(doc, 10, 40, note="kept for later")
    assert [n for n in TABS if w.side.is_built(n)] == ["annotationsTab"]
    bar = w.side.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(TABS.index("notesTab")).center())
    assert w.side.is_built("notesTab") and not w.side.is_built("glossaryTab")
    notes = w.side.currentWidget()
    assert notes.objectName() == "notesTab" and notes is w.notes and notes.isVisible()
    assert w.side.tabText(TABS.index("notesTab")) == "Notes"
    qtbot.waitUntil(lambda: _rows(notes) == 1)
    # Built after the fact, it still follows the open document's changes.
    w.session.book.set_note(h.id, "changed")
    qtbot.waitUntil(lambda: "changed" in str(notes.list.model().index(0, 0).data()))
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(TABS.index("glossaryTab")).center())
    assert w.side.currentWidget() is w.glossary and _rows(w.glossary) > 0


def test_looking_a_tab_up_builds_it(qtbot, data_dir: Path) -> None:
    w = _window(qtbot, data_dir)
    w.open_document(next(iter(w.session.corpus.ids())))
    assert not w.side.is_built("timelineTab")
    # By its name, by a widget's name inside it, or through the window's attribute.
    tab = w.findChild(QWidget, "timelineTab")
    assert tab is w.timeline and w.side.is_built("timelineTab") and _rows(tab) > 0
    assert not w.side.is_built("notesTab")
    assert isinstance(w.findChild(QLineEdit, "notesFilter"), QLineEdit) and w.side.is_built("notesTab")
    assert all(w.side.is_built(n) for n in TABS)
    assert [w.side.widget(i).objectName() for i in range(w.side.count())] == list(TABS)


def test_an_action_that_needs_a_tab_builds_it(qtbot, data_dir: Path) -> None:
    w = _window(qtbot, data_dir)
    w.open_document(next(iter(w.session.corpus.ids())))
    w.view.select_offsets(5, 30)
    w.menu.actionAddNote.trigger()
    assert w.side.is_built("notesTab") and w.side.currentWidget() is w.notes
    assert len(w.session.book.placed_highlights(w.current_document())) == 1


def test_work_spread_over_turns_waits_for_a_turn_with_budget_left(qtbot, monkeypatch) -> None:
    """Slices (list fills, layout) run only while the turn's shared budget lasts; a click that
    needs the result now runs them regardless."""
    from PySide6.QtWidgets import QApplication

    from reader.ui.steps import Stepper, TurnBudget

    done: list[int] = []

    def work():  # noqa: ANN202
        for k in range(5):
            done.append(k)
            yield

    stepper = Stepper()
    monkeypatch.setattr(TurnBudget, "SECONDS", -1.0)  # every turn already spent
    stepper.start(work())
    for _ in range(20):
        QApplication.processEvents()
    assert done == [] and stepper.busy()
    monkeypatch.setattr(TurnBudget, "SECONDS", 10.0)
    qtbot.waitUntil(lambda: not stepper.busy())
    assert done == [0, 1, 2, 3, 4]
    monkeypatch.setattr(TurnBudget, "SECONDS", -1.0)
    done.clear()
    stepper.start(work())
    stepper.run_while(lambda: True)
    assert done == [0, 1, 2, 3, 4] and not stepper.busy()


def test_showing_a_big_books_notes_tab_fills_it_over_turns(qtbot, data_dir: Path, tmp_path: Path) -> None:
    import random

    from test_performance_mechanisms import _big_book_window

    from reader.ui.side_tabs import PANEL_DEFER_ROWS

    n = PANEL_DEFER_ROWS + 500
    w, doc, _hls = _big_book_window(qtbot, data_dir, tmp_path, random.Random(7), n)
    with qtbot.waitSignal(w.panelsFilled, timeout=10_000):
        w.open_document(doc.id)
    assert not w.side.is_built("notesTab")
    bar = w.side.tabBar()
    with qtbot.waitSignal(w.panelsFilled, timeout=10_000):
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(TABS.index("notesTab")).center())
        assert w.side.currentWidget() is w.notes and w.panels_pending()  # shown at once, rows to come
        assert w.notes.model.rowCount() == 0
    assert w.notes.model.rowCount() == n
