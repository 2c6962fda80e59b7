"""Random notes survive save/load unchanged, and both readers of the file agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import fsutil, yamlio
from reader.core.anchor import Anchor
from reader.core.model import PALETTE, DocumentNotes, Highlight
from reader.core.notes_codec import (
    _quick_row,
    _strict_highlight,
    highlight_from_row,
    highlight_to_dict,
)
from reader.core.store import NoteStore, dump_notes

DOC = "round-trip"

# Every code point except surrogates (which are not text and are rejected on save).
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
hex_color = st.sampled_from(PALETTE) | st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)


@st.composite
def anchors(draw: st.DrawFn) -> Anchor:
    exact = draw(text)
    if draw(st.booleans()):
        start = draw(st.integers(0, 10**9))
        end = start + draw(st.integers(0, 10**6))
    else:
        start = end = None
    return Anchor(exact, draw(text), draw(text), start, end)


@st.composite
def document_notes(draw: st.DrawFn) -> DocumentNotes:
    ids = draw(st.lists(text.filter(bool), unique=True, max_size=8))
    hs = tuple(
        Highlight(
            id=i, doc_id=DOC, anchor=draw(anchors()), color=draw(hex_color), note=draw(text),
            tags=tuple(draw(st.lists(text, max_size=4))), created=draw(text), modified=draw(text),
            review=draw(st.booleans()),
        )
        for i in ids
    )
    return DocumentNotes(DOC, hs, draw(text))


def diff(a: DocumentNotes, b: DocumentNotes) -> list[str]:
    out = []
    if a.document_note != b.document_note:
        out.append(f"document_note {a.document_note!r} != {b.document_note!r}")
    if len(a.highlights) != len(b.highlights):
        out.append(f"{len(a.highlights)} highlights != {len(b.highlights)}")
    for x, y in zip(a.highlights, b.highlights):
        if x != y:
            out.append(f"{x!r} != {y!r}")
    return out


def run_round_trips(data_dir: Path, examples: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    # Durability is tested elsewhere (test_store_crash); skipping the disk flush keeps
    # thousands of examples quick.
    monkeypatch.setattr(fsutil.os, "fsync", lambda fd: None)
    store = NoteStore(data_dir, backup_interval=10**9)
    assert store.acquire_lock()
    count = 0
    differences: list[str] = []

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(document_notes())
    def round_trip(notes: DocumentNotes) -> None:
        nonlocal count
        count += 1
        store.save_notes(notes)
        loaded = store.load_notes(DOC)
        # The strict YAML loader must read the same file to the same data.
        plain = yamlio.load_file(store.notes_path(DOC))
        via_yaml = DocumentNotes(
            DOC, tuple(_strict_highlight(h, DOC) for h in plain["highlights"]), plain["document_note"] or ""
        )
        found = diff(notes, loaded) + [f"yaml: {d}" for d in diff(notes, via_yaml)]
        differences.extend(found)
        assert not found, found

    try:
        round_trip()
    finally:
        store.release_lock()
    return count, differences


def test_round_trip(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    count, differences = run_round_trips(data_dir, 200, monkeypatch)
    print(f"\nround trips: {count}, differences: {len(differences)}")
    assert count >= 100 and differences == []


@pytest.mark.slow
def test_round_trip_stress(
    data_dir: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("stress variant: run with `make stress` (pytest -m slow)")
    count, differences = run_round_trips(data_dir, 10_000, monkeypatch)
    print(f"\nround trips: {count}, differences: {len(differences)}")
    assert count >= 9_000 and differences == []


@given(document_notes())
@settings(deadline=None)
def test_dump_is_yaml_with_the_same_meaning(notes: DocumentNotes) -> None:
    text_ = dump_notes(notes)
    data = yamlio.loads(text_)
    assert data["format_version"] == 1 and data["document"] == DOC
    assert [h["id"] for h in data["highlights"]] == [h.id for h in notes.highlights]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10**12) | st.floats(allow_nan=False) | text
    | st.sampled_from(PALETTE) | st.sampled_from(["#FFD400", "#ffd40", "#gggggg"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def highlight_dicts(draw: st.DrawFn) -> dict:
    # Mostly well-formed, with one or two fields replaced by arbitrary values.
    d = highlight_to_dict(draw(document_notes().filter(lambda n: bool(n.highlights))).highlights[0])
    for _ in range(draw(st.integers(0, 2))):
        anchor = d.get("anchor")
        # The first pass may have removed or replaced the anchor: then only d is left to mangle.
        target = anchor if isinstance(anchor, dict) and draw(st.booleans()) else d
        key = draw(st.sampled_from(sorted(target) + ["review", "start", "end"]))
        if draw(st.booleans()):
            target[key] = draw(json_values)
        else:
            target.pop(key, None)
    return d


@given(highlight_dicts())
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_quick_reader_agrees_with_strict_reader(d: dict) -> None:
    row = _quick_row(d)
    if row is None:
        return  # the strict reader decides; nothing to compare
    assert highlight_from_row(row, DOC) == _strict_highlight(d, DOC)
