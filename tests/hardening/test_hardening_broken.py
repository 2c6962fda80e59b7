"""Broken inputs: every YAML file of annotations/ and of the data dir, W3C files and PDFs,
damaged in every way we could think of. Each gives a typed error (or a reported problem)
naming the file and the reason, quickly, and nothing on disk changes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hardening_lib import (
    IDS,
    TALLY,
    broken_pdfs,
    broken_w3c_files,
    one_sentence,
    timed,
    tree_hash,
    w3c_annotation,
    wrong_shapes_for,
    yaml_corruptions,
)
from hypothesis import given
from hypothesis import strategies as st

from reader.core import export_jobs, w3c
from reader.core.check import run_check
from reader.core.corpus import load_corpus
from reader.core.editorial import load_editorial
from reader.core.errors import DataFileError, ReaderError, ValidationError
from reader.core.notes import NoteBook
from reader.core.paths import annotations_dir
from reader.core.store import NotesFileError, NoteStore
from reader.pdf.export import read_embedded_annotations

CORPUS = load_corpus()
ANNOTATION_FILES = sorted(p.name for p in annotations_dir().glob("*.yaml"))
LIST_KEYS = {"glossary.yaml": "entries", "crossrefs.yaml": "crossrefs", "timeline.yaml": "events",
             "alignments.yaml": "alignments"}


def _record(seconds: float, what: str) -> None:
    TALLY.malformed_files += 1
    TALLY.error_time(seconds, what)


def _each_refused(cases: dict[str, bytes], folder: Path, suffix: str, read: Any, errors: tuple[type[Exception], ...],
                  data_dir: Path, what: str, import_error: type[Exception] = ReaderError) -> float:
    """Write each broken file (``folder/<case><suffix>``) and check that
    ``read`` refuses it with one sentence naming it, and ``reader import`` with the same
    sentence; returns the slowest refusal (seconds)."""
    worst = 0.0
    for case, data in cases.items():
        path = folder / f"{case}{suffix}"
        path.write_bytes(data)
        _, exc, seconds = timed(lambda path=path: read(path))
        assert isinstance(exc, errors), f"{case}: {exc!r}"
        assert exc.path == path and one_sentence(str(exc)), f"{case}: {exc}"
        _, exc2, _ = timed(lambda path=path: export_jobs.import_file(path, data_dir, corpus=CORPUS,
                                                                            read_pdf=read_embedded_annotations))
        assert isinstance(exc2, import_error) and str(exc2) == str(exc), case
        _record(seconds, f"{what} {case}")
        worst = max(worst, seconds)
    return worst


# --------------------------------------------------------------------------- annotations/

# The issue's list; the slow variant tries every corruption in hardening_lib.
ISSUE_CASES = ("truncated", "binary", "wrong-type-root-list", "items-wrong-types", "duplicate-keys",
               "alias-bomb", "deep-nesting", "very-deep-nesting")


def _annotation_cases(name: str, every: bool) -> dict[str, bytes]:
    original = (annotations_dir() / name).read_bytes()
    cases = yaml_corruptions(original) | wrong_shapes_for(LIST_KEYS.get(name, "notes"))
    return cases if every else {k: v for k, v in cases.items() if k in ISSUE_CASES}


@pytest.mark.parametrize("name", ANNOTATION_FILES)
def test_each_broken_annotation_file_is_a_problem_naming_it(name: str, tmp_path: Path) -> None:
    _check_annotation_cases(name, _annotation_cases(name, every=False), tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("name", ANNOTATION_FILES)
def test_every_corruption_of_every_annotation_file(name: str, tmp_path: Path) -> None:
    _check_annotation_cases(name, _annotation_cases(name, every=True), tmp_path)


def _check_annotation_cases(name: str, cases: dict[str, bytes], tmp_path: Path) -> None:
    worst = 0.0
    for case, data in cases.items():
        folder = tmp_path / case
        shutil.copytree(annotations_dir(), folder)
        target = folder / name
        target.write_bytes(data)
        before = tree_hash(folder)
        result, exc, seconds = timed(lambda folder=folder: load_editorial(CORPUS, folder=folder))
        assert exc is None, f"{case}: load_editorial raised {exc!r}"
        mine = [p for p in result.problems if p.path == target]
        assert mine, f"{case}: no problem names {name}: {[str(p) for p in result.problems][:3]}"
        assert all(one_sentence(str(p)) for p in result.problems), case
        assert tree_hash(folder) == before, case
        _record(seconds, f"annotations/{name} {case}")
        worst = max(worst, seconds)
    print(f"\nannotations/{name}: {len(cases)} broken versions, worst {worst * 1000:.0f} ms")


def test_reader_check_reports_a_broken_annotation_file(tmp_path: Path, data_dir: Path) -> None:
    folder = tmp_path / "annotations"
    shutil.copytree(annotations_dir(), folder)
    (folder / "glossary.yaml").write_bytes(b"format_version: 1\nentries:\n- id: a\n  id: b\n")
    report = run_check(data_dir, annotations=folder)
    assert any(p.path == folder / "glossary.yaml" and "duplicate" in p.message for p in report.problems)
    _record(0.0, "reader check")


# --------------------------------------------------------------------------- data dir

def _seed(data_dir: Path) -> tuple[NoteStore, str]:
    """A data dir with one highlight, one link and a state file."""
    from reader.core.anchor import Anchor
    from reader.core.model import Endpoint

    store = NoteStore(data_dir)
    book = NoteBook(store, texts=lambda d: CORPUS.get(d).text)
    h, _ = book.add_highlight(IDS[0], 100, 130, note="my note")
    t1 = CORPUS.get(IDS[1]).text
    book.add_link(Endpoint(IDS[0], h.anchor), Endpoint(IDS[1], Anchor.from_span(t1, 10, 40)), "elaborates", "why")
    book.set_state("last_document", IDS[0])
    book.save_now()
    store.release_lock()
    return store, h.id


DATA_FILES = {"notes": f"notes/{IDS[0]}.yaml", "links": "links.yaml", "state": "state.yaml"}


@pytest.mark.parametrize("kind", list(DATA_FILES))
def test_each_broken_data_file_is_a_typed_error_and_is_left_untouched(kind: str, tmp_path: Path) -> None:
    seed_dir = tmp_path / "seed"
    _seed(seed_dir)
    rel = DATA_FILES[kind]
    original = (seed_dir / rel).read_bytes()
    cases = yaml_corruptions(original)
    if kind != "state":  # state.yaml is free-form: any mapping with format_version is valid
        cases |= wrong_shapes_for("highlights" if kind == "notes" else "links")
    worst = 0.0
    for case, data in cases.items():
        d = tmp_path / f"{kind}-{case}"
        shutil.copytree(seed_dir, d)
        target = d / rel
        target.write_bytes(data)
        before = tree_hash(d)
        store = NoteStore(d)
        if kind == "notes":
            _, exc, seconds = timed(lambda store=store: store.load_notes(IDS[0]))
            assert isinstance(exc, NotesFileError), f"{case}: {exc!r}"
            assert exc.path == target and one_sentence(str(exc)), f"{case}: {exc}"
            book = NoteBook(store, texts=lambda doc: CORPUS.get(doc).text)
            assert book.is_read_only(IDS[0])
            with pytest.raises(ReaderError):
                book.add_highlight(IDS[0], 10, 20)
            book.save_now()
        elif kind == "links":
            _, exc, seconds = timed(store.load_links)
            assert isinstance(exc, NotesFileError), f"{case}: {exc!r}"
            assert exc.path == target and one_sentence(str(exc)), f"{case}: {exc}"
        else:
            state, exc, seconds = timed(store.load_state)
            assert exc is None and state == {}, case
            assert [p.path for p in store.problems] == [target], case
            assert one_sentence(str(store.problems[0]))
        store.release_lock()
        assert tree_hash(d) == before, f"{case}: the data dir changed"
        _record(seconds, f"{rel} {case}")
        worst = max(worst, seconds)
    print(f"\n{rel}: {len(cases)} broken versions, worst {worst * 1000:.0f} ms")


@pytest.mark.parametrize("case", ["truncated", "binary", "duplicate-keys", "alias-bomb", "deep-nesting"])
def test_broken_notes_refuse_export_import_and_are_reported_by_check(case: str, tmp_path: Path) -> None:
    d = tmp_path / "data"
    _seed(d)
    target = d / DATA_FILES["notes"]
    target.write_bytes(yaml_corruptions(target.read_bytes())[case])
    before = tree_hash(d)
    report = run_check(d)
    assert any(p.path == target for p in report.problems), [str(p) for p in report.problems]
    with pytest.raises(NotesFileError) as err:
        export_jobs.export_text("markdown", tmp_path / "out.md", d, [IDS[0]])
    assert err.value.path == target and not (tmp_path / "out.md").exists()
    src = tmp_path / "in.json"
    text = CORPUS.get(IDS[0]).text
    src.write_text(json.dumps([w3c_annotation(IDS[0], text[300:330], 300, 330, note="x")]))
    with pytest.raises(NotesFileError):
        export_jobs.import_file(src, d)
    assert tree_hash(d) == before
    TALLY.malformed_files += 3


def test_window_with_a_broken_notes_file_keeps_it_byte_for_byte(make_window, tmp_path: Path) -> None:
    d = tmp_path / "data"
    _seed(d)
    target = d / DATA_FILES["notes"]
    target.write_bytes(b"format_version: 1\ndocument: [unclosed\n")
    before = target.read_bytes()
    w = make_window(d)
    assert w.open_document(IDS[0])
    assert "could not be read" in w.banner.text() and str(target) in w.banner.text()
    text = w.session.document(IDS[0]).text
    w.view.select_offsets(400, 420)
    assert w.highlight_selection() is None
    assert w.open_document(IDS[1])  # the other documents keep working
    w.view.select_offsets(50, 70)
    assert w.highlight_selection() is not None
    w.close()
    assert target.read_bytes() == before
    assert text
    TALLY.malformed_files += 1


# --------------------------------------------------------------------------- W3C files

def test_each_broken_w3c_file_is_one_sentence_and_changes_nothing(tmp_path: Path, data_dir: Path) -> None:
    _seed(data_dir)
    before = tree_hash(data_dir)
    cases = broken_w3c_files(IDS[0], CORPUS.get(IDS[0]).text)
    worst = _each_refused(cases, tmp_path, ".json", lambda path: w3c.load_file(path, CORPUS),
                          (DataFileError, ValidationError), data_dir, "W3C")
    assert tree_hash(data_dir) == before
    print(f"\nW3C: {len(cases)} broken files, worst {worst * 1000:.0f} ms")


def test_out_of_range_positions_fall_back_to_the_quote(tmp_path: Path, data_dir: Path) -> None:
    text = CORPUS.get(IDS[0]).text
    quote = text[500:540]
    path = tmp_path / "shifted.json"
    path.write_text(json.dumps([w3c_annotation(IDS[0], quote, 10**9, 10**9 + 40, note="n")]))
    result = w3c.load_file(path, CORPUS)
    (h,) = result.by_doc[IDS[0]]
    assert text[h.anchor.start:h.anchor.end] == quote


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "target", "source", "selector", "body", "items", "first", "exact",
                         "start", "end", "value", "purpose", "id", "next"]) | st.text(max_size=5),
        inner, max_size=5),
    max_leaves=20,
)


@given(data=_json)
def test_any_json_shape_is_imported_or_refused_with_a_validation_error(data: Any) -> None:
    try:
        result = w3c.parse_annotations(data, CORPUS, source="fuzz.json")
    except ValidationError as exc:
        assert one_sentence(str(exc)) and "fuzz.json" in str(exc)
        return
    assert result.count >= 1


# --------------------------------------------------------------------------- PDFs

def test_each_broken_pdf_is_one_sentence_and_changes_nothing(tmp_path: Path, data_dir: Path) -> None:
    _seed(data_dir)
    before = tree_hash(data_dir)
    text = CORPUS.get(IDS[0]).text
    payload = json.dumps({"type": "AnnotationCollection", "first": {"type": "AnnotationPage", "items": [
        w3c_annotation(IDS[0], text[300:330], 300, 330, note="x")]}}).encode()
    cases = broken_pdfs(payload)
    worst = _each_refused(cases, tmp_path, ".pdf", read_embedded_annotations, (DataFileError,), data_dir,
                          "PDF", import_error=DataFileError)
    assert tree_hash(data_dir) == before
    print(f"\nPDF: {len(cases)} broken files, worst {worst * 1000:.0f} ms")
