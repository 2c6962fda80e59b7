"""The find bar: search in the document (all hits marked) and across the library and notes.

A mixin of MainWindow; the searching itself is reader.core.search, built off the GUI thread
by the Session.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QListWidgetItem

from ..core.navigation import Passage
from .widgets import excerpt

SEARCH_LIMIT = 5000  # hits marked in the document; enough to read, cheap on a 4 MB book


class FindMixin:
    """Mixed into MainWindow; uses its find bar widgets, reading view and session."""

    def show_find(self, library: bool = False) -> None:
        if self._doc is not None:  # a search is coming: build the index now, not after the layout
            self.session.prepare_search(self._doc.id)
        self.find_bar.show()
        if library:
            self.search_all.setChecked(True)
        sel = self.view.selection_offsets()
        if sel and self._doc is not None and sel[1] - sel[0] < 80:
            self.search_field.setText(self._doc.text[sel[0]:sel[1]])
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def hide_find(self) -> None:
        self.find_bar.hide()
        self.search_results.hide()
        self.view.set_search_hits([])
        self.view.setFocus()

    def run_search(self) -> None:
        self._search_timer.stop()
        query = self.search_field.text()
        if self.search_all.isChecked():
            self.view.set_search_hits([])
            self._run_library_search(query)
            return
        self.search_results.hide()
        if self._doc is None:
            return
        hits = self.session.search_index(self._doc.id).spans(query, SEARCH_LIMIT) if query.strip() else []
        self._search_hits = list(hits)
        self._search_current = -1
        self.view.set_search_hits(self._search_hits)
        more = "+" if len(hits) >= SEARCH_LIMIT else ""
        self.search_count.setText(self.tr("%1 found").replace("%1", f"{len(hits)}{more}") if query.strip() else "")
        if hits:
            self.search_next_hit()
        self.searchFinished.emit(len(hits))

    def _run_library_search(self, query: str) -> None:
        self.search_results.clear()
        if not query.strip():
            self.search_results.hide()
            self.search_count.setText("")
            self.searchFinished.emit(0)
            return
        hits = self.session.library_search().find(query, limit=2000)
        for h in hits:
            item = QListWidgetItem(f"{self._title_of(h.doc_id)}\n…{h.context}…")
            item.setData(Qt.ItemDataRole.UserRole, Passage(h.doc_id, h.start, h.end))
            self.search_results.addItem(item)
        notes = [self.session.book.notes(doc_id) for doc_id in self.session.corpus.ids()]
        note_hits = self.session.library_search().find_in_notes(query, notes)
        yours = {"note": self.tr("Your note"), "tag": self.tr("Your tag"), "quote": self.tr("Your highlight")}
        for hl, where in note_hits:
            head = f"{yours.get(where, where)} — {self._title_of(hl.doc_id)}"
            item = QListWidgetItem(f"{head}\n“{excerpt(hl.quote, 80)}” {excerpt(hl.note, 80)}")
            item.setData(Qt.ItemDataRole.UserRole, Passage(hl.doc_id, hl.start, hl.end, hl.id))
            self.search_results.addItem(item)
        total = len(hits) + len(note_hits)
        self.search_count.setText(self.tr("%1 found").replace("%1", str(total)))
        self.search_results.setVisible(True)
        self.search_results.setMaximumHeight(220)
        self.searchFinished.emit(total)

    def _open_search_result(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(hit, Passage):
            self.navigate(hit.doc_id, hit.start, hit.end)

    def search_next_hit(self) -> None:
        if self.search_all.isChecked():
            if self.search_results.count():
                row = (self.search_results.currentRow() + 1) % self.search_results.count()
                self.search_results.setCurrentRow(row)
                self._open_search_result(self.search_results.item(row))
            return
        self._step_hit(1)

    def search_previous_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        if not self._search_hits:
            return
        self._search_current = (self._search_current + step) % len(self._search_hits)
        s, e = self._search_hits[self._search_current]
        self.view.set_search_hits(self._search_hits, self._search_current)
        self.view.scroll_to_offset(s)
        self.search_count.setText(self.tr("%1 of %2").replace("%1", str(self._search_current + 1))
                                  .replace("%2", str(len(self._search_hits))))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.search_field and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.hide_find()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.search_previous_hit()
                return True
        return super().eventFilter(obj, event)

