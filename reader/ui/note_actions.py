"""Note actions of the main window: highlight, note, delete, re-attach, link, undo, colours.

A mixin like FileActionsMixin: each slot picks the core operation (``session.book``) from
what is selected, and the window re-renders from the Change it announces.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QInputDialog, QMenu

from ..core.model import LINK_TYPES, PALETTE
from .i18n import tr as _tr
from .panels import color_icon
from .window_parts import WindowParts


class NoteActionsMixin(WindowParts):
    """Mixed into MainWindow."""

    def _say(self, text: str, ms: int = 5000) -> None:
        self.statusBar().showMessage(text, ms)

    def highlight_selection(self, color: str | None = None) -> str | None:
        """Highlight the selected text; returns the new highlight's id."""
        if self._doc is None:
            return None
        sel = self.view.selection_offsets()
        if sel is None:
            self._say(_tr("Select some text first, then highlight it."))
            return None
        result = self._guard(self.session.book.add_highlight, self._doc.id, sel[0], sel[1],
                             color or self._current_color)
        if result is None:
            return None
        h, _change = result
        cursor = self.view.textCursor()  # collapsed, so the new colour shows (not the selection's)
        cursor.clearSelection()
        self.view.setTextCursor(cursor)
        self.side.setCurrentWidget(self.notes)
        self.notes.select_highlight(h.id)
        return str(h.id)

    def add_note(self) -> None:
        sel = self.view.selection_offsets()
        if sel is not None:
            match = [h for h in self.view.highlights_at(sel[0]) if (h.start, h.end) == sel]
            hid = match[0].id if match else self.highlight_selection()
        else:
            hid = self.notes.current_highlight()
        if hid is None:
            self._say(_tr("Select text (or a highlight in Notes) to write a note."))
            return
        self.side.setCurrentWidget(self.notes)
        self.notes.select_highlight(hid)
        self.notes.focus_editor()

    def delete_current(self) -> None:
        hid = self.notes.current_highlight()
        if hid is None:
            self._say(_tr("Select a highlight to delete."))
            return
        self.notes.flush()
        self._guard(self.session.book.delete_highlight, hid)

    def attach_current(self) -> None:
        hid = self.notes.current_highlight()
        sel = self.view.selection_offsets()
        if hid is None or sel is None:
            self._say(_tr("Select the new text in the reading pane, then choose “Attach here”."), 6000)
            return
        self._guard(self.session.book.reattach, hid, sel[0], sel[1])

    def start_link(self) -> None:
        sel = self.view.selection_offsets()
        if self._doc is None or sel is None:
            self._say(_tr("Select the passage the link starts from."))
            return
        self._link.start(self._doc.id, self._doc.text, *sel)
        self._say(_tr("Link started: select the target passage (any document), then Edit › Complete link here."),
                  10000)

    def complete_link(self, link_type: str | None = None, note: str | None = None) -> str | None:
        sel = self.view.selection_offsets()
        ends = self._link.target(self._doc.id, self._doc.text, *sel) if self._doc and sel else None
        if ends is None:
            self._say(_tr("Start a link first, then select its target passage."))
            return None
        if link_type is None:
            link_type, ok = QInputDialog.getItem(self._widget(), _tr("Link type"), _tr("This passage…"),
                                                 list(LINK_TYPES), 0, False)
            if not ok:
                return None
            note, ok = QInputDialog.getText(self._widget(), _tr("Link note"), _tr("One line about the link (optional):"))
            if not ok:
                return None
        result = self._guard(self.session.book.add_link, *ends, link_type, note or "")
        if result is None:
            return None
        self._link.clear()
        self._say(_tr("Linked: {type}.").format(type=link_type), 4000)  # replaces "Link started…"
        return str(result[0].id)

    def undo(self) -> None:
        self.notes.flush()
        change = self._guard(self.session.book.undo)
        if change is not None:
            self._say(_tr("Undone: {what}").format(what=change.description), 4000)

    def redo(self) -> None:
        change = self._guard(self.session.book.redo)
        if change is not None:
            self._say(_tr("Redone: {what}").format(what=change.description), 4000)

    def _update_undo_actions(self) -> None:
        book, menu = self.session.book, self.menu
        menu.actionUndo.setEnabled(book.can_undo())
        menu.actionRedo.setEnabled(book.can_redo())
        menu.actionUndo.setText(_tr("&Undo {what}").format(what=book.undo_text()).rstrip())
        menu.actionRedo.setText(_tr("&Redo {what}").format(what=book.redo_text()).rstrip())

    def choose_color(self, color: str) -> None:
        """Ctrl+1…8: the colour of the next highlight, and of the one selected in Notes
        (right after Ctrl+H, the highlight just made)."""
        self._current_color = color
        hid = self.notes.current_highlight()
        if hid and self.view.selection_offsets() is None and self.side.currentWidget() is self.notes:
            self._guard(self.session.book.set_color, hid, color)

    def _update_color_labels(self) -> None:
        palette = self.session.book.palette()
        for act, c in zip(self.menu.color_actions, PALETTE):
            act.setText(f"{palette.get(c, '') or c}  ({c})")

    def edit_color_meanings(self) -> None:
        palette = self.session.book.palette()
        for c in PALETTE:
            text, ok = QInputDialog.getText(self._widget(), _tr("Name a colour"), _tr("Meaning of {colour}:").format(colour=c),
                                            text=palette.get(c, ""))
            if not ok:
                return
            if text != palette.get(c, ""):
                self._guard(self.session.book.set_color_meaning, c, text)
        self._update_color_labels()

    def _context_menu(self, pos: QPoint) -> None:
        menu, m = QMenu(self._widget()), self.menu
        menu.addAction(m.actionHighlight)
        sub = menu.addMenu(_tr("Highlight in colour"))
        palette = self.session.book.palette()
        for c in PALETTE:
            act = sub.addAction(color_icon(c), palette.get(c, c) or c)
            act.triggered.connect(lambda _=False, c=c: self.highlight_selection(c))
        menu.addAction(m.actionAddNote)
        hls = self.view.highlights_at(self.view.offset_at_point(pos))
        if hls:
            self.notes.select_highlight(hls[0].id)
            menu.addAction(m.actionDeleteAnnotation)
        menu.addAction(m.actionNewGlossaryEntry)
        menu.addAction(m.actionAddGlossarySource)
        menu.addAction(m.actionAddTimelineEvent)
        menu.addSeparator()
        menu.addAction(m.actionStartLink)
        menu.addAction(m.actionCompleteLink)
        if self.notes.current_highlight():
            menu.addAction(m.actionAttachHere)
        menu.addSeparator()
        copy = menu.addAction(_tr("Copy"))
        copy.triggered.connect(self.view.copy)
        menu.popup(self.view.viewport().mapToGlobal(pos))
