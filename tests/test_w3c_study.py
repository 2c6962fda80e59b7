"""The reader's own glossary entries, timeline events and links in the W3C export and import:
MUST-valid, exact round trip, idempotent merge by id and ``modified``, per-item skips."""

from __future__ import annotations

import datetime as dt
import json
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_w3c import must_failures

from reader.cli import main
from reader.core import export_jobs
from reader.core.anchor import Anchor
from reader.core.corpus import load_corpus
from reader.core.editorial import GLOSSARY_KINDS, GlossaryEntry, Span, TimelineEvent
from reader.core.errors import StoreError, ValidationError
from reader.core.model import LINK_TYPES, Endpoint, Highlight, UserLink
from reader.core.notes import NoteBook
from reader.core.store import NoteStore
from reader.core.study import (
    MY_GLOSSARY,
    MY_TIMELINE,
    StudyBook,
    dump_glossary,
    dump_timeline,
    load_study,
)
from reader.core.w3c import CONTEXT, parse_annotations

LAM = "paul-lam-soft-resistance"
EXPLAINER = "soft-resistance-explainer"
CORPUS = load_corpus()
T0 = "2024-03-01T10:00:00Z"
# The shared tool sits beside the checkout (../shared) or beside the worktrees (../../shared).
VALIDATOR = next((p / "shared" / "tools" / "w3c_validate.py" for p in Path(__file__).resolve().parents
                  if (p / "shared" / "tools" / "w3c_validate.py").exists()), None)


def _span(doc_id: str, quote: str) -> Span:
    text = CORPUS.get(doc_id).text
    start = text.index(quote)
    return Span(doc_id, Anchor.from_span(text, start, start + len(quote)))


def _end(doc_id: str, quote: str) -> Endpoint:
    s = _span(doc_id, quote)
    return Endpoint(s.doc_id, s.anchor)


ENTRY = GlossaryEntry("my-soft", "soft resistance", "concept", ("軟對抗", "软对抗"), ("soft-resistance",),
                      "Resisting without breaking the law.", (_span(LAM, "soft resistance"), _span(EXPLAINER, "soft resistance")),
                      ("my-other",))
EVENT = TimelineEvent("my-event", "2021-04", "in April", "The article dates it.", "An event",
                      (_span(LAM, "Paul Lam"),), ("my-soft",))
LINK = UserLink("l-one", "contradicts", _end(LAM, "Paul Lam"), _end(EXPLAINER, "soft resistance"), "They differ.", T0)


def _write_layer(data: Path, glossary: list[GlossaryEntry], timeline: list[TimelineEvent],
                 links: list[UserLink]) -> None:
    data.mkdir(parents=True, exist_ok=True)
    if glossary:
        (data / MY_GLOSSARY).write_text(dump_glossary(glossary), encoding="utf-8")
    if timeline:
        (data / MY_TIMELINE).write_text(dump_timeline(timeline), encoding="utf-8")
    if links:
        store = NoteStore(data)
        with store.locked():
            store.save_links(links)


def _layer(data: Path) -> tuple[dict[str, GlossaryEntry], dict[str, TimelineEvent], dict[str, UserLink]]:
    glossary, timeline, problems = load_study(data, CORPUS)
    assert problems == []
    return ({e.id: e for e in glossary}, {ev.id: ev for ev in timeline},
            {lk.id: lk for lk in NoteStore(data).load_links()})


def _export(data: Path, out: Path, doc_ids: tuple[str, ...] = ()) -> dict:
    job = export_jobs.prepare(data, doc_ids, corpus=CORPUS)
    out.write_text(export_jobs.render_text("w3c", job), encoding="utf-8")
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture
def layer(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    _write_layer(data, [ENTRY], [EVENT], [LINK])
    return data


# -- export ---------------------------------------------------------------------------

def test_export_maps_each_kind_and_meets_every_must_assertion(layer: Path, tmp_path: Path) -> None:
    data = _export(layer, tmp_path / "out.json")
    items = {a["id"]: a for a in data["first"]["items"]}
    assert data["total"] == 3 and data["@context"][0] == CONTEXT and data["@context"][1]["reader"] == "urn:reader:vocab:"
    entry = items["urn:reader:glossary:my-soft"]
    assert entry["motivation"] == "identifying" and entry["@context"][0] == CONTEXT
    term, definition = entry["body"]
    assert (term["value"], term["purpose"], term["reader:kind"], term["reader:aliases"]) == (
        "soft resistance", "identifying", "concept", ["軟對抗", "软对抗"])
    assert term["reader:otherSpellings"] == ["soft-resistance"] and term["reader:seeAlso"] == ["my-other"]
    assert (definition["value"], definition["purpose"], definition["format"]) == (
        ENTRY.definition, "describing", "text/markdown")  # definitions are Markdown, like notes
    assert [t["source"] for t in entry["target"]] == [f"urn:reader:{LAM}", f"urn:reader:{EXPLAINER}"]
    quote, pos = entry["target"][0]["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == "soft resistance"
    assert CORPUS.get(LAM).text[pos["start"]:pos["end"]] == "soft resistance"
    event = items["urn:reader:timeline:my-event"]
    body = event["body"][0]
    assert event["motivation"] == "describing" and (body["value"], body["reader:date"], body["reader:dateText"],
                                                     body["reader:reasoning"]) == ("An event", "2021-04", "in April",
                                                                                   "The article dates it.")
    link = items["urn:reader:link:l-one"]
    assert link["motivation"] == "linking" and link["created"] == T0
    assert (link["body"][0]["value"], link["body"][0]["reader:linkType"]) == ("They differ.", "contradicts")
    assert [t["source"] for t in link["target"]] == [f"urn:reader:{LAM}", f"urn:reader:{EXPLAINER}"]
    for ann in items.values():
        assert must_failures(ann) == [], ann["id"]


def test_shared_validator_passes_an_export_with_all_three_kinds(layer: Path, tmp_path: Path) -> None:
    if VALIDATOR is None:
        pytest.skip("shared/tools/w3c_validate.py is not present beside this checkout")
    out = tmp_path / "out.json"
    _export(layer, out)
    proc = subprocess.run([sys.executable, str(VALIDATOR), str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 annotations" in proc.stdout and " 0 failures" in proc.stdout


def test_an_export_of_some_documents_keeps_the_records_touching_them(layer: Path, tmp_path: Path) -> None:
    ids = {a["id"] for a in _export(layer, tmp_path / "out.json", (EXPLAINER,))["first"]["items"]}
    assert ids == {"urn:reader:glossary:my-soft", "urn:reader:link:l-one"}  # the event is only in LAM


def test_without_a_personal_layer_the_export_is_as_before(tmp_path: Path) -> None:
    data = _export(tmp_path / "empty", tmp_path / "out.json")
    assert data["@context"] == CONTEXT and data["first"]["items"] == []


# -- import ---------------------------------------------------------------------------

def test_cli_import_restores_the_layer_and_a_second_import_adds_nothing(
        layer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    assert main(["export", "-o", str(out), "--data-dir", str(layer)]) == 0
    fresh = tmp_path / "fresh"
    assert main(["import", str(out), "--data-dir", str(fresh)]) == 0
    said = capsys.readouterr().out
    assert "1 glossary entry, 1 timeline event, 1 link (3 new, 0 updated, 0 unchanged)" in said
    assert _layer(fresh) == _layer(layer)
    files = {p.name: p.read_bytes() for p in fresh.iterdir() if p.suffix == ".yaml"}
    assert main(["import", str(out), "--data-dir", str(fresh)]) == 0
    assert "(0 new, 0 updated, 3 unchanged)" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in fresh.iterdir() if p.suffix == ".yaml"} == files


def _edited(out: Path, modified: str | None) -> Path:
    data = json.loads(out.read_text(encoding="utf-8"))
    for ann in data["first"]["items"]:
        if ann["id"] == "urn:reader:glossary:my-soft":
            ann["body"][1]["value"] = "A changed definition."
            if modified is not None:
                ann["modified"] = modified
        if ann["id"] == "urn:reader:link:l-one":
            ann["body"][0]["value"] = "A changed note."
            if modified is not None:
                ann["modified"] = modified
    path = out.with_name(f"edited-{modified}.json")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_known_id_is_updated_only_by_a_newer_modified(layer: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    _export(layer, out)
    before = _layer(layer)
    for kept in (None, "2020-01-01T00:00:00Z", T0):  # no stamp, older than the link, equal to it
        export_jobs.import_file(_edited(out, kept), layer, corpus=CORPUS)
        glossary, _, links = _layer(layer)
        assert links == before[2]
        if kept is None:
            assert glossary == before[0]  # our own export carries no stamp: nothing changes
    summary = export_jobs.import_file(_edited(out, "2025-06-01T00:00:00Z"), layer, corpus=CORPUS)
    glossary, timeline, links = _layer(layer)
    assert glossary["my-soft"].definition == "A changed definition." and links["l-one"].note == "A changed note."
    assert timeline == before[1] and "updated" in summary


def test_an_older_export_with_a_plain_text_definition_still_imports(layer: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    data = _export(layer, out)
    entry = next(a for a in data["first"]["items"] if a["id"] == "urn:reader:glossary:my-soft")
    entry["body"][1]["format"] = "text/plain"  # what exports before text/markdown wrote
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fresh = tmp_path / "fresh"
    export_jobs.import_file(out, fresh, corpus=CORPUS)
    assert _layer(fresh)[0] == _layer(layer)[0]


def test_a_bad_record_is_skipped_whole_with_one_sentence_and_the_rest_imported(layer: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    data = _export(layer, out)
    items = data["first"]["items"]
    entry = next(a for a in items if a["id"].startswith("urn:reader:glossary:"))
    entry["body"][0]["reader:kind"] = "nonsense"
    event = next(a for a in items if a["id"].startswith("urn:reader:timeline:"))
    gone = dict(event["target"][0], selector=[{"type": "TextQuoteSelector", "exact": "no such words here at all"}])
    event["target"].append(gone)  # one of its passages cannot be placed: the event is not half-imported
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fresh = tmp_path / "fresh"
    summary = export_jobs.import_file(out, fresh, corpus=CORPUS)
    assert "skipped 2" in summary and "unknown kind 'nonsense'" in summary and "was not found" in summary
    glossary, timeline, links = _layer(fresh)
    assert glossary == {} and timeline == {} and set(links) == {"l-one"}


def test_a_failed_write_takes_back_the_ones_before_it(layer: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.json"
    _export(layer, out)
    fresh = tmp_path / "fresh"
    _write_layer(fresh, [], [], [UserLink("l-mine", "quotes", LINK.source, LINK.target, "", T0)])
    links_before = (fresh / "links.yaml").read_bytes()

    def fail(*_args: object) -> None:
        raise StoreError("the disk is full", fresh / MY_GLOSSARY)

    monkeypatch.setattr(StudyBook, "replace_all", fail)
    with pytest.raises(StoreError, match="nothing was imported"):
        export_jobs.import_file(out, fresh, corpus=CORPUS)
    assert (fresh / "links.yaml").read_bytes() == links_before and not (fresh / MY_GLOSSARY).exists()


def test_a_file_of_highlights_only_imports_as_before(tmp_path: Path) -> None:
    text = CORPUS.get(LAM).text
    start = text.index("Paul Lam")
    ann = {"@context": CONTEXT, "type": "Annotation", "id": "urn:reader:annotation:h-1",
           "target": {"source": f"urn:reader:{LAM}", "selector": Anchor.from_span(text, start, start + 8).to_selectors()}}
    path = tmp_path / "h.json"
    path.write_text(json.dumps(ann), encoding="utf-8")
    data = tmp_path / "data"
    assert export_jobs.import_file(path, data, corpus=CORPUS) == \
        "imported 1 annotation from h.json (1 new, 0 already present)"
    assert not (data / MY_GLOSSARY).exists() and not (data / "links.yaml").exists()


def test_a_describing_annotation_from_another_tool_stays_a_highlight_with_a_note(tmp_path: Path) -> None:
    text = CORPUS.get(LAM).text
    start = text.index("Paul Lam")
    ann = {"@context": CONTEXT, "type": "Annotation", "motivation": "describing",
           "body": {"type": "TextualBody", "value": "Who he is.", "purpose": "describing"},
           "target": {"source": f"urn:reader:{LAM}", "selector": Anchor.from_span(text, start, start + 8).to_selectors()}}
    result = parse_annotations(ann, CORPUS)
    assert result.study == [] and result.by_doc[LAM][0].note == "Who he is."


def test_merge_into_a_window_book_says_the_study_records_are_not_imported_there(layer: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    _export(layer, out)
    result = export_jobs.read_annotations(out, CORPUS)
    assert len(result.study) == 3
    book = NoteBook(NoteStore(tmp_path / "fresh"), texts=lambda d: CORPUS.get(d).text)
    with pytest.raises(ValidationError, match="holds no highlights; its 3 glossary entries.*reader import"):
        export_jobs.merge_import(book, result, out.name)
    text = CORPUS.get(LAM).text
    start = text.index("Paul Lam")
    result.by_doc[LAM] = [Highlight("h-1", LAM, Anchor.from_span(text, start, start + 8))]
    summary = export_jobs.merge_import(book, result, out.name)
    assert summary.added == 1 and "reader import" in summary.skipped[-1]


# -- the round trip, as a property ----------------------------------------------------

_WORDS = st.text(string.ascii_letters + string.digits + " .,'’-軟對抗香港é\n", min_size=1, max_size=30).filter(
    lambda s: s.strip() != "")
_IDS = st.from_regex(r"\Amy-[a-z0-9][a-z0-9-]{0,12}\Z")  # as the window makes them: never an editors' id
_DATES = st.builds(lambda y, m, d, p: f"{y}" if p == 0 else f"{y}-{m:02d}" if p == 1 else f"{y}-{m:02d}-{d:02d}",
                   st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28), st.integers(0, 2))
_STAMPS = st.datetimes(min_value=dt.datetime(2000, 1, 1)).map(
    lambda d: d.replace(microsecond=0).isoformat() + "Z")


@st.composite
def _spans(draw: st.DrawFn) -> Span:
    doc = draw(st.sampled_from(CORPUS.ids()))
    text = CORPUS.get(doc).text
    start = draw(st.integers(0, len(text) - 2))
    end = draw(st.integers(start + 1, min(len(text), start + 80)))
    if not text[start:end].strip():
        end = min(len(text), start + 80)
    return Span(doc, Anchor.from_span(text, start, end))


_SPAN_LISTS = st.lists(_spans(), min_size=1, max_size=3).map(tuple)
_ENTRIES = st.lists(st.builds(
    lambda i, term, kind, aliases, definition, sources, see: GlossaryEntry(
        i, term, kind, aliases, (), definition, sources, see),
    _IDS, _WORDS, st.sampled_from(GLOSSARY_KINDS), st.lists(_WORDS, max_size=3, unique_by=str.casefold).map(tuple),
    _WORDS, _SPAN_LISTS, st.lists(_IDS, max_size=2, unique=True).map(tuple),
), max_size=3, unique_by=lambda e: e.id)
_EVENTS = st.lists(st.builds(TimelineEvent, _IDS, _DATES, _WORDS, _WORDS, _WORDS, _SPAN_LISTS,
                             st.lists(_IDS, max_size=2, unique=True).map(tuple)), max_size=3, unique_by=lambda e: e.id)
_LINKS = st.lists(st.builds(
    lambda i, kind, a, b, note, created: UserLink(i, kind, Endpoint(a.doc_id, a.anchor), Endpoint(b.doc_id, b.anchor),
                                                  note, created),
    st.from_regex(r"\Al-[a-z0-9]{1,12}\Z"), st.sampled_from(LINK_TYPES), _spans(), _spans(),
    st.one_of(st.just(""), _WORDS), _STAMPS,
), max_size=3, unique_by=lambda lk: lk.id)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(_ENTRIES, _EVENTS, _LINKS)
def test_export_then_import_into_an_empty_data_dir_gives_the_same_layer(
        tmp_path_factory: pytest.TempPathFactory, glossary: list[GlossaryEntry], timeline: list[TimelineEvent],
        links: list[UserLink]) -> None:
    root = tmp_path_factory.mktemp("w3cstudy")
    _write_layer(root / "a", glossary, timeline, links)
    out = root / "out.json"
    data = _export(root / "a", out)
    assert data["total"] == len(glossary) + len(timeline) + len(links)  # (MUST validity: tested above)
    if not data["total"]:
        return
    export_jobs.import_file(out, root / "b", corpus=CORPUS)
    assert _layer(root / "b") == _layer(root / "a")
    export_jobs.import_file(out, root / "b", corpus=CORPUS)  # again: nothing changes
    assert _layer(root / "b") == _layer(root / "a")


# -- the window -----------------------------------------------------------------------

def test_an_entry_made_in_the_window_is_in_its_w3c_export(qtbot, data_dir: Path, tmp_path: Path) -> None:
    from test_study_window import add_entry, make_window
    from test_window_more import finish

    w = make_window(qtbot, data_dir)
    entry_id = add_entry(w)
    out = tmp_path / "window.json"
    assert finish(qtbot, w, lambda: w.export_text("w3c", out, wait=False))[0]
    w.close()
    items = {a["id"]: a for a in json.loads(out.read_text(encoding="utf-8"))["first"]["items"]}
    ann = items[f"urn:reader:glossary:{entry_id}"]
    assert ann["motivation"] == "identifying" and ann["body"][1]["value"] == "Stability maintenance, as the essay uses it."
    assert must_failures(ann) == []
    fresh = tmp_path / "fresh"
    export_jobs.import_file(out, fresh, corpus=CORPUS)
    assert _layer(fresh)[0][entry_id] == _layer(data_dir)[0][entry_id]
