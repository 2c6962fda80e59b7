"""The command line: every subcommand with missing, extra and wrong arguments, unknown
document ids and unreadable paths exits 2 (usage) or 1 with exactly one line on stderr,
never a traceback.

The full matrix runs in one child process calling ``reader.cli.main`` per case (what
``python -m reader`` does, minus the interpreter start-up); a handful of cases also run
as real ``python -m reader`` processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hardening_lib import IDS, REPO, TALLY, one_sentence, w3c_annotation

RUNNER = r'''
import contextlib, io, json, sys, traceback
from reader.cli import main
results = {}
for case_id, argv in json.loads(sys.stdin.read()):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            code = "crash"
            err.write("Traceback (most recent call last):\n" + traceback.format_exc())
    results[case_id] = [code, err.getvalue()]
print(json.dumps(results))
'''


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return make_paths(tmp_path_factory.mktemp("cli"))


def make_paths(t: Path) -> dict[str, str]:
    """The unreadable, missing and wrong files the cases point at."""
    (t / "a-folder").mkdir()
    (t / "folder.md").mkdir()
    (t / "a-file").write_text("I am a file, not a folder")
    (t / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (t / "binary.json").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (t / "empty.txt").write_bytes(b"")
    (t / "empty.json").write_bytes(b"")
    (t / "not.json").write_text("{ this is not json")
    (t / "fake.pdf").write_text("not a pdf at all")
    (t / "word.docx").write_bytes(b"PK\x03\x04")
    (t / "good.txt").write_text("A short text.\n")
    (t / "unknown.json").write_text(json.dumps([w3c_annotation("no-such-doc", "quote", 0, 5)]))
    (t / "data").mkdir()
    return {k: str(v) for k, v in {
        "dir": t / "a-folder", "mdfolder": t / "folder.md", "file": t / "a-file",
        "binary_txt": t / "binary.txt", "binary_json": t / "binary.json", "empty_txt": t / "empty.txt",
        "empty_json": t / "empty.json", "not_json": t / "not.json", "fake_pdf": t / "fake.pdf",
        "docx": t / "word.docx", "good": t / "good.txt", "unknown": t / "unknown.json",
        "missing_txt": t / "missing.txt", "missing_json": t / "missing.json", "missing_pdf": t / "missing.pdf",
        "data": t / "data", "t": t,
    }.items()}


def cases(p: dict[str, str]) -> dict[str, tuple[list[str], int]]:
    d = ["--data-dir", p["data"]]
    under_file = str(Path(p["file"]) / "out")
    return {
        # the window first: the PDF export below makes a QGuiApplication, on which no
        # window can be built later in the same process (a real CLI run does only one)
        "gui unknown document": (["no-such-doc", *d], 2),
        "gui extra": (["a", "b", *d], 2),
        "gui bad option": (["--bogus", *d], 2),
        "gui data dir is a file": ([IDS[0], "--data-dir", p["file"]], 1),
        # list / check
        "list extra": (["list", "extra", *d], 2),
        "list bad option": (["list", "--bogus", *d], 2),
        "list data-dir missing value": (["list", "--data-dir"], 2),
        "check extra": (["check", "extra", *d], 2),
        "check bad option": (["check", "--json=3", *d], 2),
        # export
        "export without -o": (["export", *d], 2),
        "export -o missing value": (["export", *d, "-o"], 2),
        "export unknown document": (["export", "no-such-doc", "-o", p["t"] + "/x.md", *d], 1),
        "export unknown suffix": (["export", "-o", p["t"] + "/x.txt", *d], 2),
        "export bad format": (["export", "--format", "docx", "-o", p["t"] + "/x", *d], 2),
        "export target is a folder": (["export", "-o", p["mdfolder"], *d], 1),
        "export target under a file (md)": (["export", "-o", under_file + ".md", *d], 1),
        "export target under a file (json)": (["export", "-o", under_file + ".json", *d], 1),
        "export target under a file (pdf)": (["export", IDS[1], "-o", under_file + ".pdf", *d], 1),
        # import
        "import without file": (["import", *d], 2),
        "import extra": (["import", p["good"], "extra", *d], 2),
        "import missing file": (["import", p["missing_json"], *d], 1),
        "import missing pdf": (["import", p["missing_pdf"], *d], 1),
        "import a folder": (["import", p["dir"], *d], 1),
        "import binary": (["import", p["binary_json"], *d], 1),
        "import empty": (["import", p["empty_json"], *d], 1),
        "import not json": (["import", p["not_json"], *d], 1),
        "import fake pdf": (["import", p["fake_pdf"], *d], 1),
        "import unknown document": (["import", p["unknown"], *d], 1),
        "import data dir is a file": (["import", p["unknown"], "--data-dir", p["file"]], 1),
        # search
        "search without query": (["search", *d], 2),
        "search extra": (["search", "a", "b", *d], 2),
        # add
        "add without file": (["add", *d], 2),
        "add extra": (["add", p["good"], "extra", *d], 2),
        "add missing file": (["add", p["missing_txt"], *d], 1),
        "add a folder": (["add", p["dir"], *d], 1),
        "add binary": (["add", p["binary_txt"], *d], 1),
        "add empty": (["add", p["empty_txt"], *d], 1),
        "add wrong suffix": (["add", p["docx"], *d], 1),
        "add title missing value": (["add", p["good"], *d, "--title"], 2),
        "add title not UTF-8": (["add", p["good"], "--title", "bad\udcff\udcfe", *d], 1),
        "add data dir is a file": (["add", p["good"], "--data-dir", p["file"]], 1),
    }


@pytest.fixture(scope="module")
def results(paths: dict[str, str]) -> dict[str, list]:
    return run_matrix(paths)


def run_matrix(paths: dict[str, str]) -> dict[str, list]:
    """Every case in one child process: case id -> [exit code, stderr]."""
    matrix = cases(paths)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    payload = json.dumps([[k, argv] for k, (argv, _) in matrix.items()], ensure_ascii=False)
    out = subprocess.run([sys.executable, "-c", RUNNER], input=payload.encode("utf-8", "surrogateescape"),
                         capture_output=True, env=env, cwd=paths["t"], timeout=300)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


CASE_IDS = list(cases({k: "/x" for k in ("dir", "mdfolder", "file", "binary_txt", "binary_json", "empty_txt",
                                         "empty_json", "not_json", "fake_pdf", "docx", "good", "unknown",
                                         "missing_txt", "missing_json", "missing_pdf", "data", "t")}))


@pytest.mark.parametrize("case", CASE_IDS)
def test_cli_case_exits_cleanly_with_one_sentence(case: str, paths: dict[str, str], results: dict) -> None:
    expected = cases(paths)[case][1]
    code, err = results[case]
    TALLY.cli_cases += 1
    assert "Traceback" not in err, err
    assert code == expected, f"{case}: exit {code}, stderr {err!r}"
    assert one_sentence(err), f"{case}: stderr is not one line: {err!r}"


REAL = {
    "add title not UTF-8 (raw bytes)": (lambda p: [b"add", p["good"].encode(), b"--title", b"bad\xff\xfe"], 1),
    "import a folder": (lambda p: ["import", p["dir"]], 1),
    "export unknown document": (lambda p: ["export", "no-such-doc", "-o", p["t"] + "/x.md"], 1),
    "list extra": (lambda p: ["list", "extra"], 2),
    "gui unknown document": (lambda p: ["no-such-doc"], 2),
}


@pytest.mark.parametrize("case", list(REAL))
def test_real_cli_process(case: str, paths: dict[str, str]) -> None:
    make, expected = REAL[case]
    argv = [*make(paths), "--data-dir", paths["data"]]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "reader", *argv], capture_output=True, env=env, cwd=REPO,
                         timeout=120)
    err = out.stderr.decode("utf-8", "replace")
    TALLY.cli_cases += 1
    assert "Traceback" not in err, err
    assert out.returncode == expected, err
    assert one_sentence(err), err
