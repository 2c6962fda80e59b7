"""The library list: sort, filter, drop files to add, remove and info; the open text's contents below."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.corpus import tags_of
from ..core.document import Document
from .i18n import tr as _tr
from .models import KEY_ROLE, Row, RowsFilter, RowsModel, RowSource
from .session import Session
from .toc import TocView

# Each sort's label, for the translators (shown through _tr).
_SORT_LABELS = (QT_TRANSLATE_NOOP("", "Library order"), QT_TRANSLATE_NOOP("", "Title"),
                QT_TRANSLATE_NOOP("", "Date added"), QT_TRANSLATE_NOOP("", "Publisher"),
                QT_TRANSLATE_NOOP("", "Language"))
# The fixed words of provenance (core keeps them in English), for the translators.
_PROVENANCE_WORDS = (
    QT_TRANSLATE_NOOP("", "Author"), QT_TRANSLATE_NOOP("", "Authors"), QT_TRANSLATE_NOOP("", "Publisher"),
    QT_TRANSLATE_NOOP("", "Published"), QT_TRANSLATE_NOOP("", "Republished by"), QT_TRANSLATE_NOOP("", "Original"),
    QT_TRANSLATE_NOOP("", "Languages"), QT_TRANSLATE_NOOP("", "Source"), QT_TRANSLATE_NOOP("", "Title"),
    QT_TRANSLATE_NOOP("", "Removed"), QT_TRANSLATE_NOOP("", "Added"), QT_TRANSLATE_NOOP("", "Document id"),
    QT_TRANSLATE_NOOP("", "By {authors}"), QT_TRANSLATE_NOOP("", "republished by {again} from {original}"),
    QT_TRANSLATE_NOOP("", "original: {original}"), QT_TRANSLATE_NOOP("", "your text, added {date}"),
    QT_TRANSLATE_NOOP("", "your text"),
)
# Sort choices: label -> the sort value of a document, a string (Qt compares those), with
# its place in library order breaking ties. Shipped texts have no date added: they come first.
SORTS: dict[str, Any] = {
    "Library order": lambda d, i: f"{i:08d}",
    "Title": lambda d, i: f"{d.title.casefold()}\x00{i:08d}",
    "Date added": lambda d, i: f"{d.meta.added or ''}\x00{i:08d}",
    "Publisher": lambda d, i: f"{d.meta.publisher.casefold() or chr(0x10FFFF)}\x00{i:08d}",
    "Language": lambda d, i: f"{d.meta.languages[0] if d.meta.languages else ''}\x00{i:08d}",
}


class LibraryPanel(QWidget):
    """The documents: title, publisher, date and languages; ``tocView`` for the open one."""

    openDocument = Signal(str)
    removeRequested = Signal(str)
    infoRequested = Signal(str)
    filesDropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowsModel(self)
        self.proxy = RowsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list = QListView(self)
        self.list.setObjectName("libraryList")
        self.list.setAccessibleName(self.tr("Library"))
        self.list.setModel(self.proxy)
        # Rows are laid out (and made from their documents) a batch per event-loop turn,
        # so a library of 1,000 texts costs the first paint one batch.
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(16)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(4)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.activated.connect(self._open)
        self.list.clicked.connect(self._open)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.setAcceptDrops(True)
        self.list.viewport().setAcceptDrops(True)
        self.list.viewport().installEventFilter(self)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("libraryFilter")
        self.filter.setPlaceholderText(self.tr("Filter the library"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Filter the library by title, author, publisher, language or tag"))
        self.filter.textChanged.connect(self.proxy.set_text)
        self.sort = QComboBox(self)
        self.sort.setObjectName("librarySort")
        self.sort.setAccessibleName(self.tr("Sort the library by"))
        for key in SORTS:
            self.sort.addItem(_tr(key), key)
        self.sort.currentTextChanged.connect(lambda _t: self._fill())
        self.progress = QLabel(self)
        self.progress.setObjectName("libraryIndexing")
        self.progress.setWordWrap(True)
        self.progress.hide()
        self.add_button = QPushButton(self.tr("Add text…"), self)
        self.add_button.setObjectName("addTextButton")
        self.add_button.setAccessibleName(self.tr("Add a text file to the library"))
        self.toc = TocView(self)
        title = QLabel(self.tr("Library"), self)
        title.setObjectName("panelTitle")
        top = QWidget(self)
        lay = QVBoxLayout(top)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(title)
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.sort)
        lay.addLayout(row)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.progress)
        lay.addWidget(self.add_button)
        contents = QWidget(self)
        clay = QVBoxLayout(contents)
        clay.setContentsMargins(0, 4, 0, 0)
        heading = QLabel(_tr("Contents"), contents)
        heading.setObjectName("panelTitle")
        clay.addWidget(heading)
        clay.addWidget(self.toc, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(contents)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(split)
        self._session: Session | None = None

    def attach(self, window: Any) -> None:
        """Wire the panel's requests to the window's library actions and reading pane."""
        self.removeRequested.connect(window.remove_from_library)
        self.infoRequested.connect(window.show_document_info)
        self.filesDropped.connect(window.add_texts)
        self.toc.headingActivated.connect(lambda offset: window.view.scroll_to_offset(offset, top=True))

    def refresh(self, session: Session) -> None:
        if session is not self._session:
            session.indexProgress.connect(self._indexing)
            session.indexFailed.connect(self._index_failed)
            session.libraryChanged.connect(self._fill)  # e.g. texts indexed on a worker are listed
            self._indexing(0, 1 if session.indexing() else 0)
        self._session = session
        self._fill()

    def _indexing(self, done: int, total: int) -> None:
        """Texts being indexed on a worker are listed when it is done; meanwhile, how far it is."""
        if total:
            self.progress.setText(self.tr("Indexing your library: %1 of %2 texts…").replace("%1", str(done))
                                  .replace("%2", str(total)) if done else self.tr("Indexing your library…"))
        self.progress.setVisible(bool(total))

    def _index_failed(self, sentence: str) -> None:
        """The worker failed: its one sentence stays where the progress was, and in the status bar."""
        self.progress.setText(sentence)
        self.progress.show()
        status = getattr(self.window(), "statusBar", None)
        if status is not None:
            status().showMessage(sentence, 15000)

    def _fill(self) -> None:
        """The model holds (place, id, document) and makes a row only when it is shown or
        filtered: a library of 1,000 texts fills without decoding 1,000 documents' metadata."""
        if self._session is None:
            return
        order = self.sort.currentData() or "Library order"
        key = SORTS[order]
        items = [(i, doc_id, d) for i, (doc_id, d) in enumerate(self._session.corpus.documents.items())]
        sort = (lambda t: f"{t[0]:08d}") if order == "Library order" else (lambda t: key(t[2], t[0]))
        self.model.set_items(items, RowSource(make=self._row, key=lambda t: t[1], sort=sort))

    def _row(self, item: tuple[int, str, Document]) -> Row:
        i, doc_id, d = item
        m = d.meta
        bits = [m.publisher or (self.tr("Your text") if d.user else ""), m.published or "", ", ".join(m.languages)]
        info = " · ".join(b for b in bits if b)
        search = " ".join([d.title, m.publisher, *m.authors, *m.languages, *tags_of(d)]).casefold()
        key = SORTS[self.sort.currentData() or "Library order"]
        return Row(text=f"{d.title}\n{info}", key=doc_id, tooltip=_provenance(d), search=search, sort=key(d, i))

    def select(self, doc_id: str) -> None:
        row = self.model.find_key(doc_id)
        if row >= 0:
            self.list.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        if self._session is not None and doc_id in self._session.corpus:
            self.toc.show_document(self._session.corpus.get(doc_id))

    def shown_ids(self) -> list[str]:
        """Document ids in the order the list shows them (after sort and filter)."""
        return [self.proxy.index(r, 0).data(KEY_ROLE) for r in range(self.proxy.rowCount())]

    def _open(self, index: QModelIndex) -> None:
        doc_id = index.data(KEY_ROLE)
        if doc_id:
            self.openDocument.emit(doc_id)

    def _menu(self, pos: QPoint) -> None:
        doc_id = self.list.indexAt(pos).data(KEY_ROLE)
        if not doc_id:
            return
        menu = QMenu(self)
        menu.setObjectName("libraryMenu")
        info = QAction(_tr("Document info…"), menu)
        info.triggered.connect(lambda: self.infoRequested.emit(doc_id))
        menu.addAction(info)
        remove = QAction(_tr("Remove from library"), menu)
        remove.setObjectName("actionRemoveDocument")
        doc = self._session.corpus.documents.get(doc_id) if self._session else None
        remove.setEnabled(bool(doc and doc.user))
        remove.triggered.connect(lambda: self.removeRequested.emit(doc_id))
        menu.addAction(remove)
        menu.popup(self.list.viewport().mapToGlobal(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if event.mimeData().hasUrls():  # type: ignore[attr-defined]
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent) and event.mimeData().hasUrls():
            paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
            event.acceptProposedAction()
            if paths:
                self.filesDropped.emit(paths)
            return True
        return super().eventFilter(watched, event)


def _provenance(doc: Document) -> str:
    head = [doc.meta.title, *([doc.meta.subtitle] if doc.meta.subtitle else [])]
    return "\n".join([*head, doc.provenance().text(_tr)])


def provenance_line(doc: Document) -> str:
    return doc.provenance().line(_tr)
