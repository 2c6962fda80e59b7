"""Highlights and notes another viewer added to a Reader PDF come back through `reader import`."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pypdfium2
import pytest
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from reader.cli import main
from reader.core.anchor import Anchor
from reader.core.corpus import load_corpus
from reader.core.model import DocumentNotes, Highlight
from reader.core.store import NoteStore
from reader.pdf.export import ExportOptions, export_pdf

DOC = "paul-lam-soft-resistance"
OWN_QUOTE = "soft resistance"


def _phrase_quads(pdf_path: Path, doc_text: str) -> tuple[int, str, list[float]]:
    """A phrase of the document printed on one line of some page, and its quad."""
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    words = doc_text.split()
    for page_index in range(1, len(pdf)):
        tp = pdf[page_index].get_textpage()
        for k in range(40, len(words) - 6, 7):
            phrase = " ".join(words[k:k + 5])
            if len(phrase) < 20 or phrase not in doc_text or doc_text.count(phrase) != 1:
                continue
            found = tp.search(phrase, match_case=True).get_next()
            if found is None:
                continue
            start, count = found
            boxes = [b for b in (tp.get_charbox(i) for i in range(start, start + count)) if b[2] > b[0]]
            if max(b[1] for b in boxes) - min(b[1] for b in boxes) > 2:
                continue  # crosses a line; keep the test to one quad
            x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
            x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
            pdf.close()
            return page_index, phrase, [x0, y1, x1, y1, x0, y0, x1, y0]
    raise AssertionError("no one-line phrase found")


def _annot(page: pypdf.PageObject, writer: pypdf.PdfWriter, fields: dict[str, object]) -> None:
    d = DictionaryObject({NameObject("/Type"): NameObject("/Annot")})
    for k, v in fields.items():
        d[NameObject(k)] = v  # type: ignore[assignment]
    ref = writer._add_object(d)
    if "/Annots" not in page:
        page[NameObject("/Annots")] = ArrayObject()
    page["/Annots"].append(ref)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def marked(qapp, tmp_path_factory):
    corpus = load_corpus()
    doc = corpus.get(DOC)
    d = tmp_path_factory.mktemp("foreign")
    s = doc.text.index(OWN_QUOTE)
    own = Highlight("h-own", DOC, Anchor.from_span(doc.text, s, s + len(OWN_QUOTE)), note="mine",
                    created="2024-05-01T10:00:00Z", modified="2024-05-01T10:00:00Z")
    exported = d / "out.pdf"
    export_pdf(exported, corpus, [DOC], {DOC: DocumentNotes(DOC, (own,))})
    page_index, phrase, quad = _phrase_quads(exported, doc.text)
    writer = pypdf.PdfWriter(clone_from=str(exported))
    page = writer.pages[page_index]
    nums = ArrayObject(FloatObject(v) for v in quad)
    rect = ArrayObject(FloatObject(v) for v in (quad[0], quad[5], quad[2], quad[1]))
    _annot(page, writer, {"/Subtype": NameObject("/Highlight"), "/QuadPoints": nums, "/Rect": rect,
                          "/Contents": TextStringObject("my note"), "/NM": TextStringObject("okular-1"),
                          "/C": ArrayObject([FloatObject(1), FloatObject(1), FloatObject(0)])})
    # A sticky note beside the same line (its icon in the left margin).
    icon = ArrayObject(FloatObject(v) for v in (10, quad[5], 28, quad[1]))
    _annot(page, writer, {"/Subtype": NameObject("/Text"), "/Rect": icon,
                          "/Contents": TextStringObject("sticky")})
    out = d / "marked.pdf"
    with open(out, "wb") as fh:
        writer.write(fh)
    return out, phrase


def _highlights(data_dir: Path) -> list[Highlight]:
    return list(NoteStore(data_dir).load_notes(DOC).highlights)


def test_a_highlight_added_by_another_viewer_comes_back(marked, tmp_path, capsys):
    out, phrase = marked
    data = tmp_path / "data"
    assert main(["import", str(out), "--data-dir", str(data)]) == 0
    hs = _highlights(data)
    by_note = {h.note: h for h in hs}
    assert by_note["my note"].anchor.exact == phrase
    assert by_note["my note"].color == "#ffd400"  # /C [1 1 0] -> the nearest palette yellow
    assert phrase in by_note["sticky"].anchor.exact  # the sticky note is attached to the line beside it
    assert [h.id for h in hs].count("h-own") == 1
    assert sum(1 for h in hs if h.anchor.exact == OWN_QUOTE) == 1  # Reader's own is not duplicated
    assert len(hs) == 3
    capsys.readouterr()
    assert main(["import", str(out), "--data-dir", str(data)]) == 0
    assert "(0 new" in capsys.readouterr().out
    assert len(_highlights(data)) == 3


def test_a_pdf_exported_without_notes_still_gives_back_other_viewers_marks(qapp, tmp_path, capsys):
    corpus = load_corpus()
    doc = corpus.get(DOC)
    plain = tmp_path / "plain.pdf"
    export_pdf(plain, corpus, [DOC], {}, options=ExportOptions(include_notes=False))
    page_index, phrase, quad = _phrase_quads(plain, doc.text)
    writer = pypdf.PdfWriter(clone_from=str(plain))
    page = writer.pages[page_index]
    _annot(page, writer, {"/Subtype": NameObject("/Underline"),
                          "/QuadPoints": ArrayObject(FloatObject(v) for v in quad),
                          "/C": ArrayObject([FloatObject(0), FloatObject(0.6), FloatObject(0.9)])})
    # A note far from any text: reported as skipped, never guessed.
    _annot(page, writer, {"/Subtype": NameObject("/Text"), "/Contents": TextStringObject("lost"),
                          "/Rect": ArrayObject(FloatObject(v) for v in (10, 835, 28, 841))})
    out = tmp_path / "underlined.pdf"
    with open(out, "wb") as fh:
        writer.write(fh)
    data = tmp_path / "data"
    assert main(["import", str(out), "--data-dir", str(data)]) == 0
    summary = capsys.readouterr().out
    assert "(1 new" in summary and "skipped 1" in summary
    [h] = _highlights(data)
    assert h.anchor.exact == phrase and h.note == "" and h.color == "#2ea8e5"


def test_a_mark_in_the_second_document_of_an_export_lands_in_that_document(qapp, tmp_path):
    corpus = load_corpus()
    first, second = next(d for d in corpus.ids() if d != DOC), DOC
    out = tmp_path / "two.pdf"
    export_pdf(out, corpus, [first, second], {}, options=ExportOptions(include_notes=False))
    page_index, phrase, quad = _phrase_quads(out, corpus.get(second).text)
    writer = pypdf.PdfWriter(clone_from=str(out))
    _annot(writer.pages[page_index], writer, {"/Subtype": NameObject("/StrikeOut"),
                                              "/QuadPoints": ArrayObject(FloatObject(v) for v in quad)})
    marked = tmp_path / "two-marked.pdf"
    with open(marked, "wb") as fh:
        writer.write(fh)
    data = tmp_path / "data"
    assert main(["import", str(marked), "--data-dir", str(data)]) == 0
    assert [h.anchor.exact for h in _highlights(data)] == [phrase]
    assert not NoteStore(data).load_notes(first).highlights


def _resaved(src: Path, dest: Path, nm: str, note: str | None = None, shift: float = 0.4) -> Path:
    """``src`` as another viewer re-saving it might write it: its highlight under a new /NM, its
    quad moved by a fraction of a point (so the mark's own id changes), the note perhaps edited."""
    writer = pypdf.PdfWriter(clone_from=str(src))
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/NM") == "okular-1":
                annot[NameObject("/NM")] = TextStringObject(nm)
                annot[NameObject("/QuadPoints")] = ArrayObject(
                    FloatObject(float(v) + (shift if i % 2 == 0 else 0)) for i, v in enumerate(annot["/QuadPoints"]))
                if note is not None:
                    annot[NameObject("/Contents")] = TextStringObject(note)
    with open(dest, "wb") as fh:
        writer.write(fh)
    return dest


def test_a_mark_repeating_a_highlight_kept_only_in_the_data_dir_is_not_added(marked, tmp_path, capsys):
    out, phrase = marked
    data = tmp_path / "data"
    text = load_corpus().get(DOC).text
    s = text.index(phrase)
    mine = Highlight("h-mine", DOC, Anchor.from_span(text, s, s + len(phrase)), note="my note",
                     created="2024-05-02T10:00:00Z", modified="2024-05-02T10:00:00Z")
    store = NoteStore(data)
    with store.locked():  # in the data dir, not embedded in the PDF
        store.save_notes(DocumentNotes(DOC, (mine,)))
    assert main(["import", str(out), "--data-dir", str(data)]) == 0
    assert "(2 new" in capsys.readouterr().out  # Reader's own embedded one and the sticky note
    hs = _highlights(data)
    assert [h.id for h in hs if h.anchor.exact == phrase] == ["h-mine"]
    assert len(hs) == 3
    assert main(["import", str(out), "--data-dir", str(data)]) == 0
    assert "(0 new" in capsys.readouterr().out
    assert len(_highlights(data)) == 3


def test_a_resaved_pdf_adds_nothing_again_but_a_changed_note_is_new(marked, tmp_path, capsys):
    out, phrase = marked
    data = tmp_path / "data"
    assert main(["import", str(out), "--data-dir", str(data)]) == 0
    first = {h.id for h in _highlights(data)}
    assert len(first) == 3
    moved = _resaved(out, tmp_path / "resaved.pdf", "okular-2")
    capsys.readouterr()
    assert main(["import", str(moved), "--data-dir", str(data)]) == 0
    assert "(0 new" in capsys.readouterr().out
    assert {h.id for h in _highlights(data)} == first
    edited = _resaved(out, tmp_path / "edited.pdf", "okular-3", note="a second thought")
    assert main(["import", str(edited), "--data-dir", str(data)]) == 0
    assert "(1 new" in capsys.readouterr().out
    added = [h for h in _highlights(data) if h.id not in first]
    assert [(h.anchor.exact, h.note) for h in added] == [(phrase, "a second thought")]
