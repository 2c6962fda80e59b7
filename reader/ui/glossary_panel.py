"""The Glossary tab: every entry, searchable, with its sources, occurrences and unlinked mentions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.editorial_layer import occurrence_context
from .list_panel import ListPanel, doc_title
from .models import KEY_ROLE, Row
from .session import Session
from .widgets import (
    SafeBrowser,
    esc,
    excerpt,
    markdown_fragment,
    span_link,
)


class GlossaryPanel(QWidget):
    """All entries, searchable; the detail lists every occurrence and unlinked mentions."""

    openSpan = Signal(str, int, int)
    entryActivated = Signal(str)  # the reader chose an entry in the list: show it in the text
    addSourceRequested = Signal(str)  # the reading pane's selection as a new source of this (your) entry

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("glossaryTab")
        self._session: Session | None = None
        self.entries = ListPanel("glossaryEntries", self.tr("Search the glossary…"), self.tr("Glossary entries"), self,
                                 follow_current=True)
        self.entries.activatedKey.connect(self._chosen)
        self.entries.list.selectionModel().currentChanged.connect(
            lambda cur, _prev: self.show_entry(cur.data(KEY_ROLE)) if cur.isValid() else None
        )
        self.detail = SafeBrowser(self)
        self.detail.setObjectName("glossaryDetail")
        self.detail.setAccessibleName(self.tr("Glossary entry"))
        self.detail.spanRequested.connect(self.openSpan)
        self._mine: Callable[[object], bool] = lambda _key: False
        self._shown: str | None = None
        self.addSourceButton = QPushButton(self.tr("Add the selected passage as a source"), self)
        self.addSourceButton.setObjectName("addSourceButton")
        self.addSourceButton.setToolTip(self.tr("Select a passage in the reading pane (any document), then click here"))
        self.addSourceButton.hide()
        self.addSourceButton.clicked.connect(lambda: self._shown and self.addSourceRequested.emit(self._shown))
        card = QWidget(self)
        card_lay = QVBoxLayout(card)
        card_lay.setContentsMargins(0, 0, 0, 0)
        card_lay.addWidget(self.detail, 1)
        card_lay.addWidget(self.addSourceButton)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.entries)
        split.addWidget(card)
        split.setSizes([300, 300])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)

    def offer_add_source(self, mine: Callable[[object], bool]) -> None:
        """The card of an entry that is ``mine`` gets a button adding the selection as its source."""
        self._mine = mine

    def refresh(self, session: Session) -> None:
        self._session = session
        layer = session.editorial
        rows = []
        if layer is not None:
            yours = self.tr("yours")
            for e in sorted(layer.glossary, key=lambda e: e.term.casefold()):
                mine = f"  ·  {yours}" if e.id in layer.personal_ids else ""
                rows.append(Row(
                    text=f"{e.term}  ·  {e.kind}{mine}", key=e.id, kind=e.kind, tooltip=e.short_definition(),
                    search=" ".join([e.term, *e.aliases, *e.other_spellings, e.kind, e.definition]),
                ))
        with self.entries.quiet():
            self.entries.model.set_rows(rows)
        shown, self._shown = self._shown, None
        if shown is not None and self.entries.select_key(shown):
            self.show_entry(shown)  # as it is now: a source added, a definition edited
        elif shown is not None:
            self.detail.clear()
            self.addSourceButton.hide()

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
        self._shown = e.id
        self.addSourceButton.setVisible(self._mine(e.id))
        # Every label is translated outside the f-strings: lupdate does not look inside them.
        yours = self.tr("yours")
        kind = f"{e.kind} · {yours}" if e.id in layer.personal_ids else e.kind
        # Your definitions are Markdown, as their dialog previews them; the editors' are plain text.
        definition = markdown_fragment(e.definition) if e.id in layer.personal_ids else f"<p>{esc(e.definition)}</p>"
        parts = [f"<h3>{esc(e.term)}</h3>", f"<p><i>{esc(kind)}</i></p>", definition]
        spellings = [a for a in e.aliases if a != e.term]
        if spellings:
            label = esc(self.tr("Also written:"))
            parts.append(f"<p><b>{label}</b> {esc(', '.join(spellings))}</p>")
        if e.other_spellings:
            label = esc(self.tr("Other spellings (not in the corpus):"))
            parts.append(f"<p><b>{label}</b> {esc(', '.join(e.other_spellings))}</p>")
        label = esc(self.tr("Sources"))
        parts.append(f"<p><b>{label}</b></p><ul>")
        for s in e.sources:
            title = doc_title(session, s.doc_id)
            parts.append(f"<li>{span_link(s.doc_id, s.start, s.end, excerpt(s.anchor.exact, 110))} — {esc(title)}</li>")
        parts.append("</ul>")
        occ = layer.occurrences(e.id, session.corpus, _ruled_out(session, e.spellings))
        occurs = self.tr("Occurs %n time(s) in the library", "", len(occ))  # plural forms: resources/i18n
        parts.append(f"<p><b>{esc(occurs)}</b></p>")
        parts.append(_span_list(session, occ))
        unlinked = layer.outside_sources(e.id, occ)
        label = esc(self.tr("Unlinked mentions: %n", "", len(unlinked)))
        parts.append(f"<p><b>{label}</b></p>")
        parts.append(_span_list(session, unlinked))
        if e.see_also:
            links = ", ".join(esc(x) for x in e.see_also)
            label = esc(self.tr("See also:"))
            parts.append(f"<p><b>{label}</b> {links}</p>")
        self.detail.setHtml("".join(parts))


def _ruled_out(session: Session, spellings: tuple[str, ...]) -> set[str]:
    """The texts the library index says hold none of the spellings (none without an index)."""
    library = session.library
    if library is None or library.index is None:
        return set()
    # sqlite3 and search: only with a library of the reader's own texts.
    from ..core.library_search import ruled_out

    return ruled_out(library.index, spellings)


def _span_list(session: Session, spans: list[tuple[str, int, int]], limit: int = 200) -> str:
    """An HTML list of links to spans with their context; every string is escaped."""
    items = []
    for doc_id, start, end in spans[:limit]:
        text = session.corpus.get(doc_id).text
        ctx = excerpt(occurrence_context(text, start, end), 100)
        items.append(f"<li>{span_link(doc_id, start, end, ctx)} — {esc(doc_title(session, doc_id))}</li>")
    return "<ul>" + "".join(items) + "</ul>"
