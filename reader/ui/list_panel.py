"""Shared pieces of the side-panel tabs: a filterable list of rows, and a document's title by id."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListView,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from .i18n import tr as _tr
from .models import KEY_ROLE, RowsFilter, RowsModel
from .session import Session
from .widgets import TwoLineRows


def rows_list(parent: QWidget, name: str, accessible: str, model: Any) -> QListView:
    """A list of two-line rows of one height: the view never measures 10,000 rows one by one."""
    view = QListView(parent)
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setModel(model)
    view.setWordWrap(False)
    view.setUniformItemSizes(True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    # Rows are elided at the list's width (whole in their tooltip), never behind a scroll bar.
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setSpacing(2)
    view.setItemDelegate(TwoLineRows(view))
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


class ListPanel(QWidget):
    """A filter field above a list; activating a row emits its key.

    With ``follow_current`` moving the current row (arrow keys, a click, or a test setting
    the current index) also emits it, so the text follows the list; selecting a row
    *because* the reader clicked the text (``select_key``) does not echo back.
    """

    activatedKey = Signal(object)
    editRequested = Signal(str)  # a row the reader may change (see offer_edit)
    deleteRequested = Signal(str)

    def __init__(self, object_name: str, placeholder: str, list_name: str, parent: QWidget | None = None,
                 follow_current: bool = False) -> None:
        """``placeholder`` names the filter field and ``list_name`` the list (both translated by the caller)."""
        super().__init__(parent)
        self._echo = True
        self._editable: Callable[[object], bool] = lambda _key: False
        self.setObjectName(object_name)
        self.model = RowsModel(self)
        self.proxy = RowsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(self)
        self.filter.setObjectName(f"{object_name}Filter")
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(placeholder)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.list = rows_list(self, f"{object_name}List", list_name, self.proxy)
        self.list.activated.connect(self._activate)
        self.list.clicked.connect(self._activate)
        if follow_current:
            self.list.selectionModel().currentChanged.connect(
                lambda cur, _prev: self._echo and cur.isValid() and self._activate(cur))
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(6, 6, 6, 6)
        self.layout_.addWidget(self.filter)
        self.layout_.addWidget(self.list, 1)

    def _activate(self, index: QModelIndex) -> None:
        key = index.data(KEY_ROLE)
        if key is not None:
            self.activatedKey.emit(key)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Model changes move the current row; that must not move the text."""
        self._echo = False
        try:
            yield
        finally:
            self._echo = True

    def select_key(self, key: Any) -> bool:
        """Select and scroll to the row with ``key``; clears a filter that hides it."""
        row = self.model.find_key(key)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.filter.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        with self.quiet():
            self.list.setCurrentIndex(index)
        self.list.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def current_key(self) -> Any:
        return self.list.currentIndex().data(KEY_ROLE)

    def offer_edit(self, editable: Callable[[object], bool]) -> None:
        """Rows whose key is ``editable`` get Edit… and Delete in their context menu."""
        self._editable = editable
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_edit_menu)

    def _show_edit_menu(self, pos: QPoint) -> None:
        menu = self.edit_menu(self.list.indexAt(pos).data(KEY_ROLE))
        if menu is not None:
            menu.popup(self.list.viewport().mapToGlobal(pos))

    def edit_menu(self, key: Any) -> QMenu | None:
        """The context menu of the row with ``key``, or None when it is not the reader's own."""
        if key is None or not self._editable(key):
            return None
        return edit_menu(self, key, self.editRequested, self.deleteRequested)


def edit_menu(parent: QWidget, key: str, edit_requested: Any, delete_requested: Any) -> QMenu:
    """Edit… (``editOwnItem``) and Delete (``deleteOwnItem``) for one of the reader's own items,
    emitting ``key`` on the given signals."""
    menu = QMenu(parent)
    edit = menu.addAction(_tr("&Edit…"))
    edit.setObjectName("editOwnItem")
    edit.triggered.connect(lambda: edit_requested.emit(key))
    delete = menu.addAction(_tr("&Delete"))
    delete.setObjectName("deleteOwnItem")
    delete.triggered.connect(lambda: delete_requested.emit(key))
    return menu



def doc_title(session: Session, doc_id: str) -> str:
    try:
        return session.corpus.get(doc_id).title
    except Exception:  # noqa: BLE001 - a dangling id is shown, not fatal
        return doc_id
