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


def light_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    p.setColor(roles.Window, QColor("#f3f2ef"))
    p.setColor(roles.WindowText, QColor("#1f1f1f"))
    p.setColor(roles.Base, QColor("#ffffff"))
    p.setColor(roles.AlternateBase, QColor("#f6f5f2"))
    p.setColor(roles.Text, QColor("#1f1f1f"))
    p.setColor(roles.Button, QColor("#eceae6"))
    p.setColor(roles.ButtonText, QColor("#1f1f1f"))
    p.setColor(roles.Highlight, QColor("#3b6ea8"))
    p.setColor(roles.HighlightedText, QColor("#ffffff"))
    p.setColor(roles.ToolTipBase, QColor("#fffdf2"))
    p.setColor(roles.ToolTipText, QColor("#1f1f1f"))
    p.setColor(roles.PlaceholderText, QColor("#8a8a8a"))
    p.setColor(roles.Mid, QColor("#7a7a7a"))
    for role in (roles.Text, roles.ButtonText, roles.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#a0a0a0"))
    return p


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    p.setColor(roles.Window, QColor("#26272b"))
    p.setColor(roles.WindowText, QColor("#dcdad4"))
    p.setColor(roles.Base, QColor("#1e1f22"))
    p.setColor(roles.AlternateBase, QColor("#2a2b2f"))
    p.setColor(roles.Text, QColor("#dcdad4"))
    p.setColor(roles.Button, QColor("#303136"))
    p.setColor(roles.ButtonText, QColor("#dcdad4"))
    p.setColor(roles.Highlight, QColor("#4f7fb8"))
    p.setColor(roles.HighlightedText, QColor("#ffffff"))
    p.setColor(roles.ToolTipBase, QColor("#303136"))
    p.setColor(roles.ToolTipText, QColor("#dcdad4"))
    p.setColor(roles.PlaceholderText, QColor("#8a8a8a"))
    p.setColor(roles.Mid, QColor("#9a9a9a"))
    p.setColor(roles.Link, QColor("#8ab4f8"))
    for role in (roles.Text, roles.ButtonText, roles.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f7075"))
    return p
