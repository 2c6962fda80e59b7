"""Strangers' strings shown on one line: control and bidi characters made visible, never obeyed."""

from __future__ import annotations

import re

# Bidi embeddings, overrides, isolates and marks: a title holding them could reorder what
# a terminal or a window title shows around it (e.g. "invoice\u202egnp.exe").
BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_UNSAFE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{BIDI}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape_line(text: str) -> str:
    """``text`` for one line of terminal output: tabs, line breaks, controls and bidi
    controls as visible escapes (``\\t``, ``\\n``, ``\\u202e``), so no row can be forged."""
    return _UNSAFE.sub(lambda m: _NAMED.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


def window_title(text: str) -> str:
    """``text`` for a window or tab title: bidi controls and control characters removed."""
    return " ".join(_UNSAFE.sub(" ", text).split())

