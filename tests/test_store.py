"""NoteStore: atomic writes, backups, broken files left alone, lock, Unicode."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core import datadir_lock, fsutil, yamlio
from reader.core.anchor import Anchor
from reader.core.errors import StoreError
from reader.core.model import DocumentNotes, Endpoint, Highlight, UserLink
from reader.core.notes_codec import highlight_from_row, highlight_row
from reader.core.store import (
    LINKS_KEY,
    LockedError,
    NotesFileError,
    NoteStore,
    dump_notes,
    parse_notes,
)

DOC = "paul-lam-soft-resistance"


def hl(i: int, note: str = "", exact: str = "soft resistance", **kw) -> Highlight:
    return Highlight(
        id=f"h-{i:04d}", doc_id=DOC, anchor=Anchor(exact, "pre ", " post", 10 * i, 10 * i + len(exact)),
        note=note, created="2024-01-01T00:00:00Z", modified="2024-01-01T00:00:00Z", **kw,
    )


def notes(*hs: Highlight, doc_note: str = "") -> DocumentNotes:
    return DocumentNotes(DOC, tuple(hs), doc_note)


@pytest.fixture
def store(data_dir: Path) -> NoteStore:
    s = NoteStore(data_dir, backup_interval=0)
    assert s.acquire_lock()
    yield s
    s.release_lock()


def test_missing_file_is_empty_notes(store: NoteStore) -> None:
    assert store.load_notes(DOC) == DocumentNotes(DOC)
    assert store.load_links() == []
    assert store.load_state() == {}
    assert store.notes_files() == []


def test_save_load_round_trip_and_layout(store: NoteStore, data_dir: Path) -> None:
    n = notes(hl(1, "a note"), hl(2, tags=("x", "y"), review=True), doc_note="about this text")
    store.save_notes(n)
    path = data_dir / "notes" / f"{DOC}.yaml"
    assert path.is_file()
    assert store.load_notes(DOC) == n
    # The file is plain YAML that any loader reads to the same data.
    data = yamlio.load_file(path)
    assert data["format_version"] == 1 and data["document"] == DOC
    assert data["highlights"][0]["note"] == "a note"
    assert store.notes_files() == [DOC]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_block_style_yaml_written_by_hand_loads(store: NoteStore, data_dir: Path) -> None:
    path = data_dir / "notes" / f"{DOC}.yaml"
    path.parent.mkdir()
    path.write_text(
        "format_version: 1\ndocument: paul-lam-soft-resistance\nhighlights:\n"
        "  - id: h-1\n    anchor: {exact: soft, start: 3, end: 7}\n    note: |\n      two\n      lines\n"
        "    tags: [a]\n"
    )
    loaded = store.load_notes(DOC)
    assert loaded.highlights[0].note == "two\nlines\n"
    assert loaded.highlights[0].anchor == Anchor("soft", start=3, end=7)


def test_links_and_state_round_trip(store: NoteStore) -> None:
    a = Endpoint(DOC, Anchor("x", start=0, end=1))
    b = Endpoint("soft-resistance-explainer", Anchor("y", "p", "s", 5, 6))
    links = [UserLink("l-1", "same-event", a, b, "note ✓", "2024-01-01T00:00:00Z")]
    store.save_links(links)
    assert store.load_links() == links
    state = {"last_document": DOC, "positions": {DOC: 120}, "geometry": [1, 2, 3, 4]}
    store.save_state(state)
    assert store.load_state() == state


def test_rolling_backups_keep_n(data_dir: Path) -> None:
    s = NoteStore(data_dir, backups_kept=3, backup_interval=0)
    versions = [notes(hl(1, f"version {v}")) for v in range(6)]
    for n in versions:
        s.save_notes(n)
    backups = s.backups(DOC)
    assert len(backups) == 3
    # Newest first, each the version before the following save.
    got = [parse_notes(p.read_bytes(), p, DOC) for p in backups]
    assert got == [versions[4], versions[3], versions[2]]


def test_backup_interval_limits_backups_but_first_save_backs_up(data_dir: Path) -> None:
    s = NoteStore(data_dir, backup_interval=3600)
    s.save_notes(notes(hl(1, "v0")))
    s2 = NoteStore(data_dir, backup_interval=3600)  # a later session
    s.release_lock()
    for v in range(1, 5):
        s2.save_notes(notes(hl(1, f"v{v}")))
    backups = s2.backups(DOC)
    assert len(backups) == 1  # first save of the session only; the rest within the interval
    assert parse_notes(backups[0].read_bytes(), backups[0], DOC).highlights[0].note == "v0"


def test_broken_file_left_byte_identical_and_never_overwritten(store: NoteStore, data_dir: Path) -> None:
    path = data_dir / "notes" / f"{DOC}.yaml"
    path.parent.mkdir()
    broken = b"format_version: 1\ndocument: paul-lam-soft-resistance\nhighlights:\n- {id: [\n"
    path.write_bytes(broken)
    with pytest.raises(NotesFileError) as info:
        store.load_notes(DOC)
    assert info.value.path == path and info.value.line is not None
    assert str(path) in str(info.value)
    with pytest.raises(NotesFileError, match="not saved over"):
        store.save_notes(notes(hl(1)))
    assert path.read_bytes() == broken
    assert store.error_for(DOC) is not None


def test_save_without_load_refuses_unreadable_file(data_dir: Path) -> None:
    path = data_dir / "notes" / f"{DOC}.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe not utf-8")
    s = NoteStore(data_dir)
    with pytest.raises(NotesFileError):
        s.save_notes(notes(hl(1)))
    assert path.read_bytes() == b"\xff\xfe not utf-8"


def test_external_change_is_backed_up_before_overwrite(data_dir: Path) -> None:
    s = NoteStore(data_dir, backup_interval=3600)
    s.save_notes(notes(hl(1, "mine")))
    s.save_notes(notes(hl(1, "mine 2")))  # first-of-session backup already made
    path = s.notes_path(DOC)
    other = dump_notes(notes(hl(1, "edited elsewhere"))).encode()
    path.write_bytes(other)
    s.save_notes(notes(hl(1, "mine 3")))
    assert s.backups(DOC)[0].read_bytes() == other


def test_restore_newest_backup(store: NoteStore, data_dir: Path) -> None:
    good = notes(hl(1, "good"))
    store.save_notes(good)
    store.save_notes(notes(hl(1, "newer")))
    path = store.notes_path(DOC)
    path.write_bytes(b"garbage: [")
    with pytest.raises(NotesFileError):
        store.load_notes(DOC)
    # A broken newest backup is skipped.
    bad_backup = store.backups(DOC)[0].parent / "29991231T000000.000000Z.yaml"
    bad_backup.write_bytes(b"{{{{")
    restored = store.restore_newest_backup(DOC)
    assert restored is not None and restored != bad_backup
    assert store.load_notes(DOC) == good
    aside = list((data_dir / "backups" / DOC).glob("broken-*.yaml"))
    assert [p.read_bytes() for p in aside] == [b"garbage: ["]
    store.save_notes(notes(hl(1, "after restore")))  # writable again


def test_restore_without_usable_backup_changes_nothing(store: NoteStore) -> None:
    path = store.notes_path(DOC)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"[")
    assert store.restore_newest_backup(DOC) is None
    assert path.read_bytes() == b"["


def test_links_backups_and_broken_links(store: NoteStore) -> None:
    a = Endpoint(DOC, Anchor("x", start=0, end=1))
    store.save_links([UserLink("l-1", "quotes", a, a)])
    store.save_links([])
    assert len(store.backups(LINKS_KEY)) == 1
    store.links_path.write_bytes(b"format_version: 1\nlinks:\n- {id: l-2, type: nonsense}\n")
    with pytest.raises(NotesFileError, match="link 1"):
        store.load_links()
    with pytest.raises(NotesFileError):
        store.save_links([])
    assert store.restore_newest_backup(LINKS_KEY) is not None
    assert len(store.load_links()) == 1


def test_broken_state_is_reported_not_fatal_and_kept(store: NoteStore, data_dir: Path) -> None:
    store.state_path.write_bytes(b"geometry: [1, 2\n")
    assert store.load_state() == {}
    assert store.problems and "state.yaml" in str(store.problems[0])
    store.save_state({"last_document": DOC})
    assert store.load_state() == {"last_document": DOC}
    kept = list((data_dir / "backups").glob("state-broken-*.yaml"))
    assert [p.read_bytes() for p in kept] == [b"geometry: [1, 2\n"]


@pytest.mark.parametrize("backup_interval", [0, 3600], ids=["backup-write-fails", "main-write-fails"])
@pytest.mark.parametrize(
    ("target", "exc"),
    [
        ("fsync", OSError(errno.EIO, "I/O error")),
        ("replace", OSError(errno.EXDEV, "cross-device")),
        ("write", OSError(errno.ENOSPC, "No space left on device")),
    ],
)
def test_injected_failures_keep_original(
    store: NoteStore, monkeypatch: pytest.MonkeyPatch, target: str, exc: OSError, backup_interval: float
) -> None:
    store.save_notes(notes(hl(0, "first")))
    store.save_notes(notes(hl(1, "original")))  # the session's first backup is made here
    store.backup_interval = backup_interval
    path = store.notes_path(DOC)
    before = path.read_bytes()
    backups_before = store.backups(DOC)

    def boom(*args: object, **kwargs: object) -> None:
        raise exc

    if target == "write":
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, fh: object) -> None:
                self.fh = fh

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *a: object) -> None:
                self.fh.close()  # type: ignore[attr-defined]

            def write(self, data: bytes) -> None:
                raise exc

            def __getattr__(self, name: str) -> object:
                return getattr(self.fh, name)

        monkeypatch.setattr(fsutil.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(fsutil.os, target, boom)
    with pytest.raises(StoreError) as info:
        store.save_notes(notes(hl(1, "new text that is much longer than the old one " * 20)))
    if backup_interval:
        assert str(path) in str(info.value) and "previous version is kept" in str(info.value)
    else:
        assert "backups" in str(info.value)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert store.load_notes(DOC).highlights[0].note == "original"
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert store.backups(DOC) == backups_before
    # The store still works once the disk does.
    store.save_notes(notes(hl(1, "later")))
    assert store.load_notes(DOC).highlights[0].note == "later"


def test_second_store_is_read_only(data_dir: Path) -> None:
    first = NoteStore(data_dir)
    assert first.acquire_lock()
    second = NoteStore(data_dir)
    assert second.acquire_lock() is False
    assert second.read_only and not first.read_only
    assert str(os.getpid()) in second.lock_holder
    with pytest.raises(LockedError, match="another Reader"):
        second.save_notes(notes(hl(1)))
    with pytest.raises(LockedError):
        second.save_state({})
    assert not second.notes_path(DOC).exists()
    first.release_lock()
    assert second.acquire_lock() and not second.read_only
    second.release_lock()


def test_lock_held_by_other_process(data_dir: Path) -> None:
    code = (
        "import sys, time; from pathlib import Path; from reader.core.store import NoteStore;"
        "s = NoteStore(Path(sys.argv[1])); print(s.acquire_lock(), flush=True); sys.stdin.read()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(data_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, cwd=Path(__file__).resolve().parents[1],
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "True"
        mine = NoteStore(data_dir)
        assert not mine.acquire_lock()
        assert f"PID {proc.pid}" in mine.lock_holder
    finally:
        proc.kill()
        proc.wait()
    # The holder died without releasing: the kernel lock is gone, the stale file is recovered.
    assert (data_dir / "reader.lock").exists()
    assert mine.acquire_lock()
    mine.release_lock()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_lock_from_dead_pid_is_recovered(data_dir: Path) -> None:
    import socket

    (data_dir / "reader.lock").write_text(f"{_dead_pid()}\n{socket.gethostname()}\n")
    s = NoteStore(data_dir)
    assert s.acquire_lock()
    assert (data_dir / "reader.lock").read_text().split()[0] == str(os.getpid())
    s.release_lock()
    assert not (data_dir / "reader.lock").exists()


def test_pid_lock_fallback_without_flock(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    monkeypatch.setattr(datadir_lock, "fcntl", None)
    (data_dir / "reader.lock").write_text(f"{_dead_pid()}\n{socket.gethostname()}\n")
    first = NoteStore(data_dir)
    assert first.acquire_lock()  # stale: recovered
    second = NoteStore(data_dir)
    assert not second.acquire_lock()  # our own PID is alive
    assert second.read_only
    first.release_lock()
    assert second.acquire_lock()
    second.release_lock()


UNICODE = [
    "emoji 😀👩‍👩‍👧‍👦🇭🇰 skin 👍🏽",
    "RTL עברית ومرحبا بالعالم \u200f mixed",
    "combining e\u0301 a\u0308 \u0915\u094d\u0937 Z\u0351\u0353",
    "CJK 香港 soft resistance 軟抗爭 软抗争 한국어 日本語",
    "controls \x00 \x07 \t \r\n \x1b \x7f \x85 \u2028 \u2029 \ufeff \ufffe \uffff",
    "  leading and trailing spaces  ",
    "quotes \" ' \\ \\u0041 # : - { } [ ] & * ! | > % @ `",
    "yes", "no", "null", "~", "1.0", "0x10", "2024-01-01", "",
    "\U0010ffff \U0001d11e",
]


@pytest.mark.parametrize("text", UNICODE)
def test_unicode_round_trip(store: NoteStore, text: str) -> None:
    h = hl(1, note=text, exact=text or "x", tags=(text or "t",))
    n = notes(h, doc_note=text)
    store.save_notes(n)
    assert store.load_notes(DOC) == n
    # The strict YAML loader reads the same strings (the fast path changes nothing).
    raw = yamlio.load_file(store.notes_path(DOC))
    assert raw["highlights"][0]["note"] == text and raw["document_note"] == text


def test_lone_surrogate_rejected_on_save(store: NoteStore) -> None:
    store.save_notes(notes(hl(1, "fine")))
    before = store.notes_path(DOC).read_bytes()
    with pytest.raises(StoreError, match=r"note of highlight h-0001 contains a lone surrogate \(U\+D83D\)"):
        store.save_notes(notes(hl(1, "broken \ud83d emoji")))
    assert store.notes_path(DOC).read_bytes() == before


@pytest.mark.parametrize("escape", [r"\ud800", r"\udfff", r"\ud83d\ude00"])
def test_lone_surrogate_rejected_on_load(store: NoteStore, escape: str) -> None:
    path = store.notes_path(DOC)
    path.parent.mkdir(parents=True)
    text = dump_notes(notes(hl(1, "PLACEHOLDER"))).replace("PLACEHOLDER", escape)
    path.write_text(text)
    with pytest.raises(NotesFileError) as info:
        store.load_notes(DOC)
    assert info.value.line == 7  # the highlight's line


def test_bad_field_error_points_at_the_line(store: NoteStore) -> None:
    text = dump_notes(notes(hl(1), hl(2), hl(3))).replace('"color": "#ffd400"', '"color": 7', 3)
    text = text.replace('"color": 7', '"color": "#ffd400"', 2)
    path = store.notes_path(DOC)
    path.parent.mkdir(parents=True)
    path.write_text(text)
    with pytest.raises(NotesFileError, match="highlight 3: 'color'") as info:
        store.load_notes(DOC)
    assert info.value.line == 9


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("format_version: 2\ndocument: paul-lam-soft-resistance\n", "newer version"),
        ("format_version: 0\ndocument: paul-lam-soft-resistance\n", "unknown format_version"),
        ("document: paul-lam-soft-resistance\n", "no format_version"),
        ("format_version: 1\ndocument: other-doc\n", "belongs to document 'other-doc'"),
        ("- 1\n", "must be a mapping"),
        ("format_version: 1\ndocument: paul-lam-soft-resistance\nhighlights: {}\n", "must be a list"),
    ],
)
def test_structural_errors(store: NoteStore, text: str, message: str) -> None:
    path = store.notes_path(DOC)
    path.parent.mkdir(parents=True)
    path.write_text(text)
    with pytest.raises(NotesFileError, match=message):
        store.load_notes(DOC)


def test_duplicate_highlight_ids_rejected(store: NoteStore) -> None:
    path = store.notes_path(DOC)
    path.parent.mkdir(parents=True)
    path.write_text(dump_notes(notes(hl(1), hl(1))))
    with pytest.raises(NotesFileError, match="duplicate id"):
        store.load_notes(DOC)


@pytest.mark.parametrize("bad", ["../etc", "", ".hidden", "_links", "a/b", "with space"])
def test_bad_doc_ids_cannot_name_files(store: NoteStore, bad: str) -> None:
    with pytest.raises(StoreError):
        store.load_notes(bad)


def test_temp_files_from_a_crash_are_removed_when_locking(data_dir: Path) -> None:
    notes_dir = data_dir / "notes"
    notes_dir.mkdir()
    leftover = notes_dir / f".{DOC}.yaml.abc123.tmp"
    leftover.write_bytes(b"half a file")
    keep = notes_dir / f"{DOC}.yaml"
    keep.write_bytes(dump_notes(notes(hl(1))).encode())
    s = NoteStore(data_dir)
    assert s.acquire_lock()
    assert not leftover.exists() and keep.exists()
    assert s.notes_files() == [DOC]
    s.release_lock()


def test_line_cache_never_serves_stale_lines(store: NoteStore) -> None:
    base = notes(*(hl(i, f"note {i}") for i in range(50)))
    store.save_notes(base)
    hs = list(base.highlights)
    hs[10] = hs[10].with_(note="changed")
    hs[20] = hs[20].with_(tags=("new",))
    del hs[30]
    hs.append(hl(99, "added"))
    edited = DocumentNotes(DOC, tuple(hs), "doc note")
    store.save_notes(edited)
    assert store.notes_path(DOC).read_text() == dump_notes(edited)
    assert store.load_notes(DOC) == edited


# --------------------------------------------------------------------------- load cache

def _many(doc_id: str, n: int) -> DocumentNotes:
    text = "In the beginning God created the heaven and the earth. " * 400
    hs = tuple(
        Highlight(id=f"h-{i:05d}", doc_id=doc_id, anchor=Anchor.from_span(text, i, i + 9), color="#ffd400",
                  note=f"note {i} “quoted” 国安法" if i % 3 == 0 else "", tags=(f"t{i % 5}",) if i % 2 else (),
                  created="2024-01-01T00:00:00Z", modified="2024-01-02T00:00:00Z", review=i % 7 == 0)
        for i in range(n)
    )
    return DocumentNotes(doc_id, hs, "a note on the whole book")


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import reader.core.store as store_module

    calls: list[str] = []
    real = store_module.parse_notes

    def counting(data: bytes, path: Path, doc_id: str) -> DocumentNotes:
        calls.append(doc_id)
        return real(data, path, doc_id)

    monkeypatch.setattr(store_module, "parse_notes", counting)
    return calls


def test_big_notes_load_from_their_cache_only_while_it_matches_the_file(data_dir: Path, monkeypatch) -> None:
    from reader.core.store import LOAD_CACHE_MIN, LoadCache

    notes = _many("book", LOAD_CACHE_MIN + 10)
    store = NoteStore(data_dir)
    assert store.acquire_lock()
    store.save_notes(notes)
    yaml_bytes = store.notes_path("book").read_bytes()
    cache = LoadCache(data_dir)
    assert not cache.path("book").exists()  # saving leaves the cache for closing time
    store.write_load_caches()
    assert cache.path("book").exists()
    store.release_lock()

    parses = _parses(monkeypatch)
    assert NoteStore(data_dir).load_notes("book") == notes
    assert parses == []  # read from the cache
    assert store.notes_path("book").read_bytes() == yaml_bytes  # the notes file is never touched

    # the file changed behind our back (an edit by hand): the cache no longer matches
    path = store.notes_path("book")
    path.write_bytes(yaml_bytes.replace(b"a note on the whole book", b"edited by hand"))
    reader = NoteStore(data_dir)
    loaded = reader.load_notes("book")
    assert loaded.document_note == "edited by hand" and parses == ["book"]
    # ... and that parse refreshes the cache when the store closes (not before the first paint)
    assert NoteStore(data_dir).load_notes("book").document_note == "edited by hand" and parses == ["book"] * 2
    reader.write_load_caches()
    assert NoteStore(data_dir).load_notes("book").document_note == "edited by hand" and parses == ["book"] * 2


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "empty", "other-version"])
def test_a_damaged_load_cache_is_ignored_and_replaced(data_dir: Path, monkeypatch, damage: str) -> None:
    from reader.core.store import LOAD_CACHE_MIN, LoadCache

    notes = _many("book", LOAD_CACHE_MIN)
    store = NoteStore(data_dir)
    assert store.acquire_lock()
    store.save_notes(notes)
    store.write_load_caches()
    store.release_lock()
    cache = LoadCache(data_dir).path("book")
    raw = cache.read_bytes()
    head, _, body = raw.partition(b"\n")
    if damage == "truncated":
        cache.write_bytes(raw[: len(raw) // 2])
    elif damage == "flipped":  # a changed highlight id, checksum kept: must be caught
        cache.write_bytes(head + b"\n" + body.replace(b"h-00003", b"h-99999", 1))
    elif damage == "garbage":
        cache.write_bytes(b"\x00\xff" * 100)
    elif damage == "empty":
        cache.write_bytes(b"")
    else:
        other = re.sub(rb'"v":\d+', b'"v":99', body, count=1)
        assert other != body
        cache.write_bytes(LoadCache.digest(other).encode() + b"\n" + other)
    parses = _parses(monkeypatch)
    reader = NoteStore(data_dir)
    assert reader.load_notes("book") == notes
    assert parses == ["book"]
    reader.write_load_caches()  # on closing
    assert NoteStore(data_dir).load_notes("book") == notes and parses == ["book"]  # replaced


def test_small_notes_files_have_no_cache(data_dir: Path) -> None:
    from reader.core.store import LoadCache

    store = NoteStore(data_dir)
    assert store.acquire_lock()
    store.save_notes(_many("small", 20))
    store.write_load_caches()
    assert NoteStore(data_dir).load_notes("small").highlights
    assert not LoadCache(data_dir).path("small").exists()
    store.release_lock()


def test_a_write_removes_what_a_killed_writer_left_next_to_the_file(tmp_path: Path) -> None:
    """Temp files carry their writer's PID: a later write to the same file removes those
    of processes that are gone, and leaves live ones and anything not ours alone."""
    import subprocess as sp

    dead = sp.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                  check=True).stdout.strip()
    target = tmp_path / "export.md"
    stale = tmp_path / f".export.md.{dead}-abc123.tmp"
    stale_pdf = tmp_path / f".export.md.{dead}-1f-3a2b.qt.tmp"
    live = tmp_path / f".export.md.{os.getppid()}-def456.tmp"
    mine = tmp_path / f".export.md.{os.getpid()}-0000.tmp"
    other = tmp_path / ".export.md.not-a-pid.tmp"
    neighbour = tmp_path / f".other.md.{dead}-abc123.tmp"
    for p in (stale, stale_pdf, live, mine, other, neighbour):
        p.write_bytes(b"x")
    fsutil.atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert not stale.exists() and not stale_pdf.exists()
    assert live.exists() and mine.exists() and other.exists() and neighbour.exists()
    assert {p.name for p in tmp_path.glob(f".export.md.{os.getpid()}-*.tmp")} == {mine.name}  # no litter of ours


# -- why a highlight awaits review (moved, or kept by a sync after a delete elsewhere) --------

OLD_REVIEW_FILE = (f"format_version: 1\ndocument: {DOC}\nhighlights:\n"
                   "  - id: h-1\n    anchor: {exact: soft, start: 3, end: 7}\n    note: ''\n    tags: []\n"
                   "    created: '2024-01-01T00:00:00Z'\n    modified: '2024-01-01T00:00:00Z'\n    review: true\n")


def _notes_path(store: NoteStore) -> Path:
    path = store.data_dir / "notes" / f"{DOC}.yaml"
    path.parent.mkdir(exist_ok=True)
    return path


def test_a_file_written_before_the_reason_reads_as_moved(store: NoteStore) -> None:
    _notes_path(store).write_text(OLD_REVIEW_FILE, encoding="utf-8")
    (h,) = store.load_notes(DOC).highlights
    assert h.review and h.review_reason == "moved"


def test_the_reason_round_trips_and_moved_is_written_as_before(store: NoteStore) -> None:
    anchor = Anchor("soft", "", "", 3, 7)
    kept = Highlight("h-1", DOC, anchor, created="t", modified="t", review=True, review_reason="deleted")
    moved = Highlight("h-2", DOC, anchor, created="t", modified="t", review=True)
    store.save_notes(DocumentNotes(DOC, (kept, moved)))
    text = _notes_path(store).read_text(encoding="utf-8")
    assert text.count("review_reason") == 1 and '"review_reason": "deleted"' in text
    assert store.load_notes(DOC).highlights == (kept, moved)
    for h in (kept, moved):  # the load cache's rows too
        assert highlight_from_row(highlight_row(h), DOC) == h


def test_an_unknown_reason_is_refused_naming_the_field(store: NoteStore) -> None:
    _notes_path(store).write_text(OLD_REVIEW_FILE + "    review_reason: gone\n", encoding="utf-8")
    with pytest.raises(NotesFileError, match="review_reason"):
        store.load_notes(DOC)
