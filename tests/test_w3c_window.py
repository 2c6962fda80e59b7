"""File › Import of a W3C file in the window does what `reader import` does: highlights, your
glossary entries, timeline events and links all come in, shown in their tabs, undone by one Undo."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QFileDialog
from test_study_window import add_entry, make_window, restart, select, trigger
from test_w3c_study import CORPUS, ENTRY, EVENT, LAM, LINK, _write_layer
from test_window_more import finish

from reader.core import export_jobs
from reader.core import notes as notes_module
from reader.core.notes import NoteBook
from reader.core.store import NoteStore


def _exported(tmp_path: Path) -> tuple[Path, str]:
    """A W3C export of a data dir holding one of each: entry, event, link and highlight."""
    data = tmp_path / "a"
    _write_layer(data, [ENTRY], [EVENT], [LINK])
    store = NoteStore(data)
    with store.locked():
        book = NoteBook(store, texts=lambda d: CORPUS.get(d).text)
        start = CORPUS.get(LAM).text.index("Paul Lam")
        h, _ = book.add_highlight(LAM, start, start + 8, note="Who he is.")
    out = tmp_path / "out.json"
    export_jobs.export_text("w3c", out, data)
    return out, h.id


def _snapshot(data: Path) -> dict[str, bytes]:
    """Every YAML file the reader's records live in (state.yaml keeps window geometry)."""
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*.yaml")) if p.name != "state.yaml"}


def _has_all(w, hid: str) -> bool:
    w.open_document(LAM)
    return (w.glossary.entries.select_key(ENTRY.id) and w.timeline.select_key(EVENT.id)
            and w.crossrefs.select_link(LINK.id) and w.notes.select_highlight(hid, notify=False)
            and w.session.book.highlight(hid) is not None)


def test_window_import_brings_in_every_kind_with_one_undo_and_keeps_it(qtbot, tmp_path: Path) -> None:
    out, hid = _exported(tmp_path)
    fresh = tmp_path / "b"
    fresh.mkdir()
    w = make_window(qtbot, fresh)
    w.open_document(LAM)
    ok, message = finish(qtbot, w, lambda: w.import_file(out, wait=False))
    assert ok, message
    assert message == "Imported from out.json: 1 highlight, 1 glossary entry, 1 timeline event, 1 link."
    assert [e.id for e in w.session.study.glossary] == [ENTRY.id] and [e.id for e in w.session.study.timeline] == [EVENT.id]
    assert [lk.id for lk in w.session.book.links()] == [LINK.id] and w.session.book.links()[0] == LINK
    assert _has_all(w, hid)
    assert ENTRY.id in w.session.editorial.personal_ids  # it marks the text as yours
    trigger(w, "actionUndo")  # one undo takes back the whole import
    assert w.session.study.glossary == () and w.session.study.timeline == ()
    assert w.session.book.links() == [] and w.session.book.highlight(hid) is None
    assert not w.glossary.entries.select_key(ENTRY.id) and not w.crossrefs.select_link(LINK.id)
    trigger(w, "actionRedo")  # and one redo puts it all back
    assert _has_all(w, hid)
    again = restart(qtbot, w)
    assert _has_all(again, hid)
    files = _snapshot(fresh)
    assert {"my_glossary.yaml", "my_timeline.yaml", "links.yaml"} <= set(files) and len(files) >= 4
    ok, message = finish(qtbot, again, lambda: again.import_file(out, wait=False))
    assert ok and message.startswith("Imported from out.json: 1 highlight")
    again.close()
    assert _snapshot(fresh) == files  # a second import adds nothing
    assert len(NoteStore(fresh).load_links()) == 1


def test_undo_after_an_import_stays_paired_once_the_notes_drop_its_half(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(notes_module, "UNDO_LIMIT", 3)
    out, _hid = _exported(tmp_path)
    fresh = tmp_path / "b"
    fresh.mkdir()
    w = make_window(qtbot, fresh)
    earlier = add_entry(w)  # a study step before the import
    ok, message = finish(qtbot, w, lambda: w.import_file(out, wait=False))
    assert ok, message
    w.open_document(LAM)
    for phrase in ("Secretary for Justice", "national security", "interview"):
        select(w, phrase)
        assert w.highlight_selection() is not None
    for _ in range(3):  # the notes keep these three steps only: the import's notes half is gone
        trigger(w, "actionUndo")
    assert not w.session.book.can_undo() and len(w.session.book.notes(LAM).highlights) == 1
    trigger(w, "actionUndo")  # the import's study half, and nothing else
    assert [e.id for e in w.session.study.glossary] == [earlier] and w.session.study.timeline == ()
    trigger(w, "actionUndo")
    assert w.session.study.glossary == ()
    trigger(w, "actionRedo")
    trigger(w, "actionRedo")
    assert [e.id for e in w.session.study.glossary] == [earlier, ENTRY.id]
    w.close()


def test_window_import_of_only_your_own_records_is_no_error(qtbot, tmp_path: Path) -> None:
    out, hid = _exported(tmp_path)
    data = json.loads(out.read_text(encoding="utf-8"))
    items = [a for a in data["first"]["items"] if not a["id"].endswith(hid)]
    assert len(items) == 3
    data["first"]["items"], data["total"] = items, 3
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fresh = tmp_path / "b"
    fresh.mkdir()
    w = make_window(qtbot, fresh)
    ok, message = finish(qtbot, w, lambda: w.import_file(out, wait=False))
    assert ok and message == "Imported from out.json: 0 highlights, 1 glossary entry, 1 timeline event, 1 link."
    assert [e.id for e in w.session.study.glossary] == [ENTRY.id] and len(w.session.book.links()) == 1
    trigger(w, "actionUndo")  # only the study layer and links changed: still one undo
    assert w.session.study.glossary == () and w.session.book.links() == []
    w.close()


def test_the_pdf_carries_your_own_records_and_reader_import_restores_them(tmp_path: Path) -> None:
    from test_w3c_study import _layer

    from reader.cli import main
    from reader.pdf.annots import read_embedded_annotations

    _exported(tmp_path)  # the data dir "a": one entry, event, link and highlight
    pdf = tmp_path / "out.pdf"
    assert main(["export", "-o", str(pdf), "--data-dir", str(tmp_path / "a")]) == 0
    ids = {a["id"] for a in read_embedded_annotations(pdf)["first"]["items"]}
    assert {f"urn:reader:glossary:{ENTRY.id}", f"urn:reader:timeline:{EVENT.id}", f"urn:reader:link:{LINK.id}"} <= ids
    assert len(ids) == 4
    fresh = tmp_path / "b"
    assert main(["import", str(pdf), "--data-dir", str(fresh)]) == 0
    assert _layer(fresh) == _layer(tmp_path / "a")
    assert len(NoteBook(NoteStore(fresh), texts=lambda d: CORPUS.get(d).text).notes(LAM).highlights) == 1


def test_file_import_of_one_of_our_pdfs_restores_your_own_records(qtbot, tmp_path: Path, monkeypatch) -> None:
    from test_w3c_study import _layer

    from reader.cli import main

    _out, hid = _exported(tmp_path)  # the data dir "a": one entry, event, link and highlight
    pdf = tmp_path / "out.pdf"
    # One document is enough (every record has a passage in it) and keeps the test quick.
    assert main(["export", LAM, "-o", str(pdf), "--data-dir", str(tmp_path / "a")]) == 0
    fresh = tmp_path / "b"
    fresh.mkdir()
    w = make_window(qtbot, fresh)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kw: (str(pdf), ""))
    with qtbot.waitSignal(w.fileJobFinished, timeout=20000) as blocker:
        trigger(w, "actionImport")  # File › Import annotations…
    ok, message = blocker.args
    assert ok, message
    assert message == "Imported from out.pdf: 1 highlight, 1 glossary entry, 1 timeline event, 1 link."
    assert _has_all(w, hid)
    trigger(w, "actionUndo")  # one undo, as for a W3C file
    assert w.session.study.glossary == () and w.session.book.highlight(hid) is None
    trigger(w, "actionRedo")
    again = restart(qtbot, w)
    assert _has_all(again, hid)
    again.close()
    assert _layer(fresh) == _layer(tmp_path / "a")
