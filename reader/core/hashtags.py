"""#tags written in a note: found in its text, they follow it into the highlight's tags."""

from __future__ import annotations

import re
from collections.abc import Sequence

# A # that starts a word (not "page#part", "&#38;" or "##"), then letters, digits, _ or -:
# "#protest", "#白纸", "#national-security". A Markdown heading ("# Title") has a space.
HASHTAG = re.compile(r"(?<![\w&#])#(\w[\w-]*)")


def hashtags(text: str) -> tuple[str, ...]:
    """The #tags in ``text``, without the #, each once in the order first written."""
    found = (m.group(1).rstrip("-") for m in HASHTAG.finditer(text))
    return tuple(dict.fromkeys(t for t in found if t))


def retag(tags: Sequence[str], old_note: str, new_note: str) -> tuple[str, ...]:
    """``tags`` after the note changed from ``old_note`` to ``new_note``: the old note's
    #tags are dropped (a tag half typed is not kept), the new note's added; tags given
    otherwise stay."""
    from_old = set(hashtags(old_note))
    kept = [t for t in tags if t not in from_old]
    return tuple(dict.fromkeys([*kept, *hashtags(new_note)]))
