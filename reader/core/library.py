"""The reader's own texts: add (any supported format), remove and restore, info, metadata, tags.

An added file is read once by the importer for its format (:mod:`reader.core.importers`)
and stored as ``library/<id>.md``: front matter with its provenance (source file
name, format, SHA-256 of the original, when it was added, the file's own metadata and
what was removed; written in JSON's syntax, which is YAML too: ``corpus.front_matter_text``)
and the text as ``markup: blocks``. The original is not needed again.
Callers that write (``reader add``, the window) hold the data dir's lock.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .corpus import (
    ID_RE,
    LANG_RE,
    Corpus,
    front_matter_text,
    front_of,
    library_dir,
    load_corpus,
    load_document,
    split_front_matter,
    validate_meta,
)
from .document import Document
from .errors import DataFileError, ValidationError
from .fsutil import atomic_write_text, content_digest, read_bytes_limited
from .importers import blocktext
from .importers.pieces import Imported, clean_line

if TYPE_CHECKING:
    from .library_index import LibraryIndex

MAX_SOURCE_BYTES = 64 * 1024 * 1024
MAX_TEXT_BYTES = 32 * 1024 * 1024  # of text, once imported
# Qt lays out a paragraph as one unit: 1 Mi characters take ~1.5 s, 10 M about 12 s with the
# window frozen, so longer paragraphs are refused with a sentence saying how to fix it.
MAX_PARAGRAPH_CHARS = 1 << 20  # 1,048,576
# Compiled when first needed, and only for text that is not ASCII: a class of 28,000
# characters takes Python's regex compiler 1 ms, which adding an English text need not pay.
_CJK = functools.cache(lambda: re.compile(r"[\u3400-\u9fff\uf900-\ufaff]"))
_SURROGATE = functools.cache(lambda: re.compile("[\ud800-\udfff]"))


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE().search(text) is not None
TRASH = "trash"

Outcome = Literal["added", "already", "replaced"]


@dataclass(frozen=True)
class Added:
    """What ``add_document`` did: the document, and whether it was new, known or a new version."""

    document: Document
    outcome: Outcome


@dataclass(frozen=True)
class Removal:
    """A removed text, kept in the data dir's trash so the removal can be undone."""

    doc_id: str
    original: Path
    trashed: Path


def slugify(name: str) -> str:
    """A document id from a file name or title: lowercase ASCII, digits and hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or "text"


def clean_title(title: str) -> str:
    """A title as stored: control characters and line breaks removed, whitespace collapsed."""
    return clean_line(title)


def add_text(data_dir: Path, source: Path, title: str | None = None, taken: set[str] | None = None) -> Document:
    """Add ``source`` to the library and return its document (an existing one if already there)."""
    return add_document(data_dir, source, title=title, taken=taken).document


@dataclass(frozen=True)
class Prepared:
    """A file read and imported, not yet stored (no lock is needed to get this far)."""

    source: Path
    name: str  # the file name as stored (a name that is not UTF-8 made readable)
    imported: Imported
    body: str
    text: str  # the canonical text the body gives
    digest: str  # SHA-256 of the original file
    title: str


def add_document(data_dir: Path, source: Path, title: str | None = None, taken: set[str] | None = None,
                 corpus: Corpus | None = None) -> Added:
    """Import ``source`` and store it in the library (the caller holds the data dir's lock)."""
    return store_import(data_dir, prepare_import(source, title), taken, corpus)


def prepare_import(source: Path, title: str | None = None) -> Prepared:
    """Read ``source`` with the importer for its format; one clear sentence if we can't."""
    from .importers.formats import import_bytes

    source = Path(source)
    if title and _has_surrogate(title):
        # Reachable from the command line: an argument that is not valid UTF-8 arrives
        # with surrogate escapes, which cannot be written to a UTF-8 file.
        raise ValidationError(
            "was not added: the title contains characters that are not valid Unicode text "
            "(a lone surrogate); give a different --title", source,
        )
    data = read_bytes_limited(source, MAX_SOURCE_BYTES, "is too large to add")
    if not data.strip():
        raise DataFileError("is empty; there is nothing to add", source)
    given = clean_title(title or "")
    imported = import_bytes(data, source, want_title=not given)
    _check_pieces(imported, source)
    body = blocktext.dump(imported.pieces)
    if len(body.encode("utf-8")) > MAX_TEXT_BYTES:
        raise DataFileError(f"is too large to add (more than {MAX_TEXT_BYTES:,} bytes of text)", source)
    text = "\n".join(p.text.replace("\n", " ") for p in imported.pieces)  # what blocktext.parse gives back
    final_title = given or clean_title(imported.title) or clean_title(_first_heading(imported)) \
        or _guess_title(imported, source)
    import hashlib  # 4 ms to import (OpenSSL): only adding a text needs it

    name = source.name if source.name.isascii() else _SURROGATE().sub("\ufffd", source.name)
    return Prepared(source, name, imported, body, text,
                    hashlib.sha256(data).hexdigest(), final_title)


def store_import(data_dir: Path, prep: Prepared, taken: set[str] | None = None,
                 corpus: Corpus | None = None) -> Added:
    """Store a prepared import; the id is chosen here, so call it under the data dir's lock.

    The same text already in the library adds nothing; a changed version of a text added
    from a file of the same name and format replaces that text in place (its notes
    re-anchor through the usual drift review; the old version is kept in ``backups/library``).
    What the library holds is asked of the library index (one small query, not every text
    parsed); only when it cannot be used is the corpus loaded instead.
    """
    from .library_index import LibraryIndex  # sqlite3: only for storing, not for every import

    index = LibraryIndex.open(data_dir)
    try:
        known = _known_in_index(index, prep) if index is not None else _known_in_corpus(
            corpus or load_corpus(data_dir), prep)
        if isinstance(known, Document):
            return Added(known, "already")
        folder = library_dir(data_dir)
        keep: dict[str, Any] = {}
        if known is not None:
            doc_id, target, tags = known
            _backup(data_dir, target)
            if tags:
                keep = {"tags": tags}
        else:
            ids = index.ids() if index is not None else set((corpus or load_corpus(data_dir)).ids())
            taken = set(taken or ()) | ids | _stems(folder)
            base = slugify(prep.title)
            if not ID_RE.match(base):
                base = "text"
            doc_id, n = base, 2
            while doc_id in taken:
                doc_id, n = f"{base}-{n}", n + 1
            target = folder / f"{doc_id}.md"
        front = _front_matter(doc_id, prep, prep.imported) | keep
        atomic_write_text(target, front_matter_text(front) + prep.body)
        try:
            doc = load_document(target, user=True)
        except Exception:
            if known is None:
                target.unlink(missing_ok=True)  # never leave a text the library cannot open
            raise
        if index is not None:
            index.refresh(only=[target])  # the new text is listed and searchable at once
        return Added(doc, "replaced" if known is not None else "added")
    finally:
        if index is not None:
            index.close()


def _stems(folder: Path) -> set[str]:
    """The names (without ``.md``) of the text files in ``folder``."""
    try:
        return {n[:-3] for n in os.listdir(folder) if n.endswith(".md")}
    except OSError:
        return set()


# What the library already holds of a prepared import: the same text (a Document), an
# earlier version of it (its id, file and tags), or nothing.
_Known = Document | tuple[str, Path, list[str]] | None


def _known_in_index(index: LibraryIndex, prep: Prepared) -> _Known:
    same = index.same_text(content_digest(prep.text), prep.digest)
    if same is not None:
        return load_document(same.path, user=same.user)
    previous = index.version_of(prep.name, prep.imported.format)
    if previous is not None:
        return previous.doc_id, previous.path, [str(t) for t in previous.extra.get("tags") or []]
    return None


def _known_in_corpus(corpus: Corpus, prep: Prepared) -> _Known:
    for doc in corpus:
        if doc.text == prep.text or (doc.user and front_of(doc).get("sha256") == prep.digest):
            return doc
    for d in corpus:
        if d.user and d.path is not None and d.meta.source == prep.name \
                and front_of(d).get("format") == prep.imported.format:
            return d.id, d.path, [str(t) for t in front_of(d).get("tags") or []]
    return None


def _check_pieces(imported: Imported, source: Path) -> None:
    if not imported.pieces:
        raise DataFileError("has no text Reader could find; there is nothing to add", source)
    longest = max(len(p.text) for p in imported.pieces)
    if longest > MAX_PARAGRAPH_CHARS:
        raise DataFileError(
            f"was not added: one paragraph is {longest:,} characters long, more than the "
            f"{MAX_PARAGRAPH_CHARS:,} Reader can lay out without freezing; split it into paragraphs "
            "(blank lines) and add it again", source,
        )
    if any(_has_surrogate(p.text) for p in imported.pieces):  # pragma: no cover - decoders forbid them
        raise DataFileError("contains invalid characters", source)


def _front_matter(doc_id: str, prep: Prepared, imported: Imported) -> dict[str, Any]:
    languages = [lang for lang in imported.languages if LANG_RE.match(lang)]
    if not languages:
        sample = prep.text[:200_000]
        languages = ["en", "zh"] if not sample.isascii() and _CJK().search(sample) else ["en"]
    front: dict[str, Any] = {
        "id": doc_id, "title": prep.title, "authors": imported.authors, "publisher": imported.publisher,
        "published": imported.published, "languages": languages, "source": prep.name,
        "format": imported.format, "sha256": prep.digest, "url": imported.url,
        "removed": imported.removed, "added": _now(), "markup": "blocks",
    }
    for optional in ("published", "url"):  # left out rather than stored empty
        if not front[optional]:
            del front[optional]
    return front


def _now() -> str:
    return _dt.datetime.now().astimezone().replace(microsecond=0).isoformat()


def _first_heading(imported: Imported) -> str:
    return next((p.text for p in imported.pieces if p.kind == "heading"), "")


def _guess_title(imported: Imported, source: Path) -> str:
    first = clean_title(imported.pieces[0].text) if imported.pieces else ""
    return first if 0 < len(first) <= 120 else source.stem


def _backup(data_dir: Path, path: Path) -> Path:
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    target = data_dir / "backups" / "library" / f"{path.stem}.{stamp}.md"
    atomic_write_text(target, path.read_text("utf-8"))
    return target


# --------------------------------------------------------------------------- remove


def _user_document(data_dir: Path, doc_id: str, what: str, corpus: Corpus | None = None) -> Document:
    corpus = corpus or load_corpus(data_dir)
    doc = corpus.get(doc_id)  # UnknownDocumentError names the known ids
    if not doc.user or doc.path is None:
        raise ValidationError(f"'{doc_id}' is a document shipped with Reader; it cannot be {what}")
    return doc


def remove_document(data_dir: Path, doc_id: str, corpus: Corpus | None = None) -> Removal:
    """Move an added text to the data dir's trash (notes stay in place for a restore)."""
    doc = _user_document(data_dir, doc_id, "removed", corpus)
    assert doc.path is not None
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    trashed = data_dir / TRASH / f"{doc_id}.{stamp}.md"
    trashed.parent.mkdir(parents=True, exist_ok=True)
    os.replace(doc.path, trashed)
    return Removal(doc_id, doc.path, trashed)


def restore_document(removal: Removal) -> None:
    """Undo :func:`remove_document` (refused if another text took its place meanwhile)."""
    if removal.original.exists():
        raise DataFileError("exists again, so the removed text was not put back", removal.original)
    os.replace(removal.trashed, removal.original)


# --------------------------------------------------------------------------- info and metadata

INFO_KEYS = ("id", "title", "authors", "published", "publisher", "languages", "source", "format", "removed", "added")


def document_info(doc: Document) -> dict[str, Any]:
    """Metadata and provenance of a document, for ``reader info`` and the info dialog."""
    m = doc.meta
    front = front_of(doc) if doc.user else {}
    info: dict[str, Any] = {
        "id": m.id, "title": m.title, "authors": list(m.authors), "published": m.published,
        "publisher": m.publisher, "languages": list(m.languages), "source": m.source,
        "format": str(front.get("format", "md")), "removed": list(m.removed),
        "added": m.added,
    }
    for key in ("sha256", "url"):
        if front.get(key):
            info[key] = str(front[key])
    info["tags"] = [str(t) for t in front.get("tags") or []]
    info["user"] = doc.user
    return info


EDITABLE = ("title", "authors", "published", "publisher", "languages", "tags")


def update_metadata(data_dir: Path, doc_id: str, changes: dict[str, Any], corpus: Corpus | None = None) -> Document:
    """Rename or correct an added text's metadata (title, authors, published, publisher,
    languages, tags); the text and provenance are untouched. Returns the reloaded document."""
    doc = _user_document(data_dir, doc_id, "edited", corpus)
    assert doc.path is not None
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"cannot change {', '.join(sorted(unknown))} (editable: {', '.join(EDITABLE)})")
    raw = doc.path.read_text("utf-8")
    front, body, _line = split_front_matter(raw, doc.path)
    front = dict(front)
    for key, value in changes.items():
        value = _clean_value(key, value)
        if value in (None, "", []) and key in ("published", "tags"):
            front.pop(key, None)
        else:
            front[key] = value
    if not front.get("title"):
        raise ValidationError("needs a title", doc.path)
    _meta, problems = validate_meta(front, doc.path)
    if problems:
        raise ValidationError(problems[0].message, doc.path)
    atomic_write_text(doc.path, front_matter_text(front) + body)
    return load_document(doc.path, user=True)


def _clean_value(key: str, value: Any) -> Any:
    if key == "title":
        return clean_title(str(value))
    if key == "publisher":
        return clean_line(str(value or ""))
    if key == "published":
        return str(value).strip() or None if value else None
    items = value.split(",") if isinstance(value, str) else list(value or [])
    cleaned = [clean_line(str(v)) for v in items]
    return [v for v in dict.fromkeys(cleaned) if v]


def set_tags(data_dir: Path, doc_id: str, tags: list[str], corpus: Corpus | None = None) -> Document:
    """Put an added text in collections (tags); an empty list takes it out of all."""
    return update_metadata(data_dir, doc_id, {"tags": tags}, corpus)
