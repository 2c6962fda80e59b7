"""Small shared widgets: a text browser that never loads anything, plain-text labels, tall rows."""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
    QTextDocument,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QTreeWidget,
    QWidget,
)

from ..core.document import CJK_CHAR, excerpt

__all__ = ["SafeBrowser", "TwoLineRows", "WrappedTree", "color_icon", "esc", "excerpt", "markdown_fragment", "plain_label", "refused_resource", "span_link",
           "tooltip_html", "warn"]


def refused_resource(kind: int) -> object:
    """An empty but valid resource. Returning None would let QTextDocument fall back to
    reading a local file named in the text (e.g. ``![x](file:///…)`` in a note)."""
    if kind == QTextDocument.ResourceType.ImageResource.value or kind == QTextDocument.ResourceType.ImageResource:
        return QImage()
    return QByteArray()


def tooltip_html(text: str) -> str:
    """Qt guesses whether a tooltip is rich text; ours always is, built from escaped text,
    so a title or note like ``<img src=file:///…>`` is shown, never interpreted."""
    return "<p style='white-space:pre-wrap'>" + esc(text) + "</p>" if text else ""


def warn(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A warning whose text (often quoting a file) is never interpreted as markup."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, "", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setObjectName("warningBox")
    box.open()
    return box


_SAFE_MARKDOWN = QTextDocument.MarkdownFeature(QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
                                               | QTextDocument.MarkdownFeature.MarkdownNoHTML.value)


def markdown_fragment(text: str) -> str:
    """Safe Markdown (raw HTML shown as typed) as an HTML fragment to place inside a card we build."""
    doc = QTextDocument()
    doc.setMarkdown(text, _SAFE_MARKDOWN)
    html = doc.toHtml()
    body = html.find("<body")
    start, end = html.find(">", body) + 1, html.rfind("</body>")
    return html[start:end] if body >= 0 and end > start else f"<p>{esc(text)}</p>"


class SafeBrowser(QTextBrowser):
    """Rich text built by us from escaped strings; links are routed, never followed.

    ``span:<doc>:<start>:<end>`` links become ``spanRequested``; anything else is ignored.
    """

    spanRequested = Signal(str, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._route)
        self._html = ""
        self._style_links()

    def setHtml(self, html: str) -> None:  # noqa: N802 - Qt API
        """Qt fixes a link's colour when the HTML is parsed: kept so a theme change can parse it again."""
        self._html = html
        super().setHtml(html)

    def set_markdown(self, text: str) -> None:
        """A note or definition as GitHub Markdown with raw HTML off: ``<b>`` or ``<img>`` is shown as
        typed, never run; its links stay routed, never followed. (The notes' and definitions' one preview.)"""
        self._html = ""  # a theme change must not put back older HTML over it
        self.document().setMarkdown(text, _SAFE_MARKDOWN)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style_links()
            if self._html:
                super().setHtml(self._html)

    def _style_links(self) -> None:
        """Links in the theme's link colour (Qt's default is pure blue, unreadable on dark grey)."""
        link = self.palette().color(QPalette.ColorRole.Link).name()
        self.document().setDefaultStyleSheet(f"a {{ color: {link}; }}")

    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802 - Qt override
        return refused_resource(kind)

    def _route(self, url: QUrl) -> None:
        parts = url.toString().split(":")
        if len(parts) == 4 and parts[0] == "span":
            try:
                self.spanRequested.emit(parts[1], int(parts[2]), int(parts[3]))
            except ValueError:
                pass


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """A QLabel that can never interpret corpus or user text as rich text."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


def esc(text: str) -> str:
    """Text made safe inside rich text (the ``html`` module costs 4 ms of a start, so it is
    imported at the first tooltip)."""
    import html

    return html.escape(text, quote=True)


def span_link(doc_id: str, start: int, end: int, label: str) -> str:
    return f'<a href="span:{esc(doc_id)}:{start}:{end}">{esc(label)}</a>'


def color_icon(color: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(color))
    return QIcon(pix)


def text_height(text: str, font: QFont, width: int) -> int:
    """Height of ``text`` wrapped at ``width`` as Qt draws it: a line holding CJK takes the fallback
    font's taller line, which ``QFontMetrics`` (the primary font alone) does not know."""
    total = 0.0
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(max(1, width))
            total += line.height()
        layout.endLayout()
    return math.ceil(total)


class _TallRows(QStyledItemDelegate):
    """Rows as tall as their wrapped text really is, so no line is clipped."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self._tree.viewport().width() - self._tree.indentation() * (depth + 1) - 8
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        return QSize(size.width(), max(size.height(), text_height(text, option.font, width) + 4))


class TwoLineRows(QStyledItemDelegate):
    """Two-line rows of one height (``setUniformItemSizes``), made taller once a row holding
    CJK is painted: Qt measures rows with the primary font alone, and the CJK fallback's
    taller lines then left room for the first line only, cut with "…"."""

    SAMPLE = "Ag國\nAg國"  # Latin and CJK on each line: its height is the taller of the two fonts' lines

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self.tall = False

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        if not self.tall:
            return size
        return QSize(size.width(), max(size.height(), text_height(self.SAMPLE, option.font, 1 << 20) + 4))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if not self.tall and CJK_CHAR.search(str(index.data(Qt.ItemDataRole.DisplayRole) or "")):
            self.tall = True  # from now on; only the rows painted are looked at, never 10,000
            self._view.scheduleDelayedItemsLayout()
        super().paint(painter, option, index)


class WrappedTree(QTreeWidget):
    """A tree of word-wrapped rows, measured again when its width changes (Qt keeps the first heights)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setItemDelegate(_TallRows(self))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()
