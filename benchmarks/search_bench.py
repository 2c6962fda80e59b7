"""Timing of reader.core.search on a ~4 MB text made by repeating the corpus texts.

Prints the index build time and the per-query time (median of several runs) for a few
queries, English and CJK, rare and common. Target: <= 50 ms per query once the index is
built. Asserts nothing (tests check results, not speed).

    python benchmarks/search_bench.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core.corpus import load_corpus  # noqa: E402
from reader.core.search import LibrarySearch, SearchIndex, _norm_char  # noqa: E402

TARGET = 4_000_000
QUERIES = [
    "國安法", "国安法", "soft resistance", "SOFT RESISTANCE", "urumchi", "don't",
    "ＨＯＮＧ ＫＯＮＧ", "the", "e", "香港人", "zzzz-not-there",
]


def main() -> None:
    corpus = load_corpus()
    base = "\n".join(d.text for d in corpus)
    text = (base + "\n") * (TARGET // (len(base) + 1) + 1)
    print(f"text: {len(text):,} characters ({len(text.encode()) / 1e6:.1f} MB UTF-8), "
          f"{len(set(text)):,} distinct characters")

    _norm_char.cache_clear()
    t0 = time.perf_counter()
    index = SearchIndex("big", text)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    SearchIndex("big", text)
    warm = time.perf_counter() - t0
    print(f"index build: {cold * 1000:.0f} ms cold (character cache empty), {warm * 1000:.0f} ms warm")

    print(f"{'query':<22}{'hits':>9}{'ms (median of 5)':>20}{'first 100 hits, ms':>20}")
    for q in QUERIES:
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            hits = index.find(q)
            times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        index.find(q, limit=100)
        limited = time.perf_counter() - t0
        print(f"{q:<22}{len(hits):>9,}{statistics.median(times) * 1000:>20.1f}{limited * 1000:>20.2f}")

    t0 = time.perf_counter()
    lib = LibrarySearch((d.id, d.text) for d in corpus)
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    for q in QUERIES:
        lib.find(q)
    per = (time.perf_counter() - t0) / len(QUERIES)
    print(f"shipped corpus ({len(base):,} chars): LibrarySearch built in {built * 1000:.1f} ms, "
          f"{per * 1000:.2f} ms per query")


if __name__ == "__main__":
    main()
