"""No network: every user action with socket creation forbidden, and every rich-text
widget in reader/ui refusing to load resources."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

from hardening_lib import HOSTILE, IDS, REPO, TALLY, refused
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from reader.core.errors import ReaderError

UI = REPO / "reader" / "ui"
RICH_BASES = {"QTextBrowser", "QTextEdit"}


def test_every_user_action_without_network(make_window, tmp_path: Path, net_guard, opened_urls: list,
                                           resource_requests: list, message_boxes: list, qtbot) -> None:
    src = tmp_path / "mine.md"
    src.write_text(f"# My text\n\n{HOSTILE['markdown-autolinks']}\n\n{HOSTILE['img-http']}\n")
    w = make_window()
    assert w.add_text(src) is not None
    for doc_id in [*IDS, w.current_document()]:
        assert w.open_document(doc_id)
        w.search_all.setChecked(False)
        w.search_field.setText("Hong Kong")
        w.run_search()
        w.search_all.setChecked(True)
        w.search_field.setText("香港")
        w.run_search()
    w.open_document(IDS[0])
    text = w.session.document(IDS[0]).text
    start = text.index("Luo Hui-ning")
    w.view.select_offsets(start, start + 12)
    hid = w.highlight_selection()
    book = w.session.book
    book.set_note(hid, HOSTILE["markdown-raw-html"])
    book.set_tags(hid, ["net", "http://example.invalid/"])
    w.notes.select_highlight(hid)
    w.notes.preview_toggle.setChecked(True)
    w.notes.preview_toggle.setChecked(False)
    w.start_link()
    w.open_document(IDS[1])
    w.view.select_offsets(100, 140)
    w.complete_link("elaborates", "see http://example.invalid/")
    w.glossary.select_entry(w.session.editorial.glossary[0].id)
    w.set_parallel(True)
    w.set_parallel(False)
    out = tmp_path / "out"
    out.mkdir()
    assert w.export_pdf(out / "all.pdf")
    assert w.export_text("markdown", out / "all.md")
    assert w.export_text("w3c", out / "all.json")
    data = json.loads((out / "all.json").read_text())
    assert data
    w.undo()
    assert w.import_file(out / "all.json")
    assert w.import_file(out / "all.pdf")
    w.close()
    TALLY.hostile("markdown-autolinks", "img-http", "markdown-raw-html")
    assert net_guard.attempts == []
    assert opened_urls == [] and message_boxes == []
    assert all(refused(result) for *_x, result in resource_requests)
    assert "PySide6.QtNetwork" not in sys.modules
    assert not any(m.startswith(("urllib3", "requests", "http.client")) for m in sys.modules if "reader" in m)


def test_the_guard_itself_records_attempts(net_guard) -> None:
    import socket

    try:
        socket.create_connection(("example.invalid", 80))
    except OSError:
        pass
    assert len(net_guard.attempts) == 1
    TALLY.network_attempts -= 1  # the guard's own self-test is not the app's attempt


def _rich_classes() -> dict[str, tuple[Path, ast.ClassDef]]:
    """Every class in reader/ui deriving (directly or via each other) from QTextEdit/QTextBrowser."""
    classes: dict[str, tuple[Path, ast.ClassDef]] = {}
    bases: dict[str, set[str]] = {}
    for path in sorted(UI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                classes[node.name] = (path, node)
                bases[node.name] = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
    rich: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, bs in bases.items():
            if name not in rich and bs & (RICH_BASES | rich):
                rich.add(name)
                changed = True
    return {n: classes[n] for n in rich}


def test_every_text_browser_subclass_overrides_load_resource() -> None:
    rich = _rich_classes()
    assert {"ReadingView", "SafeBrowser", "TextPassage"} <= set(rich)
    missing = [f"{path.name}:{node.lineno} {name}" for name, (path, node) in rich.items()
               if not any(isinstance(f, ast.FunctionDef) and f.name == "loadResource" for f in node.body)]
    assert missing == []


def test_live_text_widgets_refuse_foreign_resources(make_window) -> None:
    w = make_window()
    w.open_document(IDS[0])
    w.show_side_by_side(w.session.editorial.crossrefs[0])
    checked = 0
    for edit in w.findChildren(QTextEdit):
        if isinstance(edit, QTextBrowser) or type(edit).__module__.startswith("reader."):
            for url in ("file:///etc/passwd", "http://example.invalid/x.png", "javascript:alert(1)"):
                assert refused(edit.loadResource(2, QUrl(url))), type(edit).__name__
            checked += 1
    assert checked >= 3
    try:
        w.session.document("no-such-document")
    except ReaderError:
        pass
