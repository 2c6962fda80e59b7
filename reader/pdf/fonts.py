"""The bundled fonts: register them with Qt and build the reading font.

Why: the corpus mixes English with Simplified and Traditional Chinese, and a machine may
have no CJK font at all. The app ships subsets of Noto Serif ("Reader Serif") and Noto
Serif CJK ("Reader CJK") in resources/fonts/ (built by tools/make_fonts.py), so the
window and QPdfWriter exports look the same everywhere and the PDF text stays
extractable (see resources/fonts/README.md for why the subsets drop ligatures and the
Kangxi radicals).

Everything here needs a QGuiApplication (or QApplication) to exist first:
QFontDatabase refuses to load fonts without one.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

from reader.core.paths import resources_dir

SERIF_FAMILY = "Reader Serif"
CJK_FAMILY = "Reader CJK"
FONT_FILES = (
    "ReaderSerif-Regular.ttf",
    "ReaderSerif-Italic.ttf",
    "ReaderSerif-Bold.ttf",
    "ReaderSerif-BoldItalic.ttf",
    "ReaderCJK-Regular.otf",
)


@dataclass(frozen=True)
class FontFamilies:
    """Family names of the bundled fonts, as Qt knows them after registration."""

    serif: str = SERIF_FAMILY
    cjk: str = CJK_FAMILY


class FontRegistrationError(RuntimeError):
    """A bundled font file is missing or Qt could not load it."""


_lock = threading.Lock()
_registered: FontFamilies | None = None


def fonts_dir() -> Path:
    """Where the bundled font files live (repository or wheel)."""
    return resources_dir() / "fonts"


def register_fonts() -> FontFamilies:
    """Load the bundled fonts into Qt once; later calls return the same families.

    Raises FontRegistrationError when there is no QGuiApplication yet, or when a file is
    missing or unreadable: silently falling back to system fonts would produce PDFs with
    missing glyphs on machines without CJK fonts.
    """
    global _registered
    with _lock:
        if _registered is not None:
            return _registered
        if QGuiApplication.instance() is None:
            raise FontRegistrationError("register_fonts() needs a QGuiApplication first")
        loaded: set[str] = set()
        for name in FONT_FILES:
            path = fonts_dir() / name
            if not path.is_file():
                raise FontRegistrationError(f"bundled font missing: {path}")
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                raise FontRegistrationError(f"Qt could not load the bundled font {path}")
            loaded.update(QFontDatabase.applicationFontFamilies(font_id))
        for family in (SERIF_FAMILY, CJK_FAMILY):
            if family not in loaded:
                raise FontRegistrationError(f"bundled fonts do not provide {family!r}")
        _registered = FontFamilies()
        return _registered


def reading_font(point_size: float) -> QFont:
    """The reading-pane and PDF font: Reader Serif, then Reader CJK for Chinese.

    An explicit families list makes Qt take CJK glyphs from the bundled font before it
    looks at system fonts, so the PDF embeds a font whose ToUnicode map is known good.
    """
    families = register_fonts()
    font = QFont()
    font.setFamilies([families.serif, families.cjk])
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


def set_app_fallbacks() -> None:
    """Make every family (also the UI's default font) fall back to Reader CJK for CJK.

    Widgets that use the platform font (lists, tabs, line edits) otherwise pick whatever
    CJK font the system has, or none. Safe to call more than once.
    """
    families = register_fonts()
    for family in QFontDatabase.families():
        _add_substitute(family, families.cjk)
    app_family = QGuiApplication.font().family()
    for family in {app_family, *QGuiApplication.font().families(), SERIF_FAMILY}:
        _add_substitute(family, families.cjk)


def _add_substitute(family: str, substitute: str) -> None:
    # Qt stores substitution names lower-cased.
    known = {name.casefold() for name in QFont.substitutes(family)}
    if family and family.casefold() != substitute.casefold() and substitute.casefold() not in known:
        QFont.insertSubstitution(family, substitute)


@functools.cache
def _raw_fonts() -> tuple[QRawFont, ...]:
    fonts = (QRawFont(str(fonts_dir() / name), 12) for name in ("ReaderSerif-Regular.ttf", "ReaderCJK-Regular.otf"))
    return tuple(f for f in fonts if f.isValid())


def printable(text: str) -> str:
    """User text printed with the bundled fonts: characters they lack (emoji) are spelled
    out as [U+XXXX] rather than left to whatever system font exists, or a blank box. The
    note itself is kept exactly in the annotation's /Contents and the embedded JSON."""
    return "".join(_printable_char(ch) for ch in text)


@functools.cache
def _printable_char(ch: str) -> str:
    if ch in "\u2028\n\t " or any(f.supportsCharacter(ord(ch)) for f in _raw_fonts()):
        return ch
    return f"[U+{ord(ch):04X}]"
