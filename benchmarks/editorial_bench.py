"""How fast the editorial layer loads and marks a document.

``EditorialLayer.marks_for`` runs every time a document is opened in the reading pane,
so it must stay well under a frame budget even for a large text. This builds a ~4 MB
document by repeating the corpus and times glossary/cross-reference marking on it
(target: 200 ms), plus the cost of loading and validating ``annotations/``.

    python benchmarks/editorial_bench.py [MEGABYTES]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core.corpus import load_corpus  # noqa: E402
from reader.core.document import Document, DocumentMeta, parse_plain  # noqa: E402
from reader.core.editorial import EditorialLayer, load_editorial  # noqa: E402


def best_of(n: int, fn) -> float:
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(megabytes: float = 4.0) -> None:
    corpus = load_corpus()
    t0 = time.perf_counter()
    result = load_editorial(corpus)
    load_s = time.perf_counter() - t0
    layer = result.layer
    aliases = sum(len(e.spellings) for e in layer.glossary)
    print(f"load_editorial: {load_s * 1000:.1f} ms ({result.counts}, {len(result.problems)} problems)")
    print(f"glossary: {len(layer.glossary)} entries, {aliases} spellings marked")

    base = "\n".join(doc.text for doc in corpus)
    reps = max(1, int(megabytes * 1_000_000 // len(base)) + 1)
    big_text = "\n".join([base] * reps)
    doc = Document(DocumentMeta(id="bench-big", title="bench"), parse_plain(big_text))
    print(f"text: {len(doc.text):,} characters ({len(doc.text.encode()) / 1e6:.1f} MB UTF-8)")

    def fresh_marks() -> int:
        # A new layer each time, so neither the compiled matcher nor the cache is reused.
        fresh = EditorialLayer(
            list(layer.glossary), list(layer.crossrefs), list(layer.timeline),
            list(layer.alignments), list(layer.notes),
        )
        return len(fresh.marks_for(doc))

    n_marks = fresh_marks()
    cold = best_of(3, fresh_marks)
    layer.marks_for(doc)
    warm = best_of(5, lambda: layer.marks_for(doc))
    print(f"marks_for (4 MB, cold, incl. regex compile): {cold * 1000:.1f} ms -> {n_marks:,} marks "
          f"[target <= 200 ms: {'ok' if cold <= 0.2 else 'SLOW'}]")
    print(f"marks_for (cached): {warm * 1000:.2f} ms")
    english = "\n".join(b.text for d in corpus for b in d.blocks if b.text.isascii())
    ascii_doc = Document(DocumentMeta(id="bench-en", title="bench"),
                         parse_plain("\n".join([english] * (len(doc.text) // len(english) + 1))))
    fresh_en = best_of(3, lambda: len(EditorialLayer(list(layer.glossary)).marks_for(ascii_doc)))
    print(f"marks_for ({len(ascii_doc.text) / 1e6:.1f} M ASCII-only characters, cold): {fresh_en * 1000:.1f} ms")
    occ = best_of(3, lambda: sum(len(layer.occurrences(e.id, corpus)) for e in layer.glossary[:5]))
    print(f"occurrences (5 entries over the corpus): {occ * 1000:.1f} ms")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 4.0)
