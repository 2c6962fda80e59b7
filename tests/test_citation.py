"""Copy with citation: the quotation, then author, title, publisher, date and paragraph."""

from __future__ import annotations

import pytest

from reader.core.citation import cite, paragraph_number
from reader.core.corpus import load_corpus
from reader.core.document import DocumentMeta, parse_body

CORPUS = load_corpus()


def test_citation_of_a_shipped_document() -> None:
    doc = CORPUS.get("paul-lam-soft-resistance")
    phrase = "soft resistance"
    start = doc.text.index(phrase)
    c = cite(doc, start, start + len(phrase))
    meta = doc.meta
    n = paragraph_number(doc, start)
    expected = ", ".join(p for p in (", ".join(meta.authors), meta.title, meta.publisher, meta.published or "") if p)
    assert c.plain == f"“{phrase}” — {expected}, ¶ {n}"
    assert c.html.startswith(f"<p>“{phrase}” — ") and "<i>" in c.html


def test_paragraphs_are_counted_without_headings_and_the_quote_is_one_line() -> None:
    meta = DocumentMeta(id="d", title='Tom & "Jerry" <b>', authors=("A. Writer", "B. Writer"),
                        publisher="Press", published="2024-01-02")
    from reader.core.document import Document

    doc = Document(meta, parse_body("# Heading\n\nFirst para.\n\n## Part\n\nSecond\npara <i>here</i>.\n"))
    start = doc.text.index("Second")
    c = cite(doc, start, len(doc.text))
    assert c.plain == "“Second para <i>here</i>.” — A. Writer, B. Writer, Tom & \"Jerry\" <b>, Press, 2024-01-02, ¶ 2"
    assert "<i>here</i>" not in c.html and "&lt;i&gt;here&lt;/i&gt;" in c.html
    assert "<i>Tom &amp; &quot;Jerry&quot; &lt;b&gt;</i>" in c.html
    assert paragraph_number(doc, 0) is None  # a heading is not a paragraph
    heading = cite(doc, 0, 7)
    assert heading.plain.endswith("2024-01-02") and "¶" not in heading.plain


def test_a_document_without_metadata_and_a_bad_span() -> None:
    from reader.core.document import Document

    doc = Document(DocumentMeta(id="d", title=""), parse_body("Just text.\n"))
    assert cite(doc, 0, 4).plain == "“Just” — ¶ 1"
    with pytest.raises(ValueError):
        cite(doc, 3, 3)
