"""The window speaks Traditional or Simplified Chinese when the locale asks, and the catalogues ship compiled."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.app import MainWindow
from reader.ui import i18n

REPO = Path(__file__).resolve().parents[1]
LRELEASE = Path(sys.executable).with_name("pyside6-lrelease")


def _menu_titles(qtbot, data_dir: Path) -> list[str]:
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    try:
        return [a.text() for a in w.menuBar().actions()]
    finally:
        w.session.close()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh_TW.UTF-8", ["檔案(&F)", "編輯(&E)", "檢視(&V)", "說明(&H)"]),
        ("zh_HK.UTF-8", ["檔案(&F)", "編輯(&E)", "檢視(&V)", "說明(&H)"]),
        ("zh_CN.UTF-8", ["文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)"]),
        ("en_US.UTF-8", ["&File", "&Edit", "&View", "&Help"]),
    ],
)
def test_menus_follow_the_locale(qtbot, data_dir: Path, monkeypatch, lang: str, expected: list[str]) -> None:
    monkeypatch.setenv("LANG", lang)
    assert _menu_titles(qtbot, data_dir)[:4] == expected


def test_the_saved_choice_wins_over_the_locale(qtbot, data_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.menu.language_actions[i18n.TRADITIONAL].trigger()
    # Said in the language chosen, since that is the one the reader reads.
    assert "繁體中文" in w.statusBar().currentMessage()
    w.session.close()
    assert _menu_titles(qtbot, data_dir)[0] == "檔案(&F)"


@pytest.mark.skipif(not LRELEASE.exists(), reason="pyside6-lrelease not installed")
def test_shipped_catalogues_are_compiled_from_their_sources(tmp_path: Path) -> None:
    for lang in ("en", "zh_TW", "zh_CN"):
        ts = REPO / "resources" / "i18n" / f"reader_{lang}.ts"
        out = tmp_path / f"reader_{lang}.qm"
        subprocess.run([str(LRELEASE), "-silent", str(ts), "-qm", str(out)], check=True)
        assert out.read_bytes() == (REPO / "resources" / "i18n" / f"reader_{lang}.qm").read_bytes(), lang


def _tool():  # tools/i18n.py, the translators' tool
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import i18n as tool
    finally:
        sys.path.pop(0)
    return tool


def test_every_chinese_message_is_translated() -> None:
    tool = _tool()
    assert tool.unfinished("zh_TW") == []
    assert tool.unfinished("zh_CN") == []


def test_no_interface_string_is_hidden_from_lupdate_inside_an_f_string() -> None:
    """lupdate does not look inside f-strings: a tr() there is never collected, so never translated."""
    hidden = []
    for path in sorted((REPO / "reader").glob("**/*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    name = getattr(getattr(call, "func", None), "attr", None) or getattr(
                        getattr(call, "func", None), "id", None)
                    if isinstance(call, ast.Call) and name in ("tr", "_tr"):
                        hidden.append(f"{path.relative_to(REPO)}:{call.lineno}")
    assert hidden == []


@pytest.mark.skipif(not LRELEASE.with_name("pyside6-lupdate").exists(), reason="pyside6-lupdate not installed")
def test_every_string_in_the_code_is_translated(tmp_path: Path) -> None:
    """lupdate over the code finds nothing the shipped catalogues do not already translate."""
    tool = _tool()
    for lang in ("zh_TW", "zh_CN", "en"):
        ts = tmp_path / f"reader_{lang}.ts"
        shutil.copy(REPO / "resources" / "i18n" / ts.name, ts)
        tool.lupdate(ts, lang)
        assert tool.unfinished_in(ts, lang) == [], f"run `make translations` and translate ({lang})"
