"""Light and dark themes: follow the system unless the reader chooses one; every pair meets WCAG AA."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class ReadingColors:
    """The reading pane's colours in one theme (``#AARRGGBB`` where a layer is see-through)."""

    paper: str
    ink: str
    caption: str
    tint_strength: float  # how far a highlight colour is taken from the paper
    search_hit: str
    search_current: str
    flash: str


LIGHT_READING = ReadingColors(paper="#fbfaf7", ink="#1f1f1f", caption="#6b6b6b", tint_strength=0.55,
                              search_hit="#5aff9632", search_current="#ff9632", flash="#96ffc83c")
# On dark paper a highlight stays darker (light ink on it) and the search colours are deeper.
DARK_READING = ReadingColors(paper="#1e1f22", ink="#dcdad4", caption="#a3a19b", tint_strength=0.3,
                             search_hit="#5aff9632", search_current="#8a4510", flash="#50ffc83c")
LIGHT_PAPER, LIGHT_INK = LIGHT_READING.paper, LIGHT_READING.ink
DARK_PAPER, DARK_INK = DARK_READING.paper, DARK_READING.ink

def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    try:
        return hints.colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt < 6.5
        return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply(key: str) -> bool:
    """Apply ``system``/``light``/``dark`` to the application; returns True when dark.

    "system" follows the system's light or dark choice with our palettes, whose every text
    pair is checked for contrast (a platform palette may have faint placeholders)."""
    dark = system_is_dark() if key == "system" else key == "dark"
    QApplication.instance().setPalette(dark_palette() if dark else light_palette())
    return dark


def paper_colors(dark: bool) -> tuple[QColor, QColor]:
    colors = reading_colors(dark)
    return QColor(colors.paper), QColor(colors.ink)


def reading_colors(dark: bool) -> ReadingColors:
    return DARK_READING if dark else LIGHT_READING


def is_dark(paper: QColor) -> bool:
    return paper.lightness() < 128


LIGHT = {
    "Window": "#f3f2ef", "WindowText": "#1f1f1f", "Base": "#ffffff", "AlternateBase": "#f6f5f2",
    "Text": "#1f1f1f", "Button": "#eceae6", "ButtonText": "#1f1f1f", "Highlight": "#3b6ea8",
    "HighlightedText": "#ffffff", "ToolTipBase": "#fffdf2", "ToolTipText": "#1f1f1f",
    "PlaceholderText": "#6b6b6b", "Mid": "#666666", "Link": "#1a5aa6", "LinkVisited": "#5b3f9e",
}
DARK = {
    "Window": "#26272b", "WindowText": "#dcdad4", "Base": "#1e1f22", "AlternateBase": "#2a2b2f",
    "Text": "#dcdad4", "Button": "#303136", "ButtonText": "#dcdad4", "Highlight": "#3a6597",
    "HighlightedText": "#ffffff", "ToolTipBase": "#303136", "ToolTipText": "#dcdad4",
    "PlaceholderText": "#9a9893", "Mid": "#9a9a9a", "Link": "#8ab4f8", "LinkVisited": "#c3a6f5",
}
# Text roles and the backgrounds they are drawn on: each pair must reach 4.5:1 (WCAG AA).
TEXT_PAIRS = (("Text", "Base"), ("Text", "AlternateBase"), ("WindowText", "Window"), ("ButtonText", "Button"),
              ("ToolTipText", "ToolTipBase"), ("HighlightedText", "Highlight"), ("PlaceholderText", "Base"),
              ("Link", "Base"), ("Link", "AlternateBase"), ("Link", "Window"), ("LinkVisited", "Base"),
              ("Mid", "Window"))


def _palette(colors: dict[str, str], disabled_text: str) -> QPalette:
    """A palette from role names to colours; disabled text, button and window text greyed."""
    p = QPalette()
    roles = QPalette.ColorRole
    for role, color in colors.items():
        p.setColor(getattr(roles, role), QColor(color))
    for role in (roles.Text, roles.ButtonText, roles.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return p


def light_palette() -> QPalette:
    return _palette(LIGHT, "#a0a0a0")


def dark_palette() -> QPalette:
    return _palette(DARK, "#6f7075")


def over(color: QColor, background: QColor) -> QColor:
    """``color`` (perhaps see-through) as it shows over an opaque ``background``."""
    a = color.alphaF()
    return QColor.fromRgbF(*(fg * a + bg * (1 - a) for fg, bg in zip(
        (color.redF(), color.greenF(), color.blueF()),
        (background.redF(), background.greenF(), background.blueF()), strict=True)))


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG 2 contrast ratio of two opaque colours (1 to 21)."""
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
