"""Side-panel tabs. Each shows core data for the current document and asks the window
to open spans; none of them reads files or changes data except through core operations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.document import Document
from ..core.model import PALETTE, Highlight
from .models import AT_ONCE, FILL_STEP, KEY_ROLE, Row, RowsFilter, RowsModel, RowSource
from .session import Session
from .widgets import (
    SafeBrowser,
    esc,
    excerpt,
    plain_label,
    refused_resource,
    span_link,
    tooltip_html,
)

MARK_LABELS = {"glossary": "Glossary", "crossref": "Cross-reference", "note": "Editorial note",
               "timeline": "Timeline", "highlight": "Your highlight"}


def rows_list(parent: QWidget, name: str, accessible: str, model: Any) -> QListView:
    """A list of two-line rows of one height: the view never measures 10,000 rows one by one."""
    view = QListView(parent)
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setModel(model)
    view.setWordWrap(False)
    view.setUniformItemSizes(True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setSpacing(2)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


class _ListPanel(QWidget):
    """A filter field above a list; activating a row emits its key.

    With ``follow_current`` moving the current row (arrow keys, a click, or a test setting
    the current index) also emits it, so the text follows the list; selecting a row
    *because* the reader clicked the text (``select_key``) does not echo back.
    """

    activatedKey = Signal(object)

    def __init__(self, object_name: str, placeholder: str, parent: QWidget | None = None,
                 follow_current: bool = False) -> None:
        super().__init__(parent)
        self._echo = True
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
        self.list = rows_list(self, f"{object_name}List",
                              placeholder.replace("Filter", "List").replace("…", ""), self.proxy)
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


class AnnotationsPanel(_ListPanel):
    """Every span of this document in reading order: editorial marks and personal highlights."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("annotationsTab", "Filter annotations…", parent, follow_current=True)
        self.kind = QComboBox(self)
        self.kind.setObjectName("annotationsKind")
        self.kind.setAccessibleName("Show kind of annotation")
        self.kind.addItem("All kinds", "")
        for k, label in MARK_LABELS.items():
            self.kind.addItem(label, k)
        self.kind.currentIndexChanged.connect(lambda _i: self.proxy.set_kind(self.kind.currentData()))
        self.layout_.insertWidget(1, self.kind)

    def refresh(self, session: Session, doc: Document | None, marks: list, highlights: list[Highlight]) -> None:
        for _ in self.refresh_in_steps(session, doc, marks, highlights, step=AT_ONCE):
            pass

    def refresh_in_steps(self, session: Session, doc: Document | None, marks: list, highlights: list[Highlight],
                         step: int = FILL_STEP) -> Iterator[None]:
        """``refresh`` in slices (see RowsModel.set_items_in_steps)."""
        items: list[Any] = [*marks, *highlights] if doc is not None else []
        layer = session.editorial
        text = doc.text if doc is not None else ""

        def make(item: Any) -> Row:
            return self._highlight_row(item) if isinstance(item, Highlight) else _mark_row(layer, text, item)

        yield from self.model.set_items_in_steps(items, RowSource(make, _annotation_key, _annotation_sort), step=step,
                                                 around_change=self.quiet)

    @staticmethod
    def _highlight_row(h: Highlight) -> Row:
        return Row(
            text=f"Your highlight: {excerpt(h.quote, 90)}\n{excerpt(h.note, 120)}",
            key=_annotation_key(h), kind="highlight", sort=_annotation_sort(h),
            color=h.color, search=f"{h.quote} {h.note} {' '.join(h.tags)}",
        )

    def upsert_highlight(self, h: Highlight) -> None:
        with self.quiet():
            self.model.upsert(self._highlight_row(h))

    def remove_highlight(self, hid: str) -> None:
        with self.quiet():
            self.model.remove_key(("highlight", hid))


def _highlight_id(h: Highlight) -> str:
    return h.id


def _by_date(h: Highlight) -> str:
    return h.modified or h.created


def _by_position(h: Highlight) -> tuple[str, int]:
    return (h.doc_id, h.start)


def _mark_detail(layer: Any, m: Any) -> str:
    described = layer.describe(m.kind, m.ref_id) if layer is not None else None
    if described is None:
        return ""
    heading, text = described
    return f"{heading}: {text}" if heading else text


def _mark_row(layer: Any, text: str, m: Any) -> Row:
    quote = text[m.start:m.end]
    label = MARK_LABELS.get(m.kind, m.kind)
    detail = _mark_detail(layer, m)
    return Row(
        text=f"{label}: {excerpt(quote, 90)}\n{excerpt(detail, 120)}",
        key=_annotation_key(m), kind=m.kind, sort=_annotation_sort(m),
        search=f"{label} {quote} {detail}", tooltip=detail,
    )


def _annotation_key(item: Any) -> Any:
    return ("highlight", item.id) if isinstance(item, Highlight) else (item.kind, item.ref_id, item.start, item.end)


def _annotation_sort(item: Any) -> Any:
    return (item.start, "highlight") if isinstance(item, Highlight) else (item.start, item.kind)


class GlossaryPanel(QWidget):
    """All entries, searchable; the detail lists every occurrence and unlinked mentions."""

    openSpan = Signal(str, int, int)
    entryActivated = Signal(str)  # the reader chose an entry in the list: show it in the text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("glossaryTab")
        self._session: Session | None = None
        self.entries = _ListPanel("glossaryEntries", "Search the glossary…", self, follow_current=True)
        self.entries.activatedKey.connect(self._chosen)
        self.entries.list.selectionModel().currentChanged.connect(
            lambda cur, _prev: self.show_entry(cur.data(KEY_ROLE)) if cur.isValid() else None
        )
        self.detail = SafeBrowser(self)
        self.detail.setObjectName("glossaryDetail")
        self.detail.setAccessibleName("Glossary entry")
        self.detail.spanRequested.connect(self.openSpan)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.entries)
        split.addWidget(self.detail)
        split.setSizes([300, 300])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)

    def refresh(self, session: Session) -> None:
        self._session = session
        layer = session.editorial
        rows = []
        if layer is not None:
            for e in sorted(layer.glossary, key=lambda e: e.term.casefold()):
                rows.append(Row(
                    text=f"{e.term}  ·  {e.kind}", key=e.id, kind=e.kind, tooltip=e.short_definition(),
                    search=" ".join([e.term, *e.aliases, *e.other_spellings, e.kind, e.definition]),
                ))
        with self.entries.quiet():
            self.entries.model.set_rows(rows)

    def _chosen(self, entry_id: str) -> None:
        self.show_entry(entry_id)
        self.entryActivated.emit(entry_id)

    def select_entry(self, entry_id: str) -> None:
        if self.entries.select_key(entry_id):
            self.show_entry(entry_id)

    def current_entry(self) -> str | None:
        return self.entries.current_key()

    def show_entry(self, entry_id: str | None) -> None:
        session = self._session
        if session is None or session.editorial is None or entry_id is None:
            return
        layer = session.editorial
        e = layer.entry(entry_id)
        if e is None:
            return
        parts = [f"<h3>{esc(e.term)}</h3>", f"<p><i>{esc(e.kind)}</i></p>", f"<p>{esc(e.definition)}</p>"]
        spellings = [a for a in e.aliases if a != e.term]
        if spellings:
            parts.append(f"<p><b>Also written:</b> {esc(', '.join(spellings))}</p>")
        if e.other_spellings:
            parts.append(f"<p><b>Other spellings (not in the corpus):</b> {esc(', '.join(e.other_spellings))}</p>")
        parts.append("<p><b>Sources</b></p><ul>")
        for s in e.sources:
            title = _doc_title(session, s.doc_id)
            parts.append(f"<li>{span_link(s.doc_id, s.start, s.end, excerpt(s.anchor.exact, 110))} — {esc(title)}</li>")
        parts.append("</ul>")
        occ = layer.occurrences(e.id, session.corpus)
        parts.append(f"<p><b>Occurs {len(occ)} time{'s' if len(occ) != 1 else ''} in the library</b></p>")
        parts.append(_span_list(session, occ))
        unlinked = layer.unlinked_mentions(e.id, session.corpus)
        parts.append(f"<p><b>Unlinked mentions: {len(unlinked)}</b></p>")
        parts.append(_span_list(session, unlinked))
        if e.see_also:
            links = ", ".join(esc(x) for x in e.see_also)
            parts.append(f"<p><b>See also:</b> {links}</p>")
        self.detail.setHtml("".join(parts))


def _span_list(session: Session, spans: list[tuple[str, int, int]], limit: int = 200) -> str:
    """An HTML list of links to spans with their context; every string is escaped."""
    items = []
    for doc_id, start, end in spans[:limit]:
        text = session.corpus.get(doc_id).text
        ctx = excerpt(text[max(0, start - 40):end + 40], 100)
        items.append(f"<li>{span_link(doc_id, start, end, ctx)} — {esc(_doc_title(session, doc_id))}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _doc_title(session: Session, doc_id: str) -> str:
    try:
        return session.corpus.get(doc_id).title
    except Exception:  # noqa: BLE001 - a dangling id is shown, not fatal
        return doc_id


class CrossrefsPanel(QWidget):
    """Links from and to this document (backlinks too), grouped by type; editorial and yours."""

    followLink = Signal(object, bool)  # (link object, is_backlink)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crossrefsTab")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("crossrefsTree")
        self.tree.setAccessibleName("Cross-references")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        self._items: dict[str, QTreeWidgetItem] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(plain_label("Links from and to this document. Enter or click follows a link."))
        lay.addWidget(self.tree, 1)

    def refresh(self, session: Session, doc: Document | None) -> None:
        self.tree.clear()
        self._items.clear()
        if doc is None:
            return
        groups: dict[str, QTreeWidgetItem] = {}
        entries: list[tuple[str, Any, bool, bool]] = []
        if session.editorial is not None:
            out, inc = session.editorial.crossrefs_for(doc.id)
            entries += [(c.type, c, False, False) for c in out] + [(c.type, c, True, False) for c in inc]
        u_out, u_in = session.book.links_for(doc.id)
        entries += [(link.type, link, False, True) for link in u_out] + [(link.type, link, True, True) for link in u_in]
        for kind, link, back, mine in entries:
            group = groups.get(kind)
            if group is None:
                group = groups[kind] = QTreeWidgetItem(self.tree, [kind])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setExpanded(True)
            near, far = (link.target, link.source) if back else (link.source, link.target)
            far_doc = getattr(far, "doc_id", "")
            arrow = "←" if back else "→"
            who = "Your link" if mine else "Editorial"
            text = (f"{arrow} {excerpt(_doc_title(session, far_doc), 46)}\n"
                    f"“{excerpt(far.anchor.exact, 52)}”\n"
                    f"{who}: {excerpt(link.note, 52) if link.note else kind}")
            item = QTreeWidgetItem(group, [text])
            item.setToolTip(0, tooltip_html(f"{who}: {link.note or kind}\n\n“{far.anchor.exact}”"))
            item.setData(0, Qt.ItemDataRole.UserRole, (link, back))
            self._items[link.id] = item
        for g in groups.values():
            g.setText(0, f"{g.text(0)} ({g.childCount()})")

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if data:
            self.followLink.emit(data[0], data[1])

    def select_link(self, link_id: str) -> bool:
        item = self._items.get(link_id)
        if item is None:
            return False
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)
        return True

    def current_link_id(self) -> str | None:
        item = self.tree.currentItem()
        data = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        return data[0].id if data else None


class TimelinePanel(_ListPanel):
    """Events in date order; activating one opens its passage."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("timelineTab", "Filter the timeline…", parent)

    def refresh(self, session: Session) -> None:
        rows = []
        layer = session.editorial
        if layer is not None:
            for ev in layer.timeline:
                docs = sorted({_doc_title(session, s.doc_id) for s in ev.spans})
                rows.append(Row(
                    text=f"{ev.date}  {ev.title}\n“{excerpt(ev.date_text, 60)}” — {excerpt(', '.join(docs), 80)}",
                    key=ev.id, sort=ev.date, tooltip=f"{ev.date_text}\n{ev.reasoning}",
                    search=f"{ev.date} {ev.title} {ev.date_text} {ev.reasoning}",
                ))
        self.model.set_rows(rows)


def color_icon(color: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(color))
    return QIcon(pix)


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
        self.doc_note.setAccessibleName("Note on the whole document")
        self.doc_note.setPlaceholderText("A note on the whole document…")
        self.doc_note.setMaximumHeight(70)
        self.doc_note.setTabChangesFocus(True)
        self._doc_note_timer = _debounce(self, self._commit_doc_note)
        self.doc_note.textChanged.connect(self._doc_note_timer.start)

        self.filter = QLineEdit(self)
        self.filter.setObjectName("notesFilter")
        self.filter.setPlaceholderText("Filter notes by text or tag…")
        self.filter.setAccessibleName("Filter notes")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.color_filter = QComboBox(self)
        self.color_filter.setObjectName("notesColorFilter")
        self.color_filter.setAccessibleName("Filter by colour")
        self.tag_filter = QComboBox(self)
        self.tag_filter.setObjectName("notesTagFilter")
        self.tag_filter.setAccessibleName("Filter by tag")
        self.sort = QComboBox(self)
        self.sort.setObjectName("notesSort")
        self.sort.setAccessibleName("Sort notes")
        self.sort.addItem("By position", "position")
        self.sort.addItem("Newest first", "date")
        self.scope = QCheckBox("Whole library", self)
        self.scope.setObjectName("notesScope")
        self.scope.setAccessibleName("Show notes of the whole library")
        for w in (self.color_filter, self.tag_filter, self.sort):
            w.currentIndexChanged.connect(lambda _i: self.refresh())
        self.scope.toggled.connect(lambda _b: self.refresh())

        self.list = rows_list(self, "notesList", "Your highlights and notes", self.proxy)
        self.list.activated.connect(self._activate)
        self.list.clicked.connect(self._activate)
        self.list.selectionModel().currentChanged.connect(lambda cur, _p: self._select(cur.data(KEY_ROLE)))

        self.status = plain_label("", self)
        self.status.setObjectName("noteStatus")
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("noteEditor")
        self.editor.setAccessibleName("Note on the selected highlight")
        self.editor.setPlaceholderText("Select a highlight, then write a note here (Markdown allowed).")
        self.editor.setTabChangesFocus(True)
        self._note_timer = _debounce(self, self.commit_note)
        self.editor.textChanged.connect(self._note_timer.start)
        self.preview = SafeBrowser(self)
        self.preview.setObjectName("notePreview")
        self.preview.setAccessibleName("Note preview")
        self.preview.hide()
        self.preview_toggle = QCheckBox("Preview", self)
        self.preview_toggle.setObjectName("notePreviewToggle")
        self.preview_toggle.setAccessibleName("Show the note rendered as Markdown")
        self.preview_toggle.toggled.connect(self._toggle_preview)
        self.tags = QLineEdit(self)
        self.tags.setObjectName("tagEditor")
        self.tags.setAccessibleName("Tags, separated by commas")
        self.tags.setPlaceholderText("Tags, comma-separated")
        self.tags.editingFinished.connect(self.commit_tags)
        colors = QHBoxLayout()
        colors.setSpacing(3)
        self.color_buttons: dict[str, QToolButton] = {}
        for c in PALETTE:
            b = QToolButton(self)
            b.setObjectName(f"color{c[1:]}")
            b.setIcon(color_icon(c))
            b.setAutoRaise(True)
            b.clicked.connect(lambda _=False, c=c: self._set_color(c))
            self.color_buttons[c] = b
            colors.addWidget(b)
        colors.addStretch(1)
        self.attach_button = QPushButton("Attach here", self)
        self.attach_button.setObjectName("attachHere")
        self.attach_button.setToolTip("Re-attach this orphaned note to the text selected in the reading pane")
        self.attach_button.clicked.connect(lambda: self._current and self.attachRequested.emit(self._current))
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setObjectName("deleteHighlight")
        self.delete_button.clicked.connect(self._delete)
        self.confirm_button = QPushButton("Position is right", self)
        self.confirm_button.setObjectName("confirmPosition")
        self.confirm_button.setToolTip("This note was moved after the text changed; confirm its new place")
        self.confirm_button.clicked.connect(self._confirm)
        colors.addWidget(self.confirm_button)
        colors.addWidget(self.attach_button)
        colors.addWidget(self.delete_button)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(plain_label("Document note"))
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
            self.color_filter.addItem("All colours", "")
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
        self._fill_tag_filter(tags)
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
            self.tag_filter.addItem("All tags", "")
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
        flag = {"orphan": "⚠ Orphaned — select text and use “Attach here”. ",
                "drifted": "↪ Moved — please review. "}.get(status, "")
        if status == "ok" and h.review:
            flag = "↪ Moved — please review. "
        where = f"[{_doc_title(self.session, h.doc_id)}] " if whole_library else ""
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
            self.status.setText("No highlight selected.")
        else:
            meaning = self.session.book.palette().get(h.color, "")
            self.status.setText(f"{meaning or h.color} · created {h.created[:10]}" + (" · read-only" if not enabled else ""))
        self.doc_note.setEnabled(self._doc is not None and not self.session.book.is_read_only(self._doc.id))
        if self.preview_toggle.isChecked():
            self._render_preview()

    def _toggle_preview(self, on: bool) -> None:
        self.preview.setVisible(on)
        self.editor.setVisible(not on)
        if on:
            self._render_preview()

    def _render_preview(self) -> None:
        from PySide6.QtGui import QTextDocument

        features = (QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
                    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value)
        self.preview.document().setMarkdown(self.editor.toPlainText(), QTextDocument.MarkdownFeature(features))

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
    m = doc.meta
    lines = [m.title]
    if m.subtitle:
        lines.append(m.subtitle)
    if m.authors:
        lines.append("By " + ", ".join(m.authors))
    if m.publisher:
        lines.append(f"Publisher: {m.publisher}")
    if m.published:
        lines.append(f"Published: {m.published}")
    if m.original:
        lines.append(f"Original: {m.original}")
    if m.republished_by and m.republished_by != m.publisher:
        lines.append(f"Republished by: {m.republished_by}")
    return "\n".join(lines)


def provenance_line(doc: Document) -> str:
    m = doc.meta
    bits = []
    if m.authors:
        bits.append("By " + ", ".join(m.authors))
    if m.publisher:
        bits.append(m.publisher)
    if m.published:
        bits.append(m.published)
    if m.original and m.republished_by:
        bits.append(f"republished by {m.republished_by} from {m.original}")
    elif m.original:
        bits.append(f"original: {m.original}")
    if doc.user:
        bits.append("your text" + (f", added {m.added[:10]}" if m.added else ""))
    return " · ".join(bits)


class TextPassage(QTextBrowser):
    """A plain passage for side-by-side comparisons (never rich text from the corpus)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setPlainText(text)

    def loadResource(self, kind: int, name: Any) -> object:  # noqa: N802 - Qt override
        return refused_resource(kind)
