"""Painting one page of the edition: highlight tints, the text, note marks, header and footer."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from .layout import Typesetter
from .styles import BODY_PT, GREY, MARK_INK, RULE, XREF_BAR, LineRect

_ORIGIN = QPointF(0, 0)


def paint_page(ts: Typesetter, painter: QPainter, page: int, tints: Iterable[tuple[QColor, LineRect]],
               marks: Iterable[tuple[str, LineRect]], bars: Iterable[tuple[float, float]] = ()) -> None:
    """Paint one page's text area: highlight tints first, then the text, then note marks."""
    g = ts.geom
    painter.save()
    painter.translate(g.left, g.top)
    painter.setPen(Qt.PenStyle.NoPen)
    pad = g.px(0.6)
    for color, r in tints:
        painter.fillRect(QRectF(r.x0 - pad * 0.5, r.top, r.x1 - r.x0 + pad, r.bottom - r.top + pad * 0.5), color)
    bar_x = -g.px(7)
    for top, bottom in bars:
        painter.fillRect(QRectF(bar_x, top, g.px(1.1), bottom - top), XREF_BAR)
    local, lines = ts.page_lines(page)
    if lines:
        painter.save()
        painter.translate(0, -local * g.text_height)
        # Line by line rather than drawContents(): Qt's QTextLayout::draw also draws
        # the last line *above* its clip rectangle, so a paragraph running over a
        # page would have its last line on the previous page drawn again (clipped,
        # invisible) at the top of this one, where text extractors still find it.
        for layout, first, last in lines:
            origin = layout.position()
            if first == 0 and last == layout.lineCount():
                layout.draw(painter, _ORIGIN)  # a whole block in one call (it adds its own position)
                continue
            for i in range(first, last):
                layout.lineAt(i).draw(painter, origin)
        painter.restore()
    styles = ts.styles
    font = styles.mark_font
    rise = g.px(BODY_PT * 0.36)
    ink = QBrush(MARK_INK)
    painter.setBrush(ink)
    for label, r in marks:
        path = QPainterPath()
        path.addText(QPointF(r.x0 - styles.mark_width(label) - g.px(0.35), r.baseline - rise), font, label)
        painter.fillPath(path, ink)
    painter.restore()


class Furniture:
    """Running header (document title) and footer (page N of M), their fonts made once."""

    def __init__(self, ts: Typesetter):
        g = self.geom = ts.geom
        self.italic = QFont(ts.styles.base_font)
        self.italic.setPixelSize(round(g.px(8.2)))
        self.italic.setItalic(True)
        self.upright = QFont(self.italic)
        self.upright.setItalic(False)
        self.italic_metrics = QFontMetricsF(self.italic)
        self.upright_metrics = QFontMetricsF(self.upright)
        self._headers: dict[tuple[str, str], tuple[str, str, float]] = {}

    def _header(self, header: str, header_right: str) -> tuple[str, str, float]:
        """The header's two parts elided to fit, and the right one's width (same on every page of a section)."""
        hit = self._headers.get((header, header_right))
        if hit is None:
            g, fm = self.geom, self.italic_metrics
            right = fm.elidedText(header_right, Qt.TextElideMode.ElideRight, g.text_width * 0.3)
            width = fm.horizontalAdvance(right)
            left = fm.elidedText(header, Qt.TextElideMode.ElideRight, g.text_width - width - g.px(24))
            hit = self._headers[(header, header_right)] = (left, right, width)
        return hit

    def paint(self, painter: QPainter, page: int, pages: int, header: str, header_right: str) -> None:
        g = self.geom
        painter.save()
        painter.setFont(self.italic)
        painter.setPen(QPen(GREY))
        head_y = g.top - g.px(16)
        if header or header_right:
            left, right, width = self._header(header, header_right)
            painter.drawText(QPointF(g.left, head_y), left)
            painter.drawText(QPointF(g.left + g.text_width - width, head_y), right)
            painter.setPen(QPen(RULE, g.px(0.4)))
            painter.drawLine(QPointF(g.left, head_y + g.px(5)), QPointF(g.left + g.text_width, head_y + g.px(5)))
        painter.setFont(self.upright)
        painter.setPen(QPen(GREY))
        label = f"{page + 1} / {pages}"
        foot_y = g.height - g.bottom + g.px(26)
        painter.drawText(QPointF(g.left + (g.text_width - self.upright_metrics.horizontalAdvance(label)) / 2, foot_y),
                         label)
        painter.restore()
