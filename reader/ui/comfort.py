"""Reading comfort in the main window: copy with citation, editorial marks, full screen, preferences."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication, QDialog

from ..core.reading_settings import ReadingSettings
from ..core.window_state import EditorialMarks
from .i18n import tr as _tr
from .window_parts import WindowParts

READING_KEY = "reading"  # state.yaml: the reading pane's typography


class ComfortMixin(WindowParts):
    """Mixed into MainWindow."""

    _marks_when_shown = EditorialMarks.FIRST  # what Show editorial marks turns back on

    def copy_with_citation(self) -> str | None:
        """The selection in quotes with its source, as plain text and rich text; returns the plain text."""
        sel = self.view.selection_offsets()
        if self._doc is None or sel is None:
            self.statusBar().showMessage(_tr("Select the words to quote first."), 5000)
            return None
        from ..core.citation import cite

        citation = cite(self._doc, *sel)
        mime = QMimeData()
        mime.setText(citation.plain)
        mime.setHtml(citation.html)
        QApplication.clipboard().setMimeData(mime)
        self._copied_rich = True
        self.statusBar().showMessage(_tr("Copied with its citation."), 4000)
        return citation.plain

    _copied_rich = False

    def release_clipboard(self) -> None:
        """On close: the offscreen platform (tests) crashes at exit if it still holds rich
        clipboard data; a real desktop keeps the citation for pasting after Reader quits."""
        if self._copied_rich and QApplication.platformName() == "offscreen":
            QApplication.clipboard().clear()

    def set_marks_mode(self, mode: EditorialMarks | str) -> None:
        """View › Editorial marks: all, glossary terms once per section, glossary only, none."""
        mode = EditorialMarks(mode)
        self.state = replace(self.state, editorial_marks=mode)
        self.view.set_editorial_marks(mode.value)
        self.menu.marks_actions[mode].setChecked(True)
        shown = self.menu.actionShowEditorialMarks
        shown.blockSignals(True)  # mirrors the mode; its own toggle is show_editorial_marks
        shown.setChecked(mode is not EditorialMarks.NONE)
        shown.blockSignals(False)
        if mode is not EditorialMarks.NONE:
            self._marks_when_shown = mode

    def show_editorial_marks(self, on: bool) -> None:
        self.set_marks_mode(self._marks_when_shown if on else EditorialMarks.NONE)

    def set_full_screen(self, on: bool) -> None:
        window = self._widget()
        if window is None:
            return
        window.showFullScreen() if on else window.showNormal()

    def show_preferences(self) -> QDialog:
        from . import dialogs

        dlg = dialogs.preferences_dialog(self._widget(), self.state.user_name, self.view.reading_settings())
        dlg.accepted.connect(lambda: (self.set_user_name(dlg.user_name()), self.set_reading(dlg.reading_settings())))
        return dlg

    def set_reading(self, settings: ReadingSettings) -> None:
        """Typography of the reading pane (state.yaml ``reading``), kept at once; the marks follow View."""
        settings = replace(settings, marks=self.state.editorial_marks.value)
        self.view.set_reading_settings(settings)
        self._guard(self.session.book.set_state, READING_KEY, settings.to_state())

    def restore_reading(self) -> None:
        """At start: the remembered typography, applied without writing anything."""
        saved = ReadingSettings.from_state(self.session.book.state_value(READING_KEY))
        if saved != ReadingSettings(marks=saved.marks):
            self.view.set_reading_settings(replace(saved, marks=self.state.editorial_marks.value))

    def set_user_name(self, name: str) -> None:
        """The author of exported annotations (state.yaml ``user_name``), kept at once."""
        self.state = replace(self.state, user_name=" ".join(name.split()))
        self.save_state()
