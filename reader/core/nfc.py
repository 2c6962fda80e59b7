"""Comparing texts in Unicode NFC, with offsets mapped back to the canonical text.

A quote may arrive decomposed (``cafe`` + U+0301) while the text holds the composed
``café``, or the other way round. Anchoring compares both in NFC and maps what it finds
back to code-point offsets of the canonical text, so a span always covers whole
characters with their combining marks.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

__all__ = ["NfcText", "is_nfc", "nfc", "unstable"]


def nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    """``unicodedata.is_normalized`` by overlapping slices: a text that is not in NFC is
    normalised whole by it (0.25 s for 4 MB); a slice stops at the first change."""
    step = 1 << 16
    return all(unicodedata.is_normalized("NFC", text[max(0, i - 32):i + step]) for i in range(0, len(text), step))


@lru_cache(maxsize=1)
def _second_starters() -> frozenset[str]:
    """Characters with combining class 0 that can still compose with the one before
    them (Hangul vowels and trailing consonants, a few Indic vowel signs)."""
    out = set()
    for cp in range(0x30000):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2:
                second = chr(int(parts[1], 16))
                if unicodedata.combining(second) == 0:
                    out.add(second)
    out.update(chr(cp) for cp in range(0x1161, 0x1176))  # Hangul medial vowels (L + V)
    out.update(chr(cp) for cp in range(0x11A8, 0x11C3))  # Hangul final consonants (LV + T)
    return frozenset(out)


@lru_cache(maxsize=4096)
def unstable(ch: str) -> bool:
    """Whether NFC may change ``ch`` or merge it with the character before it."""
    return bool(unicodedata.combining(ch)) or unicodedata.normalize("NFC", ch) != ch or ch in _second_starters()


class NfcText:
    """``text`` in NFC plus a map between its offsets and the original's.

    Only runs around unstable characters (a character and the combining marks after it)
    can change; each run is normalised on its own, everything between is copied, so the
    map is a short sorted list of (original, normalised) run boundaries.
    """

    def __init__(self, text: str) -> None:
        self.original = text
        self.changed: frozenset[str] = frozenset()  # the characters of what normalising changed
        self._orig: list[int] = []  # run starts and ends in the original, alternating
        self._norm: list[int] = []
        odd = [] if text.isascii() else sorted(c for c in set(text) if not c.isascii() and unstable(c))
        if not odd:  # nothing normalising could change: the text is in NFC already
            self.text = text
            return
        runs = re.compile("[" + "".join(re.escape(c) for c in odd) + "]+")
        pieces: list[str] = []
        pos = norm = 0
        for m in runs.finditer(text):
            s, e = max(0, m.start() - 1), m.end()  # with the character the marks may join
            pieces.append(text[pos:s])
            norm += s - pos
            out = unicodedata.normalize("NFC", text[s:e])
            self._orig += [s, e]
            self._norm += [norm, norm + len(out)]
            pieces.append(out)
            norm += len(out)
            pos = e
        pieces.append(text[pos:])
        self.text = "".join(pieces)
        self.changed = frozenset("".join(pieces[1::2]))

    @property
    def identical(self) -> bool:
        return not self._orig

    def _map(self, offset: int, src: list[int], dst: list[int], end: bool) -> int:
        i = bisect.bisect_right(src, offset) - 1
        if i < 0:
            return offset
        if i % 2 == 0 and offset > src[i]:  # inside a run: its start, or its end for an end
            return dst[i + 1] if end else dst[i]
        return dst[i] + offset - src[i]

    def to_norm(self, offset: int, end: bool = False) -> int:
        """The normalised offset for an original one (inside a changed run: its edge)."""
        return self._map(offset, self._orig, self._norm, end)

    def to_orig(self, offset: int, end: bool = False) -> int:
        """The original offset for a normalised one (inside a changed run: its edge)."""
        return self._map(offset, self._norm, self._orig, end)
