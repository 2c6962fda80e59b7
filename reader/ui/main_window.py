"""The main window: wires panels, reading pane and actions to core operations.

Slots here decide *which* core operation to call and which widgets to refresh; the
rules and all file I/O live in reader.core.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..core.anchor import Anchor
from ..core.document import Document
from ..core.editorial import ParallelTable
from ..core.errors import ReaderError
from ..core.model import DEFAULT_COLOR, LINK_TYPES, PALETTE, Endpoint
from ..core.notes import Change
from ..core.paths import resolve_data_dir
from . import sync_runner, theme
from .file_actions import FileActionsMixin
from .find import FindMixin
from .panels import (
    AnnotationsPanel,
    CrossrefsPanel,
    GlossaryPanel,
    LibraryPanel,
    NotesPanel,
    SidePanel,
    TextPassage,
    TimelinePanel,
    color_icon,
    provenance_line,
)
from .parallel import ParallelView
from .reading_view import ReadingView, SpanMark
from .session import Session
from .steps import Stepper
from .widgets import esc, plain_label

ORPHAN_NOTE = "orphan"
# Above this many rows (marks + highlights) the side lists fill after the text's first paint.
PANEL_DEFER_ROWS = 2000
PANEL_FALLBACK_MS = 400
WINDOW_STATE_KEYS = ("last_document", "positions", "geometry", "splitter", "zoom", "theme", "side_tab")


class MainWindow(FileActionsMixin, FindMixin, QMainWindow):
    """``mainWindow``. ``MainWindow(data_dir=PATH)`` builds it without showing it."""

    documentOpened = Signal(str)
    panelsFilled = Signal(str)  # a big book's side lists are filled (after its first paint)
    searchFinished = Signal(int)

    def __init__(self, data_dir: Path | str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Reader")
        self.setAccessibleName("Reader")
        from ..pdf.fonts import reading_font, register_fonts

        register_fonts()
        self.session = Session(resolve_data_dir(data_dir), self)
        self._doc: Document | None = None
        self._panels_pending: str | None = None  # a big book whose side lists are not filled yet
        self._panel_fill = Stepper(self)  # fills them a slice per event-loop turn
        self._history: list[tuple[str, int]] = []
        self._history_index = -1
        self._marks: list[SpanMark] = []
        book = self.session.book
        self._state: dict[str, Any] = {k: book.state_value(k) for k in WINDOW_STATE_KEYS}
        self._positions: dict[str, int] = dict(self._state.get("positions") or {})
        self._search_hits: list[tuple[int, int]] = []
        self._search_current = -1
        self._pending_link: Endpoint | None = None
        self._current_color = DEFAULT_COLOR
        self._build_ui(reading_font)
        self._build_actions()
        self._connect()
        self.sync = sync_runner.install(self, self.session)
        self.library.refresh(self.session)
        self.glossary.refresh(self.session)
        self.timeline.refresh(self.session)
        self._apply_theme(self._state.get("theme") or "system")
        self._restore_geometry()
        self._show_startup_problems()

    # ------------------------------------------------------------------ building
    def _build_ui(self, reading_font: Any) -> None:
        self.library = LibraryPanel(self)
        self.view = ReadingView(self)
        self.view.set_base_font(reading_font(12.5))
        self.banner = plain_label("", self)
        self.banner.setObjectName("banner")
        self.banner.hide()
        self.restore_button = QPushButton("Restore newest backup", self)
        self.restore_button.setObjectName("restoreBackupButton")
        self.restore_button.hide()
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.restore_button)
        self.header_title = plain_label("", self)
        self.header_title.setObjectName("documentTitle")
        self.header_info = plain_label("", self)
        self.header_info.setObjectName("documentInfo")

        self.parallel = ParallelView(self)
        self.parallel.set_text_font(reading_font(11.5))
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.parallel)

        self.find_bar = QWidget(self)
        self.find_bar.setObjectName("findBar")
        self.search_field = QLineEdit(self.find_bar)
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText("Find in document (Enter: next, Shift+Enter: previous)")
        self.search_field.setAccessibleName("Search")
        self.search_field.setClearButtonEnabled(True)
        self.search_all = QCheckBox("All documents and notes", self.find_bar)
        self.search_all.setObjectName("searchAllDocuments")
        self.search_all.setAccessibleName("Search the whole library and your notes")
        self.search_prev = QPushButton("Previous", self.find_bar)
        self.search_next = QPushButton("Next", self.find_bar)
        self.search_count = plain_label("", self.find_bar, wrap=False)
        self.search_count.setObjectName("searchCount")
        row = QHBoxLayout(self.find_bar)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.search_field, 1)
        row.addWidget(self.search_prev)
        row.addWidget(self.search_next)
        row.addWidget(self.search_all)
        row.addWidget(self.search_count)
        self.find_bar.hide()
        self.search_results = QListWidget(self)
        self.search_results.setObjectName("searchResults")
        self.search_results.setAccessibleName("Search results in the library")
        self.search_results.setWordWrap(True)
        self.search_results.hide()

        center = QWidget(self)
        center_lay = QVBoxLayout(center)
        center_lay.setContentsMargins(0, 0, 0, 0)
        center_lay.setSpacing(0)
        center_lay.addLayout(banner_row)
        head = QVBoxLayout()
        head.setContentsMargins(36, 14, 36, 6)
        head.addWidget(self.header_title)
        head.addWidget(self.header_info)
        center_lay.addLayout(head)
        center_lay.addWidget(self.stack, 1)
        center_lay.addWidget(self.search_results)
        center_lay.addWidget(self.find_bar)

        self.side = SidePanel(self)
        self.annotations = AnnotationsPanel(self)
        self.glossary = GlossaryPanel(self)
        self.crossrefs = CrossrefsPanel(self)
        self.notes = NotesPanel(self.session, self)
        self.timeline = TimelinePanel(self)
        for w, label in ((self.annotations, "Annotations"), (self.glossary, "Glossary"),
                         (self.crossrefs, "Links"), (self.notes, "Notes"), (self.timeline, "Timeline")):
            self.side.addTab(w, label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([230, 760, 360])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.resize(1380, 860)
        self.statusBar().setObjectName("statusBar")

    def _action(self, name: str, text: str, shortcut: Any = None, slot: Any = None,
                checkable: bool = False) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        SK = QKeySequence.StandardKey
        a = self._action
        self.actionAddText = a("actionAddText", "&Add text…", "Ctrl+Shift+O", self.add_text_dialog)
        self.actionExportPdf = a("actionExportPdf", "Export annotated &PDF…", "Ctrl+Shift+E", self.export_pdf_dialog)
        self.actionExportMarkdown = a("actionExportMarkdown", "Export &Markdown…", None, lambda: self.export_text_dialog("markdown"))
        self.actionExportW3c = a("actionExportW3c", "Export &W3C annotations…", None, lambda: self.export_text_dialog("w3c"))
        self.actionImport = a("actionImport", "&Import annotations…", "Ctrl+Shift+I", self.import_dialog)
        self.actionQuit = a("actionQuit", "&Quit", SK.Quit, self.close)
        self.actionUndo = a("actionUndo", "&Undo", SK.Undo, self.undo)
        self.actionRedo = a("actionRedo", "&Redo", [QKeySequence(SK.Redo), QKeySequence("Ctrl+Shift+Z")], self.redo)
        self.actionHighlight = a("actionHighlight", "&Highlight", "Ctrl+H", lambda: self.highlight_selection())
        self.actionAddNote = a("actionAddNote", "Add &note", "Ctrl+Shift+N", self.add_note)
        self.actionDeleteAnnotation = a("actionDeleteAnnotation", "&Delete highlight", "Ctrl+Shift+D", self.delete_current)
        self.actionStartLink = a("actionStartLink", "Start a &link here", "Ctrl+Shift+L", self.start_link)
        self.actionCompleteLink = a("actionCompleteLink", "&Complete link here…", "Ctrl+Alt+L", self.complete_link)
        self.actionAttachHere = a("actionAttachHere", "A&ttach note here", None, self.attach_current)
        self.actionFind = a("actionFind", "&Find…", SK.Find, self.show_find)
        self.actionFindLibrary = a("actionFindLibrary", "Find in &library…", "Ctrl+Shift+F", lambda: self.show_find(library=True))
        self.actionBack = a("actionBack", "&Back", [QKeySequence("Alt+Left"), QKeySequence(SK.Back)], self.back)
        self.actionForward = a("actionForward", "&Forward", [QKeySequence("Alt+Right"), QKeySequence(SK.Forward)], self.forward)
        self.actionZoomIn = a("actionZoomIn", "Zoom &in", [QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")], lambda: self._zoom(1))
        self.actionZoomOut = a("actionZoomOut", "Zoom &out", "Ctrl+-", lambda: self._zoom(-1))
        self.actionZoomReset = a("actionZoomReset", "&Actual size", "Ctrl+0", lambda: self._zoom(0))
        self.actionToggleParallel = a("actionToggleParallel", "&Parallel texts", "Ctrl+Shift+P", None, checkable=True)
        self.actionToggleParallel.toggled.connect(self.set_parallel)
        self.actionShortcuts = a("actionShortcuts", "&Keyboard shortcuts", "F1", self.show_shortcuts)
        self.actionAbout = a("actionAbout", "&About Reader", None, self.show_about)
        self.actionBack.setEnabled(False)
        self.actionForward.setEnabled(False)

        bar = self.menuBar()
        m = bar.addMenu("&File")
        m.addAction(self.actionAddText)
        m.addSeparator()
        for act in (self.actionExportPdf, self.actionExportMarkdown, self.actionExportW3c):
            m.addAction(act)
        options = m.addMenu("PDF export &options")
        self.actionPdfEditorial = QAction("Include the editorial layer (glossary, links, timeline)", self)
        self.actionPdfEditorial.setObjectName("actionPdfEditorial")
        self.actionPdfNotes = QAction("Include my highlights and notes", self)
        self.actionPdfNotes.setObjectName("actionPdfNotes")
        for act in (self.actionPdfEditorial, self.actionPdfNotes):
            act.setCheckable(True)
            act.setChecked(True)
            options.addAction(act)
        for act in (self.actionImport, None, self.actionQuit):
            m.addSeparator() if act is None else m.addAction(act)
        m = bar.addMenu("&Edit")
        for act in (self.actionUndo, self.actionRedo, None, self.actionHighlight):
            m.addSeparator() if act is None else m.addAction(act)
        self.color_menu = m.addMenu("Highlight &colour")
        self._color_group = QActionGroup(self)
        for i, c in enumerate(PALETTE):
            act = QAction(color_icon(c), "", self)
            act.setObjectName(f"actionColor{i + 1}")
            act.setCheckable(True)
            act.setChecked(c == self._current_color)
            act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, c=c: self._choose_color(c))
            self._color_group.addAction(act)
            self.color_menu.addAction(act)
            self.addAction(act)
        self.color_menu.addSeparator()
        meaning = QAction("Name colours…", self)
        meaning.setObjectName("actionColorMeanings")
        meaning.triggered.connect(self.edit_color_meanings)
        self.color_menu.addAction(meaning)
        self._update_color_labels()
        for act in (self.actionAddNote, self.actionDeleteAnnotation, self.actionAttachHere, None,
                    self.actionStartLink, self.actionCompleteLink, None, self.actionFind, self.actionFindLibrary):
            m.addSeparator() if act is None else m.addAction(act)
        m = bar.addMenu("&View")
        for act in (self.actionBack, self.actionForward, None, self.actionZoomIn, self.actionZoomOut,
                    self.actionZoomReset, None, self.actionToggleParallel):
            m.addSeparator() if act is None else m.addAction(act)
        tm = m.addMenu("&Theme")
        self._theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for key, label in (("system", "Follow system"), ("light", "Light"), ("dark", "Dark")):
            act = QAction(label, self)
            act.setObjectName(f"actionTheme{key.title()}")
            act.setCheckable(True)
            act.triggered.connect(lambda _=False, k=key: self._apply_theme(k))
            self._theme_group.addAction(act)
            tm.addAction(act)
            self.theme_actions[key] = act
        m = bar.addMenu("&Help")
        m.addAction(self.actionShortcuts)
        m.addAction(self.actionAbout)

        tb = QToolBar("Main", self)
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (self.actionBack, self.actionForward, None, self.actionHighlight, self.actionAddNote,
                    None, self.actionFind, self.actionToggleParallel, None, self.actionExportPdf):
            tb.addSeparator() if act is None else tb.addAction(act)
        self.addToolBar(tb)
        self._update_undo_actions()

    def _connect(self) -> None:
        s = self.session
        s.notesChanged.connect(self._on_notes_changed)
        s.saveStateChanged.connect(self.setWindowModified)
        s.saveFailed.connect(lambda msg: self._show_banner(f"Saving failed: {msg}"))
        self.library.openDocument.connect(lambda d: self.open_document(d))
        self.library.add_button.clicked.connect(self.add_text_dialog)
        self.view.offsetClicked.connect(self._on_click)
        self.view.backRequested.connect(self.back)
        self.view.forwardRequested.connect(self.forward)
        self.view.contextRequested.connect(self._context_menu)
        self.annotations.activatedKey.connect(self._on_annotation_activated)
        self.glossary.openSpan.connect(lambda d, s_, e: self.navigate(d, s_, e))
        self.glossary.entryActivated.connect(self._on_glossary_activated)
        self.crossrefs.followLink.connect(self.follow_link)
        self.timeline.activatedKey.connect(self._on_timeline_activated)
        self.notes.openHighlight.connect(self.reveal_highlight)
        self.notes.attachRequested.connect(lambda _h: self.attach_current())
        self.restore_button.clicked.connect(self.restore_backup)
        self.search_field.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_field.returnPressed.connect(self.search_next_hit)
        self.search_next.clicked.connect(self.search_next_hit)
        self.search_prev.clicked.connect(self.search_previous_hit)
        self.search_all.toggled.connect(lambda _b: self.run_search())
        self.search_results.itemActivated.connect(self._open_search_result)
        self.search_results.itemClicked.connect(self._open_search_result)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.run_search)
        self.search_field.installEventFilter(self)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):  # Qt 6.5+: follow the system live
            hints.colorSchemeChanged.connect(lambda _s: self._theme == "system" and self._apply_theme("system"))

    # ------------------------------------------------------------------ documents
    def open_document(self, doc_id: str, offset: int | None = None, *, record: bool = True) -> bool:
        """Open ``doc_id`` (at ``offset``, else where the reader left it)."""
        try:
            doc = self.session.document(doc_id)
        except ReaderError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return False
        self.notes.flush()
        if self._doc is not None:
            self._positions[self._doc.id] = self.view.top_offset()
            if record:
                self._record_history(self._doc.id, self.view.top_offset())
        if self.actionToggleParallel.isChecked():
            self.actionToggleParallel.setChecked(False)
        self._doc = doc
        self.session.book.reanchor(doc.id)
        layer = self.session.editorial
        self._marks = [SpanMark(m.kind, m.start, m.end, m.ref_id) for m in layer.marks_for(doc)] if layer else []
        if layer:
            layer.save_marks_cache()
        highlights = self.session.book.placed_highlights(doc.id)
        self.view.show_document(doc, self._marks, highlights, tooltip=self._tooltip_for)
        self.header_title.setText(doc.title if not doc.has_title_heading() else "")
        self.header_title.setVisible(not doc.has_title_heading())
        self.header_info.setText(provenance_line(doc))
        self.library.select(doc.id)
        self._panels_pending = None
        self._panel_fill.cancel()
        if len(highlights) + len(self._marks) > PANEL_DEFER_ROWS:
            # A big book: its text, marks and highlights paint first; the side lists,
            # thousands of rows, fill right after that first paint.
            self.annotations.refresh(self.session, None, [], [])
            self.notes.set_document(doc, fill=False)
            self._panels_pending = doc.id
            self.view.after_next_paint(lambda: self._ensure_panels(one_per_turn=True))
            QTimer.singleShot(PANEL_FALLBACK_MS, self, self._ensure_panels)  # a window that never paints
        else:
            self.annotations.refresh(self.session, doc, self._marks, highlights)
            self.notes.set_document(doc)
        self.crossrefs.refresh(self.session, doc)
        self._update_banner()
        self._update_title()
        self.actionToggleParallel.setEnabled(self._parallel_table(doc.id) is not None)
        self._search_hits = []
        if self.find_bar.isVisible() and not self.search_all.isChecked():
            self.run_search()
        target = offset if offset is not None else self._positions.get(doc.id, 0)
        if target:
            self.view.scroll_to_offset(target, top=offset is None)
        if record:
            self._record_history(doc.id, target or 0)
        # The search index is built on a worker, but a worker holds the GIL for a share of
        # every millisecond: it starts once the text is painted, its lists filled and a
        # long book laid out, so none of that waits for it.
        self.view.after_next_paint(lambda d=doc.id: self.view.after_layout(lambda: self._prepare_search(d)))
        QTimer.singleShot(PANEL_FALLBACK_MS, self,
                          lambda d=doc.id: self.view.after_layout(lambda: self._prepare_search(d)))
        self.documentOpened.emit(doc.id)
        return True

    def _ensure_panels(self, *, one_per_turn: bool = False) -> None:
        """Fill the side lists a big book's opening left for after its first paint: now,
        or (``one_per_turn``, after the paint) a slice of a few ms per event-loop turn."""
        doc = self._doc
        if self._panels_pending is None or doc is None or self._panels_pending != doc.id:
            self._panels_pending = None
            return
        if not self._panel_fill.busy():
            self._panel_fill.start(self._fill_panels(doc))
        if not one_per_turn:  # a click or an edit needs the lists now
            self._panel_fill.run_while(lambda: self._panels_pending is not None)

    def _fill_panels(self, doc: Document) -> Iterator[None]:
        yield from self.annotations.refresh_in_steps(self.session, doc, self._marks,
                                                     self.session.book.placed_highlights(doc.id))
        yield
        yield from self.notes.refresh_in_steps()
        self._panels_pending = None
        self.panelsFilled.emit(doc.id)
        yield
        # Key lists for the first edit's lookups, made now rather than on that edit.
        yield from self.annotations.model.warm_in_steps()
        yield from self.notes.model.warm_in_steps()

    def _prepare_search(self, doc_id: str) -> None:
        if self._doc is not None and self._doc.id == doc_id:
            self.session.prepare_search(doc_id)  # does nothing when built or in flight

    def panels_pending(self) -> bool:
        return self._panels_pending is not None

    def current_document(self) -> str | None:
        return self._doc.id if self._doc else None

    def _update_title(self) -> None:
        title = self._doc.title if self._doc else "Reader"
        read_only = self._doc is not None and self.session.book.is_read_only(self._doc.id)
        self.setWindowTitle(f"{title}{' (notes read-only)' if read_only else ''}[*] — Reader")
        self.setWindowModified(self.session.book.dirty())

    def _tooltip_for(self, mark: SpanMark) -> str:
        layer = self.session.editorial
        described = layer.describe(mark.kind, mark.ref_id) if layer is not None else None
        if described is None or mark.kind == "timeline":
            return ""
        heading, text = described
        # Escaped and wrapped so Qt treats it as our rich text, never the corpus's.
        return f"<p><b>{esc(heading)}</b><br>{esc(text)}</p>" if heading else f"<p>{esc(text)}</p>"

    # ------------------------------------------------------------------ navigation
    def navigate(self, doc_id: str, start: int, end: int, *, select: bool = True) -> None:
        """Open a span (in this or another document), highlighted, recording history."""
        if self._doc is None or doc_id != self._doc.id:
            if not self.open_document(doc_id, start):
                return
        else:
            self._record_history(doc_id, self.view.top_offset())
            self._record_history(doc_id, start)
        self.view.reveal(start, end, select=select)

    def _record_history(self, doc_id: str, offset: int) -> None:
        if self._history_index >= 0 and self._history[self._history_index][0] == doc_id and \
                abs(self._history[self._history_index][1] - offset) < 2:
            return
        del self._history[self._history_index + 1:]
        self._history.append((doc_id, offset))
        self._history_index = len(self._history) - 1
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.actionBack.setEnabled(self._history_index > 0)
        self.actionForward.setEnabled(0 <= self._history_index < len(self._history) - 1)

    def back(self) -> None:
        self._go_history(-1)

    def forward(self) -> None:
        self._go_history(1)

    def _go_history(self, step: int) -> None:
        new = self._history_index + step
        if not (0 <= new < len(self._history)):
            return
        if self._doc is not None and step < 0:
            # Remember where we are now so Forward comes back to it.
            doc_id, _ = self._history[self._history_index]
            if doc_id == self._doc.id:
                self._history[self._history_index] = (doc_id, self.view.top_offset())
        self._history_index = new
        doc_id, offset = self._history[new]
        if self._doc is None or self._doc.id != doc_id:
            self.open_document(doc_id, offset, record=False)
        self.view.scroll_to_offset(offset, top=True)
        self._update_history_actions()

    def follow_link(self, link: Any, backlink: bool = False) -> None:
        """Follow an editorial or personal link; ``contradicts`` shows both sides first."""
        source, target = (link.target, link.source) if backlink else (link.source, link.target)
        if link.type == "contradicts":
            self.show_side_by_side(link)
        self.navigate(target.doc_id, target.anchor.start or 0, target.anchor.end or 0)

    def show_side_by_side(self, link: Any) -> QDialog:
        dlg = QDialog(self)
        dlg.setObjectName("contradictsDialog")
        dlg.setWindowTitle("The texts differ")
        lay = QVBoxLayout(dlg)
        lay.addWidget(plain_label(link.note or "These passages state different things."))
        row = QHBoxLayout()
        for end in (link.source, link.target):
            col = QVBoxLayout()
            col.addWidget(plain_label(self._title_of(end.doc_id)))
            text = self._context_of(end.doc_id, end.anchor.start or 0, end.anchor.end or 0)
            passage = TextPassage(text, dlg)
            passage.setObjectName("sideBySidePassage")
            col.addWidget(passage)
            row.addLayout(col)
        lay.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
        buttons.rejected.connect(dlg.reject)
        lay.addWidget(buttons)
        dlg.resize(900, 380)
        dlg.setModal(False)
        dlg.show()
        self._side_by_side = dlg
        return dlg

    def _title_of(self, doc_id: str) -> str:
        try:
            return self.session.document(doc_id).title
        except ReaderError:
            return doc_id

    def _context_of(self, doc_id: str, start: int, end: int) -> str:
        try:
            doc = self.session.document(doc_id)
        except ReaderError:
            return ""
        block = doc.block_at(start)
        return block.text if block else doc.text[start:end]

    # ------------------------------------------------------------------ clicks
    def _on_click(self, offset: int) -> None:
        self._ensure_panels()
        hls = self.view.highlights_at(offset)
        marks = self.view.marks_at(offset)
        if hls:
            self.side.setCurrentWidget(self.notes)
            self.notes.select_highlight(hls[0].id)
            self.annotations.select_key(("highlight", hls[0].id))
            return
        if not marks:
            return
        m = marks[0]
        self.annotations.select_key((m.kind, m.ref_id, m.start, m.end))
        if m.kind == "glossary":
            self.side.setCurrentWidget(self.glossary)
            self.glossary.select_entry(m.ref_id)
        elif m.kind == "crossref":
            self.side.setCurrentWidget(self.crossrefs)
            self.crossrefs.select_link(m.ref_id)
        elif m.kind == "timeline":
            self.side.setCurrentWidget(self.timeline)
            self.timeline.select_key(m.ref_id)
        else:
            self.side.setCurrentWidget(self.annotations)

    def _on_annotation_activated(self, key: Any) -> None:
        if key[0] == "highlight":
            h = self.session.book.highlight(key[1])
            if h is not None:
                self.view.reveal(h.start, h.end)
                self._ensure_panels()
                self.notes.select_highlight(h.id, notify=False)
            return
        _kind, _ref_id, start, end = key
        self.view.reveal(start, end)

    def _on_glossary_activated(self, entry_id: str) -> None:
        """Scroll to the entry's next occurrence in this document (else its first source)."""
        layer = self.session.editorial
        if layer is None or self._doc is None:
            return
        here = [m for m in self._marks if m.kind == "glossary" and m.ref_id == entry_id]
        if here:
            top = self.view.top_offset()
            m = next((m for m in here if m.start > top), here[0])
            self.view.reveal(m.start, m.end)
            return
        entry = layer.entry(entry_id)
        if entry is not None and entry.sources:
            s = entry.sources[0]
            self.statusBar().showMessage(f"“{entry.term}” does not occur in this document; showing its source.", 5000)
            self.navigate(s.doc_id, s.start, s.end, select=False)

    def _on_timeline_activated(self, event_id: str) -> None:
        layer = self.session.editorial
        ev = next((e for e in layer.timeline if e.id == event_id), None) if layer else None
        if ev and ev.spans:
            span = ev.spans[0]
            self.navigate(span.doc_id, span.start, span.end, select=False)

    def reveal_highlight(self, hid: str) -> None:
        h = self.session.book.highlight(hid)
        if h is None:
            return
        if self.session.book.status(hid) == ORPHAN_NOTE:
            self.statusBar().showMessage("This note lost its place in the text: select new text and use “Attach here”.", 8000)
            if self._doc is None or self._doc.id != h.doc_id:
                self.open_document(h.doc_id)
            return
        self.navigate(h.doc_id, h.start, h.end, select=False)

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.actionHighlight)
        sub = menu.addMenu("Highlight in colour")
        palette = self.session.book.palette()
        for c in PALETTE:
            act = sub.addAction(color_icon(c), palette.get(c, c) or c)
            act.triggered.connect(lambda _=False, c=c: self.highlight_selection(c))
        menu.addAction(self.actionAddNote)
        hls = self.view.highlights_at(self.view.offset_at_point(pos))
        if hls:
            self.notes.select_highlight(hls[0].id)
            menu.addAction(self.actionDeleteAnnotation)
        menu.addSeparator()
        menu.addAction(self.actionStartLink)
        menu.addAction(self.actionCompleteLink)
        if self.notes.current_highlight():
            menu.addAction(self.actionAttachHere)
        menu.addSeparator()
        copy = menu.addAction("Copy")
        copy.triggered.connect(self.view.copy)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------ note operations
    def _guard(self, fn: Any, *args: Any) -> Any:
        """Run a core operation; a ReaderError becomes a message, never a traceback."""
        try:
            return fn(*args)
        except (ReaderError, ValueError, KeyError) as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return None

    def highlight_selection(self, color: str | None = None) -> str | None:
        """Highlight the selected text; returns the new highlight's id."""
        if self._doc is None:
            return None
        sel = self.view.selection_offsets()
        if sel is None:
            self.statusBar().showMessage("Select some text first, then highlight it.", 5000)
            return None
        result = self._guard(self.session.book.add_highlight, self._doc.id, sel[0], sel[1], color or self._current_color)
        if result is None:
            return None
        h, _change = result
        self.side.setCurrentWidget(self.notes)
        self.notes.select_highlight(h.id)
        return h.id

    def add_note(self) -> None:
        hid = None
        if self.view.selection_offsets() is not None:
            existing = self.view.highlights_at(self.view.selection_offsets()[0])
            sel = self.view.selection_offsets()
            match = [h for h in existing if (h.start, h.end) == sel]
            hid = match[0].id if match else self.highlight_selection()
        else:
            hid = self.notes.current_highlight()
        if hid is None:
            self.statusBar().showMessage("Select text (or a highlight in Notes) to write a note.", 5000)
            return
        self.side.setCurrentWidget(self.notes)
        self.notes.select_highlight(hid)
        self.notes.focus_editor()

    def delete_current(self) -> None:
        hid = self.notes.current_highlight()
        if hid is None:
            self.statusBar().showMessage("Select a highlight to delete.", 5000)
            return
        self.notes.flush()
        self._guard(self.session.book.delete_highlight, hid)

    def attach_current(self) -> None:
        hid = self.notes.current_highlight()
        sel = self.view.selection_offsets()
        if hid is None or sel is None:
            self.statusBar().showMessage("Select the new text in the reading pane, then choose “Attach here”.", 6000)
            return
        self._guard(self.session.book.reattach, hid, sel[0], sel[1])

    def start_link(self) -> None:
        sel = self.view.selection_offsets()
        if self._doc is None or sel is None:
            self.statusBar().showMessage("Select the passage the link starts from.", 5000)
            return
        self._pending_link = Endpoint(self._doc.id, Anchor.from_span(self._doc.text, *sel))
        self.statusBar().showMessage("Link started: select the target passage (any document), then Edit › Complete link here.", 10000)

    def complete_link(self, link_type: str | None = None, note: str | None = None) -> str | None:
        sel = self.view.selection_offsets()
        if self._pending_link is None or self._doc is None or sel is None:
            self.statusBar().showMessage("Start a link first, then select its target passage.", 5000)
            return None
        if link_type is None:
            link_type, ok = QInputDialog.getItem(self, "Link type", "This passage…", list(LINK_TYPES), 0, False)
            if not ok:
                return None
            note, ok = QInputDialog.getText(self, "Link note", "One line about the link (optional):")
            if not ok:
                return None
        target = Endpoint(self._doc.id, Anchor.from_span(self._doc.text, *sel))
        result = self._guard(self.session.book.add_link, self._pending_link, target, link_type, note or "")
        if result is None:
            return None
        self._pending_link = None
        return result[0].id

    def undo(self) -> None:
        self.notes.flush()
        change = self._guard(self.session.book.undo)
        if change is not None:
            self.statusBar().showMessage(f"Undone: {change.description}", 4000)

    def redo(self) -> None:
        change = self._guard(self.session.book.redo)
        if change is not None:
            self.statusBar().showMessage(f"Redone: {change.description}", 4000)

    def _update_undo_actions(self) -> None:
        book = self.session.book
        self.actionUndo.setEnabled(book.can_undo())
        self.actionRedo.setEnabled(book.can_redo())
        self.actionUndo.setText(f"&Undo {book.undo_text()}".rstrip())
        self.actionRedo.setText(f"&Redo {book.redo_text()}".rstrip())

    def _on_notes_changed(self, change: Change) -> None:
        """Re-render only what ``change`` touched: a few blocks and a few list rows."""
        self._ensure_panels()
        self._update_undo_actions()
        doc = self._doc
        book = self.session.book
        if doc is not None and doc.id in change.doc_ids:
            if change.highlight_ids and change.kind not in ("import", "reload", "reanchor"):
                changed, removed = [], []
                for hid in change.highlight_ids:
                    h = book.highlight(hid)
                    if h is None or h.doc_id != doc.id or book.status(hid) == ORPHAN_NOTE:
                        removed.append(hid)
                        self.annotations.remove_highlight(hid)
                    else:
                        changed.append(h)
                        self.annotations.upsert_highlight(h)
                self.view.update_highlights(changed, removed)
            else:
                current = book.placed_highlights(doc.id)
                ids = {h.id for h in current}
                self.view.update_highlights(current, [i for i in self.view.shown_highlight_ids() if i not in ids])
                self.annotations.refresh(self.session, doc, self._marks, current)
        if change.link_ids and doc is not None:
            self.crossrefs.refresh(self.session, doc)
        if change.kind == "palette":
            self._update_color_labels()
            self.notes.refresh()
        else:
            self.notes.apply_change(change)
        self._update_title()

    def _choose_color(self, color: str) -> None:
        self._current_color = color
        hid = self.notes.current_highlight()
        if hid and self.view.selection_offsets() is None and self.side.currentWidget() is self.notes:
            self._guard(self.session.book.set_color, hid, color)

    def _update_color_labels(self) -> None:
        palette = self.session.book.palette()
        for act, c in zip(self._color_group.actions(), PALETTE):
            act.setText(f"{palette.get(c, '') or c}  ({c})")

    def edit_color_meanings(self) -> None:
        palette = self.session.book.palette()
        for c in PALETTE:
            text, ok = QInputDialog.getText(self, "Name a colour", f"Meaning of {c}:", text=palette.get(c, ""))
            if not ok:
                return
            if text != palette.get(c, ""):
                self._guard(self.session.book.set_color_meaning, c, text)
        self._update_color_labels()

    # ------------------------------------------------------------------ banners and problems
    def _show_banner(self, text: str, restore: bool = False) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        self.restore_button.setVisible(restore)

    def _update_banner(self) -> None:
        book = self.session.book
        if self.session.locked_by_other:
            self._show_banner(
                f"Another Reader window is using {self.session.data_dir}; your notes are read-only here "
                "so nothing it saves is overwritten."
            )
            return
        err = book.error_for(self._doc.id) if self._doc else None
        if err is not None:
            self._show_banner(
                f"Your notes for this document could not be read — {err}. The file is left untouched and "
                "notes are read-only for this document.",
                restore=bool(self.session.store.backups(self._doc.id)),
            )
            return
        self._show_banner("")

    def restore_backup(self) -> None:
        if self._doc is None:
            return
        restored = self._guard(self.session.book.restore_newest_backup, self._doc.id)
        if restored is None:
            self.statusBar().showMessage("No readable backup was found.", 6000)
            return
        self.statusBar().showMessage(f"Restored notes from {restored.name}; the unreadable file was kept in backups.", 8000)
        self.open_document(self._doc.id, self.view.top_offset(), record=False)

    def _show_startup_problems(self) -> None:
        if self.session.problems:
            first = self.session.problems[0]
            more = len(self.session.problems) - 1
            self.statusBar().showMessage(
                f"{first}" + (f" (and {more} more; run `reader check`)" if more else ""), 15000
            )

    # ------------------------------------------------------------------ parallel texts
    def _parallel_table(self, doc_id: str) -> ParallelTable | None:
        layer = self.session.editorial
        table = layer.parallel_rows(doc_id, self.session.text_of) if layer is not None else None
        return table if table is not None and table.rows else None

    def set_parallel(self, on: bool) -> None:
        if not on or self._doc is None:
            self.stack.setCurrentWidget(self.view)
            return
        table = self._parallel_table(self._doc.id)
        if table is None:
            self.actionToggleParallel.setChecked(False)
            self.statusBar().showMessage("This document has no parallel translations.", 5000)
            return
        labels = {"en": "English", "zh-Hans": "简体中文 (Simplified)", "zh-Hant": "繁體中文 (Traditional)"}
        self.parallel.set_rows([labels.get(lang, lang) for lang in table.languages], table.rows)
        self.stack.setCurrentWidget(self.parallel)

    # ------------------------------------------------------------------ comfort
    def _zoom(self, step: int) -> None:
        self.view.zoom(step)

    def _apply_theme(self, key: str) -> None:
        key = key if key in ("system", "light", "dark") else "system"
        self._theme = key
        self.theme_actions[key].setChecked(True)
        dark = theme.apply(key)
        paper, ink = theme.paper_colors(dark)
        self.view.set_paper(paper, ink)
        self.header_title.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.header_info.setStyleSheet("color: palette(mid);" if not dark else "color: #9a9a9a;")

    def show_shortcuts(self) -> QDialog:
        dlg = QDialog(self)
        dlg.setObjectName("shortcutsDialog")
        dlg.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(dlg)
        acts = [a for a in self.actions() if a.shortcut().toString()]
        table.setColumnCount(2)
        table.setRowCount(len(acts))
        table.setHorizontalHeaderLabels(["Action", "Shortcut"])
        for i, act in enumerate(acts):
            table.setItem(i, 0, QTableWidgetItem(act.text().replace("&", "")))
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts())
            table.setItem(i, 1, QTableWidgetItem(keys))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay = QVBoxLayout(dlg)
        lay.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
        buttons.rejected.connect(dlg.reject)
        lay.addWidget(buttons)
        dlg.resize(520, 560)
        dlg.show()
        return dlg

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle("About Reader")
        box.setText(f"Reader — an offline reader for an annotated corpus.\nYour data: {self.session.data_dir}")
        box.show()

    # ------------------------------------------------------------------ state
    def _restore_geometry(self) -> None:
        geo = self._state.get("geometry")
        if isinstance(geo, str):
            try:
                self.restoreGeometry(QByteArray(base64.b64decode(geo)))
            except (ValueError, TypeError):
                pass
        sizes = self._state.get("splitter")
        if isinstance(sizes, list) and len(sizes) == 3 and all(isinstance(s, int) for s in sizes):
            self.splitter.setSizes(sizes)
        zoom = self._state.get("zoom")
        if isinstance(zoom, int):
            self.view.set_zoom_level(zoom)
        tab = self._state.get("side_tab")
        if isinstance(tab, int) and 0 <= tab < self.side.count():
            self.side.setCurrentIndex(tab)

    def last_document(self) -> str | None:
        last = self._state.get("last_document")
        return last if isinstance(last, str) and last in self.session.corpus else None

    def save_state(self) -> None:
        if self._doc is not None:
            self._positions[self._doc.id] = self.view.top_offset()
        state = {
            "last_document": self._doc.id if self._doc else None,
            "positions": {k: int(v) for k, v in self._positions.items()},
            "geometry": base64.b64encode(bytes(self.saveGeometry())).decode("ascii"),
            "splitter": [int(s) for s in self.splitter.sizes()],
            "zoom": self.view.zoom_level(),
            "theme": self._theme,
            "side_tab": self.side.currentIndex(),
        }
        changed = {k: v for k, v in state.items() if self._state.get(k) != v}
        self._state = state
        for key, value in changed.items():
            self._guard(self.session.book.set_state, key, value)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.notes.flush()
        self.save_state()
        self.sync.shutdown()
        self.session.close()
        event.accept()
