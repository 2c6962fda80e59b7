"""Known traps, kept fixed."""

from __future__ import annotations

import subprocess
import sys


def test_qtextcursor_setposition_does_not_leak_none() -> None:
    # PySide6 6.12.0 on Python 3.11 drops a reference to None on every setPosition call
    # and aborts ("none_dealloc") after a few thousand; pyproject.toml excludes it.
    code = (
        "import sys\n"
        "from PySide6.QtGui import QGuiApplication, QTextDocument, QTextCursor\n"
        "app = QGuiApplication([])\n"
        "doc = QTextDocument(); doc.setPlainText('x' * 1000)\n"
        "c = QTextCursor(doc)\n"
        "before = sys.getrefcount(None)\n"
        "for i in range(100_000):\n"
        "    c.setPosition(i % 1000)\n"
        "after = sys.getrefcount(None)\n"
        "print('ok', before - after)\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    ok, lost = out.stdout.split()
    assert ok == "ok"
    assert int(lost) < 1000  # 6.12.0 loses ~100,000 here before it crashes


def test_broken_pyside_release_is_excluded() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert "PySide6-Essentials>=6.6,!=6.12.0" in text
