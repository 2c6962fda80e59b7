"""The stored body of imported texts gives back exactly the pieces it was written from."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.importers import blocktext
from reader.core.importers.pieces import InlineBuilder, Piece

_chars = st.characters(blacklist_characters="\n", blacklist_categories=("Cs",))
_runs = st.lists(st.tuples(st.text(_chars, min_size=1, max_size=8),
                           st.sampled_from([frozenset(), frozenset({"em"}), frozenset({"strong"}),
                                            frozenset({"em", "strong"})])), min_size=1, max_size=6)
_kinds = st.sampled_from(["paragraph", "heading", "quote", "caption", "item", "row"])


@st.composite
def pieces(draw: st.DrawFn) -> list[Piece]:
    out = []
    for runs, kind in draw(st.lists(st.tuples(_runs, _kinds), min_size=1, max_size=5)):
        b = InlineBuilder(verbatim=True)
        for text, styles in runs:
            b.add(text, styles)
        p = b.piece(kind, 1 if kind == "heading" else 0)
        if p is not None:
            out.append(p)
    code = draw(st.text(_chars, max_size=12))
    if code.strip():
        out.append(Piece("code", code.rstrip()))
    return out


@given(pieces())
def test_dump_then_parse_is_exact(ps: list[Piece]) -> None:
    blocks = blocktext.parse(blocktext.dump(ps))
    assert [b.text for b in blocks] == [p.text for p in ps]
    assert [b.styles for b in blocks] == [p.styles for p in ps]
    assert [b.kind for b in blocks] == [p.kind if p.kind in ("heading", "quote", "caption") else "paragraph"
                                        for p in ps]


def test_markers_and_escapes_round_trip() -> None:
    ps = [Piece("paragraph", "# not a heading"), Piece("paragraph", "> not a quote"), Piece("paragraph", "a\\*b"),
          Piece("heading", "Real heading", 2), Piece("paragraph", "x", 0, ((0, 1, "em"),))]
    body = blocktext.dump(ps)
    assert body.startswith("\\# not a heading") and "## Real heading" in body and "*x*" in body
    assert [(b.kind, b.text) for b in blocktext.parse(body)] == [
        ("paragraph", "# not a heading"), ("paragraph", "> not a quote"), ("paragraph", "a\\*b"),
        ("heading", "Real heading"), ("paragraph", "x")]
