"""#tags in a note become the highlight's tags, and follow the note as it is edited."""

from __future__ import annotations

from pathlib import Path

from reader.core.corpus import load_corpus
from reader.core.hashtags import hashtags, retag
from reader.core.notes import NoteBook
from reader.core.store import NoteStore


def test_hashtags_found_in_a_note() -> None:
    assert hashtags("On #protest and #白纸, again #protest; see #national-security-.") == (
        "protest", "白纸", "national-security")
    assert hashtags("# A heading\n\npage#part &#38; ##twice #") == ()


def test_retag_follows_the_note() -> None:
    assert retag(("mine",), "", "about #law") == ("mine", "law")
    assert retag(("mine", "la"), "about #la", "about #law") == ("mine", "law")  # half typed: gone
    assert retag(("mine", "law"), "about #law", "about it") == ("mine",)
    assert retag(("law",), "", "#law again") == ("law",)


def test_set_note_tags_the_highlight_and_undo_restores_both(data_dir: Path) -> None:
    corpus = load_corpus()
    book = NoteBook(NoteStore(data_dir), texts=lambda d: corpus.get(d).text)
    doc = corpus.get("paul-lam-soft-resistance")
    start = doc.text.index("soft resistance")
    h, _ = book.add_highlight(doc.id, start, start + 15)
    book.set_tags(h.id, ["mine"])
    book.set_note(h.id, "Compare #HKFP and #白纸")
    got = book.highlight(h.id)
    assert (got.note, got.tags) == ("Compare #HKFP and #白纸", ("mine", "HKFP", "白纸"))
    book.undo()
    assert (book.highlight(h.id).note, book.highlight(h.id).tags) == ("", ("mine",))
