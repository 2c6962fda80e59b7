"""The open document's table of contents: its headings; activating one asks to scroll there."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from ..core.document import Document
from .models import KEY_ROLE, Row, RowsModel


class TocView(QListView):
    """``tocView``: one row per heading (second-level ones indented); emits the heading's offset."""

    headingActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tocView")
        self.setAccessibleName(self.tr("Contents of the open document"))
        self.toc_model = RowsModel(self)
        self.setModel(self.toc_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setUniformItemSizes(True)
        self.activated.connect(self._go)
        self.clicked.connect(self._go)
        self._doc_id: str | None = None

    def show_document(self, doc: Document | None) -> None:
        """List ``doc``'s headings (nothing for None); kept when it is the same text again."""
        key = None if doc is None else (doc.id, doc.digest)
        if key == self._doc_id:
            return
        self._doc_id = key  # type: ignore[assignment]
        rows = [] if doc is None else [
            Row(text=("    " if b.level >= 2 else "") + b.text, key=b.start, tooltip=b.text, search=b.text)
            for b in doc.headings()
        ]
        self.toc_model.set_rows(rows)

    def offsets(self) -> list[int]:
        return [r.key for r in self.toc_model.rows()]

    def _go(self, index: QModelIndex) -> None:
        offset = index.data(KEY_ROLE)
        if offset is not None:
            self.headingActivated.emit(int(offset))
