"""Every input, list and view of the reading pane and side panels has an accessible name; plurals read right (issue 18)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from reader.app import MainWindow


def test_inputs_lists_and_views_have_accessible_names(qtbot, data_dir: Path) -> None:
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.show()
    w.open_document("soft-resistance-explainer")
    side = w.findChild(QTabWidget, "sidePanel")
    kinds = (QLineEdit, QComboBox, QPlainTextEdit, QTextEdit, QAbstractItemView, QAbstractScrollArea, QAbstractButton)
    unnamed: set[str] = set()
    checked: set[int] = set()
    for tab in range(side.count()):  # each tab shown in turn: what is hidden is not checked
        side.setCurrentIndex(tab)
        for root in (side, w.library, w.view):
            for widget in [root, *root.findChildren(QWidget)]:
                if not isinstance(widget, kinds) or widget.objectName().startswith("qt_") or not widget.isVisibleTo(w):
                    continue
                if isinstance(widget, QAbstractButton) and widget.text():
                    continue  # a button's text is its name
                checked.add(id(widget))
                if not widget.accessibleName():
                    unnamed.add(f"{type(widget).__name__} {widget.objectName()!r}")
    assert w.parallel.accessibleName()
    assert len(checked) > 20
    assert unnamed == set(), unnamed
    w.close()


def test_the_glossary_card_counts_occurrences_with_the_right_plural(qtbot, data_dir: Path) -> None:
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.glossary.refresh(w.session)
    layer = w.session.editorial
    once = next((e for e in layer.glossary if len(layer.occurrences(e.id, w.session.corpus)) == 1), None)
    many = next(e for e in layer.glossary if len(layer.occurrences(e.id, w.session.corpus)) > 1)
    if once is not None:
        w.glossary.show_entry(once.id)
        assert "Occurs 1 time in the library" in w.glossary.detail.toPlainText()
    w.glossary.show_entry(many.id)
    n = len(layer.occurrences(many.id, w.session.corpus))
    assert f"Occurs {n} times in the library" in w.glossary.detail.toPlainText()
    assert "(s)" not in w.glossary.detail.toPlainText()
    w.close()
