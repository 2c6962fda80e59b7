"""Edit › Preferences sets the reading pane's typography, and a restart keeps it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from reader.app import MainWindow


def _window(qtbot, data_dir: Path) -> MainWindow:
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.open_document("paul-lam-soft-resistance")
    return w


def test_typography_is_applied_and_remembered(qtbot, data_dir: Path) -> None:
    w = _window(qtbot, data_dir)
    before = w.view.reading_settings()
    dlg = w.show_preferences()
    dlg.findChild(QDoubleSpinBox, "fontSizeField").setValue(16.0)
    dlg.findChild(QSpinBox, "lineSpacingField").setValue(180)
    dlg.findChild(QSpinBox, "textWidthField").setValue(600)
    dlg.accept()
    now = w.view.reading_settings()
    assert (now.font_size, now.line_spacing, now.text_width) == (16.0, 180, 600) != (
        before.font_size, before.line_spacing, before.text_width)
    assert now.marks == before.marks  # the marks follow View › Editorial marks, not this dialog
    w.session.close()
    again = _window(qtbot, data_dir).view.reading_settings()
    assert (again.font_size, again.line_spacing, again.text_width) == (16.0, 180, 600)


def test_cancel_changes_nothing(qtbot, data_dir: Path) -> None:
    w = _window(qtbot, data_dir)
    before = w.view.reading_settings()
    dlg = w.show_preferences()
    dlg.findChild(QDoubleSpinBox, "fontSizeField").setValue(20.0)
    dlg.reject()
    assert w.view.reading_settings() == before
