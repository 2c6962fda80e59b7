"""The library list: each document's title, publisher, date and languages."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.document import Document
from .models import KEY_ROLE, Row, RowsModel
from .session import Session


class LibraryPanel(QWidget):
    """The documents: title, publisher, date and languages."""

    openDocument = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowsModel(self)
        self.list = QListView(self)
        self.list.setObjectName("libraryList")
        self.list.setAccessibleName("Library")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(4)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.activated.connect(self._open)
        self.list.clicked.connect(self._open)
        self.add_button = QPushButton("Add text…", self)
        self.add_button.setObjectName("addTextButton")
        self.add_button.setAccessibleName("Add a text file to the library")
        title = QLabel("Library", self)
        title.setObjectName("panelTitle")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(title)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.add_button)

    def refresh(self, session: Session) -> None:
        rows = []
        for d in session.corpus:
            m = d.meta
            bits = [m.publisher or ("Your text" if d.user else ""), m.published or "", ", ".join(m.languages)]
            info = " · ".join(b for b in bits if b)
            rows.append(Row(text=f"{d.title}\n{info}", key=d.id, tooltip=_provenance(d), search=d.title))
        self.model.set_rows(rows)

    def select(self, doc_id: str) -> None:
        row = self.model.find_key(doc_id)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))

    def _open(self, index: QModelIndex) -> None:
        doc_id = index.data(KEY_ROLE)
        if doc_id:
            self.openDocument.emit(doc_id)


def _provenance(doc: Document) -> str:
    head = [doc.meta.title, *([doc.meta.subtitle] if doc.meta.subtitle else [])]
    return "\n".join([*head, doc.provenance().text()])


def provenance_line(doc: Document) -> str:
    return doc.provenance().line()
