"""The stored body of an imported text (front matter ``markup: blocks``): one block per line.

A line's first characters say what it is: ``# `` / ``## `` heading, ``> `` quote, ``: ``
caption, ``- `` list item, ``| `` table row, ``` ` ``` code line; anything else is a
paragraph. Within a line ``*em*`` and ``**strong**`` mark formatting and a backslash makes
the next character literal (``\\*``, ``\\\\``, a leading ``\\#``), so every text, whatever
its characters, is stored and read back exactly. Blank lines only separate blocks.
"""

from __future__ import annotations

from ..document import Block
from .pieces import Piece, PieceKind, Style

_MARKERS: dict[str, tuple[PieceKind, int]] = {
    "## ": ("heading", 2), "# ": ("heading", 1), "> ": ("quote", 0), ": ": ("caption", 0),
    "- ": ("item", 0), "| ": ("row", 0), "` ": ("code", 0),
}
_PREFIX = {("heading", 1): "# ", ("heading", 2): "## ", ("quote", 0): "> ", ("caption", 0): ": ",
           ("item", 0): "- ", ("row", 0): "| ", ("code", 0): "` ", ("paragraph", 0): ""}
_MARKER_CHARS = frozenset("#>:-|`")
_LEADING = _MARKER_CHARS  # a paragraph starting with one of these is escaped (\\ and * always are)
_BLOCK_KIND = {"heading": "heading", "quote": "quote", "caption": "caption"}  # the rest: paragraph
_TAGS = {"em": "*", "strong": "**"}


def dump(pieces: list[Piece]) -> str:
    """The stored body for ``pieces`` (each piece's text is one line, without newlines)."""
    lines = []
    for p in pieces:
        level = min(max(p.level, 1), 2) if p.kind == "heading" else 0
        prefix = _PREFIX[(p.kind, level)]
        text = p.text.replace("\n", " ")
        body = text if p.kind == "code" else _inline(text, p.styles)
        if p.kind == "code":
            body = body.replace("\\", "\\\\")
        elif not prefix and body[:1] in _LEADING:
            body = "\\" + body
        lines.append(prefix + body)
    return "\n\n".join(lines) + "\n"


def _inline(text: str, styles: tuple[Style, ...]) -> str:
    if not styles:  # the common case, at C speed
        return text.replace("\\", "\\\\").replace("*", "\\*")
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for s, e, kind in styles:
        if e > s and kind in _TAGS:
            opens.setdefault(s, []).append(_TAGS[kind])
            closes.setdefault(e, []).append(_TAGS[kind])
    out: list[str] = []
    for i, ch in enumerate(text):
        out.extend(closes.get(i, ()))
        out.extend(opens.get(i, ()))
        out.append("\\" + ch if ch in "\\*" else ch)
    out.extend(closes.get(len(text), ()))
    return "".join(out)


def parse(body: str, first_line: int = 1) -> tuple[Block, ...]:
    """Blocks with canonical offsets from a stored body (see the module docstring)."""
    blocks: list[Block] = []
    offset = 0
    for i, raw in enumerate(body.split("\n")):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        kind: PieceKind = "paragraph"
        level = 0
        if line[0] in _MARKER_CHARS:
            for marker, (k, lv) in _MARKERS.items():
                if line.startswith(marker):
                    kind, level, line = k, lv, line[len(marker):]
                    break
        styles: tuple[Style, ...] = ()
        if kind == "code":
            text = line.replace("\\\\", "\\")
        elif "\\" in line or "*" in line:
            text, styles = _strip(*_parse_inline(line))
        else:
            text = line.strip()
        if not text:
            continue
        block_kind = _BLOCK_KIND.get(kind, "paragraph")
        blocks.append(Block(block_kind, text, offset, level=level, line=first_line + i,  # type: ignore[arg-type]
                            styles=styles))
        offset += len(text) + 1
    return tuple(blocks)


def _parse_inline(line: str) -> tuple[str, tuple[Style, ...]]:
    if "\\" not in line and "*" not in line:  # nothing to interpret
        return line, ()
    out: list[str] = []
    n = 0
    open_at: dict[str, int] = {}
    styles: list[Style] = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line):
            out.append(line[i + 1])
            n += 1
            i += 2
            continue
        if ch == "*":
            kind = "strong" if line.startswith("**", i) else "em"
            i += 2 if kind == "strong" else 1
            if kind in open_at:
                styles.append((open_at.pop(kind), n, kind))
            else:
                open_at[kind] = n
            continue
        out.append(ch)
        n += 1
        i += 1
    styles.extend((s, n, k) for k, s in open_at.items())
    return "".join(out), tuple(sorted(s for s in styles if s[1] > s[0]))


def _strip(text: str, styles: tuple[Style, ...]) -> tuple[str, tuple[Style, ...]]:
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    if not lead and all(e <= len(text) for _, e, _ in styles):
        return text, styles
    return text, tuple((max(0, s - lead), min(len(text), e - lead), k) for s, e, k in styles if e - lead > 0)
