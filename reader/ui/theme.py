"""Light and dark themes: follow the system unless the reader chooses one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

LIGHT_PAPER, LIGHT_INK = "#fbfaf7", "#1f1f1f"
DARK_PAPER, DARK_INK = "#1e1f22", "#dcdad4"

_original_palette: QPalette | None = None


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    try:
        return hints.colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt < 6.5
        return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply(key: str) -> bool:
    """Apply ``system``/``light``/``dark`` to the application; returns True when dark."""
    global _original_palette
    app = QApplication.instance()
    if _original_palette is None:
        _original_palette = QPalette(app.palette())
    dark = system_is_dark() if key == "system" else key == "dark"
    if dark:
        app.setPalette(dark_palette())
    else:
        app.setPalette(QPalette(_original_palette) if key == "system" else light_palette())
    return dark


def paper_colors(dark: bool) -> tuple[QColor, QColor]:
    return (QColor(DARK_PAPER), QColor(DARK_INK)) if dark else (QColor(LIGHT_PAPER), QColor(LIGHT_INK))


_LIGHT = {
    "Window": "#f3f2ef", "WindowText": "#1f1f1f", "Base": "#ffffff", "AlternateBase": "#f6f5f2",
    "Text": "#1f1f1f", "Button": "#eceae6", "ButtonText": "#1f1f1f", "Highlight": "#3b6ea8",
    "HighlightedText": "#ffffff", "ToolTipBase": "#fffdf2", "ToolTipText": "#1f1f1f",
    "PlaceholderText": "#8a8a8a", "Mid": "#7a7a7a",
}
_DARK = {
    "Window": "#26272b", "WindowText": "#dcdad4", "Base": "#1e1f22", "AlternateBase": "#2a2b2f",
    "Text": "#dcdad4", "Button": "#303136", "ButtonText": "#dcdad4", "Highlight": "#4f7fb8",
    "HighlightedText": "#ffffff", "ToolTipBase": "#303136", "ToolTipText": "#dcdad4",
    "PlaceholderText": "#8a8a8a", "Mid": "#9a9a9a", "Link": "#8ab4f8",
}


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
    return _palette(_LIGHT, "#a0a0a0")


def dark_palette() -> QPalette:
    return _palette(_DARK, "#6f7075")
