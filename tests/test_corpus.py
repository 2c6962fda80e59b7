"""The shipped texts: loading, front matter, canonical text and its offsets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.core.corpus import load_corpus, load_document
from reader.core.document import parse_body, parse_plain
from reader.core.errors import ValidationError

IDS = ["soft-resistance-explainer", "paul-lam-soft-resistance", "recognizing-each-others-struggles"]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_three_documents_in_seed_order(corpus) -> None:
    assert corpus.ids() == IDS
    assert corpus.problems == []


def test_front_matter(corpus) -> None:
    explainer = corpus.get("soft-resistance-explainer")
    assert explainer.meta.published == "2023-08-05"
    assert explainer.meta.republished_by == "Global Voices"
    assert "Authors, please log in »" not in explainer.text
    lam = corpus.get("paul-lam-soft-resistance")
    assert lam.meta.published is None  # the report states no date of its own
    assert lam.meta.authors == ("Hillary Leung",)
    statement = corpus.get("recognizing-each-others-struggles")
    assert statement.meta.languages == ("en", "zh-Hans", "zh-Hant")


@pytest.mark.parametrize(
    ("doc_id", "phrase", "offset"),
    [
        ("soft-resistance-explainer", "What is ‘soft resistance’?", 0),
        ("soft-resistance-explainer", "On April 15, 2021, the then-director", None),
        ("paul-lam-soft-resistance", "Beijing imposed a national security law in Hong Kong on June 30, 2020", None),
        ("recognizing-each-others-struggles", "在2020年反抗《国安法》", None),
        ("recognizing-each-others-struggles", "在2020年反抗《國安法》", None),
    ],
)
def test_known_phrases_have_stable_offsets(corpus, doc_id: str, phrase: str, offset: int | None) -> None:
    text = corpus.get(doc_id).text
    found = text.find(phrase)
    assert found >= 0
    if offset is not None:
        assert found == offset
    block = corpus.get(doc_id).block_at(found)
    assert block is not None and phrase in block.text
    assert text[block.start:block.end] == block.text


def test_canonical_text_is_blocks_joined_by_newline(corpus) -> None:
    for doc in corpus:
        assert doc.text == "\n".join(b.text for b in doc.blocks)
        for b in doc.blocks:
            assert doc.text[b.start:b.end] == b.text
            assert "\n" not in b.text


def test_source_words_verbatim(corpus) -> None:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("the seed originals are not next to this checkout")
    for doc in corpus:
        original = (seeds / doc.meta.source).read_text(encoding="utf-8")
        original_lines = {line.strip() for line in original.split("\n") if line.strip()}
        for block in doc.blocks:
            assert block.text in original_lines, (doc.id, block.text[:60])


def test_markup_subset() -> None:
    blocks = parse_body("# Title\n\n## Section\n\nA para\nwrapped.\n\n> quoted\n> more\n\n*A caption*\n")
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        ("heading", "Title", 1), ("heading", "Section", 2), ("paragraph", "A para wrapped.", 0),
        ("quote", "quoted more", 0), ("caption", "A caption", 0),
    ]
    # Nothing else is interpreted: HTML and links stay literal text.
    (b,) = parse_body("<b>x</b> [a](file:///etc/passwd) **bold**")
    assert b.text == "<b>x</b> [a](file:///etc/passwd) **bold**"
    assert [b.text for b in parse_plain("one\n\n two \nthree")] == ["one", "two", "three"]


def test_bad_front_matter_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nid: x\ntitle: [not, a, string]\n---\nbody\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_document(path, user=True)
    assert str(err.value).startswith(f"{path}:")


def test_broken_texts_each_reported(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    shutil.copytree(Path(__file__).resolve().parents[1] / "texts", texts)
    (texts / "broken.md").write_text("---\nid: broken\ntitle: 'unclosed\n---\nbody\n", encoding="utf-8")
    dup = (texts / "soft-resistance-explainer.md").read_text(encoding="utf-8")
    (texts / "zz-dup.md").write_text(dup.replace("source: 000_", "source: 999_"), encoding="utf-8")
    (texts / "latin1.md").write_bytes("---\nid: latin1\ntitle: caf\xe9\n---\n".encode("latin-1"))
    corpus = load_corpus(texts=texts)
    messages = [str(p) for p in corpus.problems]
    assert len(messages) == 3, messages
    assert any("broken.md:" in m and "YAML" in m for m in messages)
    assert any("latin1.md:3:" in m and "UTF-8" in m for m in messages)
    assert any("zz-dup.md:2:" in m and "duplicate document id 'soft-resistance-explainer'" in m for m in messages)
