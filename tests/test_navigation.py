"""Back/forward history, the link being made and the next-occurrence rule (reader.core.navigation)."""

from __future__ import annotations

from reader.core.navigation import History, LinkDraft, Place, next_occurrence


def test_history_walks_back_and_forward_and_drops_the_places_ahead() -> None:
    h = History()
    assert h.current is None and not h.can_back() and not h.can_forward()
    for offset in (0, 100, 200):
        h.record(Place("a", offset))
    assert h.go(-1) == Place("a", 100) and h.go(-1) == Place("a", 0)
    assert not h.can_back() and h.go(-1) is None
    assert h.go(1) == Place("a", 100)
    h.record(Place("b", 5))  # a new place drops "a"@200
    assert not h.can_forward() and len(h) == 3
    assert h.go(-1) == Place("a", 100)


def test_history_ignores_the_same_place_and_remembers_where_back_left() -> None:
    h = History()
    h.record(Place("a", 10))
    h.record(Place("a", 11))  # a scroll of one character is the same place
    assert len(h) == 1
    h.record(Place("b", 0))
    h.go(-1)
    h.go(1, Place("b", 999))  # forward never rewrites
    assert h.current == Place("b", 0)
    assert h.go(-1, here=Place("b", 500)) == Place("a", 10)
    assert h.go(1) == Place("b", 500)  # forward returns to where the reader had scrolled
    h.go(-1, here=Place("other", 7))  # a place in another document is not the current one's
    assert h.go(1) == Place("b", 500)


def test_link_draft_needs_a_start() -> None:
    draft = LinkDraft()
    text = "one two three four"
    assert draft.target("d", text, 4, 7) is None
    src = draft.start("d", text, 0, 3)
    source, target = draft.target("e", text, 8, 13)
    assert source == src and source.anchor.exact == "one" and (target.doc_id, target.anchor.exact) == ("e", "three")
    draft.clear()
    assert draft.source is None


def test_next_occurrence_after_the_top_else_the_first() -> None:
    spans = [(10, 12), (50, 52), (90, 92)]
    assert next_occurrence(spans, 0) == (10, 12)
    assert next_occurrence(spans, 10) == (50, 52)
    assert next_occurrence(spans, 95) == (10, 12)
    assert next_occurrence([], 0) is None
