"""Timing of reader.core.anchor.resolve_many on a ~4 MB synthetic text.

Prints figures, asserts nothing (tests check results, not speed):

* 10,000 anchors, all still ``ok`` (the common case when a document opens);
* the same anchors after a paragraph is inserted at the top (all ``drifted``);
* 200 anchors whose quote had a typo fixed (fuzzy re-anchoring);
* 50 anchors whose passage was deleted (orphans: the worst case, every stage runs).

    python benchmarks/anchor_bench.py
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from anchor_reanchor_rate import make_text  # noqa: E402

from reader.core.anchor import Anchor, resolve_many  # noqa: E402


def _spans(rng: random.Random, text: str, count: int) -> list[tuple[int, int]]:
    n = len(text)
    out = []
    for _ in range(count):
        length = rng.randint(4, 200)
        start = rng.randrange(0, n - length)
        out.append((start, start + length))
    return out


def _timed(label: str, anchors: list[Anchor], text: str) -> None:
    t0 = time.perf_counter()
    results = resolve_many(anchors, text)
    dt = time.perf_counter() - t0
    counts = Counter(r.status for r in results)
    print(
        f"{label:<44} {len(anchors):6d} anchors  {dt * 1000:9.1f} ms  "
        f"({dt * 1e6 / len(anchors):8.1f} us/anchor)  "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    )


def main() -> int:
    rng = random.Random(42)
    text = make_text(rng, target=4_000_000)
    print(f"text: {len(text):,} characters ({len(text.encode()) / 1e6:.1f} MB UTF-8)")
    spans = _spans(rng, text, 10_000)
    anchors = [Anchor.from_span(text, s, e) for s, e in spans]

    _timed("resolve_many, all ok", anchors, text)

    shifted = "A new opening paragraph, added after the notes were taken.\n" + text
    _timed("resolve_many, paragraph inserted at top", anchors, shifted)

    typo_idx = rng.sample(range(len(anchors)), 200)
    chars = list(text)
    fixed = []
    for i in typo_idx:
        s, e = spans[i]
        if e - s >= 12:
            pos = rng.randrange(s + 2, e - 2)
            chars[pos] = "#"
            fixed.append(anchors[i])
    typo_text = "".join(chars)
    _timed("resolve_many, one character changed in quote", fixed, typo_text)

    gone_idx = rng.sample(range(len(anchors)), 50)
    cut = sorted((spans[i] for i in gone_idx), reverse=True)
    gone_text = text
    for s, e in cut:
        gone_text = gone_text[: max(0, s - 40)] + gone_text[e + 40 :]
    _timed("resolve_many, passage deleted (orphans)", [anchors[i] for i in gone_idx], gone_text)

    quote_only = [Anchor(a.exact, a.prefix, a.suffix) for a in anchors[:1000]]
    _timed("resolve_many, quote-only anchors (W3C import)", quote_only, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
