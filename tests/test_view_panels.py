"""The side panel at its default width: every tab label whole, rows elided (whole in a tooltip), no horizontal scroll bars."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListView, QTabWidget, QTreeWidget

from reader.app import MainWindow


def test_every_tab_label_shows_and_no_row_hides_behind_a_scroll_bar(qtbot, data_dir: Path) -> None:
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.open_document("soft-resistance-explainer")
    side = w.findChild(QTabWidget, "sidePanel")
    bar = side.tabBar()
    assert side.count() == 5
    for i in range(side.count()):
        rect = bar.tabRect(i)
        assert rect.left() >= 0 and rect.right() <= bar.width() <= side.width(), side.tabText(i)
        assert bar.fontMetrics().horizontalAdvance(side.tabText(i)) < rect.width()  # not elided
    views = [v for v in side.findChildren(QAbstractItemView) if isinstance(v, (QListView, QTreeWidget))]
    views.append(w.findChild(QListView, "libraryList"))
    assert len(views) >= 5
    for v in views:
        assert v.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff, v.objectName()
    # an annotation row longer than the panel is elided and whole in its tooltip
    w.side.setCurrentWidget(w.annotations)
    model = w.annotations.list.model()
    longest = max(range(model.rowCount()), key=lambda r: len(model.index(r, 0).data()))
    text = model.index(longest, 0).data()
    metrics = w.annotations.list.fontMetrics()
    assert max(metrics.horizontalAdvance(line) for line in text.split("\n")) > w.annotations.list.viewport().width()
    tip = model.index(longest, 0).data(Qt.ItemDataRole.ToolTipRole)
    first_line = text.split("\n")[0]
    assert first_line.replace("’", "&#x27;")[:20] in tip or first_line[:20] in tip
    w.close()
