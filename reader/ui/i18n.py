"""The interface language: chosen from the system locale or the reader's choice, loaded via QTranslator."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..core.paths import resources_dir

ENGLISH = "en"
TRADITIONAL = "zh_TW"
SIMPLIFIED = "zh_CN"
# Each language's name in its own script, as a language menu shows it.
LANGUAGES: dict[str, str] = {ENGLISH: "English", TRADITIONAL: "繁體中文", SIMPLIFIED: "简体中文"}
STATE_KEY = "language"  # state.yaml key of the reader's own choice
# Said in the chosen language, since that is the one the reader asked to read.
_RESTART = {
    ENGLISH: "Reader will be in English from its next start.",
    TRADITIONAL: "Reader 下次啟動時會使用繁體中文介面。",
    SIMPLIFIED: "Reader 下次启动时会使用简体中文界面。",
}
_TRADITIONAL_REGIONS = ("tw", "hk", "mo", "hant")


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """Translate ``text`` outside a QObject's ``self.tr`` (imported as ``_tr``; tools/i18n.py
    tells lupdate to read ``_tr(...)`` calls as ``tr(...)``, in the empty context)."""
    return QCoreApplication.translate("", text, disambiguation, n)


def language_for_locale(name: str) -> str:
    """Map a locale name (``zh_TW.UTF-8``, ``zh-Hant-HK``, ``en_GB``) to one of LANGUAGES."""
    parts = name.split(".")[0].split("@")[0].replace("-", "_").lower().split("_")
    if not parts or parts[0] != "zh":
        return ENGLISH
    return TRADITIONAL if any(p in _TRADITIONAL_REGIONS for p in parts[1:]) else SIMPLIFIED


def system_language(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The language the system asks for: a default QLocale set in-process, else the environment."""
    if QLocale() != QLocale.system():
        return language_for_locale(QLocale().name())
    env = os.environ if environ is None else environ
    # Read the environment itself: Qt reads it once, when the application starts.
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            if value in ("C", "POSIX") or value.startswith("C."):
                return ENGLISH
            break
    first = env.get("LANGUAGE", "").split(":")[0]
    if first:
        return language_for_locale(first)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(var):
            return language_for_locale(env[var])
    return language_for_locale(QLocale.system().name())


def resolve_language(saved: object) -> str:
    """The reader's remembered choice when it is one we ship, else the system's."""
    return saved if isinstance(saved, str) and saved in LANGUAGES else system_language()


def restart_notice(language: str) -> str:
    return _RESTART.get(language, _RESTART[ENGLISH])


def translations_dir() -> Path:
    return resources_dir() / "i18n"


def install_language(language: str) -> str:
    """Load ``language``'s catalogues into the running application (once); returns it."""
    app = QCoreApplication.instance()
    if app is None:
        return language
    current = app.property("readerLanguage")
    if current == language:
        return language
    for old in app.findChildren(QTranslator, "readerTranslator"):
        QCoreApplication.removeTranslator(old)
        old.deleteLater()
    catalogues = [(translations_dir(), "reader")]  # English too: it holds the plural forms
    if language != ENGLISH:
        catalogues.append((Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), "qtbase"))
    for directory, base in catalogues:
        # The translator is owned by the application, so it lives as long as the app does.
        translator = QTranslator(app)
        translator.setObjectName("readerTranslator")
        if translator.load(f"{base}_{language}", str(directory)):
            QCoreApplication.installTranslator(translator)
        else:
            translator.deleteLater()
    app.setProperty("readerLanguage", language)
    return language
