"""The edition's look: page sizes, margins, colours, and the character and block formats."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPageSize,
    QPaintDevice,
    QTextBlockFormat,
    QTextCharFormat,
)

from .fonts import reading_font

PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4,
    "A5": QPageSize.PageSizeId.A5,
    "B5": QPageSize.PageSizeId.B5,
    "LETTER": QPageSize.PageSizeId.Letter,
    "LEGAL": QPageSize.PageSizeId.Legal,
}

RESOLUTION = 1200  # device pixels per inch: fine enough that rounding never shows in points

# Typography (points).
BODY_PT = 10.75
LEADING = 1.42
MARGIN_MM = (24.0, 24.0, 22.0, 25.0)  # left, right, top, bottom
INK = QColor("#1a1a1a")
GREY = QColor("#5a5a5a")
RULE = QColor("#9a9a9a")
MARK_INK = QColor("#9b2226")
LINK_UNDERLINE = QColor("#9fb3c8")
XREF_BAR = QColor("#8fa7bf")

_LINE_TYPE = QTextBlockFormat.LineHeightTypes.FixedHeight.value


def page_size_id(name: str) -> QPageSize.PageSizeId:
    try:
        return PAGE_SIZES[name.strip().upper()]
    except KeyError:
        known = ", ".join(k if k.startswith("A") or k.startswith("B") else k.title() for k in PAGE_SIZES)
        raise ValueError(f"unknown page size {name!r} (known: {known})") from None


@dataclass(frozen=True)
class PageGeometry:
    """Page and text-area sizes in device pixels, with conversions to PDF points."""

    resolution: int
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @classmethod
    def for_device(cls, device: QPaintDevice, margins_mm: Sequence[float] = MARGIN_MM) -> PageGeometry:
        res = device.logicalDpiY()
        mm = res / 25.4
        left, right, top, bottom = (m * mm for m in margins_mm)
        return cls(res, float(device.width()), float(device.height()), left, right, top, bottom)

    @functools.cached_property  # asked for every line placed
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @functools.cached_property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom

    def px(self, points: float) -> float:
        return points * self.resolution / 72.0

    def pt(self, pixels: float) -> float:
        return pixels * 72.0 / self.resolution

    @property
    def page_height_pt(self) -> float:
        return self.pt(self.height)

    def to_pdf(self, x: float, y: float) -> tuple[float, float]:
        """Text-area pixel coordinates (y down) -> PDF user space (points, y up)."""
        r = self.resolution  # pt() and page_height_pt spelled out: called for every box and destination
        return (self.left + x) * 72.0 / r, self.height * 72.0 / r - (self.top + y) * 72.0 / r


@dataclass(frozen=True, slots=True)
class LineRect:
    """One line's piece of a span, in text-area pixels of ``page`` (0-based)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float




class Styles:
    """The character and block formats of the edition, built once per export."""

    def __init__(self, geom: PageGeometry):
        self.geom = geom

        def px(points: float) -> float:
            # QTextDocumentLayout scales format lengths (margins, indents, line heights)
            # from 96-dpi pixels to the paint device, so formats are given at 96 dpi.
            return points * 96.0 / 72.0

        self.base_font = reading_font(BODY_PT)
        self.base_font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        self.base_font.setKerning(True)
        # The bundled fonts have no ligatures; switch them off anyway, so that a future
        # font cannot turn "fi" into one glyph that extractors read back as "?" or "ﬁ".
        for tag in ("liga", "clig", "dlig", "hlig"):
            try:
                self.base_font.setFeature(QFont.Tag(tag), 0)
            except (AttributeError, TypeError):  # Qt < 6.7
                break

        def char(size: float, *, bold: bool = False, italic: bool = False, color: QColor = INK,
                 caps: bool = False) -> QTextCharFormat:
            f = QTextCharFormat()
            f.setFontPointSize(size)
            f.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
            f.setFontItalic(italic)
            f.setForeground(QBrush(color))
            if caps:  # set in capitals by Typesetter (Qt's SmallCaps needs the layout up front)
                f.setFontLetterSpacing(106)
                caps_styles.add(id(f))
            return f

        def block(size: float, *, before: float = 0, after: float = 0, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
                  indent_left: float = 0, indent_right: float = 0, leading: float = LEADING,
                  first_indent: float = 0) -> QTextBlockFormat:
            f = QTextBlockFormat()
            f.setTopMargin(px(before))
            f.setBottomMargin(px(after))
            f.setLeftMargin(px(indent_left))
            f.setRightMargin(px(indent_right))
            f.setTextIndent(px(first_indent))
            f.setAlignment(align)
            f.setLineHeight(px(size * leading), _LINE_TYPE)
            return f

        caps_styles: set[int] = set()
        justify = Qt.AlignmentFlag.AlignJustify
        center = Qt.AlignmentFlag.AlignHCenter
        b = BODY_PT
        self.fmt: dict[str, tuple[QTextBlockFormat, QTextCharFormat]] = {
            "paragraph": (block(b, after=b * 0.55, align=justify), char(b)),
            "quote": (block(b, before=2, after=b * 0.75, indent_left=22, indent_right=22, align=justify),
                      char(b, italic=True)),
            "caption": (block(8.6, before=1, after=b * 0.7, leading=1.35), char(8.6, italic=True, color=GREY)),
            "heading1": (block(16, before=14, after=7, leading=1.25), char(16, bold=True)),
            "heading2": (block(12.6, before=12, after=5, leading=1.3), char(12.6, bold=True)),
            # Title page and per-document title block.
            "cover-kicker": (block(9.5, before=150, after=10, align=center), char(8.5, color=GREY, caps=True)),
            "cover-title": (block(26, after=14, align=center, leading=1.2), char(26, bold=True)),
            "cover-line": (block(10.5, after=3, align=center), char(10.5, color=GREY)),
            "cover-head": (block(10.5, before=26, after=6, align=center), char(10.5, bold=True)),
            "cover-doc": (block(10.5, after=6, align=center, indent_left=30, indent_right=30, leading=1.3),
                          char(10.5, italic=True)),
            "cover-note": (block(9.6, after=6, align=center, indent_left=36, indent_right=36, leading=1.45),
                           char(9.6, color=GREY)),
            "doc-kicker": (block(8.5, after=6), char(7.4, color=GREY, caps=True)),
            "doc-title": (block(21, after=6, leading=1.2), char(21, bold=True)),
            "doc-subtitle": (block(13, after=8, leading=1.3), char(13, italic=True)),
            "doc-meta": (block(8.8, after=0.5, leading=1.35), char(8.8, color=GREY)),
            "doc-meta-last": (block(8.8, after=22, leading=1.35), char(8.8, color=GREY)),
            "doc-meta-key": (block(8.8), char(7.4, color=GREY, caps=True)),
            # Endnotes and appendices.
            "section": (block(13, before=20, after=8, leading=1.3), char(13, bold=True)),
            "appendix-title": (block(18, after=12, leading=1.25), char(18, bold=True)),
            "note": (block(9.4, after=5, indent_left=16, first_indent=-16, leading=1.38), char(9.4)),
            "note-quote": (block(9.4), char(9.4, italic=True)),
            "note-meta": (block(9.4), char(9.4, color=GREY)),
            "entry-head": (block(10.5, before=7, after=1.5, leading=1.3), char(10.5, bold=True)),
            "entry": (block(9.8, after=1.5, indent_left=12, align=justify, leading=1.4), char(9.8)),
            "entry-meta": (block(9, after=1, indent_left=12, leading=1.4), char(9, color=GREY)),
        }
        self.caps = {name for name, (_bf, cf) in self.fmt.items() if id(cf) in caps_styles}
        self.italic = {name for name, (_bf, cf) in self.fmt.items() if cf.fontItalic()}
        mark = QFont(self.base_font)
        mark.setPixelSize(max(1, round(geom.px(BODY_PT * 0.62))))
        self.mark_font = mark
        self.mark_metrics = QFontMetricsF(mark)
        self._mark_widths: dict[str, float] = {}  # measured once: the gap, the link box and the painting ask

    def mark_width(self, label: str) -> float:
        width = self._mark_widths.get(label)
        if width is None:
            width = self._mark_widths[label] = self.mark_metrics.horizontalAdvance(label)
        return width

    def mark_gap(self, label: str) -> float:
        """Letter spacing (px) that makes room for a note mark after a character."""
        return self.mark_width(label) + self.geom.px(1.2)



def mix_with_white(color: QColor, strength: float) -> QColor:
    """A printable tint of a highlight colour: text stays readable in black and white."""
    r, g, b = color.red(), color.green(), color.blue()
    return QColor(round(255 - (255 - r) * strength), round(255 - (255 - g) * strength), round(255 - (255 - b) * strength))
