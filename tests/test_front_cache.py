"""A window's start parses no YAML: texts' front matter from the cache, state.yaml as JSON lines; same data either way."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from reader.core import paths
from reader.core.corpus import load_corpus
from reader.core.errors import Problem
from reader.core.front_cache import FrontCache
from reader.core.state import StateFile

REPO = Path(__file__).resolve().parents[1]


def _same(a, b) -> bool:  # noqa: ANN001
    return [(d.id, d.meta, d.blocks, d.text, d.user) for d in a] == [(d.id, d.meta, d.blocks, d.text, d.user) for d in b]


def test_front_matter_comes_from_the_cache_and_gives_the_same_corpus(tmp_path: Path, monkeypatch) -> None:
    plain = load_corpus(tmp_path)
    first = load_corpus(tmp_path, cached=True)
    assert (tmp_path / "cache" / "front-matter.json").is_file()
    assert _same(plain, first) and first.problems == plain.problems
    # The second start reads every front matter from the cache: the YAML loader is never called.
    from reader.core import yamlio

    def no_yaml(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("YAML parsed")

    monkeypatch.setattr(yamlio, "loads", no_yaml)
    again = load_corpus(tmp_path, cached=True)
    assert _same(plain, again)
    published = {d.id: d.meta.published for d in again}
    assert published["soft-resistance-explainer"] == "2023-08-05"  # a YAML date, kept through JSON


def test_an_edited_front_matter_is_parsed_again_and_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    shutil.copytree(paths.texts_dir(), texts)
    data = tmp_path / "data"
    data.mkdir()
    load_corpus(data, texts, cached=True)
    doc = texts / "soft-resistance-explainer.md"
    doc.write_text(doc.read_text("utf-8").replace("publisher: Hong Kong Free Press (HKFP)", "publisher: Edited"),
                   "utf-8")
    edited = load_corpus(data, texts, cached=True)
    assert edited.get("soft-resistance-explainer").meta.publisher == "Edited"
    broken = doc.read_text("utf-8").replace("id: soft-resistance-explainer", "id: [not, an, id")
    doc.write_text(broken, "utf-8")
    failing = load_corpus(data, texts, cached=True)
    assert "soft-resistance-explainer" not in failing and any("soft-resistance-explainer" in str(p.path)
                                                               for p in failing.problems)
    cache = data / "cache" / "front-matter.json"
    cache.write_bytes(b"garbage\n{not json")
    doc.write_text(broken.replace("id: [not, an, id", "id: soft-resistance-explainer"), "utf-8")
    assert _same(load_corpus(data, texts), load_corpus(data, texts, cached=True))
    assert FrontCache(data).get("id: x") is None


def test_state_is_written_as_json_lines_that_yaml_reads_the_same(tmp_path: Path) -> None:
    problems: list[Problem] = []
    state = StateFile(tmp_path / "state.yaml", tmp_path / "backups", problems)
    value = {"last_document": "paul-lam-soft-resistance", "positions": {"a": 3, "國家": 7}, "splitter": [230, 760],
             "zoom": 0, "note": "line\u2028break \"quoted\" 𨋢", "empty": None, "flag": True}
    state.save(value)
    text = (tmp_path / "state.yaml").read_text("utf-8")
    assert text.startswith("format_version: 1\n") and "positions: {" in text
    assert yaml.safe_load(text) == {"format_version": 1, **value}
    assert state.load() == value and not problems
    # A float is not read back the same by every YAML reader: that state is written as YAML.
    state.save({**value, "reading": {"font_size": 12.5}})
    assert "font_size: 12.5" in (tmp_path / "state.yaml").read_text("utf-8")
    assert state.load()["reading"] == {"font_size": 12.5}
    # An older, YAML-written state still loads.
    (tmp_path / "state.yaml").write_text("format_version: 1\nlast_document: soft-resistance-explainer\n"
                                         "positions:\n  soft-resistance-explainer: 12\n", "utf-8")
    assert state.load() == {"last_document": "soft-resistance-explainer", "positions": {"soft-resistance-explainer": 12}}


START = r"""
import json, sys
from pathlib import Path
from reader.core.library_corpus import open_library
from reader.core.store import NoteStore
data = Path(sys.argv[1])
store = NoteStore(data, kind="window")
store.acquire_lock()
state = store.load_state()
library = open_library(data)
for doc in library.corpus:  # every text opened: the shipped ones and any of your own
    doc.text
store.release_lock()
print(json.dumps(sorted(sys.modules)))
"""


def test_a_second_start_imports_no_yaml(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "READER_DATA_DIR"}
    StateFile(tmp_path / "state.yaml", tmp_path / "backups", []).save({"last_document": "paul-lam-soft-resistance"})
    runs = [subprocess.run([sys.executable, "-c", START, str(tmp_path)], capture_output=True, text=True, cwd=REPO,
                           env=env, timeout=120, check=True) for _ in range(2)]
    first, second = (set(json.loads(r.stdout)) for r in runs)
    assert "yaml" in first  # the first start parsed the texts' front matter
    assert "yaml" not in second and "reader.core.front_cache" in second
    # Nor SQLite (no texts of the reader's own: no library index) or OpenSSL (the caches' BLAKE2 is built in).
    assert not {"sqlite3", "reader.core.library_index", "_hashlib"} & second


def test_opening_a_text_listed_from_the_library_index_parses_no_yaml_the_second_time(tmp_path: Path) -> None:
    from reader.core.library import add_text

    source = tmp_path / "mine.txt"
    source.write_text("A text of my own.\n\nIts second paragraph.\n", "utf-8")
    data = tmp_path / "data"
    data.mkdir()
    mine = add_text(data, source).id
    env = {k: v for k, v in os.environ.items() if k != "READER_DATA_DIR"}
    runs = [subprocess.run([sys.executable, "-c", START, str(data)], capture_output=True, text=True, cwd=REPO,
                           env=env, timeout=120, check=True) for _ in range(2)]
    first, second = (set(json.loads(r.stdout)) for r in runs)
    assert "reader.core.library_index" in second  # listed from the index this time
    assert "yaml" in first and "yaml" not in second
    # Only what the YAML loader read is kept: an added text's front matter (JSON's syntax) is not.
    from reader.core.fsutil import read_cache_json

    kept = read_cache_json(data / "cache" / "front-matter.json")["e"].values()
    assert "soft-resistance-explainer" in {v["id"] for v in kept} and mine not in {v["id"] for v in kept}
