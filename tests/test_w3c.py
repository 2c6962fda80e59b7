"""W3C Web Annotation export/import: MUST-valid output, exact round trip, forgiving but
honest import (skip reasons, one-sentence errors)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from reader.core import w3c
from reader.core.anchor import Anchor
from reader.core.corpus import load_corpus
from reader.core.errors import DataFileError, ValidationError
from reader.core.model import PALETTE, DocumentNotes, Highlight

SCHEMAS = Path(__file__).parent / "data" / "w3c-schemas"  # copy of w3c/web-annotation-tests, see README
SHARED_VALIDATOR = Path(__file__).resolve().parents[2] / "shared" / "tools" / "w3c_validate.py"

EXPLAINER = "soft-resistance-explainer"
LAM = "paul-lam-soft-resistance"
STATEMENT = "recognizing-each-others-struggles"
T0 = "2024-03-01T10:00:00Z"
T1 = "2024-03-02T11:30:00Z"


# -- the W3C test suite's MUST assertions, as /work/shared/tools/w3c_validate.py runs them --

def _must_validators() -> list[tuple[dict, Draft4Validator]]:
    resources = []
    for p in SCHEMAS.rglob("*.json"):
        schema = json.loads(p.read_text(encoding="utf-8"))
        resources.append((schema.get("id", p.name), Resource(contents=schema, specification=DRAFT4)))
    registry = Registry().with_resources(resources)
    test = json.loads((SCHEMAS / "annotations/annotationMusts.test").read_text(encoding="utf-8"))
    out = []
    for rel in test["assertions"]:
        schema = json.loads((SCHEMAS / rel).read_text(encoding="utf-8"))
        out.append((schema, Draft4Validator(schema, registry=registry)))
    return out


_VALIDATORS: list | None = None


def must_failures(ann: dict) -> list[str]:
    global _VALIDATORS
    if _VALIDATORS is None:
        _VALIDATORS = _must_validators()
    failures = []
    for schema, validator in _VALIDATORS:
        expected = schema.get("expectedResult", "valid") == "valid"
        if validator.is_valid(ann) != expected and schema.get("assertionType") == "must":
            failures.append(schema.get("errorMessage", schema.get("id")))
    # jsonschema does not check "format": date-time without extra packages; check it here.
    for key in ("created", "modified"):
        if key in ann:
            value = ann[key]
            try:
                parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except (ValueError, AttributeError):
                parsed = None
            if parsed is None or parsed.tzinfo is None or "T" not in value:
                failures.append(f"{key} {value!r} is not an xsd:dateTime with a timezone")
    return failures


# -- fixtures -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def _hl(corpus, hid: str, doc_id: str, quote: str, nth: int = 0, **kw) -> Highlight:
    text = corpus.get(doc_id).text
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    kw.setdefault("created", T0)
    kw.setdefault("modified", T1)
    return Highlight(hid, doc_id, Anchor.from_span(text, start, start + len(quote)), **kw)


@pytest.fixture(scope="module")
def notes(corpus) -> list[DocumentNotes]:
    return [
        DocumentNotes(EXPLAINER, (
            _hl(corpus, "h-a1", EXPLAINER, "soft resistance", note="Compare the definition in the Lam piece.",
                tags=("definition", "law")),
            _hl(corpus, "h-a2", EXPLAINER, "don’t", color=PALETTE[3], note="Line 1\n\nLine 2 with “quotes” & <b>"),
        )),
        DocumentNotes(LAM, (_hl(corpus, "h-b1", LAM, "Paul Lam", color=PALETTE[1], created="", modified=""),)),
        DocumentNotes(STATEMENT, (
            _hl(corpus, "h-c1", STATEMENT, "國安法", tags=("中文",), note="繁體"),
            _hl(corpus, "h-c2", STATEMENT, "国安法", color=PALETTE[5]),
        ), document_note="A statement."),
    ]


def _all(notes: list[DocumentNotes]) -> dict[str, Highlight]:
    return {h.id: h for dn in notes for h in dn.highlights}


# -- export ---------------------------------------------------------------------------

def test_export_meets_every_w3c_must_assertion(notes) -> None:
    data = w3c.collection(notes, palette={PALETTE[1]: "important"})
    assert data["@context"] == w3c.CONTEXT and data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 5 and data["first"]["type"] == "AnnotationPage"
    for ann in items:
        assert must_failures(ann) == [], ann["id"]
    # The validator really rejects a broken annotation (the check is not vacuous).
    broken = dict(items[0], created="yesterday")
    del broken["@context"]
    assert len(must_failures(broken)) >= 2


def test_annotation_shape(notes, corpus) -> None:
    h = notes[0].highlights[0]
    ann = w3c.annotation(h, "definition")
    assert ann["id"] == "urn:reader:annotation:h-a1" and ann["type"] == "Annotation"
    assert ann["motivation"] == "commenting" and ann["created"] == T0 and ann["modified"] == T1
    purposes = [(b["purpose"], b["value"]) for b in ann["body"]]
    assert purposes == [("commenting", h.note), ("tagging", "definition"), ("tagging", "law"),
                        ("highlighting", h.color)]
    assert ann["body"][-1]["label"] == "definition"
    target = ann["target"]
    assert target["source"] == "urn:reader:soft-resistance-explainer"
    quote, pos = target["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == "soft resistance"
    assert pos == {"type": "TextPositionSelector", "start": h.start, "end": h.end}
    assert corpus.get(EXPLAINER).text[pos["start"]:pos["end"]] == quote["exact"]
    bare = w3c.annotation(notes[1].highlights[0])
    assert bare["motivation"] == "highlighting" and "created" not in bare and "modified" not in bare
    assert [b["purpose"] for b in bare["body"]] == ["highlighting"]


def test_naive_timestamps_are_exported_with_a_timezone(corpus) -> None:
    h = _hl(corpus, "h-t", LAM, "Paul Lam", created="2024-01-02T03:04:05", modified="not a date")
    ann = w3c.annotation(h)
    assert ann["created"] == "2024-01-02T03:04:05Z" and "modified" not in ann
    assert must_failures(ann) == []


def test_shared_validator_tool_passes(notes, tmp_path: Path) -> None:
    if not SHARED_VALIDATOR.exists():
        pytest.skip("../shared/tools/w3c_validate.py is not present next to this checkout")
    out = tmp_path / "out.json"
    out.write_text(w3c.dumps_collection(notes), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SHARED_VALIDATOR), str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "5 annotations" in proc.stdout and " 0 failures" in proc.stdout


# -- round trip -----------------------------------------------------------------------

def test_round_trip_gives_identical_highlights(notes, corpus, tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonld"
    path.write_text(w3c.dumps_collection(notes), encoding="utf-8")
    result = w3c.load_file(path, corpus)
    assert result.skipped == []
    assert set(result.by_doc) == {EXPLAINER, LAM, STATEMENT}
    got = {h.id: h for hs in result.by_doc.values() for h in hs}
    assert got == _all(notes)  # ids, anchors, notes, tags, colours, created/modified, review


def test_single_annotation_and_plain_list(notes, corpus) -> None:
    anns = w3c.collection(notes)["first"]["items"]
    one = w3c.parse_annotations(anns[0], corpus)
    assert one.count == 1
    many = w3c.parse_annotations(anns, corpus)
    assert many.count == 5


def test_pages_chained_with_next_and_items_on_the_collection(notes, corpus) -> None:
    anns = w3c.collection(notes)["first"]["items"]
    chained = {
        "@context": w3c.CONTEXT, "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": anns[:2],
                  "next": {"type": "AnnotationPage", "items": anns[2:4],
                           "next": {"type": "AnnotationPage", "items": anns[4:]}}},
    }
    assert w3c.parse_annotations(chained, corpus).count == 5
    inline = {"type": "AnnotationCollection", "items": anns}
    assert w3c.parse_annotations(inline, corpus).count == 5
    page = {"type": "AnnotationPage", "items": anns[:3]}
    assert w3c.parse_annotations(page, corpus).count == 3
    with pytest.raises(ValidationError, match="by address"):
        w3c.parse_annotations({"type": "AnnotationCollection", "first": "https://example.org/page1"}, corpus)


# -- import from other tools ----------------------------------------------------------

def _foreign(source: str, selectors, **extra) -> dict:
    return {"@context": w3c.CONTEXT, "type": "Annotation", "target": {"source": source, "selector": selectors},
            **extra}


def test_quote_only_import_is_anchored(corpus) -> None:
    text = corpus.get(LAM).text
    quote = "Paul Lam"
    start = text.index(quote)
    ann = _foreign(LAM, {"type": "TextQuoteSelector", "exact": quote, "prefix": text[start - 20:start]},
                   id="https://example.org/anno/1", bodyValue="seen elsewhere")
    (h,) = w3c.parse_annotations(ann, corpus).by_doc[LAM]
    assert (h.start, h.end) == (start, start + len(quote)) and h.quote == quote
    assert h.anchor.has_position and h.anchor.suffix == text[h.end:h.end + 32]
    assert h.note == "seen elsewhere" and not h.review
    assert h.id.startswith("h-") and len(h.id) == 34
    # The same foreign id gives the same highlight id: re-importing merges.
    assert w3c.parse_annotations(ann, corpus).by_doc[LAM][0].id == h.id


def test_slightly_different_quote_is_anchored_fuzzily(corpus) -> None:
    text = corpus.get(EXPLAINER).text
    i = text.index("soft resistance")
    exact = text[i:i + 60]
    altered = exact.replace("resistance", "resistence", 1)
    ann = _foreign("urn:reader:" + EXPLAINER, [{"type": "TextQuoteSelector", "exact": altered,
                                                 "prefix": text[i - 32:i], "suffix": text[i + 60:i + 92]}])
    (h,) = w3c.parse_annotations(ann, corpus).by_doc[EXPLAINER]
    assert text[h.start:h.end] == h.quote
    assert abs(h.start - i) <= 2 and abs(h.end - (i + 60)) <= 2
    assert h.review  # moved by a fuzzy match: the reader should confirm it


def test_position_out_of_range_falls_back_to_the_quote(corpus) -> None:
    text = corpus.get(LAM).text
    start = text.index("Paul Lam")
    ann = _foreign(LAM, [{"type": "TextQuoteSelector", "exact": "Paul Lam", "prefix": text[start - 32:start]},
                         {"type": "TextPositionSelector", "start": 10**9, "end": 10**9 + 8}])
    (h,) = w3c.parse_annotations(ann, corpus).by_doc[LAM]
    assert (h.start, h.end) == (start, start + 8)


def test_position_only_selector_takes_the_quote_from_the_text(corpus) -> None:
    ann = _foreign(LAM, {"type": "TextPositionSelector", "start": 0, "end": 12})
    (h,) = w3c.parse_annotations(ann, corpus).by_doc[LAM]
    assert h.quote == corpus.get(LAM).text[:12]


def test_bodies_from_other_tools(corpus) -> None:
    ann = _foreign(LAM, {"type": "TextQuoteSelector", "exact": "Paul Lam"}, body=[
        {"type": "TextualBody", "value": "first"},
        {"type": "TextualBody", "value": "second", "purpose": ["commenting"]},
        {"type": "TextualBody", "value": "  tag1 ", "purpose": "tagging"},
        {"type": "TextualBody", "value": "tag1", "purpose": "tagging"},
        {"type": "TextualBody", "value": "#FF0000", "purpose": "highlighting"},
        "https://example.org/external-body",
        {"id": "https://example.org/img.png", "type": "Image"},
    ])
    (h,) = w3c.parse_annotations(ann, corpus).by_doc[LAM]
    assert h.note == "first\n\nsecond" and h.tags == ("tag1",)
    assert h.color == "#ff6666"  # nearest palette colour to pure red
    assert h.created == "" and h.modified == ""
    single = _foreign(LAM, {"type": "TextQuoteSelector", "exact": "Paul Lam"},
                      body={"type": "TextualBody", "value": "question", "purpose": "highlighting"})
    assert w3c.parse_annotations(single, corpus).by_doc[LAM][0].color == PALETTE[4]


def test_missing_id_is_derived_from_content(corpus) -> None:
    a = _foreign(LAM, {"type": "TextQuoteSelector", "exact": "Paul Lam"}, bodyValue="x")
    b = _foreign(LAM, {"type": "TextQuoteSelector", "exact": "Paul Lam"}, bodyValue="y")
    ida = w3c.parse_annotations(a, corpus).by_doc[LAM][0].id
    assert ida == w3c.parse_annotations(json.loads(json.dumps(a)), corpus).by_doc[LAM][0].id
    assert ida != w3c.parse_annotations(b, corpus).by_doc[LAM][0].id


def test_unusable_annotations_are_skipped_with_reasons(notes, corpus) -> None:
    good = w3c.collection(notes)["first"]["items"][0]
    bad = [
        _foreign("urn:reader:no-such-doc", {"type": "TextQuoteSelector", "exact": "x"}, id="urn:x:1"),
        {"type": "Annotation", "target": "urn:reader:" + LAM},
        _foreign(LAM, {"type": "TextQuoteSelector", "exact": "words that appear nowhere in this text at all"}),
        _foreign(LAM, {"type": "TextQuoteSelector", "exact": 42}),
        _foreign(LAM, {"type": "TextQuoteSelector", "exact": "Paul Lam"}, bodyValue=["not", "text"]),
        _foreign(LAM, {"type": "CssSelector", "value": "p"}),
        {"type": "Annotation"},
        "not an object",
        _foreign(LAM, {"type": "TextQuoteSelector", "exact": "Paul\ud800Lam"}),
    ]
    result = w3c.parse_annotations([good, *bad], corpus, source="mixed.json")
    assert result.count == 1
    assert len(result.skipped) == len(bad)
    reasons = "\n".join(result.skipped)
    assert "unknown document 'no-such-doc'" in reasons and "urn:x:1" in reasons
    assert "only an address" in reasons
    assert "was not found" in reasons
    assert "must be a string" in reasons
    assert "no 'target'" in reasons
    assert "not an annotation object" in reasons
    assert "surrogate" in reasons


def test_nothing_usable_is_one_clear_error(corpus) -> None:
    ann = _foreign("urn:reader:no-such-doc", {"type": "TextQuoteSelector", "exact": "x"})
    with pytest.raises(ValidationError) as err:
        w3c.parse_annotations([ann, ann], corpus, source="in.json")
    msg = str(err.value)
    assert msg.startswith("in.json: ") and "unknown document 'no-such-doc'" in msg and "1 more" in msg
    assert "\n" not in msg
    for shape, words in [(42, "top level is a number"), ("text", "top level is a string"),
                         ({"type": "Person"}, "type 'Person'"), ({}, "without a 'type'"),
                         ([], "contains no annotations"),
                         ({"type": "AnnotationCollection", "first": {"type": "AnnotationPage", "items": {}}},
                          "must be a list")]:
        with pytest.raises(ValidationError, match=words):
            w3c.parse_annotations(shape, corpus, source="in.json")


def test_load_file_errors_name_the_file(corpus, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "type": "Annotation",\n  oops\n}', encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        w3c.load_file(bad, corpus)
    assert str(err.value).startswith(f"{bad}:3: is not valid JSON") and "column 3" in str(err.value)
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"a": "caf\xe9"}')
    with pytest.raises(DataFileError, match="not UTF-8"):
        w3c.load_file(latin, corpus)
    empty = tmp_path / "empty.json"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(DataFileError, match="is empty"):
        w3c.load_file(empty, corpus)
    with pytest.raises(DataFileError, match="missing.json: does not exist"):
        w3c.load_file(tmp_path / "missing.json", corpus)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises((DataFileError, ValidationError)):
        w3c.load_file(deep, corpus)
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"hello": "world"}', encoding="utf-8")
    with pytest.raises(ValidationError, match=f"^{wrong}: the top level"):
        w3c.load_file(wrong, corpus)


def test_bom_is_accepted(notes, corpus, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + w3c.dumps_collection(notes).encode("utf-8"))
    assert w3c.load_file(path, corpus).count == 5


def test_in_repo_schemas_match_shared_copy() -> None:
    shared = SHARED_VALIDATOR.parent / "w3c-schemas"
    if not shared.exists():
        pytest.skip("../shared is not present next to this checkout")
    ours = sorted(p.relative_to(SCHEMAS) for p in SCHEMAS.rglob("*") if p.is_file() and p.suffix != ".md")
    theirs = sorted(p.relative_to(shared) for p in shared.rglob("*") if p.is_file() and p.suffix != ".md")
    assert ours == theirs
    for rel in ours:
        assert (SCHEMAS / rel).read_bytes() == (shared / rel).read_bytes(), rel


_notes_text = st.one_of(st.just(""), st.text(min_size=1).filter(lambda s: s.strip()))
_tag = st.text(min_size=1, max_size=12).map(str.strip).filter(bool)


@given(data=st.data())
def test_round_trip_property(corpus, data: st.DataObject) -> None:
    doc = corpus.get(STATEMENT)
    n = len(doc.text)
    start = data.draw(st.integers(0, n - 1))
    end = data.draw(st.integers(start + 1, min(n, start + 300)))
    h = Highlight(
        data.draw(st.from_regex(r"h-[0-9a-f]{1,32}", fullmatch=True)), STATEMENT,
        Anchor.from_span(doc.text, start, end),
        color=data.draw(st.sampled_from(PALETTE)), note=data.draw(_notes_text),
        tags=tuple(data.draw(st.lists(_tag, max_size=4, unique=True))),
        created=T0, modified=data.draw(st.sampled_from([T0, T1, ""])),
    )
    text = w3c.dumps_collection([DocumentNotes(STATEMENT, (h,))])
    assert w3c.parse_annotations(json.loads(text), corpus).by_doc == {STATEMENT: [h]}
