"""Small dialogs of the main window: keyboard shortcuts, About, two passages side by side, preferences."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

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
    """Edit › Preferences: the name written as the author of exported annotations."""

    def __init__(self, parent: QWidget | None, user_name: str) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(_tr("Preferences"))
        self.name_field = QLineEdit(user_name, self)
        self.name_field.setObjectName("userNameField")
        self.name_field.setAccessibleName(_tr("Your name"))
        self.name_field.setPlaceholderText(_tr("Reader user"))
        self.name_field.setMaxLength(200)
        form = QFormLayout()
        form.addRow(_tr("Your &name (the author of the annotations you export):"), self.name_field)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def user_name(self) -> str:
        return self.name_field.text()


def preferences_dialog(parent: QWidget | None, user_name: str) -> PreferencesDialog:
    dlg = PreferencesDialog(parent, user_name)
    dlg.open()
    return dlg
