"""`reader list` prints from its cache only while no text file changed: any add, removal or
edit in place (even one that leaves the folder's mtime alone) lists from the index again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.core import library_index
from reader.core import listing_cache as lc
from reader.core.library import prepare_import, remove_document, store_import
from reader.core.library_index import listing


def _add(data_dir: Path, tmp: Path, name: str, text: str, title: str) -> str:
    src = tmp / name
    src.write_text(text, encoding="utf-8")
    return store_import(data_dir, prepare_import(src, title=title)).document.id


def _expected(data_dir: Path) -> tuple[list[str], list[str]]:
    docs, problems = listing(data_dir)
    return [f"{d}\t{t}" for d, t in docs], [str(p) for p in problems]


def _listed(data_dir: Path) -> tuple[list[str], list[str]]:
    out, problems = lc.listing_text(data_dir)
    return out.splitlines(), problems


@pytest.fixture
def no_index(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the listings read from the index (the cache missed)."""
    calls: list[int] = []
    real = library_index.listing

    def spy(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(library_index, "listing", spy)
    return calls


def test_the_cache_follows_adds_edits_in_place_and_removals(data_dir: Path, tmp_path: Path, no_index) -> None:
    doc_id = _add(data_dir, tmp_path, "a.txt", "Assam is strong.\n", "Assam")
    assert _listed(data_dir) == _expected(data_dir) and len(no_index) == 1
    assert _listed(data_dir) == _expected(data_dir) and len(no_index) == 1  # from the cache
    path = data_dir / "library" / f"{doc_id}.md"
    folder_mtime = path.parent.stat().st_mtime_ns
    stat = path.stat()
    with path.open("r+", encoding="utf-8") as fh:  # in place: same inode, the folder untouched
        text = fh.read()
        assert '"title": "Assam"' in text
        text = text.replace('"title": "Assam"', '"title": "Darjeeling"')
        fh.seek(0)
        fh.write(text)
        fh.truncate()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert path.parent.stat().st_mtime_ns == folder_mtime
    lines, _ = _listed(data_dir)
    assert f"{doc_id}\tDarjeeling" in lines and len(no_index) == 2
    second = _add(data_dir, tmp_path, "b.txt", "Keemun is smoky.\n", "Keemun")
    assert f"{second}\tKeemun" in _listed(data_dir)[0] and len(no_index) == 3
    remove_document(data_dir, second)
    assert _listed(data_dir) == _expected(data_dir) and f"{second}\tKeemun" not in _listed(data_dir)[0]


def test_problems_are_the_same_from_the_cache(data_dir: Path, tmp_path: Path, no_index) -> None:
    first = _add(data_dir, tmp_path, "a.txt", "Assam is strong.\n", "Assam")
    lib = data_dir / "library"
    (lib / "aaa-broken.md").write_text("no front matter here\n", encoding="utf-8")
    (lib / "zzz-copy.md").write_bytes((lib / f"{first}.md").read_bytes())  # a duplicate id
    made = lc.listing_text(data_dir)
    assert (made[0].splitlines(), made[1]) == _expected(data_dir) and len(made[1]) == 2
    assert lc.listing_text(data_dir) == made and len(no_index) == 1


@pytest.mark.parametrize("damage", ["garbage", "format", "empty", "folder"])
def test_a_damaged_or_foreign_cache_is_made_again(data_dir: Path, tmp_path: Path, no_index, damage: str) -> None:
    _add(data_dir, tmp_path, "a.txt", "Assam is strong.\n", "Assam")
    made = lc.listing_text(data_dir)
    cache = data_dir / "cache" / lc.CACHE_NAME
    if damage == "garbage":
        cache.write_bytes(b"\xff not json")
    elif damage == "format":
        cache.write_text(json.dumps(json.loads(cache.read_text()) | {"format": lc.FORMAT + 1}))
    elif damage == "empty":
        cache.write_text("{}")
    else:
        cache.unlink()
        cache.mkdir()  # cannot be written: listed from the index every time, no error
    assert lc.listing_text(data_dir) == made and len(no_index) == 2
    assert lc.listing_text(data_dir) == made and len(no_index) == (3 if damage == "folder" else 2)
