"""The command line imports only what a command uses: every module costs each process its start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Runs one command in a fresh interpreter, then reports the modules it imported.
RUN = r"""
import json, sys
from reader.cli import main
code = main(sys.argv[2:])
sys.stdout.flush()
with open(sys.argv[1], "w") as fh:
    json.dump({"code": code, "modules": sorted(sys.modules)}, fh)
"""

NEVER = ("PySide6", "reader.ui", "reader.pdf", "reader.app")  # the window's, never a command's
# Costly to import and not needed to list the library: PyYAML (its regexes), OpenSSL's
# hashes, secrets/hmac, threading, the search code and OpenCC, platformdirs.
NOT_TO_LIST = ("yaml", "hashlib", "_hashlib", "secrets", "threading", "reader.core.search", "opencc",
               "platformdirs", "reader.core.library")


def _modules(tmp_path: Path, *args: str) -> set[str]:
    report = tmp_path / "modules.json"
    env = dict(os.environ)
    env.pop("READER_DATA_DIR", None)
    out = subprocess.run([sys.executable, "-c", RUN, str(report), *args], capture_output=True, text=True,
                         cwd=REPO, env=env, timeout=120)
    found = json.loads(report.read_text())
    assert found["code"] == 0, out.stderr
    return set(found["modules"])


def _under(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in loaded if any(m == n or m.startswith(n + ".") for n in names))


def test_reader_list_imports_no_yaml_no_qt_no_hashes(tmp_path: Path, data_dir: Path) -> None:
    first = _modules(tmp_path, "list", "--data-dir", str(data_dir))  # builds the index: reads the texts
    assert "yaml" in first and _under(first, NEVER) == []  # the probe works
    loaded = _modules(tmp_path, "list", "--data-dir", str(data_dir))  # no text changed since
    assert "reader.core.listing_cache" in loaded
    assert _under(loaded, NEVER + NOT_TO_LIST + ("sqlite3", "reader.core.library_index")) == []


def test_reader_add_imports_no_yaml_no_qt(tmp_path: Path, data_dir: Path) -> None:
    source = tmp_path / "tea.txt"
    source.write_text("Oolong is half oxidised.\n", encoding="utf-8")
    _modules(tmp_path, "list", "--data-dir", str(data_dir))  # the index made (the shipped texts' YAML read)
    loaded = _modules(tmp_path, "add", str(source), "--data-dir", str(data_dir))
    assert "reader.core.library" in loaded and "sqlite3" in loaded
    assert _under(loaded, NEVER + ("yaml", "secrets", "threading", "platformdirs")) == []


def test_the_core_modules_a_window_starts_with_import_no_yaml() -> None:
    probe = ("import sys, reader.core.editorial, reader.core.library_corpus, reader.core.notes, reader.core.store, "
             "reader.core.study, reader.core.window_state, reader.core.state, reader.core.library; "
             "print(' '.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120)
    loaded = set(out.stdout.split())
    assert "reader.core.editorial" in loaded, out.stderr
    assert _under(loaded, ("yaml", "hashlib", "_hashlib", "secrets", "PySide6")) == []
