"""Each format reader add accepts: every source paragraph verbatim, no furniture, metadata right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_fixtures import (
    ARTICLE,
    BOOK,
    CAPTION,
    FURNITURE,
    ITEMS,
    MARKDOWN,
    MEMO,
    PDF_HEADER,
    QUOTE,
    WEB_PAGE,
    write_docx,
    write_epub,
    write_pdf,
)

from reader.core.corpus import load_corpus
from reader.core.errors import DataFileError
from reader.core.library import add_document, add_text, document_info


def _blocks(doc) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def test_web_page_keeps_the_article_and_lists_the_furniture(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "ferry.html"
    src.write_text(WEB_PAGE, encoding="utf-8")
    doc = add_text(data_dir, src)
    for para in [*ARTICLE, QUOTE, *ITEMS, CAPTION]:
        assert para in doc.text.split("\n"), para
    for junk in FURNITURE:
        assert junk not in doc.text, junk
    blocks = _blocks(doc)
    assert ("heading", "Harbour ferry returns after repairs") in blocks
    assert ("heading", "Passengers welcome the return") in blocks
    assert ("quote", QUOTE) in blocks and ("caption", CAPTION) in blocks
    styled = next(b for b in doc.blocks if b.text == ARTICLE[1])
    assert {(styled.text[s:e], k) for s, e, k in styled.styles} == {("forty minutes", "em"), ("a lifeline", "strong")}
    info = document_info(doc)
    assert info["title"] == "Harbour ferry returns after repairs"
    assert info["authors"] == ["Ada Lovelace"] and info["publisher"] == "The Daily Tide"
    assert info["published"] == "2024-03-15" and info["languages"] == ["en-GB"]
    assert info["url"] == "https://tide.example/news/ferry-returns"
    assert info["format"] == "html" and info["source"] == "ferry.html" and len(info["sha256"]) == 64
    removed = " ".join(info["removed"])
    for label in ("cookie banner", "navigation", "related-article list", "comment", "membership promotion", "footer"):
        assert label in removed, label
    assert load_corpus(data_dir).get(doc.id).text == doc.text  # stored and read back the same


def test_epub_follows_the_spine_with_its_metadata(data_dir: Path, tmp_path: Path) -> None:
    doc = add_text(data_dir, write_epub(tmp_path / "book.epub"))
    expected = [t for heading, paras in BOOK.items() for t in (heading, *paras)]
    assert doc.text.split("\n") == expected
    assert [b.text for b in doc.headings()] == list(BOOK)
    info = document_info(doc)
    assert (info["title"], info["authors"], info["published"], info["publisher"], info["languages"]) == (
        "A Test Book", ["Jane Writer"], "2021-06-01", "Test Press", ["en"])
    assert info["format"] == "epub"


def test_pdf_rebuilds_paragraphs_and_keeps_the_printed_hyphen(data_dir: Path, tmp_path: Path) -> None:
    doc = add_text(data_dir, write_pdf(tmp_path / "report.pdf"))
    paras = doc.text.split("\n")
    assert paras[0] == ("The committee met in the spring and heard evidence from many witnesses, among them "
                        "Luo Hui-ning, who spoke about the office and its files.")
    assert "Luo Huining" not in doc.text and "\ufffe" not in doc.text and "\ufb01" not in doc.text
    assert paras[1:] == ["A second paragraph begins here and it continues on this line.",
                         "The third paragraph is on page two and ends here.",
                         "A fourth paragraph closes the report."]
    assert PDF_HEADER not in doc.text
    info = document_info(doc)
    assert info["title"] == "Annual Report" and info["format"] == "pdf"
    assert any(PDF_HEADER in r for r in info["removed"]) and any("page numbers" in r for r in info["removed"])


def test_pdf_without_a_text_layer_is_refused(data_dir: Path, tmp_path: Path) -> None:
    src = write_pdf(tmp_path / "scan.pdf", with_text=False)
    with pytest.raises(DataFileError, match="has no text layer; Reader does not do OCR") as err:
        add_text(data_dir, src)
    assert err.value.path == src
    assert not list((data_dir / "library").glob("*.md")) if (data_dir / "library").exists() else True


def test_docx_paragraphs_headings_lists_quotes_tables(data_dir: Path, tmp_path: Path) -> None:
    doc = add_text(data_dir, write_docx(tmp_path / "memo.docx"))
    blocks = _blocks(doc)
    assert blocks[0] == ("heading", "Quarterly review memo")
    assert ("paragraph", MEMO[0]) in blocks and ("paragraph", MEMO[1]) in blocks
    assert ("heading", "Agenda") in blocks and ("quote", "Measure twice, cut once.") in blocks
    assert ("paragraph", "Opening remarks") in blocks and ("paragraph", "Figures by team") in blocks
    assert "Team | Lead" in doc.text.split("\n") and "North | Ana Ruiz" in doc.text.split("\n")
    bold = next(b for b in doc.blocks if b.text == MEMO[1])
    assert [(bold.text[s:e], k) for s, e, k in bold.styles] == [("Thursday noon", "strong")]
    info = document_info(doc)
    assert info["title"] == "Quarterly review memo" and info["authors"] == ["Sam Manager"] and info["format"] == "docx"


def test_markdown_is_parsed_not_shown_raw(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "notes.md"
    src.write_text(MARKDOWN, encoding="utf-8")
    doc = add_text(data_dir, src)
    lines = doc.text.split("\n")
    assert lines[0] == "Notes on the harbour" and doc.blocks[0].kind == "heading"
    assert "The ferry is back and the fares are unchanged; see the operator." in lines
    assert "*" not in doc.text and "example.invalid" not in doc.text and "title:" not in doc.text
    assert "first item" in lines and "second item with code" in lines
    assert ("quote", "A quoted line that continues.") in _blocks(doc)
    assert "def f():" in lines and "    return 1" in lines
    assert "Day | Sailings" in lines and "Mon | 20" in lines
    assert "A picture of the pier" in lines
    assert "<b>raw html</b> stays text." in lines  # shown, never run
    styled = next(b for b in doc.blocks if b.text.startswith("The ferry is"))
    assert {(styled.text[s:e], k) for s, e, k in styled.styles} == {("back", "em"), ("fares", "strong")}
    assert document_info(doc)["authors"] == ["Ada Lovelace"]


TEXT = "Première ligne\n\nLe garçon a déjà mangé à la gare, où il faisait très froid.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1",
                                      "cp1252"])
def test_plain_text_in_any_common_encoding(encoding: str, data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "lettre.txt"
    src.write_bytes(TEXT.replace("\n", "\r\n").encode(encoding))
    doc = add_text(data_dir, src)
    assert doc.text == "Première ligne\nLe garçon a déjà mangé à la gare, où il faisait très froid."
    # The first line is the title, shown once: as the title heading, not also as a paragraph.
    assert doc.title == "Première ligne" and doc.blocks[0].kind == "heading" and len(doc.blocks) == 2


@pytest.mark.parametrize(("encoding", "text"), [("gb18030", "香港国家安全法于二零二零年生效。\n许多人被捕。\n"),
                                                ("big5", "香港國家安全法於二零二零年生效。\n許多人被捕。\n")])
def test_chinese_encodings(encoding: str, text: str, data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "zh.txt"
    src.write_bytes(text.replace("\n", "\r").encode(encoding))  # old Mac line ends too
    doc = add_text(data_dir, src)
    assert doc.text == text.strip()
    assert "zh" in doc.meta.languages


def test_web_page_saved_as_txt_is_read_as_a_web_page(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "saved.txt"
    src.write_text(WEB_PAGE, encoding="utf-8")
    doc = add_text(data_dir, src)
    assert doc.title == "Harbour ferry returns after repairs"
    assert "<" not in doc.title and "<html" not in doc.text and ARTICLE[0] in doc.text
    assert document_info(doc)["format"] == "html"


def test_same_file_twice_adds_nothing(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "ferry.html"
    src.write_text(WEB_PAGE, encoding="utf-8")
    first = add_document(data_dir, src)
    again = add_document(data_dir, src)
    copy = tmp_path / "copy.html"
    copy.write_text(WEB_PAGE, encoding="utf-8")
    third = add_document(data_dir, copy)
    assert first.outcome == "added" and again.outcome == "already" and third.outcome == "already"
    assert again.document.id == first.document.id == third.document.id
    assert len(list((data_dir / "library").glob("*.md"))) == 1


def test_unsupported_file_is_refused_with_a_sentence(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "picture.png"
    src.write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(DataFileError, match="is not a file Reader can add"):
        add_text(data_dir, src)


def test_broken_files_are_refused_with_a_sentence(data_dir: Path, tmp_path: Path) -> None:
    for name in ("broken.epub", "broken.docx", "broken.pdf"):
        src = tmp_path / name
        src.write_bytes(b"PK\x03\x04 this is not really a zip nor a pdf")
        with pytest.raises(DataFileError) as err:
            add_text(data_dir, src)
        assert err.value.path == src and "\n" not in str(err.value)


def test_info_json_has_the_contract_keys(data_dir: Path, tmp_path: Path) -> None:
    from reader.cli import main

    src = write_epub(tmp_path / "book.epub")
    add_text(data_dir, src)
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["info", "a-test-book", "--json", "--data-dir", str(data_dir)]) == 0
    info = json.loads(out.getvalue())
    assert {"id", "title", "authors", "published", "publisher", "languages", "source", "format", "removed",
            "added"} <= set(info)
    assert info["source"] == "book.epub" and isinstance(info["authors"], list)
