"""Re-anchoring rate of reader.core.anchor under 1,000 seeded random edits.

Each trial anchors a random span of a synthetic, corpus-like text (English prose with
repeated bylines/captions, Chinese passages, emoji and combining marks), applies one
random edit (insert / delete / replace) far from the span, inside its 32-character
context, or inside the quote itself, then resolves the anchor against the edited text.

A *wrong span* is a resolution that points anywhere other than where the quote (or what
is left of it) now is: for an untouched quote anything but its exact new offsets; for an
edited quote a span not overlapping the edited region, or not similar to the quote. The
target is 0. One case is counted apart, as *moved to a copy*: the edit destroyed the quote
where it stood (what is left there is less than 80% similar) together with one side of
its context, and the span moved to another verbatim copy of the quote whose context
agrees on one side (a repeated caption or byline). That is DESIGN rule 2 ("search for
exact, prefix/suffix break ties") doing its job, and it is the same evidence as a
paragraph inserted right before the quote, so the anchor cannot tell the two apart.

    python benchmarks/anchor_reanchor_rate.py [EDITS] [SEED]

``tests/test_anchor.py`` runs the same computation (1,000 edits, seed 1234) and asserts
that there are no wrong spans.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz.distance import Indel, Levenshtein  # noqa: E402

from reader.core.anchor import (  # noqa: E402
    CONTEXT_CHARS,
    FUZZY_THRESHOLD,
    SIDE_AGREE,
    Anchor,
    resolve,
)

_WORDS_TEXT = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her she there one all we government national security "
    "law soft resistance justice secretary said officials authorities statement media "
    "interview society policy public legal court judges mainland Hong Kong Beijing Chinese "
    "people city council election democracy protest movement freedom speech press reporter "
    "editor published Monday Tuesday anniversary threat misleading false emotional bias "
    "intention misunderstanding specific arbitrarily difficult define label methods harm "
    "illegal elements expressing irrationally creating explained marks first time since "
    "cited phrase community struggles recognizing each other solidarity workers migrants "
    "students families neighbourhood history memory archive translation original"
)
_WORDS = _WORDS_TEXT.split()
_CJK_TEXT = (
    "軟對抗 软对抗 國家安全 国家安全 香港 政府 律政司司長 林定國 新聞自由 社會 "
    "市民 法律 誤解 误解 情緒 虚假 陳述 互相 理解 彼此 的 抗爭 記憶 翻譯"
)
_CJK = _CJK_TEXT.split()
_BOILERPLATE = [
    "Photo: Kyle Lam/HKFP.",
    "File photo: GovHK.",
    "Support HKFP | Policies & Ethics | Error/typo? | Contact Us | Newsletter",
    "Hong Kong Free Press is an independent, non-profit English-language news outlet.",
]
_EXTRA = ["👩\u200d👩\u200d👧", "🇭🇰", "e\u0301", "Cafe\u0301", "naïve", "“", "”", "–", "…"]
_NOISE = "abcdefghijklmnopqrstuvwxyz ,.;ABCXYZ0123456789軟對抗国家香港的了和“”"


def make_text(rng: random.Random, target: int = 60_000) -> str:
    """Corpus-like canonical text: paragraphs joined by newlines, some repeated lines."""
    paras: list[str] = []
    size = 0
    while size < target:
        roll = rng.random()
        if roll < 0.08:
            para = rng.choice(_BOILERPLATE)
        elif roll < 0.25:
            para = "".join(rng.choice(_CJK) for _ in range(rng.randint(8, 40))) + "。"
        else:
            sentences = []
            for _ in range(rng.randint(2, 6)):
                words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 24))]
                if rng.random() < 0.15:
                    words.insert(rng.randrange(len(words)), rng.choice(_EXTRA))
                if rng.random() < 0.1:
                    words.insert(rng.randrange(len(words)), rng.choice(_CJK))
                sentence = " ".join(words)
                sentences.append(sentence[0].upper() + sentence[1:] + rng.choice(".!?."))
            para = " ".join(sentences)
        paras.append(para)
        size += len(para) + 1
    return "\n".join(paras)


def _random_string(rng: random.Random, length: int) -> str:
    if rng.random() < 0.5:
        out = " ".join(rng.choice(_WORDS + _CJK) for _ in range(max(1, length // 5)))
        return out[:length] or "x"
    return "".join(rng.choice(_NOISE) for _ in range(length))


def _pick_span(rng: random.Random, text: str) -> tuple[int, int]:
    n = len(text)
    roll = rng.random()
    length = rng.randint(3, 12) if roll < 0.4 else rng.randint(12, 60) if roll < 0.8 else rng.randint(60, 300)
    start = rng.randrange(0, n - length)
    end = start + length
    if rng.random() < 0.7:  # readers usually select whole words
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < n and not text[end].isspace():
            end += 1
    return start, end


def _destroyed(anchor: Anchor, new: str, true_s: int, true_e: int) -> bool:
    """The quote no longer survives where it stood, nor does one side of its context."""
    left = new[true_s:true_e]
    if Levenshtein.normalized_similarity(anchor.exact, left) >= FUZZY_THRESHOLD:
        return False
    before = Indel.normalized_similarity(anchor.prefix, new[max(0, true_s - len(anchor.prefix)) : true_s])
    after = Indel.normalized_similarity(anchor.suffix, new[true_e : true_e + len(anchor.suffix)])
    return min(before, after) < SIDE_AGREE


@dataclass
class Report:
    edits: int = 0
    ok: int = 0
    drifted: int = 0
    orphan: int = 0
    wrong: int = 0
    copies: int = 0
    by_kind: dict[str, Counter] = field(default_factory=dict)
    wrong_cases: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"re-anchoring: {self.ok} ok, {self.drifted} drifted, {self.orphan} orphan of "
            f"{self.edits} edits; wrong spans: {self.wrong}"
        )

    def details(self) -> str:
        lines = []
        for kind, c in sorted(self.by_kind.items()):
            total = sum(c.values())
            lines.append(
                f"  {kind:<7} {total:4d} edits: {c['ok']} ok, {c['drifted']} drifted, "
                f"{c['orphan']} orphan, {c['wrong']} wrong"
            )
        lines.append(f"  moved to a verbatim copy after the quote was destroyed in place: {self.copies}")
        lines.append(f"  {self.seconds * 1000 / max(1, self.edits):.2f} ms per resolve")
        return "\n".join(lines)


def run(edits: int = 1000, seed: int = 1234) -> Report:
    """Apply ``edits`` seeded random edits and classify each resolution."""
    rng = random.Random(seed)
    text = make_text(rng)
    n = len(text)
    report = Report(edits=edits)
    for _ in range(edits):
        start, end = _pick_span(rng, text)
        anchor = Anchor.from_span(text, start, end)
        kind = rng.choices(["far", "near", "inside"], weights=[4, 2, 4])[0]
        op = rng.choice(["insert", "delete", "replace"])
        small = rng.random() < 0.7
        size = rng.randint(1, 3) if small else rng.randint(4, 40)
        if kind == "inside":
            a = rng.randrange(start, end) if op != "insert" else rng.randint(start + 1, end - 1)
        elif kind == "near":
            if rng.random() < 0.5:
                a = rng.randint(max(0, start - CONTEXT_CHARS), start)
                size = min(size, start - a) if op != "insert" else size
            else:
                a = rng.randint(end, min(n, end + CONTEXT_CHARS))
        else:
            if rng.random() < 0.5 and start > CONTEXT_CHARS + 50:
                a = rng.randint(0, start - CONTEXT_CHARS - 50)
            else:
                a = rng.randint(min(n, end + CONTEXT_CHARS), n)
            if op != "insert" and a < start:
                size = min(size, start - CONTEXT_CHARS - a)
        b = a if op == "insert" else min(n, a + size)
        if op != "insert" and b <= a:
            op, b = "insert", a
        repl = "" if op == "delete" else _random_string(rng, size)
        new = text[:a] + repl + text[b:]
        delta = len(repl) - (b - a)
        # Where the quote (or what is left of it) now is.
        if b <= start and not (op == "insert" and a == start and kind == "inside"):
            true_s, true_e = start + delta, end + delta
        elif a >= end:
            true_s, true_e = start, end
        else:
            true_s = start if a >= start else a
            true_e = end + delta if b <= end else a + len(repl)
        untouched = new[true_s:true_e] == anchor.exact and kind != "inside"

        t0 = time.perf_counter()
        res = resolve(anchor, new)
        report.seconds += time.perf_counter() - t0

        status = res.status
        wrong = False
        if status != "orphan":
            assert res.start is not None and res.end is not None
            got = new[res.start : res.end]
            if status == "ok" and got != anchor.exact:
                wrong = True
            elif untouched:
                wrong = (res.start, res.end) != (true_s, true_e)
            else:
                overlaps = res.start < true_e and true_s < res.end
                touches = true_s == true_e and res.start <= true_s <= res.end
                similar = Levenshtein.normalized_similarity(anchor.exact, got) >= FUZZY_THRESHOLD
                wrong = not ((overlaps or touches) and similar)
                if wrong and got == anchor.exact and _destroyed(anchor, new, true_s, true_e):
                    there = Anchor.from_span(new, res.start, res.end)
                    sides = [
                        Indel.normalized_similarity(mine, theirs)
                        for mine, theirs in ((anchor.prefix, there.prefix), (anchor.suffix, there.suffix))
                        if len(mine) >= 8
                    ]
                    if any(sim >= SIDE_AGREE for sim in sides):
                        wrong = False
                        report.copies += 1
        if wrong:
            report.wrong += 1
            report.wrong_cases.append(
                f"{kind}/{op} at {a}:{b} -> {status} {res.start}:{res.end} "
                f"quote={anchor.exact!r} repl={repl!r} true={true_s}:{true_e}"
            )
        setattr(report, status, getattr(report, status) + 1)
        counter = report.by_kind.setdefault(kind, Counter())
        counter[status] += 1
        counter["wrong"] += wrong
    return report


def main(argv: list[str]) -> int:
    edits = int(argv[1]) if len(argv) > 1 else 1000
    seed = int(argv[2]) if len(argv) > 2 else 1234
    report = run(edits, seed)
    print(report.summary())
    print(report.details())
    for case in report.wrong_cases[:20]:
        print("  WRONG", case)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
