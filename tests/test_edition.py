"""The shipped edition and the editorial rules ``reader check`` applies to it (issue 21).

Each rule is shown catching a violation planted in a copy of ``annotations/``; the shipped
layer passes them all, with no warning.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from reader.core import paths
from reader.core.check import CheckReport, loaded_words, run_check, unquoted_hits
from reader.core.corpus import load_corpus
from reader.core.editorial import UNDATED, load_editorial

EXPLAINER = "soft-resistance-explainer"
LAUS = ("lau-siu-kai", "edwina-lau", "emily-lau")


def plant(tmp_path: Path, name: str, mutate: Callable[[Any], None]) -> Path:
    """A copy of annotations/ (README included) with one file changed by ``mutate``."""
    folder = tmp_path / "annotations"
    shutil.copytree(paths.annotations_dir(), folder)
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    return folder


def item(items: list[dict[str, Any]], item_id: str) -> dict[str, Any]:
    return next(i for i in items if i["id"] == item_id)


def messages(report: CheckReport, name: str, warnings: bool = False) -> list[str]:
    found = report.warnings if warnings else report.problems
    return [p.message for p in found if p.path.name == name]


# ---------------------------------------------------------------- the shipped edition

def test_shipped_edition_passes_every_rule_without_warnings() -> None:
    report = run_check(None)
    assert [str(p) for p in report.problems] == []
    assert [str(p) for p in report.warnings] == []
    c = report.counts
    assert (c["glossary_entries"], c["crossrefs"], c["timeline_events"], c["alignments"]) == (73, 19, 26, 3)
    assert c["anchors_drifted"] == 0 and c["anchors_orphan"] == 0 and c["anchors_ok"] == 271


def test_the_loaded_word_list_is_read_from_the_readme() -> None:
    words = loaded_words(paths.annotations_dir() / "README.md")
    assert {"draconian", "brutal*", "wrongly", "state-backed"} <= set(words)
    assert loaded_words(paths.annotations_dir() / "no-such-file.md") == []


def test_the_three_laus_are_told_apart() -> None:
    corpus = load_corpus()
    layer = load_editorial(corpus).layer
    text = corpus.get(EXPLAINER).text
    for entry in layer.glossary:  # no entry claims the bare surname
        assert "lau" not in {s.casefold() for s in entry.spellings}, entry.id
    bare = [m.start() for m in re.finditer(r"\bLau\b(?![ \u00a0]Siu-kai)", text)
            if not re.search(r"(Edwina|Emily)[ \u00a0]$", text[: m.start()])]
    assert len(bare) == 4
    for start in bare:
        owners = [eid for eid in LAUS if any(s.contains(EXPLAINER, start, start + 3)
                                              for s in layer.entry(eid).sources)]  # type: ignore[union-attr]
        assert len(owners) == 1, (start, owners)
        notes = [n for n in layer.notes if n.span.contains(EXPLAINER, start, start + 3)]
        assert len(notes) == 1 and layer.entry(owners[0]).term in notes[0].note  # type: ignore[union-attr]


def test_undated_events_are_listed_after_the_dated_ones() -> None:
    layer = load_editorial(load_corpus()).layer
    dates = [ev.date for ev in layer.timeline]
    first_undated = dates.index(UNDATED)
    assert all(d == UNDATED for d in dates[first_undated:])
    assert "article-23-vow" in {ev.id for ev in layer.timeline[first_undated:]}
    assert all(ev.date_text and ev.reasoning for ev in layer.timeline)


# ---------------------------------------------------------------- each rule catches a planted violation

def test_a_glossary_entry_without_sources_is_a_problem(tmp_path: Path) -> None:
    def mutate(data: Any) -> None:
        item(data["entries"], "macau")["sources"] = []
        del item(data["entries"], "uk")["sources"]

    report = run_check(None, annotations=plant(tmp_path, "glossary.yaml", mutate))
    assert messages(report, "glossary.yaml") == [
        "entry 'uk': missing required field 'sources'",
        "entry 'macau': 'sources' needs at least one anchor",
    ]
    assert not report.ok


@pytest.mark.parametrize("note", ["", "   ", None])
def test_a_contradicts_link_without_a_note_is_a_problem(tmp_path: Path, note: str | None) -> None:
    def mutate(data: Any) -> None:
        ref = item(data["crossrefs"], "nsl-year-statement-vs-explainer")
        assert ref["type"] == "contradicts"
        if note is None:
            del ref["note"]
        else:
            ref["note"] = note

    report = run_check(None, annotations=plant(tmp_path, "crossrefs.yaml", mutate))
    expected = ("missing required field 'note'" if note is None
                else "'note' must not be empty")
    assert messages(report, "crossrefs.yaml") == [f"crossref 'nsl-year-statement-vs-explainer': {expected}"]


def test_a_timeline_event_without_reasoning_is_a_problem(tmp_path: Path) -> None:
    def mutate(data: Any) -> None:
        item(data["events"], "luo-speech")["reasoning"] = ""
        del item(data["events"], "article-23-vow")["reasoning"]

    report = run_check(None, annotations=plant(tmp_path, "timeline.yaml", mutate))
    assert sorted(messages(report, "timeline.yaml")) == [
        "event 'article-23-vow': missing required field 'reasoning'",
        "event 'luo-speech': 'reasoning' must not be empty",
    ]


def test_an_alias_shared_by_two_entries_is_a_problem(tmp_path: Path) -> None:
    def mutate(data: Any) -> None:
        for eid in ("edwina-lau", "emily-lau"):
            item(data["entries"], eid)["aliases"].append("Lau")
        item(data["entries"], "macau")["aliases"].append("hong kong police")  # another entry's, other case

    folder = plant(tmp_path, "glossary.yaml", mutate)
    report = run_check(None, annotations=folder)
    hint = "an alias must name one entry (anchor the bare spelling as a source of the right entry, or add a note)"
    assert messages(report, "glossary.yaml") == [
        f"alias 'lau' is shared by the entries 'edwina-lau', 'emily-lau'; {hint}",
        f"alias 'hong kong police' is shared by the entries 'hong-kong-police', 'macau'; {hint}",
    ]
    lines = (folder / "glossary.yaml").read_text(encoding="utf-8").splitlines()
    for p in report.problems:
        assert p.line is not None and p.message.split("'")[1] in lines[p.line - 1].casefold()


def test_a_loaded_word_in_editorial_prose_is_a_warning(tmp_path: Path) -> None:
    def glossary(data: Any) -> None:
        item(data["entries"], "party-state")["definition"] = (
            "The statement says the party-state brutally cracked down on protesters.")
        item(data["entries"], "zero-covid")["definition"] = (  # quoted and attributed: no warning
            "The statement refers to “the draconian ‘zero-Covid’ lockdowns”.")

    folder = plant(tmp_path, "glossary.yaml", glossary)
    report = run_check(None, annotations=folder)
    assert report.ok  # a warning does not fail the check
    assert messages(report, "glossary.yaml", warnings=True) == [
        "'party-state' definition: loaded word 'brutally' in the editors' own words; reword it, or quote "
        "the source and say whose words they are (the list is in annotations/README.md)",
        "'party-state' definition: loaded word 'cracked down' in the editors' own words; reword it, or quote "
        "the source and say whose words they are (the list is in annotations/README.md)",
    ]


def test_loaded_words_are_found_in_every_kind_of_editorial_prose(tmp_path: Path) -> None:
    folder = tmp_path / "annotations"
    shutil.copytree(paths.annotations_dir(), folder)

    def edit(name: str, list_key: str, item_id: str, key: str) -> None:
        path = folder / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        item(data[list_key], item_id)[key] += " The regime is notorious."
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    edit("crossrefs.yaml", "crossrefs", "handover", "note")
    edit("timeline.yaml", "events", "luo-speech", "title")
    edit("timeline.yaml", "events", "luo-speech", "reasoning")
    edit("alignments.yaml", "alignments", "statement-title", "note")
    edit(f"{EXPLAINER}.yaml", "notes", "last-september", "note")
    report = run_check(None, annotations=folder)
    found = sorted((p.path.name, p.message.split(":")[0]) for p in report.warnings)
    assert found == sorted(
        [(n, w) for n, w in [
            ("crossrefs.yaml", "'handover' note"),
            ("timeline.yaml", "'luo-speech' title"), ("timeline.yaml", "'luo-speech' reasoning"),
            ("alignments.yaml", "'statement-title' note"),
            (f"{EXPLAINER}.yaml", "'last-september' note"),
        ] for _ in (0, 1)]  # two words each: regime, notorious
    )
    # Without the README's list there is nothing to scan for.
    (folder / "README.md").unlink()
    assert run_check(None, annotations=folder).warnings == []


@pytest.mark.parametrize(("prose", "hits"), [
    ("The statement says the law is draconian.", ["draconian"]),
    ("The statement refers to “the draconian ‘zero-Covid’ lockdowns”.", []),
    ("Lau’s ‘brutal’ remark, Lam’s brutal one", ["brutal"]),
    ("Xinjiang’s \"sham\" trial and a 「sham」", []),
    ("Brutally, brutalised and BRUTAL", ["brutally", "brutalised", "brutal"]),
    ("A crackdown and a crack  down; no cracked-down", ["crackdown", "crack  down"]),
    ("the state-backed newspaper; unsinister", ["state-backed"]),
])
def test_only_words_outside_quotation_marks_count(prose: str, hits: list[str]) -> None:
    from reader.core.check import _word_pattern

    pattern = _word_pattern(["brutal*", "draconian", "sham", "crackdown", "crack down", "state-backed", "sinister"])
    assert pattern is not None
    assert unquoted_hits(prose, pattern) == hits


def test_an_undated_event_needs_its_wording_and_reasoning(tmp_path: Path) -> None:
    def mutate(data: Any) -> None:
        ev = item(data["events"], "statement-overseas-protests")
        assert ev["date"] is None
        ev["date_text"] = ""

    report = run_check(None, annotations=plant(tmp_path, "timeline.yaml", mutate))
    assert messages(report, "timeline.yaml") == ["event 'statement-overseas-protests': 'date_text' must not be empty"]


def test_a_quotation_or_date_text_that_is_not_word_for_word_is_a_warning(tmp_path: Path) -> None:
    def glossary(data: Any) -> None:
        entry = item(data["entries"], "hard-resistance")
        entry["definition"] = entry["definition"].replace("I am unclear what it means", "I am unsure what it means")

    folder = plant(tmp_path, "glossary.yaml", glossary)
    path = folder / "timeline.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "date_text: On April 15, 2021", "date_text: On 15 April 2021"), encoding="utf-8")
    report = run_check(None, annotations=folder)
    assert report.ok
    assert messages(report, "glossary.yaml", warnings=True) == [
        "'hard-resistance' definition: the quotation “Hard resistance, soft resistance, I am unsure what it "
        "means.” is not word for word in the texts; quote them exactly",
    ]
    assert messages(report, "timeline.yaml", warnings=True) == [
        "'luo-speech' date_text: 'On 15 April 2021' is not word for word in the texts; "
        "date_text gives the date as the text says it",
    ]


@pytest.mark.parametrize(("prose", "bad"), [
    ("He said “I am unclear what it means”.", []),
    ("Joined: “When faced with such erroneous behaviours … we must make every effort”.", []),
    ("Bracketed: “we must make every effort to confront them head-on. […] The underlying cause”.", []),
    ("Nested: “a signature case of ‘soft confrontation’.”", []),
    ("No-break space typed as a space: “again warned the city”.", []),
    ("Changed: “a signature case of soft confrontation”.", ["a signature case of soft confrontation"]),
    ("One good piece is not enough: “When faced with … we must not”.", ["When faced with … we must not"]),
])
def test_quotations_are_compared_word_for_word(prose: str, bad: list[str]) -> None:
    from reader.core.check import _plain, misquoted

    plain = _plain(load_corpus().get(EXPLAINER).text)
    assert misquoted(prose, plain) == bad
