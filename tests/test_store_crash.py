"""Crash safety: a process killed with SIGKILL in the middle of saving loses nothing.

A helper subprocess imports the store once, then forks a saver per round. Each saver
loads the notes file, checks it is the version the previous saver last reported as
saved (or the one after), and saves version after version until it is killed with
SIGKILL: either inside the save path (just before or after a seeded, random write /
fsync / replace / unlink / rename call) or from a timer at a random moment. The helper
then checks the file parses and equals the last reported version or the next one, and
that every backup parses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

REPO = Path(__file__).resolve().parents[1]

HELPER = r'''
import json, os, random, signal, sys
from pathlib import Path
from reader.core import fsutil, store as store_mod
from reader.core.anchor import Anchor
from reader.core.model import DocumentNotes, Highlight
from reader.core.store import NoteStore, NotesFileError, parse_notes

data_dir, seed, rounds = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
DOC = "crash-doc"


def version(v):
    # Sizes vary so writes of different lengths are interrupted; text is not ASCII-only.
    n = 20 + (v * 37) % 180
    hs = tuple(
        Highlight(f"h-{i}", DOC, Anchor(f"quote {i} 香港 😀", "p", "s", i * 10, i * 10 + 12),
                  note=f"version {v} note {i} " + "x" * ((v + i) % 50), tags=(f"t{v % 7}",),
                  created="2024-01-01T00:00:00Z", modified="2024-01-01T00:00:00Z")
        for i in range(n)
    )
    return DocumentNotes(DOC, hs, f"version {v}")


def version_of(notes):
    if notes.document_note == "" and not notes.highlights:
        return 0
    v = int(notes.document_note.split()[1])
    return v if notes == version(v) else None


def saver(kill_mode, kill_at, delay, report_fd):
    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    if kill_mode == "timer":
        signal.signal(signal.SIGALRM, lambda *a: die())
        signal.setitimer(signal.ITIMER_REAL, delay)
    else:
        count = [0]

        def hook(real, after):
            def wrapped(*a, **kw):
                count[0] += 1
                if count[0] == kill_at and not after:
                    die()
                result = real(*a, **kw)
                if count[0] == kill_at and after:
                    die()
                return result
            return wrapped

        after = kill_mode == "after"
        for name in ("fsync", "replace", "unlink", "write", "ftruncate", "pwrite"):
            setattr(os, name, hook(getattr(os, name), after))
        real_fdopen = os.fdopen

        class File:
            def __init__(self, fh):
                self.fh = fh
            def __enter__(self):
                return self
            def __exit__(self, *exc):
                self.fh.close()
            def write(self, data):
                # Split the write so a kill can land between two halves of the data.
                half = len(data) // 2
                os.write(self.fh.fileno(), data[:half])
                os.write(self.fh.fileno(), data[half:])
            def __getattr__(self, name):
                return getattr(self.fh, name)

        fsutil.os.fdopen = lambda fd, mode="r", *a, **k: File(real_fdopen(fd, mode, *a, **k))

    store = NoteStore(data_dir, backups_kept=3, backup_interval=0)
    if not store.acquire_lock():
        os._exit(3)
    v = version_of(store.load_notes(DOC))
    while True:
        v += 1
        store.save_notes(version(v))
        os.write(report_fd, f"{v}\n".encode())
        if v > 10**6:
            os._exit(4)


rng = random.Random(seed)
last = 0
kills = parseable = lost = 0
problems = []
for r in range(rounds):
    mode = rng.choice(["before", "after", "timer"])
    kill_at = rng.randint(1, 60)
    delay = rng.uniform(0.001, 0.08)
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        try:
            saver(mode, kill_at, delay, wfd)
        finally:
            os._exit(5)
    os.close(wfd)
    chunks = []
    while True:
        b = os.read(rfd, 65536)
        if not b:
            break
        chunks.append(b)
    os.close(rfd)
    _, status = os.waitpid(pid, 0)
    if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        problems.append(f"round {r}: saver ended with status {status}")
        break
    kills += 1
    reported = [int(x) for x in b"".join(chunks).decode().split()]
    saved = reported[-1] if reported else last
    check = NoteStore(data_dir)
    try:
        v = version_of(check.load_notes(DOC))
    except NotesFileError as exc:
        problems.append(f"round {r} ({mode} {kill_at}): {exc}")
        continue
    parseable += 1
    if v not in (saved, saved + 1):
        lost += 1
        problems.append(f"round {r} ({mode} {kill_at}): file has version {v}, last saved {saved}")
    for b in check.backups(DOC):
        try:
            parse_notes(b.read_bytes(), b, DOC)
        except NotesFileError as exc:
            problems.append(f"round {r}: backup {exc}")
    last = v if v is not None else saved
print(json.dumps({"kills": kills, "parseable": parseable, "lost": lost, "last": last,
                  "problems": problems[:10]}))
'''


def run_kills(data_dir: Path, rounds: int, seed: int) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", HELPER, str(data_dir), str(seed), str(rounds)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def check(result: dict, rounds: int) -> None:
    print(
        f"\nkilled {result['kills']} times, "
        f"{'all files parseable' if result['parseable'] == result['kills'] else 'UNPARSEABLE FILES'}, "
        f"{result['lost']} lost (last version on disk: {result['last']})"
    )
    assert result["problems"] == []
    assert result["kills"] == rounds
    assert result["parseable"] == rounds
    assert result["lost"] == 0
    assert result["last"] > 0  # saves did happen between kills


def test_sigkill_during_saves(data_dir: Path) -> None:
    check(run_kills(data_dir, 50, seed=1234), 50)


def require_stress(request: pytest.FixtureRequest) -> None:
    # Slow variants run only when asked for (`make stress` passes -m slow).
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("stress variant: run with `make stress` (pytest -m slow)")


@pytest.mark.slow
def test_sigkill_during_saves_stress(data_dir: Path, request: pytest.FixtureRequest) -> None:
    require_stress(request)
    check(run_kills(data_dir, 1000, seed=99), 1000)

