"""The Notes tab: the reader's highlights with a note editor, filters and sorting."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.document import Document
from ..core.model import PALETTE, Highlight
from .list_panel import doc_title, rows_list
from .models import AT_ONCE, FILL_STEP, KEY_ROLE, Row, RowsFilter, RowsModel, RowSource
from .session import Session
from .widgets import (
    SafeBrowser,
    color_icon,
    excerpt,
    plain_label,
)


def _highlight_id(h: Highlight) -> str:
    return h.id


def _by_date(h: Highlight) -> str:
    return h.modified or h.created


def _by_position(h: Highlight) -> tuple[str, int]:
    return (h.doc_id, h.start)



class NotesPanel(QWidget):
    """``notesTab``: the reader's highlights with a note editor, filters and sorting."""

    openHighlight = Signal(str)
    attachRequested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesTab")
        self.session = session
        self._doc: Document | None = None
        self._current: str | None = None
        self.model = RowsModel(self)
        self.proxy = RowsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.doc_note = QPlainTextEdit(self)
        self.doc_note.setObjectName("documentNoteEditor")
        self.doc_note.setAccessibleName(self.tr("Note on the whole document"))
        self.doc_note.setPlaceholderText(self.tr("A note on the whole document…"))
        self.doc_note.setMaximumHeight(70)
        self.doc_note.setTabChangesFocus(True)
        self._doc_note_timer = _debounce(self, self._commit_doc_note)
        self.doc_note.textChanged.connect(self._doc_note_timer.start)

        self.filter = QLineEdit(self)
        self.filter.setObjectName("notesFilter")
        self.filter.setPlaceholderText(self.tr("Filter notes by text or tag…"))
        self.filter.setAccessibleName(self.tr("Filter notes"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.color_filter = QComboBox(self)
        self.color_filter.setObjectName("notesColorFilter")
        self.color_filter.setAccessibleName(self.tr("Filter by colour"))
        self.tag_filter = QComboBox(self)
        self.tag_filter.setObjectName("notesTagFilter")
        self.tag_filter.setAccessibleName(self.tr("Filter by tag"))
        self.sort = QComboBox(self)
        self.sort.setObjectName("notesSort")
        self.sort.setAccessibleName(self.tr("Sort notes"))
        self.sort.addItem(self.tr("By position"), "position")
        self.sort.addItem(self.tr("Newest first"), "date")
        self.scope = QCheckBox(self.tr("Whole library"), self)
        self.scope.setObjectName("notesScope")
        self.scope.setAccessibleName(self.tr("Show notes of the whole library"))
        for w in (self.color_filter, self.tag_filter, self.sort):
            w.currentIndexChanged.connect(lambda _i: self.refresh())
        self.scope.toggled.connect(lambda _b: self.refresh())

        self.list = rows_list(self, "notesList", self.tr("Your highlights and notes"), self.proxy)
        self.list.activated.connect(self._activate)
        self.list.clicked.connect(self._activate)
        self.list.selectionModel().currentChanged.connect(lambda cur, _p: self._select(cur.data(KEY_ROLE)))

        self.status = plain_label("", self)
        self.status.setObjectName("noteStatus")
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("noteEditor")
        self.editor.setAccessibleName(self.tr("Note on the selected highlight"))
        self.editor.setPlaceholderText(self.tr("Select a highlight, then write a note here (Markdown allowed)."))
        self.editor.setTabChangesFocus(True)
        self._note_timer = _debounce(self, self.commit_note)
        self.editor.textChanged.connect(self._note_timer.start)
        self.preview = SafeBrowser(self)
        self.preview.setObjectName("notePreview")
        self.preview.setAccessibleName(self.tr("Note preview"))
        self.preview.hide()
        self.preview_toggle = QCheckBox(self.tr("Preview"), self)
        self.preview_toggle.setObjectName("notePreviewToggle")
        self.preview_toggle.setAccessibleName(self.tr("Show the note rendered as Markdown"))
        self.preview_toggle.toggled.connect(self._toggle_preview)
        self.tags = QLineEdit(self)
        self.tags.setObjectName("tagEditor")
        self.tags.setAccessibleName(self.tr("Tags, separated by commas"))
        self.tags.setPlaceholderText(self.tr("Tags, comma-separated"))
        self.tags.editingFinished.connect(self.commit_tags)
        colors = QHBoxLayout()
        colors.setSpacing(3)
        self.color_buttons: dict[str, QToolButton] = {}
        meanings = self.session.book.palette()
        for c in PALETTE:
            b = QToolButton(self)
            b.setObjectName(f"color{c[1:]}")
            b.setIcon(color_icon(c))
            name = self.tr("Colour: %1").replace("%1", meanings.get(c) or c)
            b.setAccessibleName(name)
            b.setToolTip(name)
            b.setAutoRaise(True)
            b.clicked.connect(lambda _=False, c=c: self._set_color(c))
            self.color_buttons[c] = b
            colors.addWidget(b)
        colors.addStretch(1)
        self.attach_button = QPushButton(self.tr("Attach here"), self)
        self.attach_button.setObjectName("attachHere")
        self.attach_button.setToolTip(self.tr("Re-attach this orphaned note to the text selected in the reading pane"))
        self.attach_button.clicked.connect(lambda: self._current and self.attachRequested.emit(self._current))
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("deleteHighlight")
        self.delete_button.clicked.connect(self._delete)
        self.confirm_button = QPushButton(self.tr("Position is right"), self)
        self.confirm_button.setObjectName("confirmPosition")
        self.confirm_button.setToolTip(self.tr("This note was moved after the text changed; confirm its new place"))
        self.confirm_button.clicked.connect(self._confirm)
        colors.addWidget(self.confirm_button)
        colors.addWidget(self.attach_button)
        colors.addWidget(self.delete_button)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(plain_label(self.tr("Document note")))
        lay.addWidget(self.doc_note)
        lay.addWidget(self.filter)
        row = QHBoxLayout()
        row.addWidget(self.color_filter, 1)
        row.addWidget(self.tag_filter, 1)
        lay.addLayout(row)
        row2 = QHBoxLayout()
        row2.addWidget(self.sort, 1)
        row2.addWidget(self.scope)
        lay.addLayout(row2)
        lay.addWidget(self.list, 3)
        lay.addWidget(self.status)
        lay.addWidget(self.editor, 2)
        lay.addWidget(self.preview, 2)
        row3 = QHBoxLayout()
        row3.addWidget(self.tags, 1)
        row3.addWidget(self.preview_toggle)
        lay.addLayout(row3)
        lay.addLayout(colors)
        self._fill_color_filter()
        self._update_editor()

    # -- data ------------------------------------------------------------------------
    def set_document(self, doc: Document | None, *, fill: bool = True) -> None:
        """Show ``doc``'s notes; ``fill=False`` leaves the list empty until ``refresh``."""
        self._commit_pending()
        self._doc = doc
        self._current = None
        with QSignalBlocker(self.doc_note):
            self.doc_note.setPlainText(self.session.book.notes(doc.id).document_note if doc else "")
        if fill:
            self.refresh()
        else:
            self.model.set_rows([])
        self._update_editor()

    def _fill_color_filter(self) -> None:
        with QSignalBlocker(self.color_filter):
            self.color_filter.clear()
            self.color_filter.addItem(self.tr("All colours"), "")
            palette = self.session.book.palette()
            for c in PALETTE:
                self.color_filter.addItem(color_icon(c), palette.get(c, c) or c, c)

    def _highlights(self) -> list[Highlight]:
        book = self.session.book
        if self.scope.isChecked():
            out = []
            for d in self.session.corpus:
                out.extend(book.notes(d.id).highlights)
            return out
        return list(book.notes(self._doc.id).highlights) if self._doc else []

    def refresh(self) -> None:
        for _ in self.refresh_in_steps(step=AT_ONCE):
            pass

    def refresh_in_steps(self, step: int = FILL_STEP) -> Iterator[None]:
        """``refresh`` in slices (see RowsModel.set_items_in_steps); the filters and the
        list are read once, at the start."""
        hls = self._highlights()
        tags = sorted({t for h in hls for t in h.tags}, key=str.casefold)
        if len(hls) > step:  # a big book: its tags, then the tag filter, each a turn of its own
            yield
        self._fill_tag_filter(tags)
        if len(hls) > step:
            yield
        by_date = self.sort.currentData() == "date"
        palette = self.session.book.palette()
        color, tag = self.color_filter.currentData(), self.tag_filter.currentData()
        whole = self.scope.isChecked()
        shown = [h for h in hls if (not color or h.color == color) and (not tag or tag in h.tags)]
        sort = _by_date if by_date else _by_position
        yield from self.model.set_items_in_steps(
            shown, RowSource(lambda h: self._row_for(h, palette, by_date, whole), _highlight_id, sort),
            reverse=by_date, step=step)
        if self._current:
            self.select_highlight(self._current, notify=False)
        self._update_editor()

    def apply_change(self, change: Any) -> None:
        """Update just the rows of the highlights ``change`` names (full refresh otherwise)."""
        if not change.highlight_ids or change.kind in ("import", "reload", "reanchor"):
            self.refresh()
            return
        book = self.session.book
        new_tags = False
        for hid in change.highlight_ids:
            h = book.highlight(hid)
            if h is None or not self._in_scope(h) or not self._accepts(h):
                self.model.remove_key(hid)
                if hid == self._current and h is None:
                    self._current = None
            else:
                self.model.upsert(self._row_for(h), reverse=self.sort.currentData() == "date")
                new_tags = new_tags or any(self.tag_filter.findData(t) < 0 for t in h.tags)
        if new_tags or change.kind == "tags":
            self._fill_tag_filter(sorted({t for h in self._highlights() for t in h.tags}, key=str.casefold))
        self._update_editor()

    def _fill_tag_filter(self, tags: list[str]) -> None:
        current_tag = self.tag_filter.currentData()
        with QSignalBlocker(self.tag_filter):
            self.tag_filter.clear()
            self.tag_filter.addItem(self.tr("All tags"), "")
            for t in tags:
                self.tag_filter.addItem(f"#{t}", t)
            i = self.tag_filter.findData(current_tag)
            self.tag_filter.setCurrentIndex(max(0, i))

    def _in_scope(self, h: Highlight) -> bool:
        return self.scope.isChecked() or (self._doc is not None and h.doc_id == self._doc.id)

    def _accepts(self, h: Highlight) -> bool:
        color, tag = self.color_filter.currentData(), self.tag_filter.currentData()
        return (not color or h.color == color) and (not tag or tag in h.tags)

    def _row_for(self, h: Highlight, palette: dict[str, str] | None = None, by_date: bool | None = None,
                 whole_library: bool | None = None) -> Row:
        if by_date is None:
            by_date = self.sort.currentData() == "date"
        if whole_library is None:
            whole_library = self.scope.isChecked()
        book = self.session.book
        palette = palette if palette is not None else book.palette()
        status = book.status(h.id)
        moved = self.tr("↪ Moved — please review.") + " "
        flag = {"orphan": self.tr("⚠ Orphaned — select text and use “Attach here”.") + " ",
                "drifted": moved}.get(status, "")
        if status == "ok" and h.review:
            flag = moved
        if status != "orphan" and h.review and h.review_reason == "deleted":
            flag = self.tr("↩ Deleted on another device while you edited it — please review.") + " "
        where = f"[{doc_title(self.session, h.doc_id)}] " if whole_library else ""
        second = " ".join([excerpt(h.note, 140)] + [f"#{t}" for t in h.tags]).strip()
        return Row(
            text=f"{flag}{where}“{excerpt(h.quote, 100)}”\n{second}",
            key=h.id, color=h.color, tooltip=palette.get(h.color, ""),
            sort=_by_date(h) if by_date else _by_position(h),
            search=f"{h.quote} {h.note} {' '.join(h.tags)} {' '.join('#' + t for t in h.tags)}",
        )

    # -- selection and editing -----------------------------------------------------------
    def select_highlight(self, hid: str, notify: bool = True) -> bool:
        row = self.model.find_key(hid)
        if row < 0:
            self.filter.clear()
            self.color_filter.setCurrentIndex(0)
            self.tag_filter.setCurrentIndex(0)
            row = self.model.find_key(hid)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        blocker = None if notify else QSignalBlocker(self.list.selectionModel())
        self.list.setCurrentIndex(index)
        del blocker
        self.list.scrollTo(index)
        self._select(hid)
        return True

    def current_highlight(self) -> str | None:
        return self._current

    def _activate(self, index: QModelIndex) -> None:
        hid = index.data(KEY_ROLE)
        if hid:
            self._select(hid)
            self.openHighlight.emit(hid)

    def _select(self, hid: str | None) -> None:
        if hid == self._current:
            return
        self._commit_pending()
        self._current = hid
        self._update_editor()

    def _update_editor(self) -> None:
        h = self.session.book.highlight(self._current) if self._current else None
        enabled = h is not None and not self.session.book.is_read_only(h.doc_id)
        with QSignalBlocker(self.editor):
            if h is None or self.editor.toPlainText() != h.note:
                self.editor.setPlainText(h.note if h else "")
        self.tags.setText(", ".join(h.tags) if h else "")
        for w in (self.editor, self.tags, self.delete_button, *self.color_buttons.values()):
            w.setEnabled(enabled)
        status = self.session.book.status(h.id) if h else "ok"
        self.attach_button.setVisible(h is not None and (status != "ok" or h.review))
        self.attach_button.setEnabled(enabled)
        self.confirm_button.setVisible(h is not None and status == "drifted")
        self.confirm_button.setEnabled(enabled)
        if h is None:
            self.status.setText(self.tr("No highlight selected."))
            self.editor.setPlaceholderText(self.tr("Select a highlight, then write a note here (Markdown allowed)."))
        else:
            meaning = self.session.book.palette().get(h.color, "")
            created = self.tr("created %1").replace("%1", h.created[:10])
            read_only = " · " + self.tr("read-only") if not enabled else ""
            self.status.setText(f"{meaning or h.color} · {created}{read_only}")
            self.editor.setPlaceholderText(self.tr("Write a note on this highlight (Markdown allowed)."))
        self.doc_note.setEnabled(self._doc is not None and not self.session.book.is_read_only(self._doc.id))
        if self.preview_toggle.isChecked():
            self._render_preview()

    def _toggle_preview(self, on: bool) -> None:
        self.preview.setVisible(on)
        self.editor.setVisible(not on)
        if on:
            self._render_preview()

    def _render_preview(self) -> None:
        self.preview.set_markdown(self.editor.toPlainText())

    def commit_note(self) -> None:
        self._note_timer.stop()
        h = self.session.book.highlight(self._current) if self._current else None
        if h is not None and self.editor.toPlainText() != h.note and not self.session.book.is_read_only(h.doc_id):
            self.session.book.set_note(h.id, self.editor.toPlainText())

    def commit_tags(self) -> None:
        h = self.session.book.highlight(self._current) if self._current else None
        if h is None or self.session.book.is_read_only(h.doc_id):
            return
        tags = [t.strip().lstrip("#") for t in self.tags.text().split(",")]
        tags = [t for t in tags if t]
        if tuple(tags) != tuple(h.tags):
            self.session.book.set_tags(h.id, tags)

    def _commit_doc_note(self) -> None:
        self._doc_note_timer.stop()
        if self._doc is None or self.session.book.is_read_only(self._doc.id):
            return
        text = self.doc_note.toPlainText()
        if text != self.session.book.notes(self._doc.id).document_note:
            self.session.book.set_document_note(self._doc.id, text)

    def _commit_pending(self) -> None:
        if self._note_timer.isActive():
            self.commit_note()
        if self._doc_note_timer.isActive():
            self._commit_doc_note()

    def flush(self) -> None:
        """Commit whatever is being typed (before undo, export, close)."""
        self._commit_pending()
        if self.tags.hasFocus():
            self.commit_tags()

    def _set_color(self, color: str) -> None:
        if self._current:
            self.session.book.set_color(self._current, color)

    def _confirm(self) -> None:
        if self._current:
            self.session.book.confirm_review(self._current)

    def _delete(self) -> None:
        if self._current:
            hid, self._current = self._current, None
            self.session.book.delete_highlight(hid)

    def focus_editor(self) -> None:
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)


def _debounce(parent: QWidget, slot: Callable[[], None], ms: int = 600) -> QTimer:
    """Typing becomes one undoable edit after a pause, not one per keystroke."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer
