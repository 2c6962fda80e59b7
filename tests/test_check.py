"""``reader check`` as a function: texts, annotations and the reader's own notes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.core import paths
from reader.core.anchor import Anchor
from reader.core.check import CHECK_COUNT_KEYS, run_check
from reader.core.corpus import load_corpus

LAM = "paul-lam-soft-resistance"
QUOTE = "The term was first used in 2021"


def test_shipped_corpus_has_no_problems() -> None:
    report = run_check(None)
    assert [str(p) for p in report.problems] == []
    assert report.warnings == []
    assert tuple(report.counts) == CHECK_COUNT_KEYS == (
        "documents", "glossary_entries", "crossrefs", "timeline_events", "alignments",
        "anchors_ok", "anchors_drifted", "anchors_orphan",
        "my_glossary_entries", "my_timeline_events", "my_crossrefs",
    )
    assert report.counts["documents"] == 3
    assert report.counts["anchors_drifted"] == 0 and report.counts["anchors_orphan"] == 0
    assert report.counts["anchors_ok"] > 0
    assert report.ok


def _texts_copy(tmp_path: Path) -> Path:
    texts = tmp_path / "texts"
    shutil.copytree(paths.texts_dir(), texts)
    return texts


FRONT = "---\nid: {id}\ntitle: A title\nauthors: []\npublisher: me\nlanguages: [en]\nsource: x.txt\nremoved: []\n---\n"


def test_broken_texts_give_one_problem_each(tmp_path: Path, data_dir: Path) -> None:
    texts = _texts_copy(tmp_path)
    (texts / "broken-front.md").write_text(
        "---\nid: broken-front\ntitle: \"unclosed\nauthors: []\n---\nBody.\n", encoding="utf-8"
    )
    (texts / "latin1.md").write_bytes(FRONT.format(id="latin1").encode() + "Caf\xe9 au lait.\n".encode("latin-1"))
    library = data_dir / "library"
    library.mkdir()
    (library / "copy.md").write_text(FRONT.format(id=LAM) + "Body.\n", encoding="utf-8")

    report = run_check(data_dir, texts=texts)
    lines = sorted(str(p) for p in report.problems)
    front_matter = [ln for ln in lines if ln.startswith(f"{texts / 'broken-front.md'}:")]
    assert len(front_matter) == 1 and "is not valid YAML" in front_matter[0]
    assert f"{texts / 'latin1.md'}:10: is not valid UTF-8 (byte 0xe9 at offset {len(FRONT.format(id='latin1')) + 3})" in lines
    assert f"{library / 'copy.md'}:2: duplicate document id '{LAM}' (also in {texts / (LAM + '.md')})" in lines
    assert len(lines) == 3, lines
    # The good texts still load and the editorial layer still checks clean against them.
    assert report.counts["documents"] == 3 and report.counts["anchors_orphan"] == 0


def test_a_broken_shipped_text_also_breaks_its_annotations(tmp_path: Path) -> None:
    texts = _texts_copy(tmp_path)
    path = texts / f"{LAM}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: [", 1), encoding="utf-8")
    report = run_check(None, texts=texts)
    assert report.counts["documents"] == 2
    own = [p for p in report.problems if p.path == path]
    assert len(own) == 1 and own[0].line is not None and own[0].line > 1
    assert any(f"unknown document '{LAM}'" in p.message for p in report.problems if p.path != path)


def test_annotations_override(tmp_path: Path) -> None:
    folder = tmp_path / "annotations"
    folder.mkdir()
    report = run_check(None, annotations=folder)
    assert sorted((p.path.name, p.message) for p in report.problems) == [
        (name, "required editorial file is missing")
        for name in ("alignments.yaml", "crossrefs.yaml", "glossary.yaml", "timeline.yaml")
    ]


# ---------------------------------------------------------------- the reader's notes

def _highlight(hid: str, anchor: Anchor) -> str:
    return json.dumps({
        "id": hid, "anchor": anchor.to_dict(), "color": "#ffd400", "note": "", "tags": [],
        "created": "2024-01-01T00:00:00Z", "modified": "2024-01-01T00:00:00Z",
    }, ensure_ascii=False)


def _write_notes(data_dir: Path, doc_id: str, items: list[str]) -> Path:
    notes = data_dir / "notes"
    notes.mkdir(exist_ok=True)
    path = notes / f"{doc_id}.yaml"
    body = "".join(f"  - {item}\n" for item in items)
    path.write_text(
        f"format_version: 1\ndocument: {doc_id}\ndocument_note: ''\nhighlights:\n{body}", encoding="utf-8"
    )
    return path


def test_user_notes_are_resolved_and_counted(data_dir: Path) -> None:
    pytest.importorskip("reader.core.store")
    text = load_corpus().get(LAM).text
    start = text.index(QUOTE)
    good = Anchor.from_span(text, start, start + len(QUOTE))
    moved = Anchor(good.exact, good.prefix, good.suffix, start + 5, start + 5 + len(QUOTE))
    gone = Anchor("A sentence that was never in this text at all.", "", "", 10, 57)
    path = _write_notes(data_dir, LAM, [_highlight("h-ok", good), _highlight("h-moved", moved), _highlight("h-gone", gone)])
    baseline = run_check(None).counts

    report = run_check(data_dir)
    assert [str(p) for p in report.problems] == [
        f"{path}:7: note h-gone is orphaned: 'A sentence that was never in this text …' "
        f"is no longer in '{LAM}'; re-attach or delete it in the reader"
    ]
    assert [str(p) for p in report.warnings] == [
        f"{path}:6: note h-moved drifted: {QUOTE!r} moved in '{LAM}'; the reader re-anchors it and asks you to confirm"
    ]
    assert report.counts["anchors_ok"] == baseline["anchors_ok"] + 1
    assert report.counts["anchors_drifted"] == 1 and report.counts["anchors_orphan"] == 1


def test_drifted_user_notes_only_warn(data_dir: Path) -> None:
    pytest.importorskip("reader.core.store")
    text = load_corpus().get(LAM).text
    start = text.index(QUOTE)
    good = Anchor.from_span(text, start, start + len(QUOTE))
    moved = Anchor(good.exact, good.prefix, good.suffix, start + 5, start + 5 + len(QUOTE))
    _write_notes(data_dir, LAM, [_highlight("h-moved", moved)])
    report = run_check(data_dir)
    assert report.problems == [] and len(report.warnings) == 1 and report.ok


def test_unparseable_notes_file_is_a_problem_and_left_untouched(data_dir: Path) -> None:
    pytest.importorskip("reader.core.store")
    notes = data_dir / "notes"
    notes.mkdir()
    path = notes / f"{LAM}.yaml"
    data = b"format_version: 1\ndocument: " + LAM.encode() + b"\nhighlights:\n  - {id: [\n"
    path.write_bytes(data)
    report = run_check(data_dir)
    assert len(report.problems) == 1
    problem = report.problems[0]
    assert problem.path == path and problem.line is not None and str(problem).startswith(f"{path}:")
    assert path.read_bytes() == data


def test_notes_for_a_document_not_in_the_library_warn(data_dir: Path) -> None:
    pytest.importorskip("reader.core.store")
    path = _write_notes(data_dir, "gone-text", [_highlight("h-1", Anchor("x", "", "", 0, 1))])
    report = run_check(data_dir)
    assert report.problems == []
    assert [str(p) for p in report.warnings] == [
        f"{path}:1: 1 notes for document 'gone-text', which is not in the library"
    ]


def test_orphaned_user_link_end_is_a_problem(data_dir: Path) -> None:
    pytest.importorskip("reader.core.store")
    text = load_corpus().get(LAM).text
    start = text.index(QUOTE)
    good = Anchor.from_span(text, start, start + len(QUOTE))
    link = {
        "id": "l-1", "type": "elaborates", "note": "", "created": "2024-01-01T00:00:00Z",
        "source": {"doc": LAM, "anchor": good.to_dict()},
        "target": {"doc": LAM, "anchor": Anchor("Nothing like this is in the text.", "", "", 0, 33).to_dict()},
    }
    path = data_dir / "links.yaml"
    path.write_text("format_version: 1\nlinks:\n  - " + json.dumps(link, ensure_ascii=False) + "\n", encoding="utf-8")
    report = run_check(data_dir)
    assert [str(p) for p in report.problems] == [
        f"{path}:3: link l-1 target is orphaned: 'Nothing like this is in the text.' is no longer in '{LAM}'"
    ]
