"""The common intermediate form every importer produces: pieces of text plus provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

PieceKind = Literal["heading", "paragraph", "quote", "caption", "item", "row", "code"]
Style = tuple[int, int, str]  # (start, end, "em" | "strong") within the piece's text

# Only layout whitespace is collapsed; a no-break space is a character the source chose.
_WS = re.compile(r"[ \t\r\n\f\v\u2028\u2029]+")
# Characters that may not stand in a stored block: C0/C1 controls, which the reading pane
# would draw as boxes or treat as breaks, and U+FFFE/FFFF non-characters.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass(frozen=True)
class Piece:
    kind: PieceKind
    text: str
    level: int = 0  # headings: 1 or 2
    styles: tuple[Style, ...] = ()


@dataclass
class Imported:
    """What an importer found: the text's pieces and whatever metadata the file had."""

    format: str  # txt, md, html, epub, pdf, docx
    pieces: list[Piece]
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    publisher: str = ""
    languages: list[str] = field(default_factory=list)
    url: str = ""
    removed: list[str] = field(default_factory=list)
    # True when the first piece is the title found in the text itself (a .txt's first line).
    title_from_text: bool = False


class InlineBuilder:
    """Collects one block's text run by run, keeping styles.

    Markup formats (HTML, EPUB, Word) collapse layout whitespace and drop control
    characters; ``verbatim`` text (Markdown) keeps every character the writer typed.
    """

    def __init__(self, verbatim: bool = False) -> None:
        self._verbatim = verbatim
        self._reset()

    def _reset(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self._last = " "  # leading whitespace is dropped
        self._styles: list[Style] = []

    def add(self, text: str, styles: frozenset[str] = frozenset()) -> None:
        if not self._verbatim:
            text = _CONTROLS.sub("", _WS.sub(" ", text))
        elif not self._len:
            text = text.lstrip()
        if self._last == " " and text.startswith(" ") and not self._verbatim:
            text = text[1:]
        if not text:
            return
        start = self._len
        self._parts.append(text)
        self._len += len(text)
        self._last = text[-1]
        for style in styles:
            self._styles.append((start, self._len, style))

    def __bool__(self) -> bool:
        return self._len > 0

    def piece(self, kind: PieceKind, level: int = 0) -> Piece | None:
        """The collected text as a piece (None when empty); the builder starts afresh."""
        text = "".join(self._parts)
        stripped = text.rstrip() if self._verbatim else text.rstrip(" ")
        styles = _merge([(s, min(e, len(stripped)), k) for s, e, k in self._styles if s < len(stripped)])
        self._reset()
        if not stripped:
            return None
        return Piece(kind, stripped, level, tuple(styles))


def _merge(styles: list[Style]) -> list[Style]:
    """Adjacent or overlapping runs of one style become one run."""
    out: list[Style] = []
    for kind in sorted({k for _, _, k in styles}):
        runs = sorted((s, e) for s, e, k in styles if k == kind and e > s)
        for s, e in runs:
            if out and out[-1][2] == kind and s <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], e), kind)
            else:
                out.append((s, e, kind))
    return sorted(out)


def plain_piece(kind: PieceKind, text: str, level: int = 0) -> Piece | None:
    """A piece from one run of unstyled text (None when nothing is left)."""
    b = InlineBuilder()
    b.add(text)
    return b.piece(kind, level)


def clean_line(text: str) -> str:
    """One line of metadata (a title, an author): controls removed, whitespace collapsed."""
    return _CONTROLS.sub("", _WS.sub(" ", text)).strip()
