"""The reader's own study layer: glossary entries, timeline events and links as YAML."""

from __future__ import annotations

import dataclasses
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core import study
from reader.core.anchor import Anchor
from reader.core.check import run_check
from reader.core.corpus import load_corpus
from reader.core.editorial import CROSSREF_TYPES as LINK_TYPES
from reader.core.editorial import GLOSSARY_KINDS, CrossReference, GlossaryEntry, Span, TimelineEvent
from reader.core.editorial_records import UNDATED
from reader.core.errors import StoreError
from reader.core.study import MY_GLOSSARY, StudyBook, dump_crossrefs, dump_glossary, dump_timeline
from reader.core.study_io import StudyImportError, export_yaml, import_yaml

LAM = "paul-lam-soft-resistance"
CORPUS = load_corpus()

GLOSSARY = """\
format_version: 1
entries:
- id: my-soft
  term: soft resistance
  kind: concept
  aliases: [軟對抗]
  definition: My own note on the term.
  sources:
  - doc: paul-lam-soft-resistance
    exact: soft resistance
"""


def test_import_anchors_doc_and_exact_and_export_completes_them(tmp_path: Path) -> None:
    src = tmp_path / "mine.yaml"
    src.write_text(GLOSSARY, encoding="utf-8")
    data = tmp_path / "data"
    assert import_yaml(src, data) == "imported 1 glossary entry from mine.yaml"
    export_yaml(tmp_path / "out", data)
    out = (tmp_path / "out" / "glossary.yaml").read_text(encoding="utf-8")
    text = CORPUS.get(LAM).text
    start = text.index("soft resistance")
    for line in (f"start: {start}", f"end: {start + 15}", "prefix:", "suffix:"):
        assert line in out
    assert (tmp_path / "out" / "timeline.yaml").is_file() and (tmp_path / "out" / "crossrefs.yaml").is_file()
    report = run_check(data)
    assert report.ok, report.problems
    assert report.counts["my_glossary_entries"] == 1 and report.counts["my_timeline_events"] == 0


def test_a_file_with_problems_imports_nothing_and_names_each_line(tmp_path: Path) -> None:
    bad = GLOSSARY + """\
- id: broken
  term: x
  kind: nonsense
  aliases: []
  definition: d
  sources:
  - doc: nowhere
    exact: zzz
"""
    src = tmp_path / "mine.yaml"
    src.write_text(bad, encoding="utf-8")
    data = tmp_path / "data"
    with pytest.raises(StudyImportError) as err:
        import_yaml(src, data)
    lines = str(err.value).splitlines()
    assert any(f"{src}:13:" in line and "unknown kind 'nonsense'" in line for line in lines)
    assert any(f"{src}:17:" in line and "unknown document 'nowhere'" in line for line in lines)
    assert not (data / MY_GLOSSARY).exists()  # the good entry was not imported either
    assert main(["import", str(src), "--data-dir", str(data)]) == 1


def test_cli_round_trip_and_check_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "mine.yaml"
    src.write_text(GLOSSARY, encoding="utf-8")
    data = tmp_path / "data"
    assert main(["import", str(src), "--data-dir", str(data)]) == 0
    assert main(["export", "--format", "yaml", "-o", str(tmp_path / "out"), "--data-dir", str(data)]) == 0
    capsys.readouterr()
    assert main(["check", "--json", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert '"my_glossary_entries": 1' in out and '"my_crossrefs": 0' in out


def _span(start: int, end: int, doc_id: str = LAM) -> Span:
    return Span(doc_id, Anchor.from_span(CORPUS.get(doc_id).text, start, end))


def test_study_book_operations_undo_and_survive_a_reload(tmp_path: Path) -> None:
    book = StudyBook(tmp_path, CORPUS)
    entry = GlossaryEntry("mine", "soft resistance", "concept", ("軟對抗",), (), "Mine.", (_span(588, 603),))
    book.add_entry(entry)
    book.edit_entry("mine", definition="Edited.")
    event = TimelineEvent("ev", "2021-04", "in April", "as the text says", "Title", (_span(10, 30),))
    book.add_event(event)
    again = StudyBook(tmp_path, CORPUS)
    assert again.glossary[0].definition == "Edited." and again.timeline == (event,)
    assert book.undo() == "add timeline event 'Title'" and book.undo() == "edit glossary entry 'soft resistance'"
    assert StudyBook(tmp_path, CORPUS).glossary[0].definition == "Mine." and not StudyBook(tmp_path, CORPUS).timeline
    book.redo()
    assert StudyBook(tmp_path, CORPUS).glossary[0].definition == "Edited."
    book.delete_entry("mine")
    assert StudyBook(tmp_path, CORPUS).glossary == ()
    book.add_event(event)
    with pytest.raises(ValueError, match="already exists"):
        book.add_event(event)


def test_add_source_appends_a_passage_of_another_document_with_undo(tmp_path: Path) -> None:
    from reader.core.study_make import new_source

    book = StudyBook(tmp_path, CORPUS)
    book.add_entry(GlossaryEntry("mine", "soft resistance", "concept", (), (), "Mine.", (_span(588, 603),)))
    other = next(d for d in CORPUS.ids() if d != LAM)
    text = CORPUS.get(other).text
    source = new_source(other, text, 100, 140)
    book.add_source("mine", source)
    assert book.undo_text() == "add a source to glossary entry 'soft resistance'"
    kept = StudyBook(tmp_path, CORPUS).glossary[0].sources
    assert [(s.doc_id, s.start, s.end, s.anchor.exact) for s in kept] == [
        (LAM, 588, 603, "soft resistance"), (other, 100, 140, text[100:140])]
    with pytest.raises(ValueError, match="already a source"):
        book.add_source("mine", new_source(other, text, 100, 140))
    with pytest.raises(ValueError, match="empty"):
        new_source(other, "a   b", 1, 3)
    with pytest.raises(KeyError):
        book.add_source("nobody", source)
    book.undo()
    assert len(StudyBook(tmp_path, CORPUS).glossary[0].sources) == 1
    book.redo()
    assert len(StudyBook(tmp_path, CORPUS).glossary[0].sources) == 2


def test_a_broken_study_file_is_never_written_over(tmp_path: Path) -> None:
    broken = b"format_version: 1\nentries: [\n"
    (tmp_path / MY_GLOSSARY).write_bytes(broken)
    book = StudyBook(tmp_path, CORPUS)
    assert book.read_only and book.problems
    with pytest.raises(StoreError):
        book.add_entry(GlossaryEntry("x", "x", "concept", (), (), "d", (_span(588, 603),)))
    assert (tmp_path / MY_GLOSSARY).read_bytes() == broken


# ---------------------------------------------------------------- the round trip, as a property

_WORDS = st.text(string.ascii_letters + string.digits + " .,'’-軟對抗香港é", min_size=1, max_size=30).filter(
    lambda s: s.strip() != "")
_IDS = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,12}\Z")


@st.composite
def _spans(draw: st.DrawFn) -> Span:
    doc = draw(st.sampled_from(CORPUS.ids()))
    text = CORPUS.get(doc).text
    start = draw(st.integers(0, len(text) - 40))
    end = draw(st.integers(start + 32, min(len(text), start + 120)))  # long enough to anchor alone
    return _span(start, end, doc)


@st.composite
def _entries(draw: st.DrawFn) -> list[GlossaryEntry]:
    ids = draw(st.lists(_IDS, min_size=1, max_size=4, unique=True))
    out = []
    for i in ids:
        aliases = draw(st.lists(_WORDS, max_size=3, unique_by=str.casefold))
        others = [w for w in draw(st.lists(_WORDS, max_size=2, unique_by=str.casefold))
                  if w.casefold() not in {a.casefold() for a in aliases}]
        out.append(GlossaryEntry(i, draw(_WORDS), draw(st.sampled_from(GLOSSARY_KINDS)), tuple(aliases),
                                 tuple(others), draw(_WORDS), tuple(draw(st.lists(_spans(), min_size=1, max_size=2))),
                                 tuple(draw(st.lists(_IDS, max_size=2, unique=True)))))
    return out


_DATES = st.builds(lambda y, m, d, p: f"{y}" if p == 0 else f"{y}-{m:02d}" if p == 1 else f"{y}-{m:02d}-{d:02d}",
                   st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28), st.integers(0, 2))


@st.composite
def _events(draw: st.DrawFn) -> list[TimelineEvent]:
    return [TimelineEvent(i, draw(_DATES), draw(_WORDS), draw(_WORDS), draw(_WORDS),
                          tuple(draw(st.lists(_spans(), min_size=1, max_size=2))),
                          tuple(draw(st.lists(_IDS, max_size=2, unique=True))))
            for i in draw(st.lists(_IDS, min_size=1, max_size=4, unique=True))]


@st.composite
def _crossrefs(draw: st.DrawFn) -> list[CrossReference]:
    return [CrossReference(i, draw(st.sampled_from(LINK_TYPES)), draw(_WORDS), draw(_spans()), draw(_spans()))
            for i in draw(st.lists(_IDS, min_size=1, max_size=4, unique=True))]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(st.one_of(
    st.tuples(st.just("glossary.yaml"), _entries().map(dump_glossary)),
    st.tuples(st.just("timeline.yaml"), _events().map(dump_timeline)),
    st.tuples(st.just("crossrefs.yaml"), _crossrefs().map(dump_crossrefs)),
))
def test_yaml_import_then_export_round_trips_exactly(tmp_path_factory: pytest.TempPathFactory,
                                                      case: tuple[str, str]) -> None:
    name, text = case
    root = tmp_path_factory.mktemp("study")
    (root / name).write_text(text, encoding="utf-8")
    import_yaml(root / name, root / "data", CORPUS)
    export_yaml(root / "out", root / "data", CORPUS)
    assert (root / "out" / name).read_text(encoding="utf-8") == text


def test_your_glossary_marks_every_document_and_expands_search(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from reader.core.editorial import load_editorial
    from reader.core.search import search_corpus
    from reader.core.study_io import with_study

    StudyBook(tmp_path, CORPUS).add_entry(GlossaryEntry(
        "my-methods", "methods", "concept", ("unlawful means",), (), "Mine.", (_span(588, 603),)))
    layer = with_study(load_editorial(CORPUS).layer, tmp_path, CORPUS)
    assert layer.personal_ids == {"my-methods"}
    for doc in CORPUS:  # marked wherever the texts use it, like the editors' entries
        finds = [(s, e) for s, e, ref in layer.glossary_finds(doc) if ref == "my-methods"]
        assert [doc.text[s:e].lower() for s, e in finds] == ["methods"] * doc.text.lower().count(" methods")
    hits = search_corpus(CORPUS, "unlawful means", glossary=layer.glossary)
    assert any(h.via == "methods" for h in hits)
    assert main(["search", "unlawful means", "--data-dir", str(tmp_path)]) == 0
    found = capsys.readouterr().out.splitlines()
    assert len(found) == len(hits) > 0


def test_check_reports_your_drifted_and_orphaned_anchors_and_keeps_them(tmp_path: Path) -> None:
    StudyBook(tmp_path, CORPUS).add_entry(GlossaryEntry(
        "mine", "soft resistance", "concept", (), (), "Mine.", (_span(588, 603),)))
    path = tmp_path / MY_GLOSSARY
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("start: 588", "start: 500").replace("end: 603", "end: 515"), encoding="utf-8")
    report = run_check(tmp_path)
    assert any("anchor drifted" in str(p) and str(path) in str(p) for p in report.problems)
    path.write_text(text.replace("exact: soft resistance", "exact: not in the text at all"), encoding="utf-8")
    report = run_check(tmp_path)
    assert any("anchor orphaned" in str(p) for p in report.problems)
    assert report.counts["my_glossary_entries"] == 1  # kept, never deleted
    assert "not in the text at all" in path.read_text(encoding="utf-8")


def test_your_link_type_and_note_are_edited_in_place_with_undo(tmp_path: Path) -> None:
    from reader.core.model import Endpoint
    from reader.core.notes import NoteBook
    from reader.core.store import NoteStore

    store = NoteStore(tmp_path, backup_interval=0)
    book = NoteBook(store)
    other = next(d for d in CORPUS.ids() if d != LAM)
    ends = [Endpoint(s.doc_id, s.anchor) for s in (_span(588, 603), _span(100, 140, other))]
    first, _ = book.add_link(ends[0], ends[1], "same-event", "")
    link, _ = book.add_link(*ends, "quotes", "first thought")
    change = book.edit_link(link.id, "contradicts", "the dates differ")
    assert change.kind == "link-edit" and change.link_ids == {link.id} and book.undo_text() == "Edit Link"
    kept = NoteStore(tmp_path).load_links()
    assert [(lk.id, lk.type, lk.note) for lk in kept] == [
        (first.id, "same-event", ""), (link.id, "contradicts", "the dates differ")]
    assert kept[1].source == link.source and kept[1].target == link.target and kept[1].created == link.created
    book.undo()
    assert book.links() == [first, link]
    book.redo()
    assert book.link(link.id).type == "contradicts"
    with pytest.raises(ValueError, match="link type"):
        book.edit_link(link.id, "agrees-with", "")
    with pytest.raises(KeyError):
        book.edit_link("no-such-link", "quotes", "")
    store.release_lock()


def test_an_undated_event_is_written_as_date_null_and_read_back(tmp_path: Path) -> None:
    event = TimelineEvent("my-undated", UNDATED, "some time before", "The text gives no date.", "Undated",
                          (_span(10, 30),))
    assert "  date: null\n" in dump_timeline([event])  # annotations/README.md: an undated event is `date: null`
    book = StudyBook(tmp_path, CORPUS)
    book.add_event(event)
    again = StudyBook(tmp_path, CORPUS)
    assert again.problems == [] and again.timeline == (event,)


def _sample() -> tuple[list[GlossaryEntry], list[TimelineEvent]]:
    entry = GlossaryEntry("my-soft", "软对抗", "concept", ("軟對抗", "yes", "null", "# not a comment", "a: b"),
                          ("soft-resistance",), "Line one: 'quoted' and \"double\".\n\n  Indented, trailing  \n",
                          (_span(588, 603),), ("my-other",))
    event = TimelineEvent("my-ev", "2021-04", "in April", "- starts with a dash", "@ title %", (_span(10, 30),))
    undated = TimelineEvent("my-un", UNDATED, "", "~", "", (_span(40, 60),))
    return [entry], [event, undated]


def test_the_c_dumper_writes_the_same_bytes_as_the_python_one(monkeypatch: pytest.MonkeyPatch) -> None:
    if getattr(yaml, "CSafeDumper", None) is None:
        pytest.skip("PyYAML is built without libyaml here")
    used: list[int] = []

    class Spy(yaml.CSafeDumper):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            used.append(1)
            super().__init__(*args, **kwargs)

    glossary, timeline = _sample()
    monkeypatch.setattr(study, "_fast_dumper", lambda: Spy)
    fast = dump_glossary(glossary), dump_timeline(timeline)
    assert len(used) == 2  # the C emitter wrote both
    # libyaml escapes characters beyond U+FFFF (a Hong Kong character, an emoji) that the
    # Python emitter writes as they are: those files are written by the Python one
    rare = [dataclasses.replace(glossary[0], term="𨋢 lift 😀", aliases=("\x85",))]
    rare_fast = dump_glossary(rare)
    monkeypatch.setattr(study, "_fast_dumper", lambda: None)
    assert (dump_glossary(glossary), dump_timeline(timeline)) == fast
    assert dump_glossary(rare) == rare_fast and "𨋢 lift 😀" in rare_fast
