"""Dialogs for the reader's own study layer: a glossary entry, a new source for one, a timeline event, a typed link."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ..core.editorial_records import GLOSSARY_KINDS, GlossaryEntry, TimelineEvent
from ..core.model import LINK_TYPES, UserLink
from ..core.study_make import DatePrecision, format_date, script_variants, split_aliases
from .widgets import SafeBrowser, excerpt, plain_label

_DATE_FORMATS = {DatePrecision.DAY.value: "yyyy-MM-dd", DatePrecision.MONTH.value: "yyyy-MM",
                 DatePrecision.YEAR.value: "yyyy"}
_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1  # an entry's term and aliases, folded, for the filter


class _StudyDialog(QDialog):
    """A form with OK (enabled once the required fields are filled) and Cancel; closed, it is deleted."""

    def __init__(self, name: str, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Until deleted it stays a child: unnamed, findChild finds the next one, not this one.
        self.finished.connect(lambda _r: self.setObjectName(""))
        self.form = QFormLayout(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._required: list[QLineEdit | QPlainTextEdit] = []

    def _finish(self) -> None:
        self.form.addRow(self.buttons)
        for w in self._required:
            w.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok = all((w.text() if isinstance(w, QLineEdit) else w.toPlainText()).strip() for w in self._required)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _line(self, name: str, text: str = "", *, required: bool = False) -> QLineEdit:
        w = QLineEdit(text, self)
        w.setObjectName(name)
        if required:
            self._required.append(w)
        return w

    def _plain(self, name: str, text: str = "", *, required: bool = False) -> QPlainTextEdit:
        w = QPlainTextEdit(self)
        w.setObjectName(name)
        w.setPlainText(text)
        w.setTabChangesFocus(True)
        w.setMaximumHeight(120)
        if required:
            self._required.append(w)
        return w

    def _layout_row(self, label: str, row: QHBoxLayout, buddy: QWidget) -> None:
        """A row whose field is several widgets: its label's mnemonic goes to ``buddy`` (else the "&" shows)."""
        text = QLabel(label, self)
        text.setBuddy(buddy)
        self.form.addRow(text, row)

    def _source_row(self, label: str, quote: str) -> None:
        if quote:
            source = plain_label(f"“{excerpt(quote, 160)}”", self)
            source.setObjectName("sourceQuote")
            self.form.addRow(label, source)


class GlossaryEntryDialog(_StudyDialog):
    """``glossaryEntryDialog``: term, aliases (the other script offered), kind, definition; the
    selection is the entry's first source (an edit keeps the sources it has)."""

    def __init__(self, parent: QWidget | None, quote: str = "", entry: GlossaryEntry | None = None) -> None:
        super().__init__("glossaryEntryDialog", self.tr("Edit glossary entry") if entry else self.tr("New glossary entry"),
                         parent)
        self.termField = self._line("termField", entry.term if entry else quote.strip(), required=True)
        self.aliasesField = self._line("aliasesField", ", ".join(entry.aliases) if entry else "")
        self.aliasesField.setPlaceholderText(self.tr("Other spellings in the texts, separated by commas"))
        self.suggestButton = QPushButton(self)
        self.suggestButton.setObjectName("aliasSuggestion")
        self.suggestButton.clicked.connect(self._take_suggestion)
        aliases = QHBoxLayout()
        aliases.addWidget(self.aliasesField, 1)
        aliases.addWidget(self.suggestButton)
        self.kindField = QComboBox(self)
        self.kindField.setObjectName("kindField")
        self.kindField.addItems(list(GLOSSARY_KINDS))
        if entry is not None:
            self.kindField.setCurrentText(entry.kind)
        self.definitionField = self._plain("definitionField", entry.definition if entry else "", required=True)
        self.definitionField.setPlaceholderText(self.tr("Neutral, attributed, drawn from the texts (Markdown allowed)"))
        self.definitionPreview = SafeBrowser(self)
        self.definitionPreview.setObjectName("definitionPreview")
        self.definitionPreview.setAccessibleName(self.tr("Definition preview"))
        self.definitionPreview.setMaximumHeight(120)
        self.definitionField.textChanged.connect(self._preview)
        self._preview()
        self.form.addRow(self.tr("&Term:"), self.termField)
        self._layout_row(self.tr("&Aliases:"), aliases, self.aliasesField)
        self.form.addRow(self.tr("&Kind:"), self.kindField)
        self.form.addRow(self.tr("&Definition:"), self.definitionField)
        self.form.addRow(self.tr("Preview:"), self.definitionPreview)
        self._source_row(self.tr("Source:"), quote)
        self.termField.textChanged.connect(self._suggest)
        self.aliasesField.textChanged.connect(self._suggest)
        self._suggest()
        self._finish()

    def _preview(self) -> None:
        self.definitionPreview.set_markdown(self.definitionField.toPlainText())

    def suggestions(self) -> tuple[str, ...]:
        """The term's other-script forms not yet among the aliases."""
        have = {a.casefold() for a in split_aliases(self.aliasesField.text())}
        return tuple(v for v in script_variants(self.termField.text().strip()) if v.casefold() not in have)

    def _suggest(self) -> None:
        forms = self.suggestions()
        self.suggestButton.setText(self.tr("Add {form}").format(form=", ".join(forms)) if forms else "")
        self.suggestButton.setVisible(bool(forms))

    def _take_suggestion(self) -> None:
        aliases = [*split_aliases(self.aliasesField.text()), *self.suggestions()]
        self.aliasesField.setText(", ".join(aliases))

    def values(self) -> dict[str, object]:
        return {"term": self.termField.text(), "kind": self.kindField.currentText(),
                "aliases": split_aliases(self.aliasesField.text()), "definition": self.definitionField.toPlainText()}


class AddSourceDialog(_StudyDialog):
    """``addSourceDialog``: which of your glossary entries the selection becomes a source of
    (the list filtered as you type; OK once one is chosen)."""

    def __init__(self, parent: QWidget | None, entries: Sequence[GlossaryEntry], quote: str,
                 current: str | None = None) -> None:
        super().__init__("addSourceDialog", self.tr("Add a source to a glossary entry"), parent)
        self.filterField = self._line("addSourceFilter")
        self.filterField.setPlaceholderText(self.tr("Filter your entries…"))
        self.filterField.setClearButtonEnabled(True)
        self.entryList = QListWidget(self)
        self.entryList.setObjectName("addSourceEntries")
        self.entryList.setAccessibleName(self.tr("Your glossary entries"))
        for e in sorted(entries, key=lambda e: e.term.casefold()):
            item = QListWidgetItem(f"{e.term}  ·  {e.kind}", self.entryList)
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            item.setData(_SEARCH_ROLE, " ".join([e.term, *e.aliases, *e.other_spellings]).casefold())
            item.setToolTip(e.short_definition())
            if e.id == current:
                self.entryList.setCurrentItem(item)
        if self.entryList.count() == 1:
            self.entryList.setCurrentRow(0)
        self.entryList.currentItemChanged.connect(lambda _cur, _prev: self._check())
        self.entryList.itemDoubleClicked.connect(lambda _item: self._ok_clicked())
        self.filterField.textChanged.connect(self._filter)
        self.form.addRow(self.tr("&Entry:"), self.filterField)
        self.form.addRow(self.entryList)
        self._source_row(self.tr("New source:"), quote)
        self._finish()

    def _filter(self, text: str) -> None:
        """Hide entries whose term and aliases do not contain ``text``; the first one left is chosen."""
        needle = text.strip().casefold()
        first = None
        for i in range(self.entryList.count()):
            item = self.entryList.item(i)
            hidden = bool(needle) and needle not in str(item.data(_SEARCH_ROLE))
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        current = self.entryList.currentItem()
        if current is None or current.isHidden():
            self.entryList.setCurrentItem(first)
        self._check()

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.entry_id() is not None)

    def _ok_clicked(self) -> None:
        if self.entry_id() is not None:
            self.accept()

    def entry_id(self) -> str | None:
        item = self.entryList.currentItem()
        return None if item is None or item.isHidden() else str(item.data(Qt.ItemDataRole.UserRole))


class TimelineEventDialog(_StudyDialog):
    """``timelineEventDialog``: date and precision, the text as it says it, reasoning, title."""

    def __init__(self, parent: QWidget | None, quote: str = "", event: TimelineEvent | None = None,
                 default_date: str | None = None) -> None:
        super().__init__("timelineEventDialog",
                         self.tr("Edit timeline event") if event else self.tr("Add to timeline"), parent)
        self.dateField = QDateEdit(self)
        self.dateField.setObjectName("dateField")
        self.dateField.setDisplayFormat("yyyy-MM-dd")
        self.dateField.setCalendarPopup(True)
        self.precisionField = QComboBox(self)
        self.precisionField.setObjectName("precisionField")
        labels = {DatePrecision.DAY: self.tr("day"), DatePrecision.MONTH: self.tr("month"),
                  DatePrecision.YEAR: self.tr("year")}
        for p, label in labels.items():
            self.precisionField.addItem(label, p.value)
        self.precisionField.currentIndexChanged.connect(self._show_precision)
        self._set_date(event.date if event else default_date)
        date_row = QHBoxLayout()
        date_row.addWidget(self.dateField, 1)
        date_row.addWidget(self.precisionField)
        self.dateTextField = self._line("dateTextField", event.date_text if event else quote.strip(), required=True)
        self.reasoningField = self._plain("reasoningField", event.reasoning if event else "", required=True)
        self.reasoningField.setPlaceholderText(self.tr("How the date follows from the text"))
        self.titleField = self._line("titleField", event.title if event else "", required=True)
        self._layout_row(self.tr("&Date:"), date_row, self.dateField)
        self.form.addRow(self.tr("The text &says:"), self.dateTextField)
        self.form.addRow(self.tr("&Reasoning:"), self.reasoningField)
        self.form.addRow(self.tr("&Title:"), self.titleField)
        self._source_row(self.tr("Anchor:"), quote)
        self._finish()

    def _set_date(self, iso: str | None) -> None:
        """A stored date (any precision) or a document's publication date; else 2000-01-01."""
        parts = (iso or "").split("-")
        try:
            nums = [int(p) for p in parts[:3]]
            d = _dt.date(nums[0], *(nums[1:] + [1, 1])[:2])
        except (ValueError, IndexError):
            d, nums = _dt.date(2000, 1, 1), [2000, 1, 1]
        self.dateField.setDate(QDate(d.year, d.month, d.day))
        precision = (DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY)[min(len(nums), 3) - 1]
        self.precisionField.setCurrentIndex(self.precisionField.findData(precision.value))

    def _show_precision(self) -> None:
        """The date field shows only what the precision keeps: 2021, 2021-04 or 2021-04-15."""
        self.dateField.setDisplayFormat(_DATE_FORMATS[str(self.precisionField.currentData())])

    def date(self) -> str:
        q = self.dateField.date()
        return format_date(_dt.date(q.year(), q.month(), q.day()), str(self.precisionField.currentData()))

    def values(self) -> dict[str, str]:
        return {"date": self.date(), "date_text": self.dateTextField.text(),
                "reasoning": self.reasoningField.toPlainText(), "title": self.titleField.text()}


class LinkDialog(_StudyDialog):
    """``linkDialog``: the type of a link being completed or edited (one of the seven) and a one-line note."""

    def __init__(self, parent: QWidget | None, link: UserLink | None = None) -> None:
        super().__init__("linkDialog", self.tr("Edit link") if link else self.tr("Complete link"), parent)
        self.typeField = QComboBox(self)
        self.typeField.setObjectName("linkTypeField")
        self.typeField.addItems(list(LINK_TYPES))
        if link is not None:
            self.typeField.setCurrentText(link.type)
        self.noteField = self._line("linkNoteField", link.note if link else "")
        self.noteField.setPlaceholderText(self.tr("One line about the link (optional)"))
        self.form.addRow(self.tr("This passage…"), self.typeField)
        self.form.addRow(self.tr("&Note:"), self.noteField)
        self._finish()

    def values(self) -> tuple[str, str]:
        return self.typeField.currentText(), self.noteField.text().strip()
