"""Sync through a shared folder: convergence, field-level merges, tombstones, faults."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sync_devices import DOC, OTHER, edit, export_w3c, state, sync

from reader.core.anchor import Anchor
from reader.core.errors import StoreError
from reader.core.model import PALETTE, DocumentNotes, Endpoint
from reader.core.store import NoteStore
from reader.core.sync import engine as sync_engine
from reader.core.sync import folder as sync_folder
from reader.core.sync.run import remembered_folder, sync_data_dir

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def devices(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    shared = tmp_path / "Sync"
    shared.mkdir()
    return tmp_path / "A", tmp_path / "B", tmp_path / "C", shared


def _link(book, a: int, b: int) -> str:  # noqa: ANN001 - a NoteBook
    text = book._text(DOC)
    other = book._text(OTHER)
    src = Endpoint(DOC, Anchor.from_span(text, a, a + 20))
    dst = Endpoint(OTHER, Anchor.from_span(other, b, b + 20))
    return book.add_link(src, dst, "elaborates", "see also")[0].id


@pytest.mark.parametrize("order", ["ABC", "CBA", "BCA"])
def test_three_devices_converge_and_export_the_same(devices, tmp_path: Path, order: str, capsys) -> None:
    a, b, c, shared = devices
    edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="from A", tags=["a"]))
    edit(b, lambda bk: bk.add_highlight(DOC, 100, 140, color=PALETTE[2], note="from B"))
    edit(c, lambda bk: (bk.set_document_note(DOC, "C's document note"), _link(bk, 200, 50)))
    by_name = {"A": a, "B": b, "C": c}
    for name in order + order:
        assert sync(by_name[name], shared) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert all(line.startswith(f"synced with {shared}: sent ") for line in out), out
    exports = [export_w3c(d, tmp_path / f"{n}.json") for n, d in by_name.items()]
    assert exports[0] == exports[1] == exports[2]
    assert json.loads(exports[0])["total"] == 3  # two highlights and the link (links travel in W3C too)
    states = [state(d) for d in (a, b, c)]
    assert states[0] == states[1] == states[2]
    assert states[0]["doc_notes"] == {DOC: "C's document note"}
    assert len(states[0]["links"]) == 1


def test_the_command_line_contract(devices, tmp_path: Path) -> None:
    a, _, _, shared = devices
    edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="n"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=120)

    res = run("sync", "--data-dir", str(a))
    assert res.returncode == 2 and "Traceback" not in res.stderr  # no folder yet: usage
    res = run("sync", str(tmp_path / "not-there"), "--data-dir", str(a))
    assert res.returncode == 1 and "not-there" in res.stderr and len(res.stderr.splitlines()) == 1
    res = run("sync", str(shared), "--data-dir", str(a))
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(f"synced with {shared}: sent 1, received 0, merged 0, skipped 0")
    assert remembered_folder(a) == shared.resolve()
    res = run("sync", "--data-dir", str(a))  # the remembered folder
    assert res.returncode == 0 and res.stdout.startswith(f"synced with {shared}:"), res.stderr
    assert len({p.name.split(".")[0] for p in shared.iterdir()}) == 1  # one device wrote


def test_edits_to_different_fields_of_one_highlight_both_survive(devices) -> None:
    a, b, _, shared = devices
    h, _ = edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="first"))
    sync(a, shared)
    sync(b, shared)
    edit(a, lambda bk: bk.set_note(h.id, "A's note"))
    edit(b, lambda bk: bk.set_color(h.id, PALETTE[3]))
    edit(b, lambda bk: bk.set_tags(h.id, ["b-tag"]))
    for d in (a, b, a, b):
        sync(d, shared)
    for d in (a, b):
        got = state(d)["highlights"][h.id]
        assert (got["note"], got["color"], got["tags"]) == ("A's note", PALETTE[3], ["b-tag"])


def test_edits_to_the_same_field_converge(devices) -> None:
    a, b, c, shared = devices
    h, _ = edit(a, lambda bk: bk.add_highlight(DOC, 10, 40))
    for d in (a, b, c):
        sync(d, shared)
    for d, text in ((a, "from A"), (b, "from B"), (c, "from C")):
        edit(d, lambda bk, t=text: bk.set_note(h.id, t))
    for d in (c, a, b, c, a, b):
        sync(d, shared)
    notes = {state(d)["highlights"][h.id]["note"] for d in (a, b, c)}
    assert len(notes) == 1 and notes <= {"from A", "from B", "from C"}


def test_a_delete_syncs_as_a_tombstone(devices) -> None:
    a, b, _, shared = devices
    h, _ = edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="bye"))
    lid = edit(a, lambda bk: _link(bk, 300, 60))
    sync(a, shared)
    sync(b, shared)
    assert h.id in state(b)["highlights"] and lid in state(b)["links"]
    edit(b, lambda bk: (bk.delete_highlight(h.id), bk.delete_link(lid)))
    sync(b, shared)
    sync(a, shared)
    for d in (a, b):
        assert state(d)["highlights"] == {} and state(d)["links"] == {}


def test_an_edit_racing_a_delete_is_kept_for_review(devices) -> None:
    a, b, _, shared = devices
    h, _ = edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="original"))
    sync(a, shared)
    sync(b, shared)
    edit(a, lambda bk: bk.delete_highlight(h.id))
    edit(b, lambda bk: bk.set_note(h.id, "an edit A never saw"))
    for d in (a, b, a, b):
        sync(d, shared)
    for d in (a, b):
        got = state(d)["highlights"][h.id]
        assert got["note"] == "an edit A never saw" and got.get("review") is True
    # Confirming it on one device settles it everywhere.
    edit(b, lambda bk: bk.confirm_review(h.id))
    for d in (b, a):
        sync(d, shared)
    assert state(a)["highlights"][h.id].get("review", False) is False


def _copy_of_b_file(b: Path, shared: Path) -> tuple[str, bytes]:
    sync(b, shared)
    own = [p for p in shared.iterdir() if p.name.startswith(sync_folder.file_name(_device(b), 1)[:16])]
    assert len(own) == 1
    return own[0].name, own[0].read_bytes()


def _device(data_dir: Path) -> str:
    return json.loads((data_dir / "sync" / "device.json").read_bytes().split(b"\n", 1)[1])["device"]


def test_truncated_and_garbage_files_are_skipped_named_and_retried(devices, capsys) -> None:
    """A half-synced file and junk in the folder are named on stderr, the exchange still
    happens (exit 0), nothing local is lost, and the completed file is taken in later."""
    a, b, _, shared = devices
    edit(b, lambda bk: bk.add_highlight(DOC, 100, 140, note="B's"))
    name, data = _copy_of_b_file(b, shared)
    other = shared.parent / "elsewhere"
    other.mkdir()
    (other / name).write_bytes(data[: len(data) // 2])  # half-synced
    (other / "0123456789abcdef.000001.crdt").write_bytes(b"\x00garbage" * 10)
    (other / ".stfolder").mkdir()  # a sync tool's own files are not ours: ignored
    (other / "notes.txt").write_text("hello")
    mine, _ = edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="A's"))
    capsys.readouterr()
    assert sync(a, other) == 0
    captured = capsys.readouterr()
    assert "skipped 2" in captured.out
    assert name in captured.err and "cut short" in captured.err and "0123456789abcdef" in captured.err
    assert "Traceback" not in captured.err
    assert set(state(a)["highlights"]) == {mine.id}
    (other / name).write_bytes(data)  # the sync tool finished copying it
    assert sync(a, other) == 0
    assert "B's" in {h["note"] for h in state(a)["highlights"].values()}


def test_a_full_disk_in_the_folder_loses_nothing(devices, monkeypatch, capsys) -> None:
    """The folder's disk is full: the exchange takes in what others wrote, says it could
    not send (exit 1), keeps every local note, and sends it once there is room."""
    a, b, _, shared = devices
    edit(b, lambda bk: bk.add_highlight(DOC, 100, 140, note="B's"))
    sync(b, shared)
    mine, _ = edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="A's"))

    def full(path: Path, data: bytes) -> None:
        raise StoreError("could not be saved (No space left on device); the previous version is kept", path)

    monkeypatch.setattr(sync_folder, "atomic_write_bytes", full)
    capsys.readouterr()
    assert sync(a, shared) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and len(err.strip().splitlines()) == 1
    assert {h["note"] for h in state(a)["highlights"].values()} == {"A's", "B's"}
    monkeypatch.undo()
    assert sync(a, shared) == 0
    sync(b, shared)
    assert mine.id in state(b)["highlights"]


def test_a_second_process_cannot_sync_a_held_data_dir(devices, tmp_path: Path) -> None:
    """While one process holds the data dir, another's sync is refused with a sentence and
    writes nothing."""
    a, b, _, shared = devices
    edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="A's"))
    edit(b, lambda bk: bk.add_highlight(DOC, 100, 140, note="B's"))
    sync(b, shared)
    before = state(a)
    holder = NoteStore(a)
    assert holder.acquire_lock()
    try:
        res = subprocess.run([sys.executable, "-m", "reader", "sync", str(shared), "--data-dir", str(a)],
                             capture_output=True, text=True, cwd=tmp_path, timeout=120,
                             env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    finally:
        holder.release_lock()
    assert res.returncode == 1 and "in use" in res.stderr and len(res.stderr.splitlines()) == 1
    assert state(a) == before and not (a / "sync").exists()
    assert sync(a, shared) == 0
    assert len(state(a)["highlights"]) == 2


def test_two_processes_syncing_one_data_dir_at_once_lose_nothing(devices, tmp_path: Path) -> None:
    """Whichever process gets the data dir first syncs; the other syncs after it or is
    refused with a sentence, never both at once."""
    a, b, _, shared = devices
    mine, _ = edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="A's"))
    theirs, _ = edit(b, lambda bk: bk.add_highlight(DOC, 100, 140, note="B's"))
    sync(b, shared)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cmd = [sys.executable, "-m", "reader", "sync", str(shared), "--data-dir", str(a)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
             for _ in range(2)]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    for p in procs:
        for stream in (p.stdout, p.stderr):
            if stream:
                stream.close()
    assert any(code == 0 for code, _ in results), results
    for code, err in results:
        assert code == 0 or (code == 1 and "in use" in err and len(err.splitlines()) == 1), (code, err)
    assert set(state(a)["highlights"]) == {mine.id, theirs.id}
    sync(b, shared)
    assert set(state(b)["highlights"]) == {mine.id, theirs.id}


def test_an_idle_sync_does_nothing(devices) -> None:
    a, b, _, shared = devices
    edit(a, lambda bk: bk.add_highlight(DOC, 10, 40))
    assert not sync_data_dir(a, shared).idle
    assert sync_data_dir(a, shared).idle
    listing = sorted(p.name for p in shared.iterdir())
    edit(b, lambda bk: bk.add_highlight(DOC, 100, 140))
    sync(b, shared)
    assert not sync_data_dir(a, shared).idle  # something new in the folder
    assert sync_data_dir(a, shared).idle
    edit(a, lambda bk: bk.add_highlight(DOC, 200, 240))
    assert not sync_data_dir(a, shared).idle  # a local edit
    assert listing[0] in {p.name for p in shared.iterdir()}


def test_own_files_are_compacted_and_a_new_device_still_gets_everything(devices, monkeypatch) -> None:
    a, _, c, shared = devices
    monkeypatch.setattr(sync_engine, "COMPACT_AFTER", 3)
    ids = []
    for i in range(7):
        h, _ = edit(a, lambda bk, i=i: bk.add_highlight(DOC, 10 + 50 * i, 40 + 50 * i, note=str(i)))
        ids.append(h.id)
        sync(a, shared)
    assert len(list(shared.iterdir())) <= 3
    sync(c, shared)
    assert set(state(c)["highlights"]) == set(ids)


def test_a_broken_notes_file_is_never_written_over(devices) -> None:
    a, b, _, shared = devices
    h, _ = edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="A's"))
    sync(a, shared)
    sync(b, shared)
    broken = b / "notes" / f"{DOC}.yaml"
    broken.write_bytes(b"format_version: 1\nhighlights: [unclosed\n")
    edit(a, lambda bk: bk.set_note(h.id, "changed"))
    sync(a, shared)
    assert sync(b, shared) == 0
    assert broken.read_bytes() == b"format_version: 1\nhighlights: [unclosed\n"
    shutil.copy(a / "notes" / f"{DOC}.yaml", broken)  # mended by hand: merges again
    sync(b, shared)
    assert state(b)["highlights"][h.id]["note"] == "changed"


def test_a_copied_data_dir_is_a_new_device(devices) -> None:
    a, b, _, shared = devices
    edit(a, lambda bk: bk.add_highlight(DOC, 10, 40))
    sync(a, shared)
    shutil.copytree(a, b)
    edit(b, lambda bk: bk.add_highlight(DOC, 100, 140, note="only on the copy"))
    sync(b, shared)
    assert _device(a) != _device(b)
    sync(a, shared)
    assert "only on the copy" in {h["note"] for h in state(a)["highlights"].values()}


def test_import_updates_an_annotation_only_when_newer(data_dir: Path, tmp_path: Path) -> None:
    h, _ = edit(data_dir, lambda bk: bk.add_highlight(DOC, 10, 40, note="mine"))
    out = tmp_path / "x.json"
    export_w3c(data_dir, out)
    doc = json.loads(out.read_text())
    ann = doc["first"]["items"][0]
    from reader.cli import main

    for stamp, note, expected in (("2000-01-01T00:00:00Z", "older", "mine"),
                                  (ann["modified"], "same time", "mine"),
                                  ("2999-01-01T00:00:00Z", "newer", "newer")):
        ann["modified"] = stamp
        ann["body"][0]["value"] = note
        out.write_text(json.dumps(doc))
        assert main(["import", str(out), "--data-dir", str(data_dir)]) == 0
        assert state(data_dir)["highlights"][h.id]["note"] == expected


def test_an_emptied_folder_or_a_lost_sync_state_is_rebuilt(devices) -> None:
    a, b, c, shared = devices
    h, _ = edit(a, lambda bk: bk.add_highlight(DOC, 10, 40, note="A's"))
    sync(a, shared)
    for p in shared.iterdir():
        p.unlink()
    assert sync(a, shared) == 0  # writes everything again
    for p in shared.iterdir():  # a bad copy came back over ours
        p.write_bytes(p.read_bytes()[:40])
    edit(c, lambda bk: bk.add_highlight(DOC, 100, 140))
    assert sync(c, shared) == 0  # a new file in the folder: A looks again
    assert sync(a, shared) == 0  # and writes everything again
    sync(b, shared)
    assert h.id in state(b)["highlights"]
    shutil.rmtree(b / "sync")
    store = NoteStore(b)
    with store.locked():  # an edit made later than A's (whole seconds: set_note could tie)
        notes = store.load_notes(DOC)
        edited = tuple(x.with_(note="B's", modified="2999-01-01T00:00:00Z") if x.id == h.id else x
                       for x in notes.highlights)
        store.save_notes(DocumentNotes(DOC, edited, notes.document_note))
    assert sync(b, shared) == 0
    sync(c, shared)
    assert state(c)["highlights"][h.id]["note"] == "B's"


def test_the_same_import_on_two_devices_keeps_the_newer_edit(devices, tmp_path: Path) -> None:
    a, b, c, shared = devices
    h, _ = edit(c, lambda bk: bk.add_highlight(DOC, 10, 40, note="original"))
    out = tmp_path / "shared.json"
    export_w3c(c, out)
    from reader.cli import main

    for d in (a, b):
        assert main(["import", str(out), "--data-dir", str(d)]) == 0
    doc = json.loads(out.read_text())
    doc["first"]["items"][0]["modified"] = "2999-01-01T00:00:00Z"
    doc["first"]["items"][0]["body"][0]["value"] = "edited on A"
    out.write_text(json.dumps(doc))
    main(["import", str(out), "--data-dir", str(a)])
    for d in (a, b, a, b):
        sync(d, shared)
    for d in (a, b):
        assert state(d)["highlights"][h.id]["note"] == "edited on A"
