"""The one writer (fsutil.output_stream) and the one bounded reader (fsutil.read_bytes_limited)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.core import export_jobs, fsutil, w3c
from reader.core.corpus import load_corpus, load_document
from reader.core.errors import DataFileError, ReaderError, StoreError

REPO = Path(__file__).resolve().parents[1]
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and modes are POSIX")


def _ours(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _dead_pid() -> int:
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)


# -- the writer -------------------------------------------------------------------------


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path, data_dir: Path) -> None:
    real = tmp_path / "elsewhere" / "notes.md"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    export_jobs.export_text("markdown", link, data_dir)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") != "old" and link.read_text(encoding="utf-8") == real.read_text(
        encoding="utf-8")
    assert _ours(tmp_path) == [] and _ours(real.parent) == []


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made.json")
    fsutil.write_output(link, b"{}")
    assert link.is_symlink() and (tmp_path / "made.json").read_bytes() == b"{}"


@posix_only
def test_an_existing_files_mode_is_kept_and_a_new_one_follows_the_umask(tmp_path: Path) -> None:
    shared = tmp_path / "shared.json"
    shared.write_text("x")
    shared.chmod(0o644)
    private = tmp_path / "private.json"
    private.write_text("x")
    private.chmod(0o640)
    old = os.umask(0o022)
    try:
        fsutil.write_output(shared, b"1")
        fsutil.write_output(private, b"2")
        fsutil.write_output(tmp_path / "new.json", b"3")
    finally:
        os.umask(old)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644
    assert stat.S_IMODE(private.stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644
    assert shared.read_bytes() == b"1" and private.read_bytes() == b"2"


@posix_only
def test_dev_null_is_written_to_not_replaced(data_dir: Path) -> None:
    before = os.stat("/dev/null")
    export_jobs.export_text("w3c", Path("/dev/null"), data_dir)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


@posix_only
def test_a_fifo_is_written_when_read_and_refused_when_not(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="nobody is reading") as err:
        fsutil.write_output(fifo, b"data")
    assert err.value.path == fifo and stat.S_ISFIFO(fifo.lstat().st_mode)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    deadline = time.monotonic() + 30
    while True:  # the reader thread opens the pipe when it gets to run
        try:
            fsutil.write_output(fifo, b"through the pipe")
            break
        except StoreError:
            assert time.monotonic() < deadline
            time.sleep(0.01)
    reader.join()
    assert got == [b"through the pipe"] and stat.S_ISFIFO(fifo.lstat().st_mode)
    assert _ours(tmp_path) == []


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        fsutil.write_output(tmp_path, b"x")


@posix_only
def test_data_files_refuse_special_files(tmp_path: Path) -> None:
    fifo = tmp_path / "notes.yaml"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="not a regular file"):
        fsutil.atomic_write_bytes(fifo, b"x")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_failed_or_interrupted_write_leaves_no_temp_and_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("previous")
    for exc in (KeyboardInterrupt(), RuntimeError("boom")):
        with pytest.raises(type(exc)), fsutil.output_stream(target) as fh:
            fh.write(b"half")
            raise exc
        assert target.read_text() == "previous" and _ours(tmp_path) == []


def test_a_short_final_write_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.md"
    target.write_text("previous")
    real_fstat = os.fstat

    class Short:
        def __init__(self, st: os.stat_result) -> None:
            self._st = st

        def __getattr__(self, name: str) -> object:
            return getattr(self._st, name) if name != "st_size" else 1

    monkeypatch.setattr(fsutil.os, "fstat", lambda fd: Short(real_fstat(fd)))
    with pytest.raises(StoreError, match="shorter"):
        fsutil.write_output(target, b"new content")
    assert target.read_text() == "previous" and _ours(tmp_path) == []


@posix_only
def test_sigterm_during_an_export_removes_its_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("previous")
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from reader.core import fsutil\n"
        "with fsutil.output_stream(Path(sys.argv[1])) as fh:\n"
        "    fh.write(b'half of it')\n"
        "    fh.flush()\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    fh.write(b'never')\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(target)], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert target.read_text() == "previous" and _ours(tmp_path) == []


@posix_only
def test_stale_temp_files_of_ours_are_swept_whatever_their_target(tmp_path: Path) -> None:
    dead = _dead_pid()
    killed_pdf = tmp_path / f".old-export.pdf.{dead}-1a2b3c4d.qt.reader.tmp"
    killed_md = tmp_path / f".notes.md.{dead}-deadbeef.reader.tmp"
    ancient = tmp_path / f".x.md.{os.getppid()}-aa.reader.tmp"  # alive (or a reused PID), but hours old
    fresh = tmp_path / f".y.md.{os.getppid()}-bb.reader.tmp"  # a write in progress elsewhere
    theirs = tmp_path / f".z.md.{dead}-cc.tmp"  # not our marker, another name: not ours to judge
    for p in (killed_pdf, killed_md, ancient, fresh, theirs):
        p.write_bytes(b"x" * 1000)
    hours_ago = time.time() - 3 * 3600
    os.utime(ancient, (hours_ago, hours_ago))
    fsutil.write_output(tmp_path / "new.md", b"x")
    assert _ours(tmp_path) == sorted([fresh.name, theirs.name])


# -- the bounded reader -------------------------------------------------------------------


@posix_only
def test_a_fifo_is_refused_not_read(tmp_path: Path, data_dir: Path) -> None:
    """A writer feeds the pipe, so reading it (the old behaviour) would succeed: refusal is the point."""
    from reader.core.store import NoteStore

    corpus = load_corpus(data_dir)
    (data_dir / "notes").mkdir()
    for name, read in (
        ("data/notes/paul-lam-soft-resistance.yaml", lambda p: NoteStore(data_dir).load_notes(p.stem)),
        ("data/links.yaml", lambda p: NoteStore(data_dir).load_links()),
        ("in.json", lambda p: w3c.load_file(p, corpus)),
        ("in.pdf", lambda p: __import__("reader.pdf.annots", fromlist=["x"]).read_embedded_annotations(p)),
        ("text.md", lambda p: load_document(p, user=True)),
        ("raw.txt", lambda p: fsutil.read_bytes_limited(p, 1000)),
    ):
        fifo = tmp_path / name
        os.mkfifo(fifo)
        stop = threading.Event()
        feeder = threading.Thread(target=_feed, args=(fifo, stop), daemon=True)
        feeder.start()
        try:
            with pytest.raises(ReaderError, match="is not a regular file") as err:
                read(fifo)
        finally:
            stop.set()
            feeder.join()
        assert err.value.path == fifo


def _feed(fifo: Path, stop: threading.Event) -> None:
    """Feed whoever opens the pipe for reading, until told to stop (never blocks)."""
    while not stop.wait(0.005):
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: nobody is reading yet
            continue
        try:
            os.write(fd, b'[{"type": "Annotation"}]')
        except OSError:
            pass
        finally:
            os.close(fd)


@posix_only
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_behind_a_symlink_is_refused(tmp_path: Path) -> None:
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    code = (
        "import sys\nfrom pathlib import Path\nfrom reader.core import fsutil, library\n"
        "from reader.core.errors import ReaderError\n"
        "for read in (lambda p: fsutil.read_bytes_limited(p, 1 << 20), lambda p: library.add_text(Path(sys.argv[2]), p)):\n"
        "    try:\n        read(Path(sys.argv[1]))\n    except ReaderError as exc:\n        print(exc)\n"
    )
    # Reading /dev/zero without a bound never ends: a hang here fails the test instead of the suite.
    done = subprocess.run([sys.executable, "-c", code, str(zero), str(tmp_path / "data")], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and all("zero.txt: is not a regular file" in line for line in lines), done


def test_the_reader_never_reads_past_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 5000)
    with pytest.raises(DataFileError, match="too large"):
        fsutil.read_bytes_limited(big, 4999)
    assert fsutil.read_bytes_limited(big, 5000) == b" " * 5000
    with pytest.raises(DataFileError, match="is a folder"):
        fsutil.read_bytes_limited(tmp_path, 10)


def test_embedded_json_too_deep_or_with_huge_numbers_is_one_sentence(tmp_path: Path) -> None:
    import pypdf

    from reader.pdf.annots import ATTACHMENT_NAME, read_embedded_annotations

    for name, payload in (("deep", b"[" * 200_000 + b"]" * 200_000),
                          ("digits", b'{"n": ' + b"7" * 5000 + b"}")):
        w = pypdf.PdfWriter()
        w.add_blank_page(200, 200)
        w.add_attachment(ATTACHMENT_NAME, payload)
        path = tmp_path / f"{name}.pdf"
        with open(path, "wb") as fh:
            w.write(fh)
        with pytest.raises(DataFileError) as err:
            read_embedded_annotations(path)
        message = str(err.value)
        assert message.startswith(f"{path}: has an embedded") and "\n" not in message, message
        assert "nested too deeply" in message or "too many digits" in message
        json_path = tmp_path / f"{name}.json"
        json_path.write_bytes(payload)
        with pytest.raises(DataFileError):
            w3c.decode_json(json_path.read_bytes(), json_path)
