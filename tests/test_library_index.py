"""The persistent library index: used by search, rebuilt when lost or damaged, kept up to date
with the texts, and never changing what a search finds."""

from __future__ import annotations

import os
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core import corpus as corpus_mod
from reader.core import library_index
from reader.core.corpus import load_corpus
from reader.core.editorial import load_editorial
from reader.core.library import prepare_import, remove_document, store_import
from reader.core.library_index import LibraryIndex, index_path, listing
from reader.core.search import search_corpus

_S2T = opencc.OpenCC("s2t")
_T2S = opencc.OpenCC("t2s")


def _add(data_dir: Path, tmp: Path, name: str, text: str, title: str | None = None) -> str:
    src = tmp / name
    src.write_text(text, encoding="utf-8")
    return store_import(data_dir, prepare_import(src, title=title)).document.id


@pytest.fixture(scope="module")
def glossary():
    return list(load_editorial(load_corpus()).layer.glossary)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose own texts mix scripts, accents and case: the shipped texts rewritten."""
    data_dir = tmp_path_factory.mktemp("lib") / "data"
    data_dir.mkdir()
    tmp = tmp_path_factory.mktemp("src")
    shipped = load_corpus()
    for i, doc in enumerate(shipped):
        _add(data_dir, tmp, f"trad{i}.txt", _S2T.convert(doc.text), title=f"Traditional {i}")
        _add(data_dir, tmp, f"upper{i}.txt", doc.text.upper().replace("E", "É"), title=f"Upper {i}")
    _add(data_dir, tmp, "mixed.txt", "Straße ﬁne café naïve Ürümchi\n\n国安法 國安法 ＡＢＣ — “quoted” don’t\n")
    return data_dir


def _memory(data_dir: Path, query: str, glossary) -> list:
    return search_corpus(load_corpus(data_dir), query, glossary)


def test_search_goes_through_the_index(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    doc_id = _add(data_dir, tmp_path, "a.txt", "A line about oolong tea.\n")
    calls = []
    real = LibraryIndex.find

    def spy(self, *args, **kwargs):
        calls.append(args)
        return real(self, *args, **kwargs)

    def no_corpus(*args, **kwargs):
        raise AssertionError("search loaded the whole corpus")

    monkeypatch.setattr(LibraryIndex, "find", spy)
    monkeypatch.setattr(corpus_mod, "load_corpus", no_corpus)
    hits = library_index.search(data_dir, "oolong")
    assert [h.doc_id for h in hits] == [doc_id] and calls
    with sqlite3.connect(index_path(data_dir)) as conn:
        ids = {r[0] for r in conn.execute("SELECT doc_id FROM files")}
    assert doc_id in ids and "paul-lam-soft-resistance" in ids


def test_listing_comes_from_the_index_in_library_order(library: Path) -> None:
    index = LibraryIndex.open(library)
    assert index is not None
    try:
        listed = [(d.doc_id, d.title) for d in index.documents()]
    finally:
        index.close()
    assert listed == [(d.id, d.title) for d in load_corpus(library)]


def test_listing_with_problems_matches_the_corpus(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    first = _add(data_dir, tmp_path, "a.txt", "Assam is strong.\n", title="Zebra first")
    _add(data_dir, tmp_path, "b.txt", "Keemun is smoky.\n", title="Alpha second")
    lib = data_dir / "library"
    (lib / "aaa-broken.md").write_text("no front matter here\n", encoding="utf-8")
    (lib / "zzz-copy.md").write_bytes((lib / f"{first}.md").read_bytes())  # a duplicate id
    corpus = load_corpus(data_dir)
    expected = ([(d.id, d.title) for d in corpus], [str(p) for p in corpus.problems])
    monkeypatch.setattr(corpus_mod, "load_corpus", lambda *a, **k: pytest.fail("listing loaded every text"))
    for _ in range(2):  # building the index, then reading it
        docs, problems = listing(data_dir)
        assert (docs, [str(p) for p in problems]) == expected
    assert len(expected[1]) == 2


@pytest.mark.parametrize("damage", ["delete", "garbage", "foreign", "truncate"])
def test_a_lost_or_damaged_index_is_rebuilt(data_dir: Path, tmp_path: Path, damage: str) -> None:
    doc_id = _add(data_dir, tmp_path, "a.txt", "Darjeeling is a tea.\n")
    assert [h.doc_id for h in library_index.search(data_dir, "darjeeling")] == [doc_id]
    path = index_path(data_dir)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    if damage == "delete":
        path.unlink()
    elif damage == "garbage":
        path.write_bytes(b"this is not a database at all\x00" * 200)
    elif damage == "truncate":
        path.write_bytes(path.read_bytes()[:1500])
    else:
        path.unlink()
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE other (x)")
    assert [h.doc_id for h in library_index.search(data_dir, "darjeeling")] == [doc_id]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == library_index._VERSION
        assert conn.execute("SELECT count(*) FROM files WHERE doc_id = ?", (doc_id,)).fetchone()[0] == 1


def test_an_unusable_index_falls_back_to_memory(data_dir: Path, tmp_path: Path) -> None:
    doc_id = _add(data_dir, tmp_path, "a.txt", "Sencha is green.\n")
    shutil.rmtree(data_dir / "cache", ignore_errors=True)  # adding the text indexed it
    (data_dir / "cache").write_text("a file where the cache folder should be")
    assert LibraryIndex.open(data_dir) is None
    assert [h.doc_id for h in library_index.search(data_dir, "sencha")] == [doc_id]


def test_the_index_follows_add_change_and_remove(data_dir: Path, tmp_path: Path) -> None:
    assert library_index.search(data_dir, "genmaicha") == []
    doc_id = _add(data_dir, tmp_path, "a.txt", "Genmaicha has rice in it.\n")
    assert [h.doc_id for h in library_index.search(data_dir, "genmaicha")] == [doc_id]
    path = data_dir / "library" / f"{doc_id}.md"
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Genmaicha", "Hojicha"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert library_index.search(data_dir, "genmaicha") == []
    hits = library_index.search(data_dir, "hojicha")
    assert [h.doc_id for h in hits] == [doc_id] and hits == _memory(data_dir, "hojicha", None)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))  # touched, same bytes
    index = LibraryIndex.open(data_dir)
    assert index is not None and index.changed == 1
    index.close()
    remove_document(data_dir, doc_id)
    assert library_index.search(data_dir, "hojicha") == []


@pytest.mark.parametrize("query", ["国安法", "國安法", "a", "hk", "ss", "Ü", "fi", "“", "'", " ", "", "  law  ",
                                   "national security law", "SOFT RESISTANCE", "é"])
def test_same_hits_as_in_memory(library: Path, glossary, query: str) -> None:
    _assert_same(library, glossary, query)


def _assert_same(library: Path, glossary, query: str) -> None:
    index = LibraryIndex.open(library)
    assert index is not None
    try:
        assert index.find(query, glossary) == _memory(library, query, glossary)
    finally:
        index.close()


def _variants(text: str) -> st.SearchStrategy[str]:
    forms = [str.lower, str.upper, str.swapcase, _S2T.convert, _T2S.convert,
             lambda s: unicodedata.normalize("NFD", s), lambda s: s.replace("e", "é").replace("a", "á")]
    return st.sampled_from(forms).map(lambda f: f(text))


@st.composite
def _queries(draw: st.DrawFn) -> str:
    texts = _CORPUS_TEXTS
    text = draw(st.sampled_from(texts))
    start = draw(st.integers(0, len(text) - 1))
    length = draw(st.integers(1, 14))
    return draw(_variants(text[start:start + length]))


_CORPUS_TEXTS = [d.text for d in load_corpus()] + ["國安法 香港 國家安全 法律", "国安法 香港"]


@given(query=_queries())
def test_property_identical_with_and_without_the_index(library: Path, glossary, query: str) -> None:
    _assert_same(library, glossary, query)


def test_adding_asks_the_index_not_every_text(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    from reader.core import library as library_mod
    from reader.core.corpus import tags_of
    from reader.core.library import set_tags

    first = _add(data_dir, tmp_path, "a.txt", "Oolong, the first.\n", title="Tea")
    set_tags(data_dir, first, ["green"])

    def no_corpus(*args, **kwargs):
        raise AssertionError("adding a text loaded the whole corpus")

    monkeypatch.setattr(library_mod, "load_corpus", no_corpus)
    monkeypatch.setattr(corpus_mod, "load_corpus", no_corpus)
    second = _add(data_dir, tmp_path, "b.txt", "Oolong, the second.\n", title="Tea")
    assert (first, second) == ("tea", "tea-2")  # the id is chosen from the index's ids
    again = store_import(data_dir, prepare_import(tmp_path / "b.txt", title="Other"))
    assert (again.outcome, again.document.id) == ("already", second)
    (tmp_path / "c.txt").write_text("Oolong, the second.\n", encoding="utf-8")  # same text, another file
    assert store_import(data_dir, prepare_import(tmp_path / "c.txt")).outcome == "already"
    (tmp_path / "a.txt").write_text("Oolong, the first, revised.\n", encoding="utf-8")
    newer = store_import(data_dir, prepare_import(tmp_path / "a.txt"))
    assert (newer.outcome, newer.document.id, tags_of(newer.document)) == ("replaced", first, ["green"])
    hits = library_index.search(data_dir, "revised")
    assert [h.doc_id for h in hits] == [first]  # the index followed the new version at once


def test_the_window_corpus_lists_the_index_and_reads_a_text_only_when_used(
        data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    from reader.core import library_corpus
    from reader.core.corpus import tags_of
    from reader.core.library import set_tags

    ids = [_add(data_dir, tmp_path, f"t{i}.txt", f"Text number {i} about tea.\n", title=f"Tea {i}") for i in range(4)]
    set_tags(data_dir, ids[2], ["kept"])
    eager = load_corpus(data_dir)
    LibraryIndex.open(data_dir).close()  # up to date, as after any add

    def unread(*args, **kwargs):
        raise AssertionError("a text was parsed to list the library")

    reads: list[Path] = []
    real = library_corpus.read_document
    monkeypatch.setattr(corpus_mod, "_load_document", unread)  # no refresh, no load_corpus
    monkeypatch.setattr(library_corpus, "read_document", lambda p, u, **k: (reads.append(p), real(p, u, **k))[1])
    lib = library_corpus.open_library(data_dir)
    try:
        assert lib.index is not None and lib.corpus.ids() == eager.ids() and not reads
        monkeypatch.undo()
        monkeypatch.setattr(library_corpus, "read_document", lambda p, u, **k: (reads.append(p), real(p, u, **k))[1])
        for lazy in lib.corpus:
            assert (lazy.meta, lazy.user, lazy.path, tags_of(lazy)) == (
                eager.get(lazy.id).meta, eager.get(lazy.id).user, eager.get(lazy.id).path, tags_of(eager.get(lazy.id)))
            assert lazy.digest == eager.get(lazy.id).digest  # from the index: the editorial cache key reads no text
        assert not reads and not any(d.loaded for d in lib.corpus)
        opened = lib.corpus.get(ids[1])
        assert opened.text == eager.get(ids[1]).text and opened.blocks == eager.get(ids[1]).blocks
        assert reads == [data_dir / "library" / f"{ids[1]}.md"]
        assert [d.id for d in lib.corpus if d.loaded] == [ids[1]]
    finally:
        lib.close()


def test_many_new_texts_are_left_to_a_worker_and_then_listed(data_dir: Path, tmp_path: Path) -> None:
    from reader.core import library_corpus
    from reader.core.library_index import refresh_pending

    ids = [_add(data_dir, tmp_path, f"t{i}.txt", f"Pu-erh text {i}.\n", title=f"Pu {i}") for i in range(3)]
    index_path(data_dir).unlink()  # lost: everything is new to the index
    lib = library_corpus.open_library(data_dir, sync_bytes=10)
    assert lib.index is not None and lib.index.pending is not None and len(lib.index.pending.todo) == 3
    assert not set(ids) & set(lib.corpus.ids()) and "paul-lam-soft-resistance" in lib.corpus  # shipped: at once
    seen: list[tuple[int, int]] = []
    assert refresh_pending(data_dir, lib.index.pending, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    lib.close()
    lib = library_corpus.open_library(data_dir, sync_bytes=10)
    assert set(ids) <= set(lib.corpus.ids()) and lib.index is not None and lib.index.pending is None
    assert [h.doc_id for h in lib.index.find("pu-erh text 1")] == [ids[1]]
    lib.close()


def test_a_text_not_yet_indexed_is_still_found_by_its_id(data_dir: Path, tmp_path: Path) -> None:
    from reader.core import library_corpus

    ids = [_add(data_dir, tmp_path, f"t{i}.txt", f"Tieguanyin text {i}.\n", title=f"Tie {i}") for i in range(2)]
    index_path(data_dir).unlink()  # lost: the worker will index both
    lib = library_corpus.open_library(data_dir, sync_bytes=10)
    assert lib.index is not None and lib.index.pending is not None and not set(ids) & set(lib.corpus.ids())
    assert ids[1] in lib.corpus  # the index is never needed for correctness: `reader DOC` opens it
    assert "Tieguanyin text 1." in lib.corpus.get(ids[1]).text and ids[1] in lib.corpus.ids()
    assert ids[0] not in lib.corpus.ids()  # only what was asked for is read
    assert "no-such-text" not in lib.corpus
    lib.close()
