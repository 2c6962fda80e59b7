"""The reader's own texts: ``reader add`` and File > Add text… copy a file into the library."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from pathlib import Path

from . import yamlio
from .corpus import ID_RE, library_dir, load_document
from .document import Document, parse_body, parse_plain
from .errors import DataFileError, ValidationError
from .fsutil import atomic_write_text, read_bytes_limited

MAX_TEXT_BYTES = 32 * 1024 * 1024
# Qt lays out a paragraph as one unit: 1 Mi characters take ~1.5 s, 10 M about 12 s with the
# window frozen, so longer paragraphs are refused with a sentence saying how to fix it.
MAX_PARAGRAPH_CHARS = 1 << 20  # 1,048,576
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def slugify(name: str) -> str:
    """A document id from a file name or title: lowercase ASCII, digits and hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or "text"


def read_text_file(path: Path) -> str:
    """Read a UTF-8 text file the reader wants to add; one clear sentence if we can't."""
    data = read_bytes_limited(path, MAX_TEXT_BYTES, "is too large to add")
    text = yamlio.decode_utf8(data, path)
    if any(s in text for s in ("\ud800", "\udfff")):  # pragma: no cover - decode_utf8 forbids them
        raise DataFileError("contains invalid characters", path)
    if not text.strip():
        raise DataFileError("is empty; there is nothing to add", path)
    return text


def add_text(data_dir: Path, source: Path, title: str | None = None, taken: set[str] | None = None) -> Document:
    """Copy ``source`` (.txt or .md) into the library with generated front matter.

    ``taken`` holds ids already in use (shipped and user texts) so an added text never
    shadows another document.
    """
    source = Path(source)
    suffix = source.suffix.lower()
    if suffix not in (".txt", ".md", ".markdown", ".text"):
        raise DataFileError("is not a .txt or .md file", source)
    body = read_text_file(source)
    # Line endings are normalised; U+2029 PARAGRAPH SEPARATOR too, since the reading view
    # (QTextDocument) would turn it into a block break behind the canonical text's back.
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n")
    fmt = "md" if suffix in (".md", ".markdown") else "txt"
    if fmt == "md" and body.lstrip().startswith("---"):
        body = _strip_front_matter(body)
    if title and _SURROGATE.search(title):
        # Reachable from the command line: an argument that is not valid UTF-8 arrives
        # with surrogate escapes, which cannot be written to a UTF-8 file.
        raise ValidationError(
            "was not added: the title contains characters that are not valid Unicode text "
            "(a lone surrogate); give a different --title", source,
        )
    blocks = parse_body(body) if fmt == "md" else parse_plain(body)
    longest = max((len(b.text) for b in blocks), default=0)
    if longest > MAX_PARAGRAPH_CHARS:
        raise DataFileError(
            f"was not added: one paragraph is {longest:,} characters long, more than the "
            f"{MAX_PARAGRAPH_CHARS:,} Reader can lay out without freezing; split it into paragraphs "
            "(blank lines) and add it again", source,
        )
    title = (title or "").strip() or _guess_title(body, source)
    folder = library_dir(data_dir)
    taken = set(taken or ()) | {p.stem for p in folder.glob("*.md")}
    base = slugify(title if title else source.stem)
    if not ID_RE.match(base):
        base = "text"
    doc_id, n = base, 2
    while doc_id in taken:
        doc_id, n = f"{base}-{n}", n + 1
    languages = ["en", "zh"] if _CJK.search(body[:200_000]) else ["en"]
    front = {
        "id": doc_id,
        "title": title,
        "authors": [],
        "publisher": "",
        "languages": languages,
        "source": _SURROGATE.sub("\ufffd", source.name),  # a file name that is not UTF-8
        "removed": [],
        "added": _dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
        "format": fmt,
    }
    text = "---\n" + yamlio.dumps(front) + "---\n" + body
    target = folder / f"{doc_id}.md"
    atomic_write_text(target, text)
    try:
        return load_document(target, user=True)
    except Exception:
        target.unlink(missing_ok=True)  # never leave a text the library cannot open
        raise


def _guess_title(body: str, source: Path) -> str:
    for line in body.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:120]
    return source.stem


def _strip_front_matter(body: str) -> str:
    lines = body.lstrip().split("\n")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[i + 1:])
    return body
