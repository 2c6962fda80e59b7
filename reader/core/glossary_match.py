"""Finding glossary spellings in a text: the one word rule and the one alias matcher.

Every place that looks for a glossary term in a text uses this module: the reading
pane's marks, ``reader check`` (an alias must occur in the corpus), search's alias
expansion, the Markdown export and the PDF export's glossary links. Matching ignores
case; a spelling that starts (ends) with a Latin letter or digit must start (end) a
word, so "Lam" never matches inside "Islam", while a Latin alias next to a CJK character
still counts as a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

__all__ = ["SMALL_TEXT", "WORD_CHARS", "AliasMatcher", "Term", "alias_occurs", "is_word_char", "merge"]

# Characters that make up a "word" for Latin-script aliases.
WORD_CHARS = "0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_WORD_RE = re.compile(f"[{WORD_CHARS}]")

SMALL_TEXT = 100_000  # characters: below this, finding each alias beats compiling the tries

Find = tuple[int, int, str]  # (start, end, lower-cased spelling)
_Node = dict[str, "_Node"]


class Term(Protocol):
    """What the matcher needs of a glossary entry (the editors' or the reader's own)."""

    @property
    def id(self) -> str: ...

    @property
    def spellings(self) -> tuple[str, ...]: ...


def is_word_char(ch: str) -> bool:
    """Whether ``ch`` belongs to a Latin-script word (letters with accents, digits)."""
    return bool(_WORD_RE.match(ch))


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex for the words factored as a trie, longest alternative first.

    A flat alternation of a few hundred aliases costs one comparison per alias at each
    position of a 4 MB text; a trie costs a handful.
    """
    root: _Node = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Node, last: str) -> str:
        alts = [re.escape(ch) + build(child, ch) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            # Right word boundary only where the alias ends in a Latin letter or digit.
            alts.append(f"(?![{WORD_CHARS}])" if last and is_word_char(last) else "")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return build(root, "")


class AliasMatcher:
    """Finds every spelling occurrence in a text: case-insensitive, whole-word for Latin.

    Two compiled tries over the lower-cased text: aliases that start with a Latin letter
    or digit are matched together with the non-word character before them, so the regex
    engine's first-character scan only stops at word starts (5x faster than trying every
    letter); the rest (CJK, punctuation) can start anywhere.
    """

    def __init__(self, entries: Iterable[Term]) -> None:
        self.owners: dict[str, tuple[str, ...]] = {}
        for entry in entries:
            for s in entry.spellings:
                key = s.lower()
                if entry.id not in self.owners.get(key, ()):
                    self.owners[key] = self.owners.get(key, ()) + (entry.id,)
        self._edges = {k: (is_word_char(k[0]), is_word_char(k[-1])) for k in self.owners}
        others = [k for k in self.owners if not self._edges[k][0]]
        self.others_need_non_ascii = all(not k[0].isascii() for k in others)
        self._tries: tuple[re.Pattern[str] | None, int, re.Pattern[str] | None] | None = None
        self._slow: re.Pattern[str] | None = None

    def _compiled(self) -> tuple[re.Pattern[str] | None, int, re.Pattern[str] | None]:
        """The two tries (words after a non-word character, others) and the longest word,
        compiled on first use: about 30 ms, which opening a short article need not pay."""
        if self._tries is None:
            words = [k for k in self.owners if self._edges[k][0]]
            others = [k for k in self.owners if not self._edges[k][0]]
            self._tries = (
                re.compile(f"[^{WORD_CHARS}]({_trie_pattern(words)})") if words else None,
                max(map(len, words), default=0),
                re.compile(_trie_pattern(others)) if others else None,
            )
        return self._tries

    def finditer(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """(start, end, entry ids) for each leftmost-longest alias occurrence, in order."""
        return [(s, e, self.owners[k]) for s, e, k in self.find(text)]

    def find(self, text: str) -> list[Find]:
        """(start, end, lower-cased alias) for each leftmost-longest occurrence, in order."""
        if not self.owners:
            return []
        lowered = text.lower()
        if len(lowered) != len(text):  # a character whose lower case is longer (rare)
            return self._find_slow(text)
        if len(text) < SMALL_TEXT:
            found, more = self._scan_by_find(lowered)
        else:
            found, more = self._scan_by_tries(lowered, text)
        return merge(found, more)

    def _scan_by_tries(self, lowered: str, text: str) -> tuple[list[Find], list[Find]]:
        words, longest, others = self._compiled()
        found: list[Find] = []
        if words is not None:
            pos = 0
            # Offset 0 has no character before it to consume: give it one (the same trie,
            # on the head of the text, rather than a second 25 ms compile without it).
            first = words.match(" " + lowered[:longest + 1])
            if first is not None:
                found.append((0, first.end() - 1, first.group(1)))
                pos = first.end() - 1
            found += [(m.start(1), m.end(), m.group(1)) for m in words.finditer(lowered, pos)]
        if others is None or (self.others_need_non_ascii and text.isascii()):
            return found, []  # str.isascii() is O(1): English texts skip the second scan
        return found, [(m.start(), m.end(), m.group()) for m in others.finditer(lowered)]

    def _scan_by_find(self, lowered: str) -> tuple[list[Find], list[Find]]:
        """What ``_scan_by_tries`` finds, by ``str.find`` per alias: for a short text this
        is faster than compiling the tries (a property test holds the two equal)."""
        words: list[tuple[int, int, str]] = []
        others: list[tuple[int, int, str]] = []
        for key, (left, _right) in self._edges.items():
            for i, j in _whole_word_finds(key, lowered):
                (words if left else others).append((i, -j, key))
        found: list[Find] = []
        pos = 0
        for s, neg_e, key in sorted(words):  # leftmost, then longest
            # The tries consume the non-word character before a match, so it must lie at
            # or after the end of the previous match (offset 0 needs none).
            if (s == 0 and not found) or (s >= 1 and s - 1 >= pos):
                found.append((s, -neg_e, key))
                pos = -neg_e
        more: list[Find] = []
        pos = 0
        for s, neg_e, key in sorted(others):
            if s >= pos:
                more.append((s, -neg_e, key))
                pos = -neg_e
        return found, more

    def _find_slow(self, text: str) -> list[Find]:
        if self._slow is None:
            self._slow = re.compile(
                "|".join(_word_regex(a) for a in sorted(self.owners, key=len, reverse=True)), re.IGNORECASE,
            )
        out = []
        for m in self._slow.finditer(text):
            found = m.group()
            key = found.lower()
            if key not in self.owners:
                key = next((k for k in self.owners if re.fullmatch(re.escape(k), found, re.I)), "")
            if key:
                out.append((m.start(), m.end(), key))
        return out


def _word_regex(alias: str) -> str:
    """A regex for ``alias`` with the word rule at its Latin edges."""
    p = re.escape(alias)
    if is_word_char(alias[0]):
        p = f"(?<![{WORD_CHARS}])" + p
    if is_word_char(alias[-1]):
        p += f"(?![{WORD_CHARS}])"
    return p


def _whole_word_finds(key: str, lowered: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each occurrence of lower-cased ``key`` that obeys the word rule."""
    left, right = is_word_char(key[0]), is_word_char(key[-1])
    n = len(lowered)
    i = lowered.find(key)
    while i != -1:
        j = i + len(key)
        if not (left and i > 0 and is_word_char(lowered[i - 1])) and not (
            right and j < n and is_word_char(lowered[j])
        ):
            yield i, j
        i = lowered.find(key, i + 1)


def merge(found: list[Find], more: list[Find]) -> list[Find]:
    """Word matches and the others together, leftmost-longest, without overlaps."""
    if not more:
        return found
    merged = []
    last = 0
    for f in sorted(found + more, key=lambda f: (f[0], -f[1])):
        if f[0] >= last:
            merged.append(f)
            last = f[1]
    return merged


def alias_occurs(alias: str, texts: Iterable[str]) -> bool:
    """Whether ``alias`` occurs as the matcher would find it (so an alias that passes
    ``reader check`` is also one a reader sees marked)."""
    key = alias.lower()
    if not key:
        return False
    for text in texts:
        low = text.lower()
        if len(low) != len(text):
            if re.search(_word_regex(alias), text, re.IGNORECASE):
                return True
        elif next(iter(_whole_word_finds(key, low)), None) is not None:
            return True
    return False
