"""Small dialogs of the main window: keyboard shortcuts, About, two passages side by side, preferences."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.reading_settings import LIMITS, ReadingSettings
from .compare import TextPassage, mark_differences
from .i18n import tr as _tr
from .widgets import plain_label


def _closable(dlg: QDialog, lay: QVBoxLayout) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
    buttons.rejected.connect(dlg.reject)
    lay.addWidget(buttons)


def _typed(key: str) -> bool:
    """A combination or a function key, not a keyboard's media key (Back, Find, Undo, F14)."""
    return "+" in key or bool(re.fullmatch(r"F([1-9]|1[0-2])", key))


def shortcut_rows(groups: Sequence[tuple[str, Sequence[QAction]]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu, [(action, keys)]) for the actions that have a shortcut, each sequence listed once."""
    out = []
    for title, actions in groups:
        rows = []
        for act in actions:
            keys = [k for k in dict.fromkeys(s.toString(QKeySequence.SequenceFormat.NativeText)
                                             for s in act.shortcuts()) if _typed(k)]
            if keys:
                rows.append((act.text().replace("&", "").strip(), ", ".join(keys)))
        if rows:
            out.append((title, rows))
    return out


def shortcuts_dialog(parent: QWidget | None, groups: Sequence[tuple[str, Sequence[QAction]]]) -> QDialog:
    """F1: every shortcut once, under the menu its action is in."""
    dlg = QDialog(parent)
    dlg.setObjectName("shortcutsDialog")
    dlg.setWindowTitle(_tr("Keyboard shortcuts"))
    tree = QTreeWidget(dlg)
    tree.setObjectName("shortcutsList")
    tree.setAccessibleName(_tr("Keyboard shortcuts by menu"))
    tree.setColumnCount(2)
    tree.setHeaderLabels([_tr("Action"), _tr("Shortcut")])
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    for title, rows in shortcut_rows(groups):
        head = QTreeWidgetItem(tree, [title])
        font = head.font(0)
        font.setBold(True)
        head.setFont(0, font)
        head.setFirstColumnSpanned(True)
        for text, keys in rows:
            QTreeWidgetItem(head, [text, keys])
    tree.expandAll()
    tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    lay = QVBoxLayout(dlg)
    lay.addWidget(tree)
    _closable(dlg, lay)
    dlg.resize(520, 600)
    dlg.show()
    return dlg


def about_box(parent: QWidget, data_dir: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle(_tr("About Reader"))
    box.setText(_tr("Reader — an offline reader for an annotated corpus.\nYour data: {dir}").format(dir=data_dir))
    box.show()
    return box


def side_by_side_dialog(parent: QWidget, note: str, passages: Sequence[tuple[str, str]],
                        quotes: Sequence[str] = ()) -> QDialog:
    """``passages``: (document title, text) for each side of a ``contradicts`` link; with the
    two linked ``quotes``, the words that differ between them are marked."""
    dlg = QDialog(parent)
    dlg.setObjectName("contradictsDialog")
    dlg.setWindowTitle(_tr("The texts differ"))
    lay = QVBoxLayout(dlg)
    lay.addWidget(plain_label(note or _tr("These passages state different things.")))
    row = QHBoxLayout()
    shown = []
    for title, text in passages:
        col = QVBoxLayout()
        col.addWidget(plain_label(title))
        passage = TextPassage(text, dlg)
        passage.setObjectName("sideBySidePassage")
        shown.append(passage)
        col.addWidget(passage)
        row.addLayout(col)
    if len(quotes) == len(shown):
        mark_differences(list(zip(shown, quotes, strict=True)))
    lay.addLayout(row)
    _closable(dlg, lay)
    dlg.resize(900, max(1, dlg.heightForWidth(900)))  # as tall as the passages and the wrapped titles need
    dlg.setModal(False)
    dlg.show()
    return dlg


class PreferencesDialog(QDialog):
    """Edit › Preferences: the author of exported annotations, and the reading pane's typography."""

    def __init__(self, parent: QWidget | None, user_name: str, settings: ReadingSettings) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(_tr("Preferences"))
        self._settings = settings
        self.name_field = QLineEdit(user_name, self)
        self.name_field.setObjectName("userNameField")
        self.name_field.setAccessibleName(_tr("Your name"))
        self.name_field.setPlaceholderText(_tr("Reader user"))
        self.name_field.setMaxLength(200)
        self.font_field = QComboBox(self)
        self.font_field.setObjectName("fontFamilyField")
        self.font_field.setAccessibleName(_tr("Reading font"))
        self.font_field.addItem(_tr("Bundled reading font"), "")
        for family in QFontDatabase.families():
            self.font_field.addItem(family, family)
        self.font_field.setCurrentIndex(max(0, self.font_field.findData(settings.font_family)))
        self.size_field = self._number("fontSizeField", _tr("Font size"), "font_size", settings.font_size, " pt")
        self.spacing_field = self._number("lineSpacingField", _tr("Line spacing"), "line_spacing",
                                          settings.line_spacing, " %")
        self.margin_field = self._number("marginField", _tr("Margins"), "margin", settings.margin, " px")
        self.width_field = self._number("textWidthField", _tr("Text width"), "text_width", settings.text_width, " px")
        form = QFormLayout()
        form.addRow(_tr("Your &name (the author of the annotations you export):"), self.name_field)
        for label, field in ((_tr("Reading &font:"), self.font_field), (_tr("Font &size:"), self.size_field),
                             (_tr("&Line spacing:"), self.spacing_field), (_tr("&Margins:"), self.margin_field),
                             (_tr("Text &width:"), self.width_field)):
            form.addRow(label, field)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _number(self, name: str, accessible: str, key: str, value: float, suffix: str) -> QDoubleSpinBox:
        lo, hi = LIMITS[key]
        box = QDoubleSpinBox(self) if key == "font_size" else QSpinBox(self)
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setRange(lo, hi)  # type: ignore[arg-type]  # QSpinBox takes ints: the limits are whole there
        box.setValue(value)  # type: ignore[arg-type]
        box.setSuffix(suffix)
        return box  # type: ignore[return-value]

    def user_name(self) -> str:
        return self.name_field.text()

    def reading_settings(self) -> ReadingSettings:
        return ReadingSettings(
            font_family=str(self.font_field.currentData() or ""), font_size=float(self.size_field.value()),
            line_spacing=int(self.spacing_field.value()), margin=int(self.margin_field.value()),
            text_width=int(self.width_field.value()), marks=self._settings.marks)


def preferences_dialog(parent: QWidget | None, user_name: str, settings: ReadingSettings) -> PreferencesDialog:
    dlg = PreferencesDialog(parent, user_name, settings)
    dlg.open()
    return dlg
