"""The copy of a page a far jump shows over the reading pane while the book is laid out behind it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QUrl, Signal
from PySide6.QtGui import QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QTextBrowser, QWidget

from .layout_driver import TOP_GAP_PX
from .widgets import refused_resource

_FORWARDED_EVENTS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                               QEvent.Type.MouseButtonRelease, QEvent.Type.Wheel, QEvent.Type.ContextMenu})


def page_copy(qdoc: QTextDocument, first: int, chars: int, parent: QObject,
              bake: Callable[[QTextCursor, int, int], None]) -> tuple[QTextDocument, int]:
    """A detached copy of ``qdoc`` from block ``first`` on, about ``chars`` long, with the
    same formats; ``bake(cursor, base, end)`` adds what the view draws over the text.
    Returns the copy and the Qt position of its first character in ``qdoc``."""
    last, n = first, 0
    while last < qdoc.blockCount() - 1 and n < chars:
        n += qdoc.findBlockByNumber(last).length()
        last += 1
    base = qdoc.findBlockByNumber(first).position()
    end_block = qdoc.findBlockByNumber(last)
    cursor = QTextCursor(qdoc)
    # Inside an edit block a cursor skips its x position, which would otherwise lay
    # the book out down to here (the very wait this avoids). Nothing is edited.
    cursor.beginEditBlock()
    cursor.setPosition(base)
    cursor.setPosition(end_block.position() + end_block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
    fragment = cursor.selection()
    cursor.endEditBlock()
    copy = QTextDocument(parent)
    copy.setUndoRedoEnabled(False)
    copy.setDocumentMargin(qdoc.documentMargin())
    copy.setDefaultFont(qdoc.defaultFont())
    into = QTextCursor(copy)
    into.beginEditBlock()
    into.insertFragment(fragment)
    head = QTextCursor(copy.firstBlock())  # a fragment does not carry its first block's format
    head.setBlockFormat(qdoc.findBlockByNumber(first).blockFormat())
    bake(into, base, cursor.selectionEnd())
    into.endEditBlock()
    return copy, base


class PagePreview(QTextBrowser):
    """``readingPreview``: the same width, fonts, formats and highlights as the pane, no
    interaction. The first key, click or wheel turn asks to settle the jump (the pane hides
    this copy) and goes on to the pane's viewport."""

    settleRequested = Signal()
    painted = Signal()

    def __init__(self, target: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._target = target
        self.base = 0  # the Qt position in the book of the copy's first character
        self.setObjectName("readingPreview")
        self.setAccessibleName(self.tr("Reading pane"))  # what it shows is the pane's page
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setOpenLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_copy(self, copy: QTextDocument, base: int) -> None:
        old = self.document()
        mine = old.parent() is self  # an earlier copy (Qt deletes only documents it made)
        copy.setParent(self)
        self.setDocument(copy)
        if mine:
            old.deleteLater()
        self.base = base

    def place(self, geometry: QRect, palette: QPalette, qt_pos: int) -> None:
        """Cover ``geometry`` (the pane's viewport) and scroll so Qt position ``qt_pos`` of the book is on top."""
        self.setGeometry(geometry)
        self.setPalette(palette)
        self.show()  # delivers the resize: the copy is laid out at the pane's width
        self.raise_()
        self.document().documentLayout().documentSize()  # and the scroll range follows
        c = QTextCursor(self.document())
        c.setPosition(qt_pos - self.base)
        rect = self.cursorRect(c)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - TOP_GAP_PX)  # where a jump to the top puts it

    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802 - Qt override
        return refused_resource(kind)

    def paintEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        self.painted.emit()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        # A press, double click or wheel turn settles the jump and goes on to the book; so
        # does the rest of a drag begun here (Qt sends it here even once this is hidden).
        # Hovering does not settle anything.
        dragging = kind == QEvent.Type.MouseMove and event.buttons() != Qt.MouseButton.NoButton
        if kind in _FORWARDED_EVENTS or dragging:
            self.settleRequested.emit()  # hides this copy
            QApplication.sendEvent(self._target, event.clone())
            return True
        return super().viewportEvent(event)
