"""Anchoring engine: selector formats, resolution rules, and robustness to random edits."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from reader.core.anchor import (
    CONTEXT_CHARS,
    FUZZY_THRESHOLD,
    Anchor,
    AnchorFormatError,
    Resolution,
    resolve,
    resolve_many,
)

REPO = Path(__file__).resolve().parents[1]

PARA = (
    "Secretary for Justice Paul Lam said soft resistance involves false statements. "
    "Speaking to local media outlets on Monday, Lam said methods of soft resistance may "
    "not always be illegal, but that did not mean they would not harm society.\n"
    "He said there were three main elements of soft resistance: making false or misleading "
    "statements, expressing them irrationally, and the intention of creating misunderstanding."
)


def span_of(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def text_at(res: Resolution, text: str) -> str:
    assert res.start is not None and res.end is not None
    return text[res.start : res.end]


# --------------------------------------------------------------------------- Anchor


def test_from_span_fills_quote_and_clipped_context() -> None:
    a = Anchor.from_span(PARA, *span_of(PARA, "Paul Lam"))
    assert a.exact == "Paul Lam"
    assert a.prefix == "Secretary for Justice "  # clipped at the start of the text
    assert len(a.suffix) == CONTEXT_CHARS
    assert PARA.startswith(a.prefix + a.exact + a.suffix)
    end = Anchor.from_span(PARA, len(PARA) - 5, len(PARA))
    assert end.suffix == "" and len(end.prefix) == CONTEXT_CHARS


@pytest.mark.parametrize(
    ("start", "end"), [(-1, 3), (3, 3), (5, 2), (0, len(PARA) + 1), (1.0, 3), (True, 3)]
)
def test_from_span_rejects_bad_ranges(start: object, end: object) -> None:
    with pytest.raises(ValueError):
        Anchor.from_span(PARA, start, end)  # type: ignore[arg-type]


def test_dict_round_trip() -> None:
    a = Anchor.from_span(PARA, *span_of(PARA, "soft resistance", 1))
    d = a.to_dict()
    assert set(d) == {"exact", "prefix", "suffix", "start", "end"}
    assert Anchor.from_dict(d) == a
    quote_only = Anchor("soft resistance", "of ", " may")
    assert quote_only.to_dict() == {"exact": "soft resistance", "prefix": "of ", "suffix": " may"}
    assert Anchor.from_dict(quote_only.to_dict()) == quote_only
    assert Anchor.from_dict({"exact": "x", "note": "ignored"}) == Anchor("x")


def test_selectors_round_trip() -> None:
    a = Anchor.from_span(PARA, *span_of(PARA, "three main elements"))
    sels = a.to_selectors()
    assert sels == [
        {"type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix},
        {"type": "TextPositionSelector", "start": a.start, "end": a.end},
    ]
    assert Anchor.from_selectors(sels) == a
    assert Anchor.from_selectors(list(reversed(sels))) == a
    quote = Anchor.from_selectors([sels[0]])
    assert quote == Anchor(a.exact, a.prefix, a.suffix) and quote.start is None
    assert Anchor(a.exact).to_selectors() == [
        {"type": "TextQuoteSelector", "exact": a.exact, "prefix": "", "suffix": ""}
    ]
    # A single selector object, other selector types ignored, position-only with the text.
    assert Anchor.from_selectors(sels[0]) == quote
    assert Anchor.from_selectors([{"type": "XPathSelector", "value": "/p[1]"}, *sels]) == a
    assert Anchor.from_selectors([sels[1]], text=PARA) == a


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["exact"], "anchor must be a mapping, got list"),
        ({"prefix": "a"}, "anchor is missing 'exact'"),
        ({"exact": 5}, "anchor 'exact' must be a string, got int"),
        ({"exact": None}, "anchor 'exact' must be a string, got NoneType"),
        ({"exact": "a", "suffix": ["b"]}, "anchor 'suffix' must be a string, got list"),
        ({"exact": "a", "start": 1}, "anchor has 'start' without 'end'"),
        ({"exact": "a", "end": 1}, "anchor has 'end' without 'start'"),
        ({"exact": "a", "start": "1", "end": 2}, "anchor 'start' must be an integer, got str"),
        ({"exact": "a", "start": 1, "end": 2.0}, "anchor 'end' must be an integer, got float"),
        ({"exact": "a", "start": True, "end": 2}, "anchor 'start' must be an integer, got bool"),
        ({"exact": "a", "start": -1, "end": 2}, "anchor 'start' must not be negative, got -1"),
        ({"exact": "a", "start": 5, "end": 2}, "anchor 'start' (5) is after 'end' (2)"),
    ],
)
def test_from_dict_errors(data: object, message: str) -> None:
    with pytest.raises(AnchorFormatError) as exc:
        Anchor.from_dict(data)  # type: ignore[arg-type]
    assert str(exc.value) == message
    assert isinstance(exc.value, ValueError)


@pytest.mark.parametrize(
    ("selectors", "message"),
    [
        ("TextQuoteSelector", "selectors must be a list of mappings, got str"),
        ([], "no TextQuoteSelector or TextPositionSelector in selectors"),
        ([{"type": "CssSelector"}], "no TextQuoteSelector or TextPositionSelector in selectors"),
        ([3], "selector 0 must be a mapping, got int"),
        ([{"type": "TextQuoteSelector"}], "TextQuoteSelector is missing 'exact'"),
        (
            [{"type": "TextQuoteSelector", "exact": "a", "prefix": 1}],
            "TextQuoteSelector 'prefix' must be a string, got int",
        ),
        ([{"type": "TextPositionSelector", "start": 1}], "TextPositionSelector is missing 'end'"),
        (
            [{"type": "TextPositionSelector", "start": 4, "end": 1}],
            "TextPositionSelector 'start' (4) is after 'end' (1)",
        ),
        (
            [{"type": "TextPositionSelector", "start": 1, "end": 4}],
            "a TextPositionSelector without a TextQuoteSelector needs the document text",
        ),
    ],
)
def test_from_selectors_errors(selectors: object, message: str) -> None:
    with pytest.raises(AnchorFormatError) as exc:
        Anchor.from_selectors(selectors)  # type: ignore[arg-type]
    assert str(exc.value) == message


# --------------------------------------------------------------------------- resolve


def test_ok_when_position_still_matches() -> None:
    a = Anchor.from_span(PARA, *span_of(PARA, "misleading statements"))
    assert resolve(a, PARA) == Resolution("ok", a.start, a.end, 1.0)
    edited = PARA + "\nA new closing paragraph."
    assert resolve(a, edited).status == "ok"


def test_drifted_after_insertion_before() -> None:
    a = Anchor.from_span(PARA, *span_of(PARA, "three main elements"))
    edited = "A new opening sentence. " + PARA
    res = resolve(a, edited)
    assert res.status == "drifted" and res.score == 1.0
    assert (res.start, res.end) == (a.start + 24, a.end + 24)  # type: ignore[operator]
    new = res.anchor(edited)
    assert new is not None and new.exact == a.exact and new.start == res.start
    assert resolve(new, edited).status == "ok"


def test_duplicate_quote_disambiguated_by_context() -> None:
    # "soft resistance" occurs three times; the anchor is on the second.
    a = Anchor.from_span(PARA, *span_of(PARA, "soft resistance", 1))
    edited = PARA.replace("Speaking", "Speaking at length", 1)
    res = resolve(a, edited)
    assert res.status == "drifted"
    assert (res.start, res.end) == span_of(edited, "soft resistance", 1)
    # Without a position the context alone still picks the right one.
    quote_only = Anchor(a.exact, a.prefix, a.suffix)
    assert (resolve(quote_only, PARA).start, resolve(quote_only, PARA).end) == span_of(
        PARA, "soft resistance", 1
    )
    third = Anchor.from_span(PARA, *span_of(PARA, "soft resistance", 2))
    assert resolve(Anchor(third.exact, third.prefix, third.suffix), edited).start == span_of(
        edited, "soft resistance", 2
    )[0]


def test_fuzzy_reanchor_after_typo_fix_in_quote() -> None:
    old = PARA.replace("methods of soft resistance", "methds of soft resistence")
    a = Anchor.from_span(old, *span_of(old, "methds of soft resistence may"))
    res = resolve(a, PARA)
    assert res.status == "drifted"
    assert text_at(res, PARA) == "methods of soft resistance may"
    assert FUZZY_THRESHOLD <= res.score < 1.0
    new = res.anchor(PARA)
    assert new is not None and new.exact == "methods of soft resistance may"


def test_orphan_after_deletion() -> None:
    a = Anchor.from_span(PARA, *span_of(PARA, "expressing them irrationally"))
    edited = PARA.replace("expressing them irrationally, ", "")
    res = resolve(a, edited)
    assert res == Resolution("orphan", None, None, 0.0)
    assert res.anchor(edited) is None and res.span is None


def test_empty_quote_is_orphan() -> None:
    assert resolve(Anchor("", start=0, end=0), PARA).status == "orphan"
    assert resolve(Anchor(""), "").status == "orphan"


def test_never_ok_when_text_differs() -> None:
    a = Anchor.from_span(PARA, *span_of(PARA, "Paul Lam"))
    edited = PARA.replace("Paul Lam", "Paul Lem", 1)
    res = resolve(a, edited)
    assert res.status != "ok"
    if res.status == "drifted":
        assert text_at(res, edited) == "Paul Lem"


def test_short_quote_needs_context_to_move() -> None:
    text = "The cat sat on the mat. Nothing else happened that day in the quiet town."
    a = Anchor.from_span(text, *span_of(text, "cat"))
    rewritten = "A dog ran past. Somebody else owned a cat, apparently, and a large house."
    assert resolve(a, rewritten).status == "orphan"
    # A quote-only short anchor has no context to disagree with: it takes the first hit.
    assert resolve(Anchor("cat"), rewritten).status == "drifted"


def test_moved_paragraph_is_followed() -> None:
    first, second = PARA.split("\n")
    a = Anchor.from_span(PARA, *span_of(PARA, "three main elements of soft resistance"))
    swapped = second + "\n" + first
    res = resolve(a, swapped)
    assert res.status == "drifted"
    assert text_at(res, swapped) == a.exact


def test_cjk_text() -> None:
    text = (
        "律政司司長林定國表示，「軟對抗」涉及以虛假陳述製造對中央和特區政府的誤解。"
        "他說軟對抗未必一定違法，但不代表不會對社會造成傷害。\n"
        "律政司司长林定国表示，“软对抗”涉及以虚假陈述制造对中央和特区政府的误解。"
    )
    a = Anchor.from_span(text, *span_of(text, "軟對抗未必一定違法"))
    assert resolve(a, text).status == "ok"
    edited = "香港自由新聞報道：" + text
    res = resolve(a, edited)
    assert res.status == "drifted" and text_at(res, edited) == "軟對抗未必一定違法"
    # One character changed inside the quote (Traditional -> Simplified): fuzzy.
    fixed = edited.replace("未必一定違法", "未必一定违法")
    res = resolve(a, fixed)
    assert res.status == "drifted" and text_at(res, fixed) == "軟對抗未必一定违法"
    assert res.score == pytest.approx(1 - 1 / 9)


def test_emoji_and_combining_marks_use_code_point_offsets() -> None:
    family = "👩\u200d👩\u200d👧"
    text = f"Cafe\u0301 owners {family} and na\u0308ive readers met at the 🇭🇰 booth on Monday."
    start, end = span_of(text, f"owners {family} and")
    assert end - start == len("owners  and") + 5  # the ZWJ sequence is 5 code points
    a = Anchor.from_span(text, start, end)
    assert resolve(a, text).status == "ok"
    edited = "🎉 e\u0301" + text
    res = resolve(a, edited)
    assert res.status == "drifted"
    assert (res.start, res.end) == (start + 4, end + 4)
    assert text_at(res, edited) == a.exact
    b = Anchor.from_span(text, *span_of(text, "na\u0308ive readers"))
    res = resolve(b, text.replace("na\u0308ive", "naïve"))  # precomposed: one code point fewer
    assert res.status == "drifted" and text_at(res, text.replace("na\u0308ive", "naïve")) == (
        "naïve readers"
    )


def test_position_out_of_range_after_truncation() -> None:
    a = Anchor.from_span(PARA, *span_of(PARA, "creating misunderstanding"))
    short = PARA[:20] + PARA[-60:]
    res = resolve(a, short)
    assert res.status == "drifted" and text_at(res, short) == "creating misunderstanding"
    assert resolve(a, "").status == "orphan"


def test_resolve_many_matches_resolve() -> None:
    spans = [span_of(PARA, w) for w in ("Paul Lam", "soft resistance", "Monday", "harm society")]
    anchors = [Anchor.from_span(PARA, *s) for s in spans] + [Anchor("nowhere to be found")]
    edited = "Intro. " + PARA.replace("harm society", "harm the society")
    assert resolve_many(anchors, edited) == [resolve(a, edited) for a in anchors]
    assert resolve_many(iter(anchors), edited)[-1].status == "orphan"


# --------------------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(
    list("abcde fgh.,\n") + list("軟對抗香港的了") + ["👩\u200d👧", "e\u0301", "🇭🇰"]
)
_texts = st.lists(_ALPHABET, min_size=20, max_size=300).map("".join)
_inserts = st.lists(_ALPHABET, min_size=0, max_size=20).map("".join)


@st.composite
def _anchored_edit(draw: st.DrawFn, inside: bool) -> tuple[str, Anchor, str, int, int, int]:
    """(text, anchor, edited text, edit start, edit end, replacement length)."""
    text = draw(_texts)
    n = len(text)
    start = draw(st.integers(0, n - 1))
    end = draw(st.integers(start + 1, min(n, start + 40)))
    anchor = Anchor.from_span(text, start, end)
    if inside:
        a = draw(st.integers(start, end - 1))
        b = draw(st.integers(a, min(n, a + 10)))
        assume(b > a or a > start)  # a pure insertion must be strictly inside
    else:
        before = draw(st.booleans()) if start > 0 and end < n else start > 0
        if before:
            a = draw(st.integers(0, start))
            b = draw(st.integers(a, start))
        else:
            a = draw(st.integers(end, n))
            b = draw(st.integers(a, n))
    repl = draw(_inserts)
    return text, anchor, text[:a] + repl + text[b:], a, b, len(repl)


@given(_anchored_edit(inside=False))
def test_property_edit_outside_quote_keeps_the_quote(case: tuple) -> None:
    text, anchor, edited, a, b, rlen = case
    res = resolve(anchor, edited)
    assert res.status in ("ok", "drifted")
    assert text_at(res, edited) == anchor.exact
    assert anchor.start is not None and anchor.end is not None
    shift = 0 if a >= anchor.end else rlen - (b - a)
    if res.status == "ok":
        assert (res.start, res.end) == (anchor.start, anchor.end)
    else:
        assert (res.start, res.end) != (anchor.start, anchor.end)
    if shift == 0:
        assert res.status == "ok"
    if edited.count(anchor.exact) == 1:
        assert (res.start, res.end) == (anchor.start + shift, anchor.end + shift)


@given(_anchored_edit(inside=True))
def test_property_edit_inside_quote_never_ok_with_wrong_span(case: tuple) -> None:
    text, anchor, edited, a, b, rlen = case
    res = resolve(anchor, edited)
    if res.status == "orphan":
        assert res.start is None and res.end is None
        return
    got = text_at(res, edited)
    if res.status == "ok":
        assert got == anchor.exact and (res.start, res.end) == (anchor.start, anchor.end)
    else:
        assert Levenshtein.normalized_similarity(anchor.exact, got) >= FUZZY_THRESHOLD
        assert res.score == pytest.approx(Levenshtein.normalized_similarity(anchor.exact, got))


@given(_texts, st.data())
def test_property_unedited_text_is_always_ok(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    a = Anchor.from_span(text, start, end)
    assert resolve(a, text) == Resolution("ok", start, end, 1.0)
    assert Anchor.from_dict(a.to_dict()) == a == Anchor.from_selectors(a.to_selectors())


# --------------------------------------------------------------------------- corpus-scale


def _load_bench(name: str) -> ModuleType:
    path = REPO / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while building
    spec.loader.exec_module(module)
    return module


def test_reanchoring_rate_on_1000_seeded_edits() -> None:
    bench = _load_bench("anchor_reanchor_rate")
    report = bench.run(edits=1000, seed=1234)
    print()
    print(report.summary())
    print(report.details())
    assert report.ok + report.drifted + report.orphan == report.edits == 1000
    assert report.wrong == 0, report.wrong_cases
    assert report.by_kind["far"]["orphan"] == 0
    assert report.by_kind["near"]["orphan"] == 0


def test_resolve_many_on_4mb_text_matches_resolve() -> None:
    bench = _load_bench("anchor_reanchor_rate")
    rng = random.Random(99)
    text = bench.make_text(rng, target=4_000_000)
    anchors = []
    for _ in range(10_000):
        length = rng.randint(4, 120)
        start = rng.randrange(0, len(text) - length)
        anchors.append(Anchor.from_span(text, start, start + length))
    results = resolve_many(anchors, text)
    assert all(r.status == "ok" for r in results)
    assert [(r.start, r.end) for r in results] == [(a.start, a.end) for a in anchors]

    edited = "A paragraph added at the top.\n" + text[:2_000_000] + text[2_000_050:]
    sample = rng.sample(range(len(anchors)), 40)
    many = resolve_many(anchors, edited)
    assert [many[i] for i in sample] == [resolve(anchors[i], edited) for i in sample]
    moved = [r for r, a in zip(many, anchors) if a.start is not None and a.start < 1_999_000]
    assert moved and all(r.status == "drifted" for r in moved)


# --------------------------------------------------------------------------- Unicode NFC (issue 15)

CAFES = "At the corner, the café opened. Later we met at the {} on Main Street for lunch."


def test_a_decomposed_quote_anchors_to_the_composed_text_in_place() -> None:
    """A W3C quote ``cafe`` + U+0301 finds the composed "café" where its context stands."""
    text = CAFES.format("café")
    quote = Anchor("cafe\u0301", "Later we met at the ", " on Main Street for lunch.")
    res = resolve(quote, text)
    assert res.status == "drifted" and res.start == text.index("café on") and text_at(res, text) == "café"


def test_a_composed_quote_covers_the_decomposed_text_in_place_not_a_copy_elsewhere() -> None:
    text = CAFES.format("cafe\u0301")
    at = text.index("cafe\u0301")
    quote = Anchor("café", "Later we met at the ", " on Main Street for lunch.", at, at + 4)
    res = resolve(quote, text)
    assert (res.status, res.start, res.end) == ("drifted", at, at + 5)  # with its combining accent
    assert text_at(res, text) == "cafe\u0301"
    assert resolve(Anchor("cafe\u0301", "Later we met at the ", " on Main", at, at + 5), text).status == "ok"


def test_nfc_resolution_maps_offsets_past_other_decomposed_letters() -> None:
    text = "Cafe\u0301 na\u0308ive " * 3 + CAFES.format("café")
    quote = Anchor("cafe\u0301 on Main", "Later we met at the ", " Street for lunch.", 3, 20)
    res = resolve(quote, text)
    assert res.status == "drifted" and text_at(res, text) == "café on Main"


@given(st.lists(st.sampled_from(["a", "e", "\u0301", "\u0323", "é", "Å", "\u212b", "\u1100", "\u1161", "\u11a8",
                                 "\u0b47", "\u0b3e", "香", " "]), max_size=30).map("".join))
def test_nfc_text_is_nfc_and_maps_run_edges_both_ways(text: str) -> None:
    import unicodedata

    from reader.core.nfc import NfcText

    folded = NfcText(text)
    assert folded.text == unicodedata.normalize("NFC", text)
    for i in range(len(text) + 1):
        j = folded.to_norm(i)
        assert 0 <= j <= len(folded.text) and folded.to_orig(j) <= i
        assert folded.to_orig(folded.to_norm(i, end=True), end=True) >= i
