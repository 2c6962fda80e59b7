"""Anchoring engine: W3C quote + position selectors over a document's canonical text.

Every span in the project (editorial or personal) is stored as a ``TextQuoteSelector``
(``exact`` plus up to 32 characters of ``prefix``/``suffix``) and a
``TextPositionSelector`` (``start``/``end``, code-point offsets into the canonical text).
Texts change (typo fixes, re-imports, added paragraphs), so a stored span is *resolved*
against the current text rather than trusted:

1. position first: ``text[start:end] == exact`` -> ``ok``;
2. else every occurrence of ``exact``, ranked by prefix/suffix similarity, then by
   proximity to the old start -> ``drifted``;
3. else a bounded fuzzy match (rapidfuzz) near the old position, around exact hits of the
   prefix/suffix, and over the whole text when it is small enough -> ``drifted``;
4. else ``orphan`` (callers keep orphans listed; they are never deleted).

False hits are worse than orphans (a note silently moving to an unrelated passage), so
quotes shorter than 32 characters must have at least one side of their context agree
before they move, and ``ok`` is only ever reported for a span whose text equals ``exact``.
Two refinements of rule 2 guard against repeated passages (captions, bylines): when the
old prefix and suffix still stand near the old position with an edited quote between
them, the span stays there (fuzzy) or becomes an orphan instead of jumping to a verbatim
copy elsewhere; and a far exact hit with imperfect context loses to a near fuzzy match
with better overall evidence.

This module is Qt-free and pure: it never mutates anchors, it returns ``Resolution``
values the caller may store.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType

from .anchor_selector import CONTEXT_CHARS, Anchor, Anchored, AnchorFormatError, Resolution, Status
from .nfc import NfcText, is_nfc, nfc, unstable

__all__ = [
    "CONTEXT_CHARS",
    "FUZZY_THRESHOLD",
    "Anchor",
    "AnchorFormatError",
    "Anchored",
    "Resolution",
    "Status",
    "resolve",
    "resolve_many",
]

FUZZY_THRESHOLD = 0.8
"""Minimum normalised Levenshtein similarity between ``exact`` and a fuzzy re-anchor."""

SHORT_QUOTE = 8
"""Quotes shorter than this are never fuzzy-matched without agreeing context."""

CONTEXT_REQUIRED_BELOW = 32
"""Quotes shorter than this only move (exact or fuzzy) if one side of the context agrees;
a 32+ character quote is evidence enough on its own."""

SIDE_AGREE = 0.85
"""Indel similarity at which one side (prefix or suffix) counts as agreeing. Unrelated
32-character stretches of prose score 0.3-0.8 (shared common words); a side touched by
one small edit still scores ~0.9, and a single edit can only touch one side."""

IN_PLACE_SCORE = 90
"""rapidfuzz partial_ratio (0-100) at which the old prefix/suffix count as still standing
near the old position (the passage was edited in place rather than moved)."""

_PROXIMITY_PENALTY = 0.2
"""Context score an occurrence loses for being far (>= ``_PROXIMITY_SCALE``) from the old
position: a near occurrence whose context was nicked by an edit beats an identical copy
(repeated caption, byline) elsewhere in the text."""
_PROXIMITY_SCALE = 2048
_NEAR = 256
_FULL_CONTEXT_RADIUS = 4096

FUZZY_WINDOW = 2048
"""Characters searched either side of the old position by the fuzzy stage."""

FULL_SCAN_CHARS = 1_000_000
"""Texts up to this size also get a whole-text fuzzy scan (~20 ms per scan); bigger
texts rely on the window and on exact hits of the prefix/suffix so that one anchor can
never cost seconds. Anchors without a position may scan 4x this."""

MAX_OCCURRENCES = 50_000
"""Cap on enumerated exact occurrences; beyond it only a window around the old position
is enumerated (a one-letter quote in a 4 MB text)."""

MAX_SCORED = 5_000
"""At most this many exact occurrences (nearest to the old position) get context-scored."""

_OCC_WINDOW = 262_144
_LONG_QUOTE = 192
_LOCATE_HEAD = 64
_MAX_SEEDS = 8

_RAPIDFUZZ: ModuleType | None = None


def _rapidfuzz() -> ModuleType:
    """The rapidfuzz package with its ``fuzz`` and ``distance`` modules, imported on first
    use: it costs 20 ms of a start, and an unchanged text resolves every anchor without it."""
    global _RAPIDFUZZ
    if _RAPIDFUZZ is None:
        import rapidfuzz.distance
        import rapidfuzz.fuzz

        _RAPIDFUZZ = rapidfuzz
    return _RAPIDFUZZ


def _side_similarity(side: str, window: str) -> float:
    """Indel similarity of a stored prefix/suffix and the text beside a place; an unchanged
    side (the usual case) is 1.0 without loading rapidfuzz."""
    return 1.0 if window == side else _rapidfuzz().distance.Indel.normalized_similarity(side, window)


_ORPHAN = Resolution("orphan", None, None, 0.0)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    sim: float  # similarity of text[start:end] to exact (1.0 for an exact hit)
    ctx: float | None  # weighted context similarity; None when the anchor carries none
    agrees: bool  # at least one side of the context agrees (True when uninformative)


class _Resolver:
    """Resolves anchors against one text, caching exact-occurrence lists across anchors."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self._is_nfc: bool | None = None
        self._nfc: tuple[NfcText, _Resolver] | None = None
        self._occ: dict[str, tuple[list[int], bool]] = {}
        # Recent drifts (new start - old start): after an insertion near the top of a
        # document most anchors drift by the same amount, so look there first.
        self._deltas: list[int] = []

    # ------------------------------------------------------------------ helpers
    def _find_all(self, needle: str, lo: int = 0, hi: int | None = None, cap: int = 0) -> list[int]:
        """Start offsets of ``needle`` in text[lo:hi] (overlapping), at most ``cap`` if set."""
        text = self.text
        hi = self.n if hi is None else hi
        out: list[int] = []
        find = text.find
        i = find(needle, lo, hi)
        while i != -1:
            out.append(i)
            if cap and len(out) >= cap:
                break
            i = find(needle, i + 1, hi)
        return out

    def _occurrences(self, exact: str, expected: int | None) -> list[int]:
        """Occurrences of ``exact``; if there are too many, those near ``expected``."""
        cached = self._occ.get(exact)
        if cached is None:
            occ = self._find_all(exact, cap=MAX_OCCURRENCES + 1)
            cached = (occ, len(occ) > MAX_OCCURRENCES)
            self._occ[exact] = cached
        occ, truncated = cached
        if not truncated:
            return occ
        centre = 0 if expected is None else expected
        lo = max(0, centre - _OCC_WINDOW)
        return self._find_all(exact, lo, min(self.n, centre + _OCC_WINDOW + len(exact)))

    def _context(self, anchor: Anchor, s: int, e: int) -> tuple[float | None, bool]:
        """(weighted prefix/suffix similarity or None if no context, one side agrees).

        A side shorter than ``SHORT_QUOTE`` was clipped at a text edge (or is too short to
        mean anything elsewhere), so it is compared with a full ``CONTEXT_CHARS`` window:
        it only agrees where the text still begins/ends next to the quote.
        """
        text = self.text
        p, q = anchor.prefix, anchor.suffix
        sides: list[tuple[float, int]] = []
        if p or anchor.start == 0:
            width = len(p) if len(p) >= SHORT_QUOTE else CONTEXT_CHARS
            sim = _side_similarity(p, text[max(0, s - width) : s])
            sides.append((sim, max(len(p), 4)))
        if q or (anchor.start is not None and (p or anchor.start == 0)):
            width = len(q) if len(q) >= SHORT_QUOTE else CONTEXT_CHARS
            sim = _side_similarity(q, text[e : e + width])
            sides.append((sim, max(len(q), 4)))
        if not sides:
            return None, True
        total = sum(sim * w for sim, w in sides)
        weight = sum(w for _, w in sides)
        return total / weight, any(sim >= SIDE_AGREE for sim, _ in sides)

    def _candidate(self, anchor: Anchor, s: int, e: int, sim: float) -> _Candidate:
        ctx, agrees = self._context(anchor, s, e)
        return _Candidate(s, e, sim, ctx, agrees)

    @staticmethod
    def _nearest(positions: list[int], expected: int | None, limit: int) -> list[int]:
        if len(positions) <= limit:
            return positions
        if expected is None:
            return positions[:limit]
        return sorted(positions, key=lambda p: abs(p - expected))[:limit]

    # ------------------------------------------------------------------ stages
    def _exact(self, anchor: Anchor, expected: int | None) -> _Candidate | None:
        """Best exact occurrence of the quote: context similarity, then proximity.

        Ranking key: (one side agrees, context score - proximity penalty, -distance).
        An occurrence with its full context intact at distance D beats everything
        farther than D, so once one is found only the occurrences within D of the old
        position need scoring: ordinary drift never scans the whole text.
        """
        exact, prefix, suffix = anchor.exact, anchor.prefix, anchor.suffix
        L = len(exact)
        if prefix or suffix:
            full = prefix + exact + suffix
            # (A side clipped at a text edge only scores 1.0 at that edge, hence the check.)
            if expected is None:
                i = self.text.find(full)
                if i != -1:
                    c = self._candidate(anchor, i + len(prefix), i + len(prefix) + L, 1.0)
                    if c.ctx == 1.0:
                        return c
            else:
                hit = self._full_context_near(full, len(prefix), expected)
                if hit is not None and self._candidate(anchor, hit, hit + L, 1.0).ctx == 1.0:
                    d = abs(hit - expected)
                    lo = max(0, expected - d)
                    hi = min(self.n, expected + d + L)
                    near = self._find_all(exact, lo, hi)
                    return self._best_exact(anchor, [*near, hit], expected)
        positions = self._nearest(self._occurrences(exact, expected), expected, MAX_SCORED)
        if not positions:
            return None
        cands = set(positions)
        # Occurrences with an intact side are always scored, even when a very common
        # quote had too many occurrences to score them all.
        if prefix:
            cands.update(p + len(prefix) for p in self._find_all(prefix + exact, cap=64))
        if suffix:
            cands.update(self._find_all(exact + suffix, cap=64))
        return self._best_exact(anchor, cands, expected)

    def _full_context_near(self, full: str, plen: int, expected: int) -> int | None:
        """Nearest start (of the quote) where quote + full context stand, near the old
        position or near it shifted by a recently seen drift."""
        n = self.n
        best: int | None = None
        centres = [(expected, _FULL_CONTEXT_RADIUS)]
        centres += [(expected + d, _NEAR) for d in self._deltas]
        for centre, radius in centres:
            lo = max(0, centre - radius - plen)
            hi = min(n, centre + radius + len(full))
            i = self.text.find(full, lo, hi)
            while i != -1:
                s = i + plen
                if best is None or abs(s - expected) < abs(best - expected):
                    best = s
                i = self.text.find(full, i + 1, hi)
            if best is not None and abs(best - expected) <= radius:
                break
        return best

    def _best_exact(
        self, anchor: Anchor, positions: Iterable[int], expected: int | None
    ) -> _Candidate | None:
        L = len(anchor.exact)
        best_key = None
        best: _Candidate | None = None
        for s in sorted(set(positions)):
            c = self._candidate(anchor, s, s + L, 1.0)
            dist = abs(s - expected) if expected is not None else 0
            key = (c.agrees, (0.0 if c.ctx is None else c.ctx) - _far(dist), -dist)
            if best_key is None or key > best_key:
                best_key, best = key, c
        return best

    def _locate(self, anchor: Anchor, a: int, b: int) -> tuple[int, int] | None:
        """Rough span of the quote inside text[a:b] via rapidfuzz partial alignment."""
        text = self.text
        exact, prefix, suffix = anchor.exact, anchor.prefix, anchor.suffix
        L = len(exact)
        region = text[a:b]
        if not region:
            return None
        head = prefix + (exact if L <= _LONG_QUOTE else exact[:_LOCATE_HEAD])
        if L <= _LONG_QUOTE:
            head += suffix
        start = a + _aligned_start(head, region) + len(prefix)
        if L <= _LONG_QUOTE:
            return start, start + L
        tail = exact[-_LOCATE_HEAD:] + suffix
        slack = L // 4 + _LOCATE_HEAD + len(suffix)
        ta = max(0, start + L - slack)
        tb = min(self.n, start + L + slack)
        if tb - ta <= 0:
            return start, start + L
        end = ta + _aligned_start(tail, text[ta:tb]) + _LOCATE_HEAD
        return start, end

    def _in_place(self, anchor: Anchor, expected: int) -> tuple[int, int] | None:
        """Gap between the old prefix and suffix if both still stand near the old position."""
        p, q = anchor.prefix, anchor.suffix
        if len(p) < SHORT_QUOTE or len(q) < SHORT_QUOTE:
            return None
        text, n = self.text, self.n
        for w in (2 * CONTEXT_CHARS, 512, FUZZY_WINDOW):  # nearest standing prefix first
            a = max(0, expected - len(p) - w)
            b = min(n, expected + w)
            if b - a < len(p):
                return None
            r = _rapidfuzz().fuzz.partial_ratio_alignment(p, text[a:b], score_cutoff=IN_PLACE_SCORE)
            if r is not None and r.dest_end - r.dest_start >= len(p) // 2:
                break
        else:
            return None
        x = a + r.dest_end
        L = len(anchor.exact)
        for w in (L + len(q) + SHORT_QUOTE, 2 * L + len(q) + 2 * CONTEXT_CHARS):
            d = min(n, x + w)
            if d - x < len(q):
                return None
            r = _rapidfuzz().fuzz.partial_ratio_alignment(q, text[x:d], score_cutoff=IN_PLACE_SCORE)
            if r is not None and r.dest_end - r.dest_start >= len(q) // 2:
                return x, x + r.dest_start
        return None

    def _refine(self, exact: str, s: int, e: int) -> tuple[int, int, float]:
        """Move the boundaries (coordinate descent) to maximise similarity to ``exact``."""
        text, n = self.text, self.n
        L = len(exact)
        k = 24 if L > _LONG_QUOTE else max(6, min(64, L // 3 + 4))
        s = min(max(0, s), n)
        e = min(max(s + 1, e), n)
        if e <= s:
            return s, e, 0.0
        sim = _rapidfuzz().distance.Levenshtein.normalized_similarity
        best = sim(exact, text[s:e])
        offsets = [0]
        for d in range(1, k + 1):
            offsets += (-d, d)
        for _ in range(4):
            moved = False
            be = e
            for d in offsets:
                e2 = e + d
                if s < e2 <= n:
                    v = sim(exact, text[s:e2], score_cutoff=best)
                    if v > best:
                        best, be = v, e2
            if be != e:
                e, moved = be, True
            bs = s
            for d in offsets:
                s2 = s + d
                if 0 <= s2 < e:
                    v = sim(exact, text[s2:e], score_cutoff=best)
                    if v > best:
                        best, bs = v, s2
            if bs != s:
                s, moved = bs, True
            if not moved:
                break
        return s, e, best

    def _fuzzy(
        self, anchor: Anchor, expected: int | None, *, window_only: bool = False
    ) -> _Candidate | None:
        """Best approximate match above the threshold, with bounded work."""
        exact, prefix, suffix = anchor.exact, anchor.prefix, anchor.suffix
        L, n = len(exact), self.n
        # Below 5 characters 0.8 similarity means no edit at all: nothing fuzzy to find.
        if L < 5 or n == 0:
            return None
        regions: list[tuple[int, int]] = []
        if expected is not None:
            # Narrow first: partial alignment reports the first best match in a region,
            # and a nearby copy of a repeated passage must not shadow the right one.
            for w in (L // 2 + 2 * CONTEXT_CHARS, FUZZY_WINDOW + L):
                w += len(prefix) + len(suffix)
                regions.append((max(0, expected - w), min(n, expected + L + w)))
        full_limit = FULL_SCAN_CHARS if expected is not None else 4 * FULL_SCAN_CHARS
        if n <= full_limit and not window_only:
            regions.append((0, n))
        pad = L // 2 + 2 * CONTEXT_CHARS
        if len(prefix) >= SHORT_QUOTE and not window_only:
            for p in self._nearest(self._find_all(prefix, cap=256), expected, _MAX_SEEDS):
                seed = p + len(prefix)
                regions.append((max(0, seed - pad), min(n, seed + L + pad)))
        if len(suffix) >= SHORT_QUOTE and not window_only:
            for p in self._nearest(self._find_all(suffix, cap=256), expected, _MAX_SEEDS):
                regions.append((max(0, p - L - pad), min(n, p + pad)))
        seen: set[tuple[int, int]] = set()
        best: _Candidate | None = None
        best_key = None
        for a, b in dict.fromkeys(regions):
            rough = self._locate(anchor, a, b)
            if rough is None:
                continue
            s, e, sim = self._refine(exact, *rough)
            if (s, e) in seen or sim < FUZZY_THRESHOLD:
                continue
            seen.add((s, e))
            c = self._candidate(anchor, s, e, sim)
            if c.ctx is None and L < SHORT_QUOTE:
                continue  # a short quote with no context at all: too easy to hit by chance
            if not c.agrees and L < CONTEXT_REQUIRED_BELOW:
                continue
            dist = abs(s - expected) if expected is not None else s
            key = (c.agrees, _evidence(c, expected), -dist)
            if best_key is None or key > best_key:
                best_key, best = key, c
        return best

    # ------------------------------------------------------------------ entry
    def resolve(self, anchor: Anchor) -> Resolution:
        """Resolve by code points; where the quote or the text is not in NFC, in NFC (a
        decomposed ``e`` + U+0301 equals ``é``), mapped back to this text's offsets."""
        res = self._resolve(anchor)
        span = res.span
        if (span is not None and self.text[span[0]:span[1]] == anchor.exact) or not self._needs_nfc(anchor):
            return res  # the quote itself, code point for code point (or nothing NFC could add)
        return self._resolve_nfc(anchor, res)

    def _needs_nfc(self, anchor: Anchor) -> bool:
        exact, suffix = anchor.exact, anchor.suffix
        if (exact and unstable(exact[0])) or (suffix and unstable(suffix[0])):
            return False  # the quote splits a letter from its accent: only code points can say
        quoted = exact + anchor.prefix + suffix
        if quoted.isascii():
            return False  # ASCII is in NFC and reads the same in the text either way
        if not unicodedata.is_normalized("NFC", quoted):
            return True
        if unicodedata.is_normalized("NFD", quoted):
            return False  # nothing precomposed in the quote: code points find all NFC would
        if self._is_nfc is None:
            self._is_nfc = is_nfc(self.text)
        # An NFC quote only reads differently where normalising changed the text.
        return not self._is_nfc and not self._folded()[0].changed.isdisjoint(quoted)

    def _folded(self) -> tuple[NfcText, _Resolver]:
        if self._nfc is None:
            folded = NfcText(self.text)
            self._nfc = folded, (self if folded.identical else _Resolver(folded.text))
        return self._nfc

    def _resolve_nfc(self, anchor: Anchor, by_code_points: Resolution) -> Resolution:
        """The NFC match when it is exact, or when code points found nothing at all."""
        folded, inner = self._folded()
        start = None if anchor.start is None else folded.to_norm(anchor.start)
        end = None if anchor.end is None else folded.to_norm(anchor.end, end=True)
        r = inner._resolve(Anchor(nfc(anchor.exact), nfc(anchor.prefix), nfc(anchor.suffix), start, end))
        if r.span is None:
            return by_code_points
        s, e = folded.to_orig(r.span[0]), folded.to_orig(r.span[1], end=True)
        if (s, e) == (anchor.start, anchor.end) and self.text[s:e] == anchor.exact:
            return Resolution("ok", s, e, 1.0)
        if r.score == 1.0:
            return Resolution("drifted", s, e, 1.0)
        score = _rapidfuzz().distance.Levenshtein.normalized_similarity(anchor.exact, self.text[s:e])
        # A fuzzy match must pass the threshold in code points too.
        ok = by_code_points.span is None and score >= FUZZY_THRESHOLD
        return Resolution("drifted", s, e, score) if ok else by_code_points

    def _resolve(self, anchor: Anchor) -> Resolution:
        text, n = self.text, self.n
        exact = anchor.exact
        if not exact:
            return _ORPHAN
        L = len(exact)
        start, end = anchor.start, anchor.end
        at_position = (
            start is not None
            and end is not None
            and 0 <= start <= end <= n
            and text[start:end] == exact
        )
        if at_position:
            assert start is not None and end is not None
            if L >= CONTEXT_REQUIRED_BELOW or self._context(anchor, start, end)[1]:
                return Resolution("ok", start, end, 1.0)
        expected = None if start is None else min(max(0, start), n)
        hit = self._exact(anchor, expected)
        if at_position:
            # A short quote whose context no longer agrees: move only to a place where it
            # does; otherwise the text there still equals the quote, so it stays ok.
            assert start is not None and end is not None
            if hit is not None and hit.agrees and (hit.start, hit.end) != (start, end):
                return Resolution("drifted", hit.start, hit.end, 1.0)
            return Resolution("ok", start, end, 1.0)
        if hit is not None and expected is not None and hit.ctx is not None:
            # The quote was found, but maybe as a copy elsewhere (a repeated caption or
            # byline) while the passage itself still stands, edited, between its old
            # prefix and suffix near the old position: stay there, or give up.
            moved = self._stayed_in_place(anchor, expected, hit)
            if moved is not None:
                return moved
        if hit is not None and hit.agrees:
            if expected is not None:
                self._remember(hit.start - expected)
            if (
                expected is not None
                and hit.ctx is not None
                and hit.ctx < 0.95
                and abs(hit.start - expected) > _NEAR
            ):
                # A far hit with imperfect context: an edited quote still standing near
                # the old position may be the better explanation.
                near = self._fuzzy(anchor, expected, window_only=True)
                if (
                    near is not None
                    and near.agrees
                    and near.ctx is not None
                    and _evidence(near, expected) > _evidence(hit, expected)
                ):
                    return Resolution("drifted", near.start, near.end, near.sim)
            return Resolution("drifted", hit.start, hit.end, 1.0)
        fz = self._fuzzy(anchor, expected)
        if hit is not None:
            # The quote exists, but not in its old surroundings: prefer a fuzzy match
            # whose context agrees (the passage was edited where it stands).
            if fz is not None and fz.agrees and fz.ctx is not None:
                return Resolution("drifted", fz.start, fz.end, fz.sim)
            if L >= CONTEXT_REQUIRED_BELOW:
                return Resolution("drifted", hit.start, hit.end, 1.0)
            return _ORPHAN
        if fz is not None:
            return Resolution("drifted", fz.start, fz.end, fz.sim)
        return _ORPHAN

    def _remember(self, delta: int) -> None:
        if delta and delta not in self._deltas:
            self._deltas.insert(0, delta)
            del self._deltas[4:]

    def _stayed_in_place(
        self, anchor: Anchor, expected: int, hit: _Candidate
    ) -> Resolution | None:
        """Resolution for a quote edited in place while a copy exists elsewhere, or None."""
        region = self._in_place(anchor, expected)
        if region is None:
            return None
        x, y = region
        p, q = anchor.prefix, anchor.suffix
        # Only a separate passage counts as a copy: the hit and the region, each with its
        # context, must not overlap (partial alignments are only accurate to a few
        # characters, and repetitive text aligns anywhere).
        if hit.start - len(p) < y + len(q) and x - len(p) < hit.end + len(q):
            return None
        text = self.text
        if (
            _side_similarity(p, text[max(0, x - len(p)) : x]) < SIDE_AGREE
            or _side_similarity(q, text[y : y + len(q)]) < SIDE_AGREE
        ):
            return None
        if y > x:
            s, e, sim = self._refine(anchor.exact, x, y)
            if sim >= FUZZY_THRESHOLD:
                return Resolution("drifted", s, e, sim)
        return _ORPHAN


def _evidence(c: _Candidate, expected: int | None) -> float:
    """One number for comparing a fuzzy with an exact candidate: quote, context, proximity."""
    dist = 0 if expected is None else abs(c.start - expected)
    return 0.6 * c.sim + 0.4 * (0.0 if c.ctx is None else c.ctx) - _far(dist)


def _far(dist: int) -> float:
    """Proximity penalty in context-score units (see ``_PROXIMITY_PENALTY``)."""
    return _PROXIMITY_PENALTY * min(1.0, dist / _PROXIMITY_SCALE)


def _aligned_start(needle: str, region: str) -> int:
    """Offset in ``region`` where ``needle`` would start under its best partial alignment."""
    r = _rapidfuzz().fuzz.partial_ratio_alignment(needle, region)
    src: int = r.src_start
    dest: int = r.dest_start
    # rapidfuzz swaps the arguments when the needle is the longer string.
    return dest - src if len(needle) <= len(region) else src - dest


def resolve(anchor: Anchor, text: str) -> Resolution:
    """Resolve one anchor against ``text`` (position, then exact search, then fuzzy)."""
    return _Resolver(text).resolve(anchor)


def resolve_many(anchors: Iterable[Anchor], text: str) -> list[Resolution]:
    """Resolve many anchors against one text, sharing occurrence caches.

    Gives the same results as calling :func:`resolve` for each anchor.
    """
    resolver = _Resolver(text)
    return [resolver.resolve(a) for a in anchors]
