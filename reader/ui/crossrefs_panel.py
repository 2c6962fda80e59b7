"""The Links tab: cross-references from and to the document, editorial and the reader's own."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QMenu,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.document import Document
from .list_panel import doc_title, edit_menu
from .session import Session
from .widgets import WrappedTree, excerpt, plain_label, tooltip_html


class CrossrefsPanel(QWidget):
    """Links from and to this document (backlinks too), grouped by type; editorial and yours."""

    followLink = Signal(object, bool)  # (link object, is_backlink)
    editRequested = Signal(str)  # one of your links: change its type and note
    deleteRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crossrefsTab")
        self.tree = WrappedTree(self)
        self.tree.setObjectName("crossrefsTree")
        self.tree.setAccessibleName(self.tr("Cross-references"))
        self.tree.setHeaderHidden(True)
        # Rows wrap at the panel's width, never behind a horizontal scroll bar.
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._show_edit_menu)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._mine: set[str] = set()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(plain_label(self.tr("Links from and to this document. Enter or click follows a link.")))
        lay.addWidget(self.tree, 1)

    def refresh(self, session: Session, doc: Document | None) -> None:
        self.tree.clear()
        self._items.clear()
        self._mine.clear()
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
            who = self.tr("Your link") if mine else self.tr("Editorial")
            text = (f"{arrow} {excerpt(doc_title(session, far_doc), 46)}\n"
                    f"“{excerpt(far.anchor.exact, 52)}”\n"
                    f"{who}: {excerpt(link.note, 52) if link.note else kind}")
            item = QTreeWidgetItem(group, [text])
            item.setToolTip(0, tooltip_html(f"{who}: {link.note or kind}\n\n“{far.anchor.exact}”"))
            item.setData(0, Qt.ItemDataRole.UserRole, (link, back))
            self._items[link.id] = item
            if mine:
                self._mine.add(link.id)
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

    def _show_edit_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        data = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        menu = self.edit_menu(data[0].id) if data else None
        if menu is not None:
            menu.popup(self.tree.viewport().mapToGlobal(pos))

    def edit_menu(self, link_id: str) -> QMenu | None:
        """Edit… and Delete for one of your links; None for the editors' (not yours to change)."""
        if link_id not in self._mine:
            return None
        return edit_menu(self, link_id, self.editRequested, self.deleteRequested)
