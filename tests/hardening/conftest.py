"""Fixtures of the hardening battery and its one-line summary at the end of the run."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hardening_lib import TALLY


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if TALLY.hostile_strings or TALLY.malformed_files or TALLY.faults or TALLY.cli_cases:
        terminalreporter.write_line(TALLY.line())


class NetGuard:
    """Every way Python code could open a connection, forbidden and recorded."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def _refuse(self, what: str) -> Callable[..., Any]:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            self.attempts.append(f"{what}{args[:2]!r}")
            TALLY.network_attempts += 1
            raise OSError(f"network access is forbidden in this test ({what})")
        return refuse


@pytest.fixture
def net_guard(monkeypatch: pytest.MonkeyPatch) -> NetGuard:
    import urllib.request  # before patching: ssl subclasses socket.socket at import

    guard = NetGuard()
    refuse = guard._refuse("socket.socket")

    class ForbiddenSocket(socket.socket):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            refuse(*args)

    monkeypatch.setattr(socket, "socket", ForbiddenSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, guard._refuse(f"socket.{name}"))
    monkeypatch.setattr(urllib.request, "urlopen", guard._refuse("urllib.request.urlopen"))
    return guard


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """QDesktopServices.openUrl recorded (and never really called)."""
    from PySide6.QtGui import QDesktopServices

    calls: list[str] = []

    def record(url: Any) -> bool:
        calls.append(url.toString() if hasattr(url, "toString") else str(url))
        return False

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(record))
    return calls


@pytest.fixture
def resource_requests(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, str, Any]]:
    """Every loadResource call of our QTextBrowser subclasses: (class, kind, url, returned)."""
    from reader.ui.panels import TextPassage
    from reader.ui.reading_view import ReadingView
    from reader.ui.widgets import SafeBrowser

    calls: list[tuple[str, int, str, Any]] = []
    for cls in (ReadingView, SafeBrowser, TextPassage):
        original = cls.loadResource

        def spy(self: Any, kind: int, name: Any, _orig: Any = original, _cls: type = cls) -> Any:
            result = _orig(self, kind, name)
            calls.append((_cls.__name__, int(kind), name.toString(), result))
            return result

        monkeypatch.setattr(cls, "loadResource", spy)
    return calls


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """QMessageBox.warning/critical/information recorded instead of blocking the test."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []

    def record(_parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(record))
    # The window's own plain-text warning dialog (reader.ui.widgets.warn).
    import reader.ui.file_actions as file_actions

    monkeypatch.setattr(file_actions, "warn", record)
    return shown


@pytest.fixture
def make_window(qtbot: Any, data_dir: Path) -> Iterator[Callable[..., Any]]:
    from reader.app import MainWindow

    windows: list[Any] = []

    def make(d: Path = data_dir, show: bool = True) -> Any:
        w = MainWindow(data_dir=d)
        qtbot.addWidget(w)
        w.resize(1200, 800)
        if show:
            w.show()
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.close()
