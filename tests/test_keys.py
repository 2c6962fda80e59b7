"""Every key sequence fires one action: none bound twice, F1 lists each once by menu."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTreeWidget

from reader.app import MainWindow
from reader.ui.dialogs import shortcut_rows
from reader.ui.menus import key_sequences


@pytest.fixture
def window(qtbot, data_dir: Path):
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    yield w
    w.close()


def bindings(w: MainWindow) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = defaultdict(list)
    for act in w.findChildren(QAction):
        for seq in act.shortcuts():
            seen[seq.toString(QKeySequence.SequenceFormat.PortableText)].append(act.objectName() or act.text())
    return seen


def test_no_key_sequence_is_bound_twice(window) -> None:
    twice = {key: names for key, names in bindings(window).items() if len(names) > 1}
    assert twice == {}
    keys = bindings(window)
    for key, name in (("Alt+Left", "actionBack"), ("Alt+Right", "actionForward"), ("Ctrl+Shift+Z", "actionRedo"),
                      ("Ctrl+H", "actionHighlight"), ("Ctrl+3", "actionColor3"), ("F1", "actionShortcuts")):
        assert keys[key] == [name]


def test_standard_keys_expand_and_merge_with_written_ones() -> None:
    for standard in (QKeySequence.StandardKey.Back, QKeySequence.StandardKey.Redo):
        expanded = [s.toString() for s in QKeySequence.keyBindings(standard)]
        merged = [s.toString() for s in key_sequences(*expanded, standard)]
        assert merged == list(dict.fromkeys(expanded))  # written out and standard: each once
    assert [s.toString() for s in key_sequences("Alt+Left", "Alt+Left")] == ["Alt+Left"]


def test_f1_lists_each_shortcut_once_under_its_menu(window) -> None:
    rows = shortcut_rows(window.menu.groups)
    menus = [title for title, _ in rows]
    assert menus == ["File", "Edit", "View", "Help"]
    listed = [keys for _t, group in rows for _a, keys in group]
    flat = [k for keys in listed for k in keys.split(", ")]
    assert len(flat) == len(set(flat))
    edit = dict(next(group for title, group in rows if title == "Edit"))
    assert edit["Highlight"] == QKeySequence("Ctrl+H").toString(QKeySequence.SequenceFormat.NativeText)
    view = dict(next(group for title, group in rows if title == "View"))
    assert view["Back"] == "Alt+Left" and view["Full screen"] == "F11"  # no media keys ("Back") listed
    dlg = window.show_shortcuts()
    tree = dlg.findChild(QTreeWidget, "shortcutsList")
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == menus
    assert sum(tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount())) == len(listed)
    dlg.close()


def test_every_menu_action_is_reachable_from_the_keyboard(window) -> None:
    """A shortcut, or a menu whose title has a mnemonic and the action one of its own."""
    bar = window.menuBar()
    titles = [a.text() for a in bar.actions()]
    assert all("&" in t for t in titles)
    for title, actions in window.menu.groups:
        for act in actions:
            assert act.shortcuts() or "&" in act.text(), (title, act.objectName())


def test_a_colour_right_after_highlighting_recolours_the_new_highlight(window) -> None:
    from reader.core.model import PALETTE

    window.show()
    doc_id = "paul-lam-soft-resistance"
    window.open_document(doc_id)
    text = window.session.document(doc_id).text
    start = text.index("soft resistance")
    window.view.select_offsets(start, start + len("soft resistance"))
    window.findChild(QAction, "actionHighlight").trigger()
    (h,) = window.session.book.notes(doc_id).highlights
    assert h.color == PALETTE[0] and window.view.selection_offsets() is None  # collapsed: the colour shows
    window.findChild(QAction, "actionColor3").trigger()
    assert window.session.book.highlight(h.id).color == PALETTE[2]
    window.view.select_offsets(start, start + 4)
    window.findChild(QAction, "actionColor5").trigger()  # text selected: only the next highlight's colour
    assert window.session.book.highlight(h.id).color == PALETTE[2]


def test_focus_moves_from_the_library_to_the_text_to_the_side_panel(window, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    window.show()
    window.open_document("paul-lam-soft-resistance")
    window.activateWindow()
    window.library.toc.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.library.toc)
    window.focusNextChild()
    assert QApplication.focusWidget() is window.view
    window.focusNextChild()
    focused = QApplication.focusWidget()
    assert focused is window.side or window.side.isAncestorOf(focused)
    for w in (window.view, window.library.list, window.library.toc, window.side):
        assert w.accessibleName(), w.objectName()
