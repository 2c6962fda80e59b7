"""Search: forgiving matching (case, width, diacritics, quotes, Simplified/Traditional) with
hits that map back to exactly the original text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.anchor import Anchor
from reader.core.corpus import load_corpus
from reader.core.model import DocumentNotes, Highlight
from reader.core.search import Hit, LibrarySearch, SearchIndex, normalize, search_corpus

STATEMENT = "recognizing-each-others-struggles"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def _matched(corpus, hits: list[Hit]) -> list[str]:
    return [corpus.get(h.doc_id).text[h.start:h.end] for h in hits]


def test_traditional_query_finds_simplified_and_traditional(corpus) -> None:
    hits = search_corpus(corpus, "國安法")
    assert {h.doc_id for h in hits} == {STATEMENT}
    assert sorted(_matched(corpus, hits)) == ["国安法", "國安法"]
    # ... and the other way round, with the same hits.
    assert search_corpus(corpus, "国安法") == hits
    for h in hits:
        assert "《" in h.context and "》" in h.context


def test_diacritics_case_quotes_and_width(corpus) -> None:
    hits = search_corpus(corpus, "urumchi")
    assert _matched(corpus, hits) == ["Ürümchi"]
    lower = search_corpus(corpus, "soft resistance")
    assert len(lower) > 10
    assert search_corpus(corpus, "SOFT RESISTANCE") == lower
    assert search_corpus(corpus, "ＳＯＦＴ　ＲＥＳＩＳＴＡＮＣＥ") == lower  # fullwidth letters and space
    assert search_corpus(corpus, "soft   resistance") == lower  # runs of spaces collapse
    assert "don’t" in _matched(corpus, search_corpus(corpus, "don't"))
    assert "'soft resistance'" in normalize("‘Soft Resistance’")


def test_hits_are_in_library_order_then_offset(corpus) -> None:
    hits = search_corpus(corpus, "hong kong")
    order = {d: i for i, d in enumerate(corpus.ids())}
    keys = [(order[h.doc_id], h.start) for h in hits]
    assert keys == sorted(keys) and len(keys) > 20
    assert all(m.casefold() == "hong kong" for m in _matched(corpus, hits))
    assert len(LibrarySearch((d.id, d.text) for d in corpus).find("hong kong", limit=5)) == 5


def test_offsets_map_to_the_original_span() -> None:
    text = "Straße — ﬁne\u00ad print,  Ｃａｆé  au lait… ‘quoted’\n\nKöln"
    idx = SearchIndex("t", text)
    cases = {
        "strasse": "Straße", "ss": "ß", "- fine": "— ﬁne", "fine print": "ﬁne\u00ad print",
        "print, cafe": "print,  Ｃａｆé", "cafe au": "Ｃａｆé  au", "lait...": "lait…",
        "'quoted' koln": "‘quoted’\n\nKöln", "koln": "Köln",
    }
    for query, original in cases.items():
        hits = idx.find(query)
        assert [text[h.start:h.end] for h in hits] == [original], query


def test_dropped_first_character_shifts_offsets() -> None:
    text = "\u00ada\u200bb"  # soft hyphen and zero-width space: invisible, dropped
    assert [(h.start, h.end) for h in SearchIndex("t", text).find("ab")] == [(1, 4)]
    assert [(h.start, h.end) for h in SearchIndex("t", text).find("a")] == [(1, 2)]


def test_blank_and_missing_queries_find_nothing() -> None:
    idx = SearchIndex("t", "some text")
    assert idx.find("") == [] and idx.find("   \n") == []
    assert idx.find("absent") == []


def test_context_is_one_line_around_the_hit() -> None:
    text = "a" * 100 + "\nneedle\tin\n" + "b" * 100
    (hit,) = SearchIndex("t", text).find("NEEDLE")
    assert "\n" not in hit.context and "\t" not in hit.context
    assert "needle in" in hit.context
    assert 40 <= hit.context.index("needle") <= 41
    assert len(hit.context) < 100


def test_overlapping_matches_are_all_found() -> None:
    assert [(h.start, h.end) for h in SearchIndex("t", "aaaa").find("aa")] == [(0, 2), (1, 3), (2, 4)]


def test_glossary_expansion_finds_other_scripts(corpus) -> None:
    from reader.core.editorial import GlossaryEntry

    def Entry() -> GlossaryEntry:  # noqa: N802 - one glossary entry, built like the class it was
        return GlossaryEntry("nsl", "National Security Law", "law", ("security law", "国安法", "國安法"), (), "", ())

    hits = search_corpus(corpus, "國安法", glossary=[Entry()])
    matched = {m.casefold() for m in _matched(corpus, hits)}
    assert {"国安法", "國安法", "national security law"} <= matched
    assert all(h.via == "" for h in hits if corpus.get(h.doc_id).text[h.start:h.end] in ("国安法", "國安法"))
    assert any(h.via for h in hits)
    # A direct hit is never swallowed by a longer expansion around it.
    direct = search_corpus(corpus, "security law")
    expanded = search_corpus(corpus, "security law", glossary=[Entry()])
    assert {(h.doc_id, h.start, h.end) for h in direct} <= {(h.doc_id, h.start, h.end) for h in expanded}


def test_find_in_notes() -> None:
    def hl(i: str, quote: str, note: str = "", tags: tuple[str, ...] = ()) -> Highlight:
        return Highlight(i, "d", Anchor(quote, start=0, end=len(quote)), note=note, tags=tags)

    notes = [DocumentNotes("d", (
        hl("h1", "Hong Kong", note="Compare the 國安法 date"),
        hl("h2", "soft resistance", tags=("Définition",)),
        hl("h3", "the 国安法 passage"),
        hl("h4", "nothing here"),
    ))]
    search = LibrarySearch([])
    assert [(h.id, w) for h, w in search.find_in_notes("国安法", notes)] == [("h1", "note"), ("h3", "quote")]
    assert [(h.id, w) for h, w in search.find_in_notes("#definition", notes)] == [("h2", "tag")]
    assert search.find_in_notes(" ", notes) == []


_ALPHABET = st.sampled_from(list("aAbß é’'ｘ国國 \n\tﬁ…\u00ad") + ["e\u0301"])


@given(st.lists(_ALPHABET, min_size=1, max_size=60).map("".join), st.data())
def test_any_substring_is_found_where_it_is(text: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    sub = text[i:j]
    hits = SearchIndex("t", text).find(sub)
    if not normalize(sub).strip():
        assert hits == []
        return
    # A hit covering the substring's visible part: only characters that normalise to
    # nothing or to whitespace may lie between the substring's ends and the hit's, and a
    # hit may run past the end only over the combining marks of its last letter.
    def blank(s: str) -> bool:
        return not normalize(s).strip()

    def marks(s: str) -> bool:
        return all(unicodedata.category(c).startswith("M") for c in s)

    assert any(
        i <= h.start and blank(text[i:h.start])
        and (blank(text[h.end:j]) if h.end <= j else marks(text[j:h.end]))
        and normalize(text[h.start:h.end]).strip() == normalize(sub).strip()
        for h in hits
    ), (text, sub, hits)
    for h in hits:
        # Every hit's text contains the query (more when it cut into an expansion: ß, ﬁ, …).
        assert normalize(sub).strip() in normalize(text[h.start:h.end])


@given(st.lists(_ALPHABET, min_size=1, max_size=80).map("".join), st.integers(1, 9))
def test_building_in_windows_changes_nothing(text: str, piece: int) -> None:
    """Indexes are built in 64 Ki-character windows (so a worker thread never holds the
    GIL long); with tiny windows the normalised text and its offset map are the same."""
    import reader.core.search as search_module

    whole = search_module._Normalised(text)
    saved = search_module._PIECE
    search_module._PIECE = piece
    try:
        windowed = search_module._Normalised(text)
    finally:
        search_module._PIECE = saved
    assert (windowed.text, windowed.bp_norm, windowed.bp_orig, windowed.bp_const) == \
        (whole.text, whole.bp_norm, whole.bp_orig, whole.bp_const)


def test_a_hit_on_a_decomposed_letter_covers_its_combining_mark() -> None:
    """Issue 15: "café" typed either way finds ``cafe`` + U+0301 with its accent."""
    text = "Le cafe\u0301 du coin, un café. Ame\u0301lie"
    index = SearchIndex("d", text)
    for query in ("café", "cafe\u0301", "cafe", "CAFÉ"):
        assert [text[s:e] for s, e in index.spans(query)] == ["cafe\u0301", "café"], query
    assert [text[s:e] for s, e in index.spans("ame")] == ["Ame\u0301"]
    assert [text[s:e] for s, e in index.spans("e")][:2] == ["e", "e\u0301"]

