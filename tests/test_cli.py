"""The command line as the acceptance checks use it: exit codes and one-sentence errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, data_dir: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cmd = [sys.executable, "-m", "reader", *args]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd or REPO, timeout=300)


def assert_one_sentence(err: str) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


def test_list(data_dir: Path, tmp_path: Path) -> None:
    out = run("list", data_dir=data_dir, cwd=tmp_path)
    assert out.returncode == 0
    lines = out.stdout.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == [
        "soft-resistance-explainer", "paul-lam-soft-resistance", "recognizing-each-others-struggles"]


def test_check_json_counts(data_dir: Path) -> None:
    out = run("check", "--json", data_dir=data_dir)
    counts = json.loads(out.stdout)
    assert set(counts) >= {"documents", "glossary_entries", "crossrefs", "timeline_events", "alignments",
                           "anchors_ok", "anchors_drifted", "anchors_orphan"}
    assert counts["documents"] == 3
    assert out.returncode == 0, out.stdout + out.stderr


def test_add_then_list_and_search(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "My notes.txt"
    src.write_text("A first line about tea.\n\nSecond line: 國安法 and more.\n", encoding="utf-8")
    out = run("add", str(src), "--title", "My own text", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    doc_id = out.stdout.split("\t")[0]
    assert (data_dir / "library" / f"{doc_id}.md").is_file()
    assert not (REPO / "texts" / f"{doc_id}.md").exists()
    listed = run("list", data_dir=data_dir).stdout
    assert f"{doc_id}\tMy own text" in listed
    found = run("search", "国安法", data_dir=data_dir).stdout
    assert any(line.startswith(doc_id + "\t") for line in found.splitlines())
    assert any(line.startswith("recognizing-each-others-struggles\t") for line in found.splitlines())


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"a\x00b\x00\xff\xfe\x01binary\n", "is not a text file"),
     (b"a\xed\xa0\x80b\n", "lone surrogate")],
)
def test_add_refuses_bad_files(data_dir: Path, tmp_path: Path, content: bytes, message: str) -> None:
    src = tmp_path / "bad.txt"
    src.write_bytes(content)
    out = run("add", str(src), data_dir=data_dir)
    assert out.returncode == 1
    assert message in out.stderr and "bad.txt" in out.stderr
    assert_one_sentence(out.stderr)
    assert not list((data_dir / "library").glob("*.md")) if (data_dir / "library").exists() else True


@pytest.mark.parametrize(
    "args",
    [["export"], ["export", "-o"], ["search"], ["add"], ["import"], ["list", "extra"], ["check", "--bogus"],
     ["nonsense-doc", "extra-arg"]],
)
def test_usage_errors_exit_2(args: list[str], data_dir: Path) -> None:
    out = run(*args, data_dir=data_dir)
    assert out.returncode == 2, (args, out.stderr)
    assert_one_sentence(out.stderr)


def test_unknown_document_and_missing_file(data_dir: Path, tmp_path: Path) -> None:
    out = run("export", "no-such-doc", "-o", str(tmp_path / "x.md"), data_dir=data_dir)
    assert out.returncode == 1 and "no-such-doc" in out.stderr
    assert_one_sentence(out.stderr)
    out = run("import", str(tmp_path / "missing.json"), data_dir=data_dir)
    assert out.returncode == 1 and "missing.json" in out.stderr
    assert_one_sentence(out.stderr)
    out = run("export", "-o", str(tmp_path / "x.txt"), data_dir=data_dir)
    assert out.returncode == 2
    assert_one_sentence(out.stderr)


def test_gui_without_display_says_so(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run([sys.executable, "-m", "reader", "--data-dir", str(data_dir)],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert out.returncode == 1
    assert "no display" in out.stderr
    assert_one_sentence(out.stderr)


def test_gui_without_qts_xcb_libraries_names_the_packages(data_dir: Path, monkeypatch, capsys) -> None:
    """Qt's xcb plugin aborts the process without them; Reader names the packages first."""
    import ctypes

    from reader import cli

    def cdll(name: str, *a: object, **k: object) -> object:  # a machine with all but one
        if name.startswith("libxcb-cursor"):
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    assert cli._missing_xcb_libraries() == ["libxcb-cursor0"]
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert cli.main(["--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "libxcb-cursor0" in err and "apt-get install" in err
    assert_one_sentence(err)


@pytest.mark.parametrize("args", [["search", "the"], ["list"], ["info", "soft-resistance-explainer"]])
def test_output_into_a_closed_pipe_ends_quietly(args: list[str], data_dir: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `reader search … | head -1` once head has gone
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    try:
        done = subprocess.run([sys.executable, "-m", "reader", *args, "--data-dir", str(data_dir)], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=REPO, timeout=300)
    finally:
        os.close(write_end)
    assert done.returncode == 0 and done.stderr == "", done.stderr
