"""The side lists' two-line rows keep both lines when a row holds CJK (Qt measures with the primary font)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QListView

from reader.app import MainWindow
from reader.ui.widgets import TwoLineRows, text_height


def test_a_row_holding_cjk_makes_the_rows_tall_enough_for_two_cjk_lines(qtbot, tmp_path: Path) -> None:
    w = MainWindow(data_dir=tmp_path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.open_document("soft-resistance-explainer")
    view = w.annotations.findChild(QListView, "annotationsTabList")
    delegate = view.itemDelegate()
    assert isinstance(delegate, TwoLineRows)
    qtbot.waitUntil(lambda: view.model().rowCount() > 0)
    view.viewport().repaint()
    latin = view.visualRect(view.model().index(0, 0)).height()
    assert not delegate.tall  # English rows keep their compact height
    w.open_document("recognizing-each-others-struggles")  # its cross-references hold the Chinese titles
    model = view.model()
    cjk = next(r for r in range(model.rowCount()) if "反抗" in str(model.index(r, 0).data()))
    view.scrollTo(model.index(cjk, 0))
    view.viewport().repaint()
    qtbot.waitUntil(lambda: delegate.tall)
    two_lines = text_height(TwoLineRows.SAMPLE, view.font(), 1 << 20)
    qtbot.waitUntil(lambda: view.visualRect(model.index(cjk, 0)).height() >= two_lines)
    assert two_lines > latin - 4  # the CJK lines really are taller than what Qt measured
