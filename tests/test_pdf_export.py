"""The annotated PDF, checked only with Python PDF libraries (pypdf, pypdfium2, pdfminer).

One export of the whole corpus with 36 personal highlights (Chinese ones, ones crossing
line breaks and one long enough to cross a page break, notes with CJK and emoji) is
shared by most tests; options, cancellation and broken files get their own exports.
"""

from __future__ import annotations

import random
import re
import zlib
from collections import defaultdict
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from pypdf.generic import NameObject

from reader.core.anchor import Anchor
from reader.core.corpus import load_corpus
from reader.core.editorial import load_editorial
from reader.core.errors import DataFileError
from reader.core.model import PALETTE, DocumentNotes, Endpoint, Highlight, UserLink
from reader.pdf import annots
from reader.pdf.export import ExportCancelled, ExportOptions, export_pdf, read_embedded_annotations

STATEMENT = "recognizing-each-others-struggles"
EXPLAINER = "soft-resistance-explainer"
PAUL_LAM = "paul-lam-soft-resistance"
EMOJI_NOTE = "两个月后 check again 😀 — 人/香/白"


def _hl(doc, hid: str, start: int, end: int, color: str, note: str = "", tags: tuple[str, ...] = ()) -> Highlight:
    return Highlight(hid, doc.id, Anchor.from_span(doc.text, start, end), color=color, note=note, tags=tags,
                     created="2024-05-01T10:00:00Z", modified="2024-05-02T11:30:00Z")


def _find(doc, needle: str) -> tuple[int, int]:
    i = doc.text.index(needle)
    return i, i + len(needle)


def _page_break_span(corpus, pdf_path: Path, doc_id: str) -> tuple[int, int]:
    """A 900-character span around the first page break inside the document's body."""
    doc = corpus.get(doc_id)
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    flat = re.sub(r"\s+", "", doc.text)
    for i in range(1, len(pdf) - 1):
        # The text area only: not the running header and footer.
        text = re.sub(r"\s+", "", pdf[i].get_textpage().get_text_bounded(0, 60, 600, 785))
        tail = text[-40:]
        k = flat.find(tail)
        if len(tail) == 40 and k > 0:
            # Map the whitespace-free index back to the canonical text.
            count, pos = 0, 0
            for pos, ch in enumerate(doc.text):  # noqa: B007
                if not ch.isspace():
                    count += 1
                if count == k + 40:
                    break
            return max(0, pos - 450), min(len(doc.text), pos + 450)
    raise AssertionError("no page break found inside the document")


def _corpus_notes(corpus, pdf_for_break: Path) -> dict[str, DocumentNotes]:
    rnd = random.Random(7)
    notes: dict[str, list[Highlight]] = defaultdict(list)
    for doc in corpus:
        text = doc.text
        for k in range(9):
            s = rnd.randrange(0, len(text) - 300)
            while text[s].isspace() or text[s] == "\n":
                s += 1
            e = s + rnd.randrange(4, 240)  # many of these cross at least one line break
            while text[e - 1].isspace():
                e -= 1
            note = ["", "A plain note.", "Multi-line\nnote with “quotes”.", EMOJI_NOTE][k % 4]
            tags = ("soft-resistance",) if k % 3 == 0 else ()
            notes[doc.id].append(_hl(doc, f"h-{doc.id[:6]}-{k}", s, e, PALETTE[k % len(PALETTE)], note, tags))
    statement = corpus.get(STATEMENT)
    for k, needle in enumerate([
        "当人们在各城市举起白纸反抗严苛的“清零”政策时",
        "這一違抗的符號與香港人在2020年反抗《國安法》時的行動遙相呼應",
        "政治運動和激進主義也從其它地方傳播到香港",
        "反抗香港和中国政治压迫的声明",
    ]):
        s, e = _find(statement, needle)
        notes[STATEMENT].append(_hl(statement, f"h-cjk-{k}", s, e, PALETTE[(k + 3) % 8],
                                    note="中文笔记：香港人" if k % 2 == 0 else "", tags=("中文",)))
    s, e = _page_break_span(corpus, pdf_for_break, EXPLAINER)
    notes[EXPLAINER].append(_hl(corpus.get(EXPLAINER), "h-pagebreak", s, e, PALETTE[1], note="crosses a page"))
    return {d: DocumentNotes(d, tuple(hs), document_note="My note on the whole text. 香港") for d, hs in notes.items()}


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def editorial(corpus):
    return load_editorial(corpus).layer


@pytest.fixture(scope="module")
def exported(qapp, corpus, editorial, tmp_path_factory):
    d = tmp_path_factory.mktemp("pdf")
    plain = d / "plain.pdf"
    export_pdf(plain, corpus, [], {}, editorial=editorial)
    notes = _corpus_notes(corpus, plain)
    explainer, lam = corpus.get(EXPLAINER), corpus.get(PAUL_LAM)
    a = Anchor.from_span(explainer.text, *_find(explainer, "soft resistance"))
    b = Anchor.from_span(lam.text, *_find(lam, "soft resistance"))
    links = [UserLink("l-1", "same-event", Endpoint(EXPLAINER, a), Endpoint(PAUL_LAM, b), "mine")]
    out = d / "corpus.pdf"
    report = export_pdf(out, corpus, [], notes, links=links, editorial=editorial,
                        palette={PALETTE[0]: "highlight", PALETTE[1]: "important"})
    return out, notes, report


def _highlights(reader: pypdf.PdfReader) -> list[tuple[int, dict]]:
    out = []
    for i, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            if a["/Subtype"] == "/Highlight":
                out.append((i, a))
    return out


def _norm(text: str) -> str:
    # pdfium reports a hyphen at the end of a line as \x02 ("possible soft hyphen").
    return re.sub(r"\s+", "", text.replace("\x02", "-"))


def _under_quads(pdf: pypdfium2.PdfDocument, page: int, quads: list[float]) -> str:
    tp = pdf[page].get_textpage()
    parts = []
    for k in range(0, len(quads), 8):
        xs, ys = quads[k:k + 8:2], quads[k + 1:k + 8:2]
        parts.append(tp.get_text_bounded(min(xs), min(ys), max(xs), max(ys)))
    return "".join(parts)


def test_every_highlight_is_a_complete_native_annotation(exported):
    out, notes, report = exported
    reader = pypdf.PdfReader(out)
    found = _highlights(reader)
    total = sum(len(n.highlights) for n in notes.values())
    assert total >= 30
    assert report.highlights == total
    assert len(found) >= total
    for _page, a in found:
        for key in ("/QuadPoints", "/Rect", "/C", "/Contents", "/T", "/M", "/NM", "/AP"):
            assert key in a, key
        quads = [float(x) for x in a["/QuadPoints"]]
        assert quads and len(quads) % 8 == 0
        x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
        for k in range(0, len(quads), 8):
            ulx, uly, urx, ury, llx, lly, lrx, lry = quads[k:k + 8]
            assert uly == ury > lly == lry and ulx == llx < urx == lrx  # UL, UR, LL, LR
            assert x0 - 0.01 <= ulx and urx <= x1 + 0.01 and y0 - 0.01 <= lly and uly <= y1 + 0.01
        assert all(0 <= float(c) <= 1 for c in a["/C"]) and len(a["/C"]) == 3
        assert str(a["/M"]).startswith("D:20240502113000")
        assert int(a["/F"]) & 4
        ap = a["/AP"]["/N"].get_object()
        assert ap["/Subtype"] == "/Form"
        gs = ap["/Resources"]["/ExtGState"]
        assert any(g.get_object()["/BM"] == "/Multiply" for g in gs.values())
        assert b" re f" in ap.get_data()


def test_text_under_quadpoints_is_the_quote(exported, corpus):
    out, notes, _ = exported
    reader = pypdf.PdfReader(out)
    pdf = pypdfium2.PdfDocument(str(out))
    got: dict[str, list[tuple[int, str]]] = defaultdict(list)
    quads_per: dict[str, int] = defaultdict(int)
    for page, a in _highlights(reader):
        base = re.sub(r"#p\d+$", "", str(a["/NM"]))
        quads = [float(x) for x in a["/QuadPoints"]]
        quads_per[base] += len(quads) // 8
        got[base].append((page, _under_quads(pdf, page, quads)))
    expected = {h.id: h for n in notes.values() for h in n.highlights}
    assert set(got) == set(expected)
    matched = [hid for hid, parts in got.items()
               if _norm("".join(t for _p, t in sorted(parts))) == _norm(expected[hid].quote)]
    rate = len(matched) / len(expected)
    print(f"\nquote match rate: {len(matched)}/{len(expected)} = {rate:.1%}")
    for hid in sorted(set(expected) - set(matched)):
        print(f"  mismatch {hid}: {expected[hid].quote!r} != {''.join(t for _p, t in sorted(got[hid]))!r}")
    assert rate >= 0.95
    # The Chinese ones, the multi-line ones and the page-crossing one are among them.
    assert all(f"h-cjk-{k}" in matched for k in range(4))
    assert sum(1 for hid in matched if quads_per[hid] > 1) >= 10
    pages = {p for p, _t in got["h-pagebreak"]}
    assert len(pages) == 2 and "h-pagebreak" in matched
    parts = [a for _p, a in _highlights(reader) if str(a["/NM"]).startswith("h-pagebreak")]
    assert sorted(str(a["/NM"]) for a in parts) == ["h-pagebreak", "h-pagebreak#p2"]
    assert [str(a["/Contents"]) for a in parts if str(a["/NM"]) == "h-pagebreak"] == ["crosses a page"]


def test_notes_keep_cjk_and_emoji_in_contents(exported):
    out, _notes, _ = exported
    reader = pypdf.PdfReader(out)
    contents = {str(a["/NM"]): str(a["/Contents"]) for _p, a in _highlights(reader)}
    assert EMOJI_NOTE in contents.values()
    assert contents["h-cjk-0"] == "中文笔记：香港人"
    assert "Multi-line\nnote with “quotes”." in contents.values()


def test_all_fonts_are_embedded(exported):
    out, _, _ = exported
    reader = pypdf.PdfReader(out)
    fonts = {}

    def walk_resources(res):
        if res is None:
            return
        res = res.get_object()
        for name, f in (res.get("/Font") or {}).items():
            fonts[(id(res), name)] = f.get_object()
        for xo in (res.get("/XObject") or {}).values():
            xo = xo.get_object()
            if xo.get("/Resources") is not None and xo.get("/Subtype") == "/Form":
                walk_resources(xo["/Resources"])

    for page in reader.pages:
        walk_resources(page.get("/Resources"))
    assert fonts
    for font in fonts.values():
        targets = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
        for t in targets:
            desc = t["/FontDescriptor"].get_object()
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), t.get("/BaseFont")
    names = {str(f.get("/BaseFont")) for f in fonts.values()}
    assert any("Reader" in n and "CJK" in n for n in names), names


def test_text_extracts_exactly_in_english_and_chinese(exported, corpus):
    out, _, _ = exported
    pdf = pypdfium2.PdfDocument(str(out))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    flat = " ".join(text.split())
    for sentence in [
        "Luo said that the city must also regulate “soft resistance.”",
        "He said there were three main elements of soft resistance",
    ]:
        assert sentence in flat
    for word in ("first", "fifth", "officials", "Office", "officers", "definition"):  # no "fi" ligatures
        assert re.search(rf"\b{word}\b", flat), word
    nospace = _norm(text)
    for sentence in [
        "当人们在各城市举起白纸反抗严苛的“清零”政策时",
        "這一違抗的符號與香港人在2020年反抗《國安法》時的行動遙相呼應",
        "反抗香港和中国政治压迫的声明",
    ]:
        assert sentence in nospace
    assert "⼈" not in text and "人" in text  # no Kangxi radical stand-ins
    # Every paragraph, once: nothing lost at page breaks, no line drawn twice (Qt draws
    # the line above a clip rectangle, invisibly, and extractors would still read it).
    reader = pypdf.PdfReader(out)
    appendix = next(reader.get_destination_page_number(it) for it in _outline_items(reader) if it.title == "Glossary")
    pages = [_norm(pdf[i].get_textpage().get_text_bounded(0, 60, 600, 785)) for i in range(len(pdf))]
    areas, body = "".join(pages), "".join(pages[:appendix])
    corpus_text = "".join(_norm(d.text) for d in corpus)
    for doc in corpus:
        for block in doc.blocks:
            assert _norm(block.text) in areas, block.text[:60]
            if len(block.text) > 160:  # longer than any endnote excerpt
                assert body.count(_norm(block.text)) == corpus_text.count(_norm(block.text)), block.text[:60]
    for i in range(1, len(pdf) - 1):
        lines = [ln.strip() for ln in pdf[i].get_textpage().get_text_bounded(0, 60, 600, 785).splitlines()]
        after = [ln.strip() for ln in pdf[i + 1].get_textpage().get_text_bounded(0, 60, 600, 785).splitlines()]
        if lines and after and len(lines[-1]) > 20:
            assert lines[-1] != after[0], (i, lines[-1])
    from pdfminer.high_level import extract_text

    miner = _norm(extract_text(str(out), page_numbers=list(range(0, 12))))
    assert _norm("Luo said that the city must also regulate “soft resistance.”") in miner


def _outline_items(reader, items=None):
    for it in reader.outline if items is None else items:
        if isinstance(it, list):
            yield from _outline_items(reader, it)
        else:
            yield it


def test_outline_and_links_resolve_to_real_pages(exported, corpus):
    out, _, report = exported
    reader = pypdf.PdfReader(out)
    pdf = pypdfium2.PdfDocument(str(out))
    titles = []
    for item in _outline_items(reader):
        page = reader.get_destination_page_number(item)
        assert 0 <= page < len(reader.pages)
        page_text = _norm(pdf[page].get_textpage().get_text_range())
        assert _norm(item.title)[:25] in page_text, item.title
        titles.append(item.title)
    for doc in corpus:
        assert doc.title in titles
    assert {"Glossary", "Timeline", "Notes", "What is ‘soft resistance?’"} <= set(titles)
    page_ids = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    links = 0
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            if a["/Subtype"] != "/Link":
                continue
            links += 1
            dest = a["/Dest"]
            assert dest[0].idnum in page_ids and dest[1] == "/XYZ"
            assert 0 <= float(dest[3]) <= float(reader.pages[0].mediabox.top)
    assert links > 100
    assert report.annotations_written == links + len(_highlights(reader))
    assert report.pages == len(reader.pages)


def test_glossary_links_land_on_their_entry(exported, editorial):
    out, _, _ = exported
    reader = pypdf.PdfReader(out)
    pdf = pypdfium2.PdfDocument(str(out))
    page_ids = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    glossary_page = next(reader.get_destination_page_number(it) for it in _outline_items(reader) if it.title == "Glossary")
    checked = 0
    for i in range(1, 4):
        tp = pdf[i].get_textpage()
        for ref in reader.pages[i].get("/Annots") or []:
            a = ref.get_object()
            if a["/Subtype"] != "/Link":
                continue
            target = page_ids[a["/Dest"][0].idnum]
            if target < glossary_page:
                continue
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            # Inset: a neighbour's glyph box may overhang the link (kerning, quotes).
            word = tp.get_text_bounded(x0 + 1, y0 + 1, x1 - 1, y1 - 1).strip(" ‘’“”,.")
            top = float(a["/Dest"][3])
            dest_text = pdf[target].get_textpage().get_text_bounded(0, top - 40, 600, top)
            # A term broken across lines has one link per line, so "soft" may be half of one.
            terms = [e for e in editorial.glossary
                     if any(word.casefold() in s.casefold() for s in (e.term, *e.aliases, *e.other_spellings))]
            assert terms, word
            assert any(_norm(e.term) in _norm(dest_text) for e in terms), (word, dest_text)
            checked += 1
    assert checked >= 10


def test_metadata(exported):
    out, _, _ = exported
    meta = pypdf.PdfReader(out).metadata
    assert meta.title == "Reader — annotated corpus"
    # Two of the three texts name no author: the edition claims none (Reader is the creator).
    assert meta.author is None
    assert meta.creator == "Reader"
    assert "Recognizing each others’ struggles" in meta.subject
    assert meta["/CreationDate"].startswith("D:20")


def test_author_metadata_names_only_the_texts_authors(corpus):
    from reader.pdf.export import pdf_metadata

    assert pdf_metadata([corpus.get(PAUL_LAM)], "t")["/Author"] == "Hillary Leung"
    assert "/Author" not in pdf_metadata(list(corpus), "t")


def test_highlight_author_is_the_chosen_user_name_not_the_login(qapp, corpus, exported, tmp_path):
    out, notes, _ = exported
    assert {str(a["/T"]) for _p, a in _highlights(pypdf.PdfReader(out))} == {"Reader user"}
    named = tmp_path / "named.pdf"
    export_pdf(named, corpus, [PAUL_LAM], notes, options=ExportOptions(annotator="Ada"))
    assert {str(a["/T"]) for _p, a in _highlights(pypdf.PdfReader(named))} == {"Ada"}


def test_embedded_w3c_json_reads_back(exported):
    out, notes, _ = exported
    data = read_embedded_annotations(out)
    assert data["type"] == "AnnotationCollection"
    items = data.get("first", {}).get("items") or data.get("items") or []
    ids = {str(it["id"]).rsplit(":", 1)[-1].rsplit("/", 1)[-1] for it in items}
    expected = {h.id for n in notes.values() for h in n.highlights}
    assert expected <= ids or len(items) == len(expected)
    text = repr(data)
    assert "中文笔记：香港人" in text and "😀" in text
    reader = pypdf.PdfReader(out)
    spec = reader.trailer["/Root"]["/AF"][0].get_object()
    assert spec["/AFRelationship"] == "/Data" and spec["/F"] == annots.ATTACHMENT_NAME


def test_options_leave_out_editorial_and_notes(qapp, corpus, editorial, exported, tmp_path):
    _, notes, _ = exported
    no_ed = tmp_path / "no-editorial.pdf"
    export_pdf(no_ed, corpus, [EXPLAINER], notes, editorial=editorial,
               options=ExportOptions(include_editorial=False))
    reader = pypdf.PdfReader(no_ed)
    titles = {it.title for it in _outline_items(reader)}
    assert "Glossary" not in titles and "Timeline" not in titles and "Notes" in titles
    page_ids = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    notes_page = next(reader.get_destination_page_number(it) for it in _outline_items(reader) if it.title == "Notes")
    for i, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            if a["/Subtype"] == "/Link":  # only note marks <-> endnotes remain
                target = page_ids[a["/Dest"][0].idnum]
                assert target == notes_page or i == notes_page
    assert _highlights(reader)

    no_notes = tmp_path / "no-notes.pdf"
    report = export_pdf(no_notes, corpus, [EXPLAINER, STATEMENT], notes, editorial=editorial,
                        options=ExportOptions(include_notes=False, page_size="Letter", title="Plain"))
    reader = pypdf.PdfReader(no_notes)
    assert not _highlights(reader) and report.highlights == 0
    assert "Notes" not in {it.title for it in _outline_items(reader)}
    assert "Glossary" in {it.title for it in _outline_items(reader)}
    assert round(float(reader.pages[0].mediabox.width)) == 612  # Letter
    assert reader.metadata.title == "Plain"
    with pytest.raises(DataFileError, match="no embedded Reader annotations"):
        read_embedded_annotations(no_notes)
    with pytest.raises(ValueError, match="page size"):
        export_pdf(tmp_path / "x.pdf", corpus, [EXPLAINER], {}, options=ExportOptions(page_size="Folio"))
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("stop_at", ["Typesetting", "Drawing page 2 ", "Adding annotations", "Saving"])
def test_cancel_leaves_no_file_and_keeps_existing_target(qapp, corpus, editorial, exported, tmp_path, stop_at):
    _, notes, _ = exported
    target = tmp_path / "out.pdf"
    seen = []

    def progress(done: int, total: int, label: str) -> bool:
        seen.append(label)
        return not label.startswith(stop_at)

    with pytest.raises(ExportCancelled):
        export_pdf(target, corpus, [], notes, editorial=editorial, progress=progress)
    assert any(s.startswith(stop_at) for s in seen)
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"%PDF-1.4 previous export\n%%EOF\n")
    with pytest.raises(ExportCancelled):
        export_pdf(target, corpus, [], notes, editorial=editorial, progress=progress)
    assert target.read_bytes() == b"%PDF-1.4 previous export\n%%EOF\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_progress_reports_every_page(qapp, corpus, tmp_path):
    calls = []
    report = export_pdf(tmp_path / "p.pdf", corpus, [PAUL_LAM], {},
                        progress=lambda d, t, label: calls.append((d, t, label)) is None)
    totals = {t for _d, t, _l in calls if t}
    assert len(totals) == 1
    total = totals.pop()
    assert calls[-1][:2] == (total, total)
    assert any(label.startswith(f"Drawing page {report.pages} of {report.pages}") for *_x, label in calls)


# -- broken files ----------------------------------------------------------------------


def test_read_embedded_rejects_broken_files(exported, tmp_path, monkeypatch):
    out, _, _ = exported
    data = out.read_bytes()

    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("hello", encoding="utf-8")
    with pytest.raises(DataFileError, match="not a PDF") as err:
        read_embedded_annotations(not_pdf)
    assert str(not_pdf) in str(err.value)

    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataFileError, match="truncated"):
        read_embedded_annotations(truncated)

    encrypted = tmp_path / "encrypted.pdf"
    w = pypdf.PdfWriter(clone_from=out)
    w.encrypt("secret", algorithm="AES-128")
    with open(encrypted, "wb") as fh:
        w.write(fh)
    with pytest.raises(DataFileError, match="encrypted"):
        read_embedded_annotations(encrypted)

    bare = tmp_path / "bare.pdf"
    w = pypdf.PdfWriter()
    w.add_blank_page(200, 200)
    with open(bare, "wb") as fh:
        w.write(fh)
    with pytest.raises(DataFileError, match="no embedded Reader annotations"):
        read_embedded_annotations(bare)

    missing = tmp_path / "missing.pdf"
    with pytest.raises(DataFileError, match="does not exist"):
        read_embedded_annotations(missing)

    # A small stream that inflates past the limit is refused without inflating it all.
    bomb = tmp_path / "bomb.pdf"
    w = pypdf.PdfWriter()
    w.add_blank_page(200, 200)
    ef = w.add_attachment(annots.ATTACHMENT_NAME, b"")
    stream = ef.pdf_object["/EF"]["/F"].get_object()
    stream.set_data(zlib.compress(b" " * 5_000_000, 9))
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    with open(bomb, "wb") as fh:
        w.write(fh)
    monkeypatch.setattr(annots, "MAX_ATTACHMENT_BYTES", 1_000_000)
    with pytest.raises(DataFileError, match="larger than"):
        read_embedded_annotations(bomb)

    not_json = tmp_path / "notjson.pdf"
    w = pypdf.PdfWriter()
    w.add_blank_page(200, 200)
    w.add_attachment(annots.ATTACHMENT_NAME, b"{not json")
    with open(not_json, "wb") as fh:
        w.write(fh)
    with pytest.raises(DataFileError, match="not valid JSON"):
        read_embedded_annotations(not_json)


def test_orphaned_highlight_is_listed_not_drawn(qapp, corpus, tmp_path):
    doc = corpus.get(PAUL_LAM)
    orphan = Highlight("h-orphan", doc.id, Anchor("words that are nowhere in this text at all", start=5, end=48),
                       note="kept anyway")
    ok = _hl(doc, "h-ok", *_find(doc, "Secretary for Justice Paul Lam"), PALETTE[0], note="fine")
    out = tmp_path / "o.pdf"
    report = export_pdf(out, corpus, [doc.id], {doc.id: DocumentNotes(doc.id, (orphan, ok))})
    reader = pypdf.PdfReader(out)
    assert [str(a["/NM"]) for _p, a in _highlights(reader)] == ["h-ok"]
    assert report.highlights == 1
    text = " ".join("".join(p.extract_text() for p in reader.pages).split())
    assert "passage no longer found in the text" in text and "kept anyway" in text


def test_round_trip_through_the_embedded_json_gives_identical_highlights(exported, corpus):
    from reader.core import w3c

    out, notes, _ = exported
    result = w3c.parse_annotations(read_embedded_annotations(out), corpus, str(out))
    assert not result.skipped
    for doc_id, dn in notes.items():
        back = {h.id: h for h in result.by_doc[doc_id]}
        assert set(back) == {h.id for h in dn.highlights}
        for h in dn.highlights:
            b = back[h.id]
            assert (b.anchor, b.color, b.note, b.tags, b.created, b.modified) == \
                (h.anchor, h.color, h.note, h.tags, h.created, h.modified)


def test_long_exports_are_split_into_chunks_without_losing_text(qapp, corpus, editorial, exported, tmp_path,
                                                                monkeypatch):
    """Qt's layout loses precision after ~700 pages; chunking must keep geometry exact."""
    from reader.pdf import layout

    monkeypatch.setattr(layout, "CHUNK_CHARS", 6_000)
    _, notes, _ = exported
    out = tmp_path / "chunked.pdf"
    report = export_pdf(out, corpus, [], notes, editorial=editorial)
    reader = pypdf.PdfReader(out)
    pdf = pypdfium2.PdfDocument(str(out))
    got: dict[str, str] = defaultdict(str)
    for page, a in _highlights(reader):
        got[re.sub(r"#p\d+$", "", str(a["/NM"]))] += _under_quads(pdf, page, [float(x) for x in a["/QuadPoints"]])
    expected = {h.id: h.quote for n in notes.values() for h in n.highlights}
    matched = sum(_norm(got[k]) == _norm(q) for k, q in expected.items())
    assert matched / len(expected) >= 0.95
    # Text areas only, so that a paragraph running over a page is not cut by the footer.
    text = _norm("".join(pdf[i].get_textpage().get_text_bounded(0, 60, 600, 785) for i in range(len(pdf))))
    for doc in corpus:
        for block in doc.blocks:
            assert _norm(block.text) in text
    for item in _outline_items(reader):
        page = reader.get_destination_page_number(item)
        assert _norm(item.title)[:25] in _norm(pdf[page].get_textpage().get_text_range())
    assert report.pages >= 31


@pytest.mark.parametrize(("text", "end", "expected"), [
    ("soft resistance, he said", 9, 16),  # inside a word: after the word and its comma
    ("soft resistance” he said", 15, 16),  # after the closing quote
    ("soft resistance he said", 4, 4),  # already at a space
    ("反抗严苛的“清零”政策时，这一违抗", 12, 13),  # CJK: right after, plus the full-width comma
    ("反抗严苛的政策时这一违抗", 4, 4),  # CJK without punctuation: exactly at the end
])
def test_note_marks_never_split_a_word(text, end, expected):
    from reader.pdf.plan import mark_offset

    assert mark_offset(text, end, len(text)) == expected


def test_any_layer_with_the_protocol_attributes_prints(qapp, corpus, tmp_path):
    """The exporter reads the layer through typed protocols (reader.pdf.sources), so a
    stand-in with just those attributes (a reader's own layer, a newer one) works."""
    from types import SimpleNamespace

    doc = corpus.get(PAUL_LAM)
    s, e = _find(doc, "Paul Lam")
    entry = SimpleNamespace(id="g-lam", term="Paul Lam", kind="person", definition="Secretary for Justice.",
                            aliases=(), other_spellings=(), see_also=())
    span = SimpleNamespace(doc_id=PAUL_LAM, start=s, end=e, status="ok")
    layer = SimpleNamespace(
        glossary=[entry],
        crossrefs=[SimpleNamespace(id="c1", type="same-person", note="n", source=span,
                                   target=SimpleNamespace(doc_id="not-exported", start=0, end=5, status="ok"))],
        timeline=[SimpleNamespace(id="t1", date="2025-06-30", date_text="on Monday", title="Interviews",
                                  reasoning="Monday, 30 June 2025.", spans=[span])],
        marks_for=lambda d: [SimpleNamespace(kind="glossary", start=s, end=e, ref_id="g-lam")] if d.id == PAUL_LAM else [],
    )
    out = tmp_path / "duck.pdf"
    export_pdf(out, corpus, [PAUL_LAM], {}, editorial=layer)
    reader = pypdf.PdfReader(out)
    titles = [it.title for it in _outline_items(reader)]
    assert "Glossary" in titles and "Timeline" in titles and "Cross-references" not in titles
    text = " ".join("".join(p.extract_text() for p in reader.pages).split())
    assert "Secretary for Justice." in text and "Monday, 30 June 2025." in text


def test_unwritable_target_is_a_store_error_and_leaves_nothing(qapp, corpus, tmp_path):
    from reader.core.errors import StoreError

    target = tmp_path / "a-directory.pdf"
    target.mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        export_pdf(target, corpus, [PAUL_LAM], {})
    assert [p.name for p in tmp_path.iterdir()] == ["a-directory.pdf"]
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="could not be written"):
        export_pdf(blocker / "x.pdf", corpus, [PAUL_LAM], {})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-directory.pdf", "a-file"]


def test_export_runs_in_a_worker_qthread(qapp, corpus, tmp_path):
    """The window exports in a QThread (an event loop per thread, as Qt's text layout wants)."""
    from PySide6.QtCore import QThread

    errors: list[BaseException] = []

    class Worker(QThread):
        def run(self) -> None:
            try:
                export_pdf(tmp_path / "thread.pdf", corpus, [PAUL_LAM], {})
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

    worker = Worker()
    worker.start()
    assert worker.wait(120_000)
    assert not errors
    assert len(pypdf.PdfReader(tmp_path / "thread.pdf").pages) >= 2


def test_a_full_disk_under_qt_is_one_sentence_and_changes_nothing(qapp, corpus, tmp_path, monkeypatch):
    """QPdfWriter does not report a full disk: its file just ends early. That is one
    sentence naming the target, the old export stays, and no temp file is left."""
    from reader.core.errors import StoreError
    from reader.pdf import render

    real = render.render_edition

    def cut_short(path, *args, **kwargs):
        ed = real(path, *args, **kwargs)
        data = Path(path).read_bytes()
        Path(path).write_bytes(data[: len(data) // 3])
        return ed

    monkeypatch.setattr(render, "render_edition", cut_short)
    target = tmp_path / "edition.pdf"
    target.write_bytes(b"the previous export")
    with pytest.raises(StoreError, match="disk full") as err:
        export_pdf(target, corpus, [PAUL_LAM], {})
    assert err.value.path == target and "\n" not in str(err.value)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["edition.pdf"]


def test_the_temp_file_of_a_killed_export_is_swept_by_the_next_one(qapp, corpus, tmp_path):
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    left = tmp_path / f".killed.pdf.{dead}-4f2a9c1e.qt.reader.tmp"
    left.write_bytes(b"%PDF-1.4 " + b"x" * 1_000_000)
    export_pdf(tmp_path / "another-name.pdf", corpus, [PAUL_LAM], {})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["another-name.pdf"]


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_export_to_dev_null_leaves_the_device(qapp, corpus, tmp_path):
    import os
    import stat

    before = os.stat("/dev/null")
    export_pdf(Path("/dev/null"), corpus, [PAUL_LAM], {})
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_the_cli_export_names_highlights_after_the_saved_user_name(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from reader.core.store import NoteStore

    data = tmp_path / "data"
    store = NoteStore(data)
    assert store.acquire_lock()
    store.save_state({"user_name": "  Ada   Lovelace "})
    store.release_lock()
    src = tmp_path / "one.json"
    doc_text = load_corpus().get(PAUL_LAM).text
    s = doc_text.index("Paul Lam")
    src.write_text(json.dumps({"type": "Annotation", "body": {"type": "TextualBody", "value": "n"},
                               "target": {"source": f"urn:reader:{PAUL_LAM}", "selector": [
                                   {"type": "TextPositionSelector", "start": s, "end": s + 8},
                                   {"type": "TextQuoteSelector", "exact": "Paul Lam"}]}}))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = [sys.executable, "-m", "reader"]
    subprocess.run([*run, "import", str(src), "--data-dir", str(data)], check=True, env=env, capture_output=True)
    out = tmp_path / "named.pdf"
    subprocess.run([*run, "export", PAUL_LAM, "-o", str(out), "--data-dir", str(data)], check=True, env=env,
                   capture_output=True)
    assert {str(a["/T"]) for _p, a in _highlights(pypdf.PdfReader(out))} == {"Ada Lovelace"}


def test_your_links_are_listed_in_the_cross_references_appendix(exported):
    out, _notes, _report = exported
    reader = pypdf.PdfReader(str(out))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    start = next(i for i, t in enumerate(pages) if t.startswith("Cross-references"))
    appendix = " ".join(pages[start:])
    assert "SAME-EVENT · YOUR LINK" in appendix.upper()  # the reader's own, marked as theirs, after the editors'
    mine = appendix.upper().index("YOUR LINK")
    assert "mine" in appendix[mine:mine + 200] and "From:" in appendix[mine:] and "To:" in appendix[mine:]
