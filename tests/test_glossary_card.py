"""The Glossary card's occurrences: excerpts cut between words (whole characters in CJK), and
only the texts the library index says can hold the entry are read, with the same results."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from reader.app import MainWindow
from reader.core.corpus import load_corpus
from reader.core.editorial import load_editorial
from reader.core.editorial_layer import occurrence_context
from reader.core.library import prepare_import, store_import
from reader.core.library_corpus import open_library
from reader.core.library_search import ruled_out


def _add(data_dir: Path, tmp: Path, name: str, text: str) -> str:
    src = tmp / name
    src.write_text(text, encoding="utf-8")
    return store_import(data_dir, prepare_import(src, title=name)).document.id


# -- excerpts ---------------------------------------------------------------------------

def test_a_latin_excerpt_starts_and_ends_between_words() -> None:
    text = "Supercalifragilisticexpialidocious words before Paul Lam said this, in extraordinarilylongwordsthatkeepgoingonandon."
    start = text.index("Paul Lam")
    assert start - 40 > 0 and text[start - 41].isalpha() and text[start - 40].isalpha()  # 40 back is mid-word
    ctx = occurrence_context(text, start, start + 8)
    assert text[start + 48 - 1:start + 48 + 1].isalpha()  # and 40 on is mid-word
    assert ctx == "words before Paul Lam said this, in"
    long = "a" * 100 + " term " + "b" * 100  # words longer than the context: only the occurrence
    assert occurrence_context(long, 101, 105) == "term"


def test_accents_and_other_scripts_are_whole_words() -> None:
    text = "Ω" * 3 + " naïve cafe\u0301 Ürümchi résumé " + "term" + " Ελληνικά слово"
    start = text.index("term")
    ctx = occurrence_context(text, start, start + 4, around=12)
    assert ctx == "résumé term Ελληνικά"
    for around in (17, 19):  # 17 back is the combining accent of "cafe\u0301", 19 its "f"
        assert occurrence_context(text, start, start + 4, around=around) == "Ürümchi résumé term Ελληνικά слово"


def test_cjk_is_cut_between_whole_characters() -> None:
    text = "甲乙丙丁戊己庚辛壬癸" * 5 + "維穩" + "子丑寅卯" * 12
    start = text.index("維穩")
    ctx = occurrence_context(text, start, start + 2)
    assert ctx == text[start - 40:start + 42]  # every character boundary is a clean cut
    marked = "e\u0301 " * 20 + "維穩" + "👩\u200d💻" * 20  # combining marks, emoji joined by ZWJ
    start = marked.index("維穩")
    ctx = occurrence_context(marked, start, start + 2, around=41)
    assert not ctx.startswith("\u0301") and ctx.startswith("e\u0301")
    assert ctx.endswith("💻") and not ctx.endswith("\u200d")
    for around in (40, 42, 43):
        ctx = occurrence_context(marked, start, start + 2, around=around)
        assert ctx.startswith("e\u0301") and ctx.endswith("💻")


# -- reading only what the index says can match ------------------------------------------

@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped texts rewritten (Traditional, upper case with accents) and one unrelated text."""
    data_dir = tmp_path_factory.mktemp("lib") / "data"
    data_dir.mkdir()
    tmp = tmp_path_factory.mktemp("src")
    s2t = opencc.OpenCC("s2t")
    for i, doc in enumerate(load_corpus()):
        _add(data_dir, tmp, f"trad{i}.txt", s2t.convert(doc.text))
        _add(data_dir, tmp, f"upper{i}.txt", doc.text.upper().replace("E", "É"))
    _add(data_dir, tmp, "mixed.txt", "Straße ﬁne café naïve Ürümchi\n\n国安法 國安法 ＡＢＣ — “quoted” don’t\n")
    return data_dir


def test_occurrences_over_the_index_are_those_of_every_text(library: Path) -> None:
    layer = load_editorial(load_corpus()).layer
    lib = open_library(library)
    assert lib.index is not None
    full = load_corpus(library)
    skipped = 0
    try:
        for e in layer.glossary:
            out = ruled_out(lib.index, e.spellings)
            skipped += len(out)
            assert layer.occurrences(e.id, full, out) == layer.occurrences(e.id, full), e.id
    finally:
        lib.close()
    assert skipped > len(layer.glossary)  # the index did rule texts out


def test_the_card_reads_only_texts_holding_the_entry_and_cuts_between_words(
        qtbot, data_dir: Path, tmp_path: Path) -> None:
    holder = _add(data_dir, tmp_path, "holder.txt",
                  "Supercalifragilisticexpialidocious words before Paul Lam said this, in extraordinarilylongwordsthatkeepgoingonandon.\n")
    others = [_add(data_dir, tmp_path, f"other{i}.txt", f"Prose number {i} about nothing in particular.\n")
              for i in range(3)]
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.glossary.refresh(w.session)
    w.glossary.show_entry("paul-lam")
    card = w.glossary.detail.toPlainText()
    assert "califragilistic" not in card and "extraordinarily" not in card
    assert all(not w.session.corpus.get(d).loaded for d in others)  # the index ruled them out
    assert w.session.corpus.get(holder).loaded
    assert "words before Paul Lam said this, in — holder.txt" in card
    full = w.session.editorial.occurrences("paul-lam", load_corpus(data_dir))
    assert f"Occurs {len(full)} times in the library" in card
    w.close()
