"""The main window's menus, toolbar and every action with its shortcuts, in one place."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from ..core.model import DEFAULT_COLOR, PALETTE
from ..core.window_state import EditorialMarks, Theme
from . import i18n
from .panels import color_icon

if TYPE_CHECKING:
    from .main_window import MainWindow

KeySpec = str | QKeySequence.StandardKey
K = TypeVar("K", bound=str)
SK = QKeySequence.StandardKey


def key_sequences(*specs: KeySpec) -> list[QKeySequence]:
    """The sequences for ``specs``, each once: a StandardKey expands to this platform's
    bindings, and a key both written out and standard (Alt+Left and Back on X11) would
    otherwise be registered twice, which Qt treats as ambiguous and never fires."""
    out: dict[str, QKeySequence] = {}
    for spec in specs:
        seqs = QKeySequence.keyBindings(spec) if isinstance(spec, SK) else [QKeySequence(spec)]
        for seq in seqs:
            key = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if key:
                out.setdefault(key, seq)
    return list(out.values())


class MainMenu(QObject):
    """Builds the menu bar and toolbar of ``window`` (novelWriter's GuiMainMenu): one short
    method per menu; the window's slots do the work."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        # (menu title, actions) in menu order: the F1 list and the key tests read this.
        self.groups: list[tuple[str, list[QAction]]] = []
        bar = window.menuBar()
        for build in (self._file_menu, self._edit_menu, self._view_menu, self._help_menu):
            build(bar.addMenu(""))
        self._toolbar()

    # -- helpers -----------------------------------------------------------------
    def _action(self, menu: QMenu | None, name: str, text: str, keys: Iterable[KeySpec] = (),
                slot: Callable[[], object] | None = None, *, checkable: bool = False) -> QAction:
        action = QAction(text, self.w)
        action.setObjectName(name)
        action.setShortcuts(key_sequences(*keys))
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        self.w.addAction(action)  # shortcuts work while the menu bar is hidden (full screen)
        setattr(self.w, name, action)  # ``window.actionUndo`` as well as findChild(QAction, "actionUndo")
        if menu is not None:
            menu.addAction(action)
            self.groups[-1][1].append(action)
        return action

    def _titled(self, menu: QMenu, title: str) -> QMenu:
        menu.setTitle(title)
        self.groups.append((title.replace("&", ""), []))
        return menu

    # -- menus -------------------------------------------------------------------
    def _file_menu(self, m: QMenu) -> None:
        w, a = self.w, self._action
        self._titled(m, self.tr("&File"))
        self.actionAddText = a(m, "actionAddText", self.tr("&Add text…"), ["Ctrl+Shift+O"], w.add_text_dialog)
        m.addSeparator()
        self.actionExportPdf = a(m, "actionExportPdf", self.tr("Export annotated &PDF…"), ["Ctrl+Shift+E"],
                                 w.export_pdf_dialog)
        self.actionPrint = a(m, "actionPrint", self.tr("&Print…"), [SK.Print], w.print_dialog)
        self.actionExportMarkdown = a(m, "actionExportMarkdown", self.tr("Export &Markdown…"), (),
                                      lambda: w.export_text_dialog("markdown"))
        self.actionExportW3c = a(m, "actionExportW3c", self.tr("Export &W3C annotations…"), (),
                                 lambda: w.export_text_dialog("w3c"))
        options = m.addMenu(self.tr("PDF export &options"))
        self.actionPdfEditorial = a(None, "actionPdfEditorial",
                                    self.tr("Include the editorial layer (glossary, links, timeline)"), checkable=True)
        self.actionPdfNotes = a(None, "actionPdfNotes", self.tr("Include my highlights and notes"), checkable=True)
        for act in (self.actionPdfEditorial, self.actionPdfNotes):
            act.setChecked(True)
            options.addAction(act)
        m.addSeparator()
        self.actionImport = a(m, "actionImport", self.tr("&Import annotations…"), ["Ctrl+Shift+I"], w.import_dialog)
        m.addSeparator()
        self.actionQuit = a(m, "actionQuit", self.tr("&Quit"), [SK.Quit], w.close)

    def _edit_menu(self, m: QMenu) -> None:
        w, a = self.w, self._action
        self._titled(m, self.tr("&Edit"))
        self.actionUndo = a(m, "actionUndo", self.tr("&Undo"), [SK.Undo], w.undo)
        self.actionRedo = a(m, "actionRedo", self.tr("&Redo"), [SK.Redo, "Ctrl+Shift+Z"], w.redo)
        m.addSeparator()
        self.actionCopyWithCitation = a(m, "actionCopyWithCitation", self.tr("Copy with c&itation"),
                                        ["Ctrl+Shift+C"], w.copy_with_citation)
        m.addSeparator()
        self.actionHighlight = a(m, "actionHighlight", self.tr("&Highlight"), ["Ctrl+H"], w.highlight_selection)
        self._colour_menu(m.addMenu(self.tr("Highlight &colour")))
        self.actionAddNote = a(m, "actionAddNote", self.tr("Add &note"), ["Ctrl+Shift+N"], w.add_note)
        self.actionDeleteAnnotation = a(m, "actionDeleteAnnotation", self.tr("&Delete highlight"),
                                        ["Ctrl+Shift+D"], w.delete_current)
        self.actionAttachHere = a(m, "actionAttachHere", self.tr("A&ttach note here"), (), w.attach_current)
        self.actionNewGlossaryEntry = a(m, "actionNewGlossaryEntry", self.tr("New &glossary entry…"), ["Ctrl+Shift+G"],
                                        w.new_glossary_entry)
        self.actionAddGlossarySource = a(m, "actionAddGlossarySource", self.tr("Add as glossary &source…"),
                                         ["Ctrl+Alt+G"], w.add_glossary_source)
        self.actionAddTimelineEvent = a(m, "actionAddTimelineEvent", self.tr("Add to &timeline…"), ["Ctrl+Shift+T"],
                                        w.add_timeline_event)
        m.addSeparator()
        self.actionStartLink = a(m, "actionStartLink", self.tr("Start a &link here"), ["Ctrl+Shift+L"], w.start_link)
        self.actionCompleteLink = a(m, "actionCompleteLink", self.tr("&Complete link here…"), ["Ctrl+Alt+L"],
                                    w.complete_link)
        m.addSeparator()
        self.actionFind = a(m, "actionFind", self.tr("&Find…"), [SK.Find], w.show_find)
        self.actionFindLibrary = a(m, "actionFindLibrary", self.tr("Find in &library…"), ["Ctrl+Shift+F"],
                                   lambda: w.show_find(library=True))
        m.addSeparator()
        self.actionPreferences = a(m, "actionPreferences", self.tr("&Preferences…"), ["Ctrl+,"],
                                   w.show_preferences)

    def _colour_menu(self, menu: QMenu) -> None:
        self.color_menu = menu
        group = QActionGroup(self)
        self.color_actions: list[QAction] = []
        for i, c in enumerate(PALETTE):
            act = self._action(None, f"actionColor{i + 1}", c, [f"Ctrl+{i + 1}"],
                               lambda c=c: self.w.choose_color(c), checkable=True)
            act.setIcon(color_icon(c))
            act.setChecked(c == DEFAULT_COLOR)
            group.addAction(act)
            menu.addAction(act)
            self.groups[-1][1].append(act)
            self.color_actions.append(act)
        menu.addSeparator()
        self.actionColorMeanings = self._action(None, "actionColorMeanings", self.tr("Name colours…"), (),
                                                self.w.edit_color_meanings)
        menu.addAction(self.actionColorMeanings)

    def _view_menu(self, m: QMenu) -> None:
        w, a = self.w, self._action
        self._titled(m, self.tr("&View"))
        self.actionBack = a(m, "actionBack", self.tr("&Back"), ["Alt+Left", SK.Back], w.back)
        self.actionForward = a(m, "actionForward", self.tr("&Forward"), ["Alt+Right", SK.Forward], w.forward)
        self.actionBack.setEnabled(False)
        self.actionForward.setEnabled(False)
        m.addSeparator()
        self.actionZoomIn = a(m, "actionZoomIn", self.tr("Zoom &in"), ["Ctrl++", "Ctrl+="], lambda: w.view.zoom(1))
        self.actionZoomOut = a(m, "actionZoomOut", self.tr("Zoom &out"), ["Ctrl+-"], lambda: w.view.zoom(-1))
        self.actionZoomReset = a(m, "actionZoomReset", self.tr("&Actual size"), ["Ctrl+0"], lambda: w.view.zoom(0))
        m.addSeparator()
        self.actionToggleParallel = a(m, "actionToggleParallel", self.tr("&Parallel texts"), ["Ctrl+Shift+P"],
                                      checkable=True)
        self.actionToggleParallel.toggled.connect(w.set_parallel)
        self._marks_menu(m.addMenu(self.tr("&Editorial marks")))
        self._theme_menu(m.addMenu(self.tr("&Theme")))
        self._language_menu(m.addMenu(self.tr("&Language")))
        m.addSeparator()
        self.actionFullScreen = a(m, "actionFullScreen", self.tr("F&ull screen"), ["F11"],
                                  checkable=True)
        self.actionFullScreen.toggled.connect(w.set_full_screen)

    def _marks_menu(self, menu: QMenu) -> None:
        """A switch for the underlines, then which ones it shows."""
        self.actionShowEditorialMarks = self._action(menu, "actionShowEditorialMarks", self.tr("&Show editorial marks"),
                                                     ["Ctrl+Shift+M"], checkable=True)
        self.actionShowEditorialMarks.setChecked(True)
        self.actionShowEditorialMarks.toggled.connect(self.w.show_editorial_marks)
        menu.addSeparator()
        labels = {EditorialMarks.ALL: self.tr("&All marks"),
                  EditorialMarks.FIRST: self.tr("Glossary terms &once per section, other marks"),
                  EditorialMarks.GLOSSARY: self.tr("&Glossary terms only"),
                  EditorialMarks.NONE: self.tr("&None")}
        self.marks_actions = self._choice(menu, labels, lambda m: f"actionMarks{m.value.title()}", self.w.set_marks_mode)

    def _theme_menu(self, menu: QMenu) -> None:
        labels = {Theme.SYSTEM: self.tr("Follow &system"), Theme.LIGHT: self.tr("&Light"), Theme.DARK: self.tr("&Dark")}
        self.theme_actions = self._choice(menu, labels, lambda t: f"actionTheme{t.value.title()}", self.w.apply_theme)

    def _choice(self, menu: QMenu, labels: dict[K, str], name: Callable[[K], str],
                choose: Callable[[K], object]) -> dict[K, QAction]:
        """One checkable action per key, exclusive, in ``menu``; ``name`` gives its objectName."""
        group = QActionGroup(self)
        actions: dict[K, QAction] = {}
        for key, label in labels.items():
            act = self._action(None, name(key), label, (), lambda k=key: choose(k), checkable=True)
            group.addAction(act)
            menu.addAction(act)
            actions[key] = act
        return actions

    def _language_menu(self, menu: QMenu) -> None:
        self.language_actions = self._choice(menu, dict(i18n.LANGUAGES), lambda c: f"actionLanguage{c.replace('_', '')}",
                                             self.w.choose_language)
        self.language_actions[self.w.language].setChecked(True)

    def _help_menu(self, m: QMenu) -> None:
        w, a = self.w, self._action
        self._titled(m, self.tr("&Help"))
        self.actionShortcuts = a(m, "actionShortcuts", self.tr("&Keyboard shortcuts"), ["F1"], w.show_shortcuts)
        self.actionAbout = a(m, "actionAbout", self.tr("&About Reader"), (), w.show_about)

    def _toolbar(self) -> None:
        tb = QToolBar(self.tr("Main"), self.w)
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (self.actionBack, self.actionForward, None, self.actionHighlight, self.actionAddNote,
                    None, self.actionFind, self.actionToggleParallel, None, self.actionExportPdf):
            tb.addSeparator() if act is None else tb.addAction(act)
        self.w.addToolBar(tb)
        self.toolbar = tb
