"""The main window: wires panels, reading pane and actions to core operations.

Slots here decide *which* core operation to call and which widgets to refresh; the
rules and all file I/O live in reader.core.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.document import Document
from ..core.errors import ReaderError
from ..core.model import DEFAULT_COLOR
from ..core.navigation import History, LinkDraft
from ..core.notes import Change
from ..core.paths import resolve_data_dir
from ..core.safetext import window_title
from ..core.window_state import Theme, WindowState
from . import i18n, sync_runner, theme
from .comfort import ComfortMixin
from .file_actions import FileActionsMixin
from .find import FindMixin
from .jobs import BackgroundJobs
from .library_panel import LibraryPanel, provenance_line
from .menus import MainMenu
from .navigate import ORPHAN_NOTE, NavigationMixin
from .parallel import ParallelView
from .reading_view import ReadingView, SpanMark
from .session import Session
from .side_tabs import ANNOTATIONS, CROSSREFS, GLOSSARY, NOTES, TIMELINE, SideTabsMixin
from .side_tabs import PANEL_DEFER_ROWS as PANEL_DEFER_ROWS  # the window's rule, named here too
from .steps import Stepper
from .study_actions import StudyActionsMixin
from .widgets import esc, plain_label

if TYPE_CHECKING:
    from ..core.editorial import ParallelTable

PANEL_FALLBACK_MS = 400


class MainWindow(FileActionsMixin, StudyActionsMixin, NavigationMixin, ComfortMixin, FindMixin, SideTabsMixin,
                 QMainWindow):
    """``mainWindow``. ``MainWindow(data_dir=PATH)`` builds it without showing it."""

    documentOpened = Signal(str)
    panelsFilled = Signal(str)  # a big book's side lists are filled (after its first paint)
    searchFinished = Signal(int)
    fileJobFinished = Signal(bool, str)  # an export or import done on the worker: ok, message

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
        self.jobs = BackgroundJobs(self)
        self.history = History()
        self._link = LinkDraft()
        self._marks: list[SpanMark] = []
        self.state = self._saved_state = WindowState.load(self.session.book.state_value)
        self.language = i18n.install_language(i18n.resolve_language(self.session.book.state_value(i18n.STATE_KEY)))
        self._search_hits: list[tuple[int, int]] = []
        self._search_current = -1
        self._current_color = DEFAULT_COLOR
        self._build_ui(reading_font)
        self.menu = MainMenu(self)
        self._update_color_labels()
        self._update_undo_actions()
        self._connect()
        self._connect_study()
        self.sync = sync_runner.install(self, self.session)
        self.after_first_paint(self.sync.start)
        self.library.refresh(self.session)
        self.apply_theme(self.state.theme)
        self.set_marks_mode(self.state.editorial_marks)
        self.restore_reading()
        self._restore_geometry()
        self.side.start_building()  # the tab the window was closed on; the others when first shown
        self._update_banner()
        self._show_startup_problems()

    # ------------------------------------------------------------------ building
    def _build_ui(self, reading_font: Callable[[float], QFont]) -> None:
        self.library = LibraryPanel(self)
        self.view = ReadingView(self)
        self.view.set_base_font(reading_font(12.5))
        self.view.setAccessibleName(self.tr("Document text"))
        self.parallel = ParallelView(self)
        self.parallel.set_text_font(reading_font(11.5))
        self.parallel.setAccessibleName(self.tr("Parallel texts"))
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.parallel)
        self._build_side()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(self._build_center())
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([230, 760, 360])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        # Tab walks the window left to right: library, contents, the text, the side panel.
        for first, second in ((self.library.list, self.library.toc), (self.library.toc, self.view),
                              (self.view, self.side)):
            QWidget.setTabOrder(first, second)
        self.resize(1380, 860)
        self.statusBar().setObjectName("statusBar")
        self.read_only_notice = plain_label(self.tr("Read-only"), self, wrap=False)
        self.read_only_notice.setObjectName("readOnlyNotice")
        self.read_only_notice.hide()
        self.statusBar().addPermanentWidget(self.read_only_notice)
        self.progress_label = plain_label("", self, wrap=False)
        self.progress_label.setObjectName("readingProgress")
        self.progress_label.setAccessibleName(self.tr("Reading progress"))
        self.statusBar().addPermanentWidget(self.progress_label)

    def _build_center(self) -> QWidget:
        """Banner, document heading, the text (or parallel table), library results, find bar."""
        center = QWidget(self)
        self.banner = plain_label("", center)
        self.banner.setObjectName("banner")
        self.banner.hide()
        self.restore_button = QPushButton(self.tr("Restore newest backup"), center)
        self.restore_button.setObjectName("restoreBackupButton")
        self.restore_button.hide()
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.restore_button)
        self.header_title = plain_label("", center)
        self.header_title.setObjectName("documentTitle")
        self.header_info = plain_label("", center)
        self.header_info.setObjectName("documentInfo")
        self._build_find_bar(center)
        lay = QVBoxLayout(center)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(banner_row)
        head = QVBoxLayout()
        head.setContentsMargins(36, 14, 36, 6)
        head.addWidget(self.header_title)
        head.addWidget(self.header_info)
        lay.addLayout(head)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.search_results)
        lay.addWidget(self.find_bar)
        return center

    def _build_find_bar(self, parent: QWidget) -> None:
        self.find_bar = QWidget(parent)
        self.find_bar.setObjectName("findBar")
        self.search_field = QLineEdit(self.find_bar)
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText(self.tr("Find in document (Enter: next, Shift+Enter: previous)"))
        self.search_field.setAccessibleName(self.tr("Search"))
        self.search_field.setClearButtonEnabled(True)
        self.search_all = QCheckBox(self.tr("All documents and notes"), self.find_bar)
        self.search_all.setObjectName("searchAllDocuments")
        self.search_all.setAccessibleName(self.tr("Search the whole library and your notes"))
        self.search_prev = QPushButton(self.tr("Previous"), self.find_bar)
        self.search_next = QPushButton(self.tr("Next"), self.find_bar)
        self.search_count = plain_label("", self.find_bar, wrap=False)
        self.search_count.setObjectName("searchCount")
        row = QHBoxLayout(self.find_bar)
        row.setContentsMargins(8, 4, 8, 4)
        for w, stretch in ((self.search_field, 1), (self.search_prev, 0), (self.search_next, 0),
                           (self.search_all, 0), (self.search_count, 0)):
            row.addWidget(w, stretch)
        self.find_bar.hide()
        self.search_results = QListWidget(parent)
        self.search_results.setObjectName("searchResults")
        self.search_results.setAccessibleName(self.tr("Search results in the library"))
        self.search_results.setWordWrap(True)
        self.search_results.hide()

    def _build_side(self) -> None:
        self._add_tabs({ANNOTATIONS: self.tr("Annotations"), GLOSSARY: self.tr("Glossary"), CROSSREFS: self.tr("Links"),
                        NOTES: self.tr("Notes"), TIMELINE: self.tr("Timeline")})

    def _connect(self) -> None:
        s = self.session
        s.notesChanged.connect(self._on_notes_changed)
        s.saveStateChanged.connect(self.setWindowModified)
        s.saveFailed.connect(lambda msg: self._show_banner(self.tr("Saving failed: {msg}").format(msg=msg)))
        self.jobs.failed.connect(self._job_failed)
        self.library.openDocument.connect(lambda d: self.open_document(d))
        self.library.add_button.clicked.connect(self.add_text_dialog)
        self.library.attach(self)
        self.view.offsetClicked.connect(self._on_click)
        self.view.backRequested.connect(self.back)
        self.view.forwardRequested.connect(self.forward)
        self.view.contextRequested.connect(self._context_menu)
        self.view.progressChanged.connect(self._show_progress)
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
            hints.colorSchemeChanged.connect(lambda _s: self._theme is Theme.SYSTEM and self.apply_theme(Theme.SYSTEM))

    # ------------------------------------------------------------------ documents
    def open_document(self, doc_id: str, offset: int | None = None, *, record: bool = True) -> bool:
        """Open ``doc_id`` (at ``offset``, else where the reader left it)."""
        try:
            doc = self.session.document(doc_id)
        except ReaderError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return False
        self.flush_notes()
        if self._doc is not None:
            self.state = self.state.with_position(self._doc.id, self.view.top_offset())
            if record:
                self._record_history(self._doc.id, self.view.top_offset())
        if self.menu.actionToggleParallel.isChecked():
            self.menu.actionToggleParallel.setChecked(False)
        self._doc = doc
        self.session.book.reanchor(doc.id)
        layer = self.session.editorial
        self._marks = self._reading_marks(doc)
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
        if self.is_big(doc, len(highlights)):
            # A big book: its text, marks and highlights paint first; the side lists,
            # thousands of rows, fill right after that first paint, a slice per turn.
            self._panels_pending = doc.id
            self.after_first_paint(lambda: self._ensure_panels(one_per_turn=True))
        self._show_in_tabs(doc)
        self._update_banner()
        self._update_title()
        self.menu.actionToggleParallel.setEnabled(self._parallel_table(doc.id) is not None)
        self._search_hits = []
        if self.find_bar.isVisible() and not self.search_all.isChecked():
            self.run_search()
        target = offset if offset is not None else self.state.position(doc.id)
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

    def after_first_paint(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once, after the text's next paint (or, for a window that is
        never painted, after ``PANEL_FALLBACK_MS``): work a start can leave for later."""
        done: list[bool] = []

        def once() -> None:
            if not done:
                done.append(True)
                callback()

        self.view.after_next_paint(once)
        QTimer.singleShot(PANEL_FALLBACK_MS, self, once)

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
        self.setWindowTitle((self.tr("{title} (notes read-only)[*] — Reader") if read_only
                             else self.tr("{title}[*] — Reader")).format(title=window_title(title)))
        self.setWindowModified(self.session.book.dirty())

    def _tooltip_for(self, mark: SpanMark) -> str:
        described = self._describe_mark(mark.kind, mark.ref_id)
        if described is None or mark.kind == "timeline":
            return ""
        heading, text = described
        # Escaped and wrapped so Qt treats it as our rich text, never the corpus's.
        return f"<p><b>{esc(heading)}</b><br>{esc(text)}</p>" if heading else f"<p>{esc(text)}</p>"

    # ------------------------------------------------------------------ note operations
    def _guard(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run a core operation; a ReaderError becomes a message, never a traceback."""
        try:
            return fn(*args)
        except (ReaderError, ValueError, KeyError) as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return None

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
                    else:
                        changed.append(h)
                self._tabs_follow_change(doc, changed, removed, None)
                self.view.update_highlights(changed, removed)
            else:
                current = book.placed_highlights(doc.id)
                ids = {h.id for h in current}
                self.view.update_highlights(current, [i for i in self.view.shown_highlight_ids() if i not in ids])
                self._tabs_follow_change(doc, [], [], current)
        if change.link_ids and doc is not None and self.built(CROSSREFS):
            self.crossrefs.refresh(self.session, doc)
        if change.kind == "palette":
            self._update_color_labels()
        if self.built(NOTES):
            if change.kind == "palette":
                self.notes.refresh()
            else:
                self.notes.apply_change(change)
        self._update_title()

    def _show_progress(self, percent: int, section: str) -> None:
        text = self.tr("{percent}% read").format(percent=percent)
        short = section if len(section) <= 50 else section[:49].rstrip() + "…"
        self.progress_label.setText(f"{text} · {short}" if section else text)
        self.progress_label.setToolTip(section)

    # ------------------------------------------------------------------ banners and problems
    def _show_banner(self, text: str, restore: bool = False) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        self.restore_button.setVisible(restore)

    def _update_banner(self) -> None:
        book = self.session.book
        reason = self.session.store.read_only_reason
        self.read_only_notice.setVisible(bool(reason))
        self.read_only_notice.setToolTip(reason)
        if reason:
            self._show_banner(self.tr("Your notes are read-only here: the data folder {dir} is {reason}, "
                                      "so nothing is overwritten.").format(dir=self.session.data_dir, reason=reason))
            return
        err = book.error_for(self._doc.id) if self._doc else None
        if err is not None:
            self._show_banner(
                self.tr("Your notes for this document could not be read — {error}. The file is left untouched and "
                        "notes are read-only for this document.").format(error=err),
                restore=bool(self.session.store.backups(self._doc.id)),
            )
            return
        self._show_banner("")

    def restore_backup(self) -> None:
        if self._doc is None:
            return
        restored = self._guard(self.session.book.restore_newest_backup, self._doc.id)
        if restored is None:
            self.statusBar().showMessage(self.tr("No readable backup was found."), 6000)
            return
        self.statusBar().showMessage(
            self.tr("Restored notes from {name}; the unreadable file was kept in backups.").format(name=restored.name), 8000)
        self.open_document(self._doc.id, self.view.top_offset(), record=False)

    def _show_startup_problems(self) -> None:
        if self.session.problems:
            first = self.session.problems[0]
            more = len(self.session.problems) - 1
            text = (self.tr("{problem} (and {more} more; run `reader check`)").format(problem=first, more=more)
                    if more else str(first))
            self.statusBar().showMessage(text, 15000)

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
            self.menu.actionToggleParallel.setChecked(False)
            self.statusBar().showMessage(self.tr("This document has no parallel translations."), 5000)
            return
        labels = {"en": self.tr("English"), "zh-Hans": "简体中文 (Simplified)", "zh-Hant": "繁體中文 (Traditional)"}
        self.parallel.set_rows([labels.get(lang, lang) for lang in table.languages], table.rows)
        self.stack.setCurrentWidget(self.parallel)

    # ------------------------------------------------------------------ comfort
    def apply_theme(self, key: Theme | str) -> None:
        try:
            self._theme = Theme(key)
        except ValueError:
            self._theme = Theme.SYSTEM
        self.menu.theme_actions[self._theme].setChecked(True)
        dark = theme.apply(self._theme.value)
        paper, ink = theme.paper_colors(dark)
        self.view.set_paper(paper, ink)
        self.header_title.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.header_info.setStyleSheet("color: palette(mid);" if not dark else "color: #9a9a9a;")

    def choose_language(self, code: str) -> None:
        """Remember the interface language; menus already built keep theirs until the next start."""
        self._guard(self.session.book.set_state, i18n.STATE_KEY, code)
        if code != self.language:
            self.statusBar().showMessage(
                i18n.restart_notice(code), 8000)

    def show_shortcuts(self) -> QDialog:
        from . import dialogs

        return dialogs.shortcuts_dialog(self, self.menu.groups)

    def show_about(self) -> None:
        from . import dialogs

        dialogs.about_box(self, str(self.session.data_dir))

    # ------------------------------------------------------------------ state
    def _restore_geometry(self) -> None:
        st = self.state
        if st.geometry:
            try:
                self.restoreGeometry(QByteArray(base64.b64decode(st.geometry, validate=True)))
            except (binascii.Error, ValueError):
                pass  # a damaged value: the default geometry stays
        if st.splitter is not None:
            self.splitter.setSizes(list(st.splitter))
        if st.zoom is not None:
            self.view.set_zoom_level(st.zoom)
        tab = st.side_tab_in(self.side.count())
        if tab is not None:
            self.side.setCurrentIndex(tab)

    def last_document(self) -> str | None:
        last = self.state.last_document
        return last if last is not None and last in self.session.corpus else None

    def save_state(self) -> None:
        if self._doc is not None:
            self.state = self.state.with_position(self._doc.id, self.view.top_offset())
        self.state = replace(
            self.state,
            last_document=self._doc.id if self._doc else None,
            geometry=base64.b64encode(bytes(self.saveGeometry())).decode("ascii"),
            splitter=tuple(int(s) for s in self.splitter.sizes()),
            zoom=self.view.zoom_level(),
            theme=self._theme,
            side_tab=self.side.currentIndex(),
            editorial_marks=self.state.editorial_marks,
        )
        changed = self.state.changed_since(self._saved_state)
        self._saved_state = self.state
        for key, value in changed.items():
            self._guard(self.session.book.set_state, key, value)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.flush_notes()
        self.save_state()
        self.sync.shutdown()
        self.jobs.close()
        self.release_clipboard()
        self.session.close()
        event.accept()
