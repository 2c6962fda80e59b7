"""The PDF export streams its layout: few chunks laid out at once, and the same PDF as without.

Qt keeps ~60 bytes per character of a laid-out text, so a long export (the KJV: 4.4 M
characters) must never hold every chunk's layout at once. With tiny chunks the corpus
spans many of them, which makes both properties checkable in a second (no timing here:
benchmarks/pdf_bench.py prints the time and peak RSS of the real thing).
"""

from __future__ import annotations

import random

import pypdf
import pypdfium2

from reader.core.anchor import Anchor
from reader.core.corpus import load_corpus
from reader.core.editorial import load_editorial
from reader.core.model import PALETTE, DocumentNotes, Endpoint, Highlight, UserLink
from reader.pdf import layout
from reader.pdf.export import export_pdf

CHUNK = 6_000  # characters: the corpus then spans about 15 chunks


def _notes(corpus) -> dict[str, DocumentNotes]:
    rnd = random.Random(7)
    out = {}
    for doc in corpus:
        hs = []
        for k in range(12):
            s = rnd.randrange(0, len(doc.text) - 400)
            e = s + rnd.randrange(5, 380)  # some cross lines, pages and chunks
            hs.append(Highlight(f"{doc.id}-{k}", doc.id, Anchor.from_span(doc.text, s, e), color=PALETTE[k % 8],
                                note=f"note {k} 香港" if k % 2 else "", tags=("t",) if k % 3 == 0 else (),
                                modified="2024-05-01T10:00:00Z"))
        out[doc.id] = DocumentNotes(doc.id, tuple(hs))
    return out


def _links(corpus) -> list[UserLink]:
    docs = list(corpus)
    a, b = docs[0], docs[-1]
    return [UserLink("l-1", "supports", Endpoint(a.id, Anchor.from_span(a.text, 100, 160)),
                     Endpoint(b.id, Anchor.from_span(b.text, len(b.text) - 200, len(b.text) - 120)))]


def _structure(path) -> dict[str, object]:
    """Everything a reader sees or clicks, page by page (the cover's export time aside)."""
    r = pypdf.PdfReader(path)
    annots = []
    for i, page in enumerate(r.pages):
        for ref in page.get("/Annots", []) or []:
            a = ref.get_object()
            dest = a.get("/Dest")
            annots.append((i, str(a["/Subtype"]), [round(float(x), 2) for x in a.get("/QuadPoints", a["/Rect"])],
                           str(a.get("/NM", "")), str(a.get("/Contents", "")),
                           (r.get_page_number(dest[0].get_object()), round(float(dest[3]), 2)) if dest else None))
    outline = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                outline.append((depth, item.title, r.get_destination_page_number(item), round(float(item.top), 2)))

    walk(r.outline, 0)
    pdf = pypdfium2.PdfDocument(str(path))
    text = [pdf[i].get_textpage().get_text_range() for i in range(1, len(pdf))]
    pdf.close()
    return {"pages": len(r.pages), "annots": annots, "outline": outline, "text": text}


def test_long_exports_keep_few_chunks_laid_out_and_print_the_same(qapp, tmp_path, monkeypatch):
    corpus = load_corpus()
    editorial = load_editorial(corpus).layer
    monkeypatch.setattr(layout, "CHUNK_CHARS", CHUNK)
    notes, links = _notes(corpus), _links(corpus)

    whole = tmp_path / "whole.pdf"
    monkeypatch.setattr(layout, "RESIDENT_CHARS", 10**9)  # every chunk stays laid out: the reference
    export_pdf(whole, corpus, [], notes, links=links, editorial=editorial)

    chunks: list[layout._Chunk] = []
    most = {"laid out": 0}
    real_init, real_lay_out = layout._Chunk.__init__, layout._Chunk.lay_out

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        chunks.append(self)

    def lay_out(self):
        real_lay_out(self)
        most["laid out"] = max(most["laid out"], sum(c.laid_out and not c.released for c in chunks))

    monkeypatch.setattr(layout._Chunk, "__init__", init)
    monkeypatch.setattr(layout._Chunk, "lay_out", lay_out)
    monkeypatch.setattr(layout, "RESIDENT_CHARS", 2 * CHUNK)
    streamed = tmp_path / "streamed.pdf"
    report = export_pdf(streamed, corpus, [], notes, links=links, editorial=editorial)

    assert len(chunks) >= 10 and report.pages > 30
    assert 1 <= most["laid out"] <= 3, most  # never the whole edition at once
    assert all(c.released for c in chunks)  # every chunk freed once its pages were painted
    a, b = _structure(whole), _structure(streamed)
    assert a["pages"] == b["pages"]
    assert a["outline"] == b["outline"]
    assert a["text"] == b["text"]
    assert a["annots"] == b["annots"]
    kinds = {x[1] for x in b["annots"]}
    assert {"/Highlight", "/Link"} <= kinds
