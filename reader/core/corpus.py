"""Loading the corpus: shipped texts plus the texts a reader added to their library."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paths, yamlio
from .document import Document, DocumentMeta, LazyDocument, iso_date, parse_body, parse_plain
from .errors import DataFileError, Problem, ReaderError, UnknownDocumentError, ValidationError
from .fsutil import read_bytes_limited
from .paths import library_dir as library_dir  # where it lived first: imported from here too

if TYPE_CHECKING:
    from .front_cache import FrontCache

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

_REQUIRED = ("id", "title", "authors", "publisher", "languages", "source", "removed")
_OPTIONAL = ("subtitle", "published", "republished_by", "original", "title_note", "added", "format",
             "markup", "sha256", "url", "tags")
# What a user text was imported from; ``markup: blocks`` bodies are read by importers.blocktext.
FORMATS = ("md", "txt", "html", "epub", "pdf", "docx")


def split_front_matter(text: str, path: Path) -> tuple[Any, str, int]:
    """Return (front matter, body, line number of the body's first line)."""
    block, body, body_line = split_raw(text, path)
    return parse_front_matter(block, path), body, body_line


def split_raw(text: str, path: Path) -> tuple[str, str, int]:
    """Return (front matter block, unparsed; body; line number of the body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValidationError("has no YAML front matter (the first line must be ---)", path, 1)
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    raise ValidationError("front matter is not closed by a --- line", path, 1)


def parse_front_matter(block: str, path: Path) -> Any:
    """A front matter block (the lines between the ``---`` lines) as data."""
    front = _json_front(block)
    return _yaml_front(block, path) if front is None else front


def _yaml_front(block: str, path: Path) -> Any:
    try:
        return yamlio.loads(block, path)
    except DataFileError as exc:
        # The front matter starts on line 2 of the file.
        raise DataFileError(exc.message, path, (exc.line or 1) + 1) from None


def front_matter_text(front: Mapping[str, Any]) -> str:
    """A text file's front matter, ``---`` lines included: one field a line in JSON's syntax,
    which YAML reads as it is (a flow mapping), so adding a text needs no YAML library."""
    fields = (f"{yamlio.json_flow(str(key))}: {yamlio.json_flow(value)}" for key, value in front.items())
    return "---\n{" + ",\n ".join(fields) + "}\n---\n"


def _json_front(block: str) -> yamlio.LineDict | None:
    """Front matter in JSON's syntax (as :func:`front_matter_text` writes it), read without
    PyYAML; None for anything else (YAML proper, or what YAML might read otherwise: a
    duplicate key, a float), which the YAML loader then reads or explains with its line."""
    if not block.lstrip().startswith("{") or yamlio.NOT_JSON_FLOW.search(block):
        return None
    try:
        found = yamlio.read_json_flow(block)
    except yamlio.NotJsonFlow:
        return None
    if not isinstance(found, dict):
        return None
    front = yamlio.LineDict(found)
    front.line = 1
    at = 0
    for key in front:  # the line of each field, as written one a line (else the mapping's)
        found_at = block.find(yamlio.json_flow(key) + ":", at)
        if found_at >= 0:
            front.key_lines[key] = block.count("\n", 0, found_at) + 1
            at = found_at
    return front


def validate_meta(front: Any, path: Path) -> tuple[DocumentMeta | None, list[Problem]]:
    """Check front matter against the schema in DESIGN.md; collect every problem."""
    problems: list[Problem] = []
    if not isinstance(front, dict):
        return None, [Problem(path, 2, "front matter must be a mapping of fields")]

    def line(key: str) -> int:
        # Front matter starts on line 2 of the file.
        base = front.line_of(key) if isinstance(front, yamlio.LineDict) else None
        return (base or 1) + 1

    def bad(key: str, message: str) -> None:
        problems.append(Problem(path, line(key), f"field '{key}' {message}"))

    for key in front:
        if key not in _REQUIRED and key not in _OPTIONAL:
            bad(str(key), "is not a known front-matter field")
    for key in _REQUIRED:
        if key not in front:
            problems.append(Problem(path, 2, f"missing required field '{key}'"))

    def text_field(key: str, required: bool = False) -> str | None:
        value = front.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            bad(key, "must be a non-empty string" if required else "must be a string")
            return None
        return value

    def list_field(key: str, pattern: re.Pattern[str] | None = None) -> tuple[str, ...]:
        value = front.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad(key, "must be a list of strings")
            return ()
        if pattern is not None:
            for v in value:
                if not pattern.match(v):
                    bad(key, f"has an invalid value {v!r}")
        return tuple(value)

    doc_id = front.get("id")
    if "id" in front and (not isinstance(doc_id, str) or not ID_RE.match(doc_id)):
        bad("id", "must be lowercase letters, digits and hyphens (e.g. my-text)")
        doc_id = None
    title = text_field("title", required=True)
    published = None
    try:
        published = iso_date(front.get("published"))
    except ValueError:
        bad("published", "must be an ISO date such as 2023-08-05")
    languages = list_field("languages", LANG_RE)
    if "languages" in front and not languages and not problems:
        bad("languages", "must list at least one language, e.g. [en]")
    meta = DocumentMeta(
        id=doc_id or "",
        title=title or "",
        authors=list_field("authors"),
        publisher=text_field("publisher") or "",
        published=published,
        subtitle=text_field("subtitle"),
        republished_by=text_field("republished_by"),
        original=text_field("original"),
        languages=languages or ("en",),
        source=text_field("source") or "",
        removed=list_field("removed"),
        title_note=text_field("title_note"),
        added=str(front["added"]) if front.get("added") is not None else None,
    )
    fmt = front.get("format", "md")
    if fmt not in FORMATS:
        bad("format", "must be one of " + ", ".join(FORMATS))
    if front.get("markup", "blocks") != "blocks":
        bad("markup", "must be blocks")
    list_field("tags")
    return (meta if not problems else None), problems


def load_document(path: Path, user: bool = False) -> Document:
    """Parse one text file; raise the first problem as a :class:`ReaderError`."""
    doc, problems = _load_document(path, user)
    if problems:
        first = problems[0]
        raise ValidationError(first.message, first.path, first.line)
    assert doc is not None
    return doc


def read_document(path: Path, user: bool, fronts: FrontCache | None = None) -> tuple[Document | None, list[Problem]]:
    """Parse one text file: the document, or None and every problem found (``fronts``: its
    front matter from that cache when an earlier read kept it)."""
    return _load_document(path, user, fronts=fronts)


# Front-matter fields kept beside DocumentMeta (provenance of added texts, collections).
EXTRA_FIELDS = ("format", "sha256", "url", "tags")


def read_entry(path: Path, user: bool) -> tuple[Document | None, list[Problem], dict[str, Any]]:
    """Like :func:`read_document`, plus the front matter's :data:`EXTRA_FIELDS` (as strings)."""
    extra: dict[str, Any] = {}
    doc, problems = _load_document(path, user, extra)
    return doc, problems, extra


def _load_document(path: Path, user: bool, extra: dict[str, Any] | None = None,
                   fronts: FrontCache | None = None) -> tuple[Document | None, list[Problem]]:
    try:
        data = read_bytes_limited(path, yamlio.MAX_BYTES)  # a pipe or /dev/zero is refused, not read
        text = yamlio.decode_utf8(data, path)
        block, body, body_line = split_raw(text, path)
        front: Any = fronts.get(block) if fronts is not None else None
        parsed = False  # by the YAML loader: worth keeping in the cache (JSON's syntax reads fast)
        if front is None:
            front = _json_front(block)
            if front is None:
                front, parsed = _yaml_front(block, path), True
    except ReaderError as exc:
        return None, [Problem.from_error(exc)]
    meta, problems = validate_meta(front, path)
    if meta is None:
        return None, problems
    if extra is not None:
        for key in EXTRA_FIELDS:
            value = front.get(key)
            if value:
                extra[key] = [str(v) for v in value] if isinstance(value, list) else str(value)
    if front.get("markup") == "blocks":
        from .importers import blocktext

        blocks = blocktext.parse(body, body_line)
    else:
        blocks = parse_plain(body) if front.get("format") == "txt" else parse_body(body, body_line)
    if not blocks:
        return None, [Problem(path, body_line, "has no text after the front matter")]
    if fronts is not None and parsed:  # a text that loads without a problem
        fronts.put(block, front)
    return Document(meta=meta, blocks=blocks, path=path, user=user), []


@dataclass
class Corpus:
    """All readable documents, in library order, plus the problems found while loading."""

    documents: dict[str, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # A text not listed yet (its index entry still being built) is found by its id on demand.
    resolve: Callable[[str], Document | None] | None = field(default=None, repr=False, compare=False)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents.values())

    def __len__(self) -> int:
        return len(self.documents)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.documents or (isinstance(doc_id, str) and self._resolved(doc_id) is not None)

    def get(self, doc_id: str) -> Document:
        doc = self.documents.get(doc_id) or self._resolved(doc_id)
        if doc is None:
            known = ", ".join(self.documents) or "none"
            raise UnknownDocumentError(f"unknown document '{doc_id}' (known: {known})")
        return doc

    def _resolved(self, doc_id: str) -> Document | None:
        doc = self.resolve(doc_id) if self.resolve is not None else None
        if doc is not None:
            self.documents[doc_id] = doc  # listed from now on, as the index will list it
        return doc

    def ids(self) -> list[str]:
        return list(self.documents)


def load_corpus(data_dir: Path | None = None, texts: Path | None = None, cached: bool = False) -> Corpus:
    """Shipped texts first (sorted by file name), then the user's library. ``cached``: front
    matter already parsed at an earlier start is read from the data dir's cache (a window's
    start then parses no YAML); ``reader check`` and the commands parse every text."""
    from .front_cache import FrontCache

    corpus = Corpus()
    fronts = FrontCache(data_dir) if cached and data_dir is not None else None
    _load_folder(corpus, texts or paths.texts_dir(), user=False, fronts=fronts)
    if data_dir is not None:
        _load_folder(corpus, library_dir(data_dir), user=True, fronts=fronts)
    if fronts is not None:
        fronts.save()
    return corpus


def _load_folder(corpus: Corpus, folder: Path, user: bool, fronts: FrontCache | None = None) -> None:
    if not folder.is_dir():
        if not user:
            corpus.problems.append(Problem(folder, None, "the texts folder does not exist"))
        return
    loaded: list[Document] = []
    for path in sorted(folder.glob("*.md")):
        doc, problems = _load_document(path, user, fronts=fronts)
        corpus.problems.extend(problems)
        if doc is not None:
            loaded.append(doc)
    loaded.sort(key=lambda d: library_key(d.meta, user))
    for doc in loaded:
        where = doc.path if doc.path is not None else folder
        earlier = corpus.documents.get(doc.id)
        problem = refusal(doc.id, where, user, None if earlier is None else earlier.path or folder)
        if problem is not None:
            corpus.problems.append(problem)
            continue
        corpus.documents[doc.id] = doc


def library_key(meta: DocumentMeta, user: bool) -> tuple[str, str]:
    """A document's place within its folder (files sorted by name first; the sort is stable).

    Shipped texts keep the seeds' order; the reader's own texts the order they were added.
    """
    return (meta.added or "", meta.source) if user else ("", meta.source)


def refusal(doc_id: str, path: Path, user: bool, earlier: Path | None) -> Problem | None:
    """Why a parsed document is left out of the library: its id taken by ``earlier``, a misnamed file."""
    if earlier is not None:
        return Problem(path, 2, f"duplicate document id '{doc_id}' (also in {earlier})")
    if not user and path.stem != doc_id:
        return Problem(path, 2, f"file name must be the document id ({doc_id}.md)")
    return None


def front_of(doc: Document) -> dict[str, Any]:
    """The raw front matter of a user text (empty for shipped texts or unreadable files)."""
    if doc.path is None:
        return {}
    try:
        front, _body, _line = split_front_matter(doc.path.read_text("utf-8"), doc.path)
    except (OSError, UnicodeDecodeError, DataFileError, ValidationError):
        return {}
    return dict(front) if isinstance(front, dict) else {}


def tags_of(doc: Document) -> list[str]:
    """An added text's collections (from the library index when the document came from it)."""
    if not doc.user:
        return []
    found = doc.extra.get("tags") if isinstance(doc, LazyDocument) else front_of(doc).get("tags")
    return [str(t) for t in found or []] if isinstance(found, list) else []
