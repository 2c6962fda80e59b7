"""Markdown export: snapshot of a small fixed corpus, hostile user text rendered inertly,
reading order, orphans, links and glossary terms."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from reader.core.anchor import Anchor
from reader.core.corpus import Corpus, load_corpus
from reader.core.editorial import EditorialLayer, GlossaryEntry
from reader.core.markdown_export import escape_inline, escape_text, export_markdown
from reader.core.model import DocumentNotes, Endpoint, Highlight, UserLink

SNAPSHOT = Path(__file__).parent / "data" / "markdown_snapshot.md"

ALPHA = """---
id: alpha
title: "Alpha: a *test* text"
subtitle: Sub <title>
authors: [Ann Author, Bo Writer]
publisher: Test Press
published: 2023-08-05
languages: [en, zh-Hant]
source: alpha_seed.txt
removed: []
---

# Alpha: a *test* text

The committee met on Monday. It discussed the National Security Law at length.

## Second part

Members said 國安法 was raised again. Some don’t agree.
"""

BETA = """---
id: beta
title: Beta
authors: []
publisher: Other Press
republished_by: Reposter
original: Somewhere else
languages: [en]
source: beta_seed.txt
removed: []
---

Beta mentions the security law once and the committee twice: committee.
"""

T0 = "2024-05-01T09:00:00Z"


def Editorial() -> EditorialLayer:  # noqa: N802 - reads like the class it stands for
    return EditorialLayer([
        GlossaryEntry("nsl", "National Security Law", "law",
                      ("National Security Law", "security law", "國安法", "国安法"), (), "", ()),
        GlossaryEntry("committee", "Committee", "organisation", ("committee",), (), "", ()),
    ])


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (texts / "beta.md").write_text(BETA, encoding="utf-8")
    c = load_corpus(texts=texts)
    assert not c.problems, c.problems
    return c


def _span(corpus: Corpus, doc_id: str, quote: str) -> Anchor:
    text = corpus.get(doc_id).text
    i = text.index(quote)
    return Anchor.from_span(text, i, i + len(quote))


def _notes(corpus: Corpus) -> tuple[dict[str, DocumentNotes], list[UserLink]]:
    a = [
        # Stored out of order on purpose: the export is in reading order.
        Highlight("h-3", "alpha", _span(corpus, "alpha", "國安法"), color="#2ea8e5", tags=("中文", "law"),
                  note="繁體 mention.", created=T0, modified=T0),
        Highlight("h-1", "alpha", _span(corpus, "alpha", "The committee met"), note="First line\nsecond line\n\nNew para.",
                  tags=("follow up",), created=T0, modified=T0),
        Highlight("h-2", "alpha", _span(corpus, "alpha", "National Security Law"), color="#ff6666",
                  note="<script>alert('x')</script>\n# not a heading\n```\ncode fence\n```\n1. not a list\n> not a quote\n"
                       "[link](javascript:alert(1)) and `tick` and *stars* and a | b",
                  created=T0, modified=T0, review=True),
        Highlight("h-4", "alpha", Anchor("a passage that was removed from the text", "x", "y", 3, 43),
                  note="Kept anyway.", created=T0, modified=T0),
    ]
    b = [Highlight("h-5", "beta", _span(corpus, "beta", "security law"), created=T0, modified=T0)]
    links = [
        UserLink("l-1", "same-event", Endpoint("alpha", _span(corpus, "alpha", "National Security Law")),
                 Endpoint("beta", _span(corpus, "beta", "security law")), note="Same law, *different* words.",
                 created=T0),
        UserLink("l-2", "elaborates", Endpoint("beta", _span(corpus, "beta", "committee twice")),
                 Endpoint("alpha", _span(corpus, "alpha", "Some don’t agree.")), created=T0),
    ]
    notes = {
        "alpha": DocumentNotes("alpha", tuple(a), document_note="Read with *care*.\n## Not a heading"),
        "beta": DocumentNotes("beta", tuple(b)),
    }
    return notes, links


def _export(corpus: Corpus) -> str:
    notes, links = _notes(corpus)
    return export_markdown(corpus, ["alpha", "beta"], notes, links, Editorial(), {"#ff6666": "important"})


def test_snapshot(corpus: Corpus) -> None:
    out = _export(corpus)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(out, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    assert out == expected, "Markdown export changed; rerun with UPDATE_SNAPSHOTS=1 and review the diff"


def test_structure_and_reading_order(corpus: Corpus) -> None:
    out = _export(corpus)
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings == [
        "# Alpha: a \\*test\\* text", "## Document note", "## Highlights",
        "### Highlight 1", "### Highlight 2", "### Highlight 3 · Second part", "### Orphaned highlights",
        "## Links", "# Beta", "## Highlights", "### Highlight 1", "## Links",
    ]
    quotes = [line for line in out.splitlines() if line.startswith("> ")]
    assert quotes[:3] == ["> The committee met", "> National Security Law", "> 國安法"]
    assert "> a passage that was removed from the text" in quotes
    assert "- **Author:** " not in out and "- **Authors:** Ann Author, Bo Writer" in out
    assert "- **Published:** 2023-08-05" in out and "- **Republished by:** Reposter" in out
    assert "- **Colour:** red (#ff6666) — important" in out
    assert "- **Colour:** blue (#2ea8e5) — definition" in out  # built-in meaning by default
    assert "- **Tags:** #中文 #law" in out and "#follow-up" in out
    assert "- **Glossary:** National Security Law (law)" in out
    assert "- **Glossary:** Committee (organisation)" in out
    assert "→ same-event to “security law” in *Beta*: Same law, \\*different\\* words." in out
    assert "← same-event from “National Security Law” in *Alpha: a \\*test\\* text*" in out
    # l-2 touches no highlight at either end: listed under both documents' links.
    assert out.count("elaborates") == 2
    assert "To “Some don’t agree.”:" in out and "From “committee twice”:" in out


def test_hostile_note_is_inert(corpus: Corpus) -> None:
    out = _export(corpus)
    assert "<script" not in out and "<title" not in out and "&lt;script>" in out
    lines = out.splitlines()
    assert "# not a heading" not in lines and "\\# not a heading\\" in lines
    assert not any(line.startswith("```") for line in lines)
    assert not any(line.startswith(("1.", "> not", "## Not")) for line in lines)
    assert "\\[link\\](javascript:alert(1))" in out and "\\`tick\\`" in out and "a \\| b" in out


def test_escaping_helpers() -> None:
    assert escape_inline("a <b> & c &amp; *x* _y_ snake_case [z]") == (
        "a &lt;b> & c &amp;amp; \\*x\\* \\_y\\_ snake_case \\[z\\]"
    )
    assert escape_text("  # h\n\n\n    code\n- item\n+ item\n2) two\n===\nplain") == [
        "\\# h", "", "code", "\\- item", "\\+ item", "2\\) two", "\\===", "plain",
    ]
    # Every line of escaped text starts with something that renders as plain text.
    for line in escape_text("# a\n> b\n- c\n* d\n1. e\n<f>\n`g`\n|h|"):
        assert re.match(r"^(\\[#>\-*`|]|\d+\\[.)]|&lt;)", line), line


def test_shipped_corpus_export(tmp_path: Path) -> None:
    corpus = load_corpus()
    doc = corpus.get("recognizing-each-others-struggles")
    i = doc.text.index("国安法")
    h = Highlight("h-x", doc.id, Anchor.from_span(doc.text, i, i + 3), note="CJK", created=T0, modified=T0)
    out = export_markdown(corpus, corpus.ids(), {doc.id: DocumentNotes(doc.id, (h,))})
    # Only the document the reader worked on: no empty sections for the others.
    assert out.count("\n# ") + out.startswith("# ") == 1
    assert "> 国安法" in out and "**Note:** CJK" in out
    assert "*No highlights.*" not in out
    assert export_markdown(corpus, corpus.ids(), {}) == "*No highlights, notes or links yet.*\n"


def test_commonmark_renderer_sees_one_structure(corpus: Corpus, qapp) -> None:
    """Render with Qt's CommonMark parser (md4c): user text adds no headings, code, links or HTML."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setMarkdown(_export(corpus))
    html = doc.toHtml()
    assert html.count("<h1") == 2 and html.count("<h2") == 5 and html.count("<h3") == 5
    assert "<pre" not in html and "<a " not in html and 'href="javascript' not in html
    assert "<script" not in html and "&lt;script&gt;" in html
    plain = doc.toPlainText()
    for literal in ("# not a heading", "```", "1. not a list", "> not a quote", "[link](javascript:alert(1))",
                    "`tick`", "*stars*", "a | b", "<script>alert('x')</script>", "## Not a heading"):
        assert literal in plain, literal


LAM = "paul-lam-soft-resistance"


def test_the_markdown_export_says_why_a_highlight_awaits_review() -> None:
    corpus = load_corpus()
    text = corpus.get(LAM).text
    start = text.index("Paul Lam")
    anchor = Anchor.from_span(text, start, start + 8)
    notes = {LAM: DocumentNotes(LAM, (
        Highlight("h-1", LAM, anchor, created="t", modified="t", review=True, review_reason="deleted"),))}
    out = export_markdown(corpus, [LAM], notes)
    assert "**Deleted elsewhere:** deleted on another device while edited on this one" in out and "**Moved:**" not in out
