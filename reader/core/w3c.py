"""W3C Web Annotation Data Model (JSON-LD): export the reader's highlights, read them back.

Annotations that other tools can read are the point of this format, so export follows the
model's MUST requirements (checked in tests against the W3C test suite's schemas), and
import is forgiving about shape (one Annotation, a list, a collection with linked pages,
a page) while strict about content: anything it cannot place in a known document is
skipped with a reason the user can read, and a file with nothing usable is an error that
changes nothing.

Mapping (both directions):

- ``id``: ``urn:reader:annotation:<highlight id>``; foreign ids become a stable derived id
  so importing the same file twice does not duplicate;
- ``target.source``: ``urn:reader:<doc-id>`` (import also accepts the bare id), with a
  ``TextQuoteSelector`` and a ``TextPositionSelector``;
- bodies: the note (``purpose: commenting``), one body per tag (``tagging``), the colour
  (``highlighting``, value ``#rrggbb``, the palette meaning as ``label``);
- ``created``/``modified``: xsd:dateTime with a timezone.

The reader's own glossary entries, timeline events and links travel in the same file;
their mapping lives in ``w3c_study``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .anchor import Anchor, AnchorFormatError, resolve
from .corpus import Corpus
from .document import Document
from .errors import DataFileError, ValidationError
from .fsutil import read_bytes_limited
from .model import DEFAULT_COLOR, DEFAULT_MEANINGS, PALETTE, DocumentNotes, Highlight

if TYPE_CHECKING:
    from .w3c_study import StudyItem

__all__ = [
    "ANNOTATION_PREFIX",
    "CONTEXT",
    "DOC_PREFIX",
    "MAX_FILE_BYTES",
    "ImportResult",
    "SkipAnnotation",
    "annotation",
    "collection",
    "doc_urn",
    "dumps_collection",
    "kind_of",
    "load_file",
    "own_id",
    "parse_annotations",
    "place_target",
    "shorten",
    "specific_resource",
    "stamp",
    "stamp_of",
    "target_document",
    "text_value",
]

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
DOC_PREFIX = "urn:reader:"
ANNOTATION_PREFIX = "urn:reader:annotation:"
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PAGES = 10_000
"""Guard against a ``next`` chain that loops or never ends."""

_NOTE_PURPOSES = {"commenting", "describing", "replying", "questioning", "assessing", "editing"}
_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)


def doc_urn(doc_id: str) -> str:
    """The IRI naming a document in ``target.source``."""
    return DOC_PREFIX + doc_id


# -- export ---------------------------------------------------------------------------

def stamp(value: str) -> str | None:
    """An xsd:dateTime with a timezone, or None when ``value`` is not a usable timestamp.

    Values already in that form are returned unchanged, so export -> import is exact;
    naive ones are taken as UTC (``model.now_iso`` always writes ``Z``).
    """
    if not isinstance(value, str) or not value:
        return None
    if _DATETIME_RE.match(value):
        try:
            _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return value
    try:
        d = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=_dt.UTC)
    return d.isoformat().replace("+00:00", "Z")


def annotation(h: Highlight, palette_meaning: str | None = None) -> dict[str, Any]:
    """One highlight as a W3C Annotation (self-contained: it carries its own ``@context``)."""
    body: list[dict[str, Any]] = []
    if h.note:
        body.append({"type": "TextualBody", "value": h.note, "format": "text/plain", "purpose": "commenting"})
    for tag in h.tags:
        body.append({"type": "TextualBody", "value": tag, "purpose": "tagging"})
    colour: dict[str, Any] = {"type": "TextualBody", "value": h.color, "purpose": "highlighting"}
    if palette_meaning:
        colour["label"] = palette_meaning
    body.append(colour)
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": ANNOTATION_PREFIX + h.id,
        "type": "Annotation",
        "motivation": "commenting" if h.note else "highlighting",
    }
    for key in ("created", "modified"):
        when = stamp(getattr(h, key))
        if when is not None:
            out[key] = when
    out["body"] = body
    out["target"] = specific_resource(h.doc_id, h.anchor)
    return out


def specific_resource(doc_id: str, anchor: Anchor) -> dict[str, Any]:
    """A passage as a W3C target: the document's IRI with a quote and a position selector."""
    return {"type": "SpecificResource", "source": doc_urn(doc_id), "selector": anchor.to_selectors()}


def collection(
    notes: Iterable[DocumentNotes],
    label: str = "Reader annotations",
    palette: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """All highlights of ``notes`` (documents in the given order, each in reading order)
    as one AnnotationCollection with a single embedded AnnotationPage.

    ``palette`` maps colours to the meanings the reader gave them (exported as labels).
    """
    items = []
    for dn in notes:
        for h in sorted(dn.highlights, key=lambda h: (h.start, h.end)):
            items.append(annotation(h, (palette or {}).get(h.color) or None))
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def dumps_collection(
    notes: Iterable[DocumentNotes],
    label: str = "Reader annotations",
    palette: Mapping[str, str] | None = None,
) -> str:
    """:func:`collection` as UTF-8-friendly, indented JSON text (ends with a newline)."""
    return json.dumps(collection(notes, label, palette), ensure_ascii=False, indent=2) + "\n"


# -- import ---------------------------------------------------------------------------

@dataclass
class ImportResult:
    """Highlights found per document, the reader's own study records (see ``w3c_study``),
    plus one readable reason per skipped annotation."""

    by_doc: dict[str, list[Highlight]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    study: list[StudyItem] = field(default_factory=list)

    @property
    def count(self) -> int:
        """The highlights found (study records are counted in ``study``)."""
        return sum(len(v) for v in self.by_doc.values())


class SkipAnnotation(Exception):
    """One annotation cannot be used; the message says why (one sentence, shown to the reader)."""


def _types(obj: Mapping[str, Any]) -> set[str]:
    t = obj.get("type", obj.get("@type"))
    if isinstance(t, str):
        return {t}
    if isinstance(t, list):
        return {x for x in t if isinstance(x, str)}
    return set()


def kind_of(value: Any) -> str:
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    return type(value).__name__


def _page_items(page: Any, where: str, out: list[Any]) -> None:
    """Collect the items of an AnnotationPage and of the pages its ``next`` chain embeds."""
    seen: set[int] = set()
    count = 0
    while isinstance(page, Mapping):
        if id(page) in seen or count >= MAX_PAGES:
            break
        seen.add(id(page))
        count += 1
        items = page.get("items", [])
        if not isinstance(items, list):
            raise ValidationError(f"'items' of {where} must be a list, not {kind_of(items)}")
        out.extend(items)
        page = page.get("next")
    if isinstance(page, str) and page:
        raise ValidationError(
            f"{where} links its next page by address ({page}); only pages embedded in the file can be read"
        )


def _collect(data: Any) -> list[Any]:
    """The candidate annotations in any accepted top-level shape (ValidationError if none)."""
    if isinstance(data, list):
        out: list[Any] = []
        for item in data:
            if isinstance(item, Mapping) and _types(item) & {"AnnotationCollection", "AnnotationPage"}:
                out.extend(_collect(item))
            else:
                out.append(item)
        return out
    if not isinstance(data, Mapping):
        raise ValidationError(
            f"the top level is {kind_of(data)}; expected an Annotation, a list of them or an AnnotationCollection"
        )
    types = _types(data)
    if "Annotation" in types:
        return [data]
    out = []
    if "AnnotationCollection" in types:
        if "items" in data:
            _page_items(data, "the AnnotationCollection", out)
        first = data.get("first")
        if isinstance(first, str):
            raise ValidationError(
                f"the AnnotationCollection links its first page by address ({first}); "
                "only pages embedded in the file can be read"
            )
        if first is not None:
            if isinstance(first, list):  # some writers inline the items as 'first'
                out.extend(first)
            elif isinstance(first, Mapping):
                _page_items(first, "the first AnnotationPage", out)
            else:
                raise ValidationError(f"'first' of the AnnotationCollection is {kind_of(first)}, not a page")
        return out
    if "AnnotationPage" in types or ("items" in data and not types):
        _page_items(data, "the AnnotationPage", out)
        return out
    if "target" in data and not types:
        return [data]  # an annotation that forgot its type
    what = f"type {sorted(types)[0]!r}" if types else "an object without a 'type'"
    raise ValidationError(
        f"the top level is {what}; expected an Annotation, a list of them or an AnnotationCollection"
    )


def text_value(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise SkipAnnotation(f"{what} must be a string, not {kind_of(value)}")
    if _SURROGATE.search(value):
        raise SkipAnnotation(f"{what} contains an invalid character (a lone surrogate)")
    return value


def target_document(target: Mapping[str, Any], corpus: Corpus) -> Document:
    source = target.get("source", target.get("id"))
    if source is None:
        raise SkipAnnotation("its target has no 'source' naming the document")
    source = text_value(source, "target 'source'")
    doc_id = source[len(DOC_PREFIX):] if source.startswith(DOC_PREFIX) else source
    if doc_id not in corpus:
        raise SkipAnnotation(f"it targets unknown document '{doc_id}'")
    return corpus.get(doc_id)


def place_target(target: Mapping[str, Any], doc: Document) -> tuple[Anchor, bool]:
    """The anchor placed in the current text, and whether the reader should review it."""
    selectors = target.get("selector")
    if selectors is None:
        raise SkipAnnotation("its target has no selector (a whole-document annotation cannot be placed)")
    if isinstance(selectors, Mapping) and selectors.get("type") == "Choice":
        selectors = selectors.get("items", [])
    try:
        anchor = Anchor.from_selectors(selectors, text=doc.text)
    except AnchorFormatError as exc:
        raise SkipAnnotation(str(exc)) from None
    for what in ("exact", "prefix", "suffix"):
        text_value(getattr(anchor, what), f"the TextQuoteSelector '{what}'")
    text = doc.text
    if not anchor.exact:
        raise SkipAnnotation("its TextQuoteSelector quotes nothing (empty 'exact')")
    if anchor.has_position:
        assert anchor.start is not None and anchor.end is not None
        if anchor.end <= len(text) and text[anchor.start:anchor.end] == anchor.exact:
            return anchor, False
        if anchor.end > len(text):
            # A position beyond the text says nothing; let the quote alone decide.
            anchor = Anchor(anchor.exact, anchor.prefix, anchor.suffix)
    res = resolve(anchor, text)
    placed = res.anchor(text)
    if placed is None:
        raise SkipAnnotation(f"its quote “{shorten(anchor.exact)}” was not found in '{doc.id}'")
    moved = anchor.has_position and (res.start, res.end) != (anchor.start, anchor.end)
    return placed, bool(moved or res.score < 1.0)


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _nearest_palette(color: str) -> str:
    c = color.lower()
    if c in PALETTE:
        return c
    r, g, b = (int(c[i:i + 2], 16) for i in (1, 3, 5))

    def dist(p: str) -> int:
        pr, pg, pb = (int(p[i:i + 2], 16) for i in (1, 3, 5))
        return (pr - r) ** 2 + (pg - g) ** 2 + (pb - b) ** 2

    return min(PALETTE, key=dist)


_BY_MEANING = {m: c for c, m in DEFAULT_MEANINGS.items()}


def _bodies(ann: Mapping[str, Any]) -> tuple[str, tuple[str, ...], str]:
    """(note, tags, colour) from ``body`` / ``bodyValue``."""
    notes: list[str] = []
    tags: list[str] = []
    color = DEFAULT_COLOR
    if "bodyValue" in ann:
        value = text_value(ann["bodyValue"], "'bodyValue'")
        if value.strip():
            notes.append(value)
    body = ann.get("body", [])
    if isinstance(body, Mapping | str):
        body = [body]
    if not isinstance(body, list):
        raise SkipAnnotation(f"'body' must be an object or a list, not {kind_of(body)}")
    for i, b in enumerate(body):
        if isinstance(b, str):
            continue  # a link to an external body: nothing we can show
        if not isinstance(b, Mapping):
            raise SkipAnnotation(f"body {i + 1} is {kind_of(b)}, not an object")
        if "value" not in b:
            continue  # an external or specific resource: nothing we can show
        value = text_value(b["value"], f"the value of body {i + 1}")
        purposes = b.get("purpose", [])
        if isinstance(purposes, str):
            purposes = [purposes]
        if not isinstance(purposes, list) or not all(isinstance(p, str) for p in purposes):
            raise SkipAnnotation(f"the purpose of body {i + 1} must be a string or a list of strings")
        if "tagging" in purposes:
            if value.strip():
                tags.append(value.strip())
        elif "highlighting" in purposes:
            v = value.strip()
            if _COLOR_RE.match(v):
                color = _nearest_palette(v)
            elif v.lower() in _BY_MEANING:
                color = _BY_MEANING[v.lower()]
        elif (not purposes or _NOTE_PURPOSES & set(purposes)) and value.strip():
            notes.append(value)
    return "\n\n".join(notes), tuple(dict.fromkeys(tags)), color


def _derived_id(key: str) -> str:
    return "h-" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _highlight_id(ann: Mapping[str, Any], doc_id: str) -> str:
    raw = ann.get("id", ann.get("@id"))
    if raw is None:
        # Same content, same id: importing the file again merges instead of duplicating.
        content = {k: ann.get(k) for k in ("target", "body", "bodyValue")}
        key = doc_id + "\n" + json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        return _derived_id(key)
    raw = text_value(raw, "'id'")
    return own_id(raw, ANNOTATION_PREFIX) or _derived_id(raw)


def own_id(raw: str, prefix: str) -> str | None:
    """The record id in one of our annotation ids (``prefix`` + id), or None for a foreign id."""
    if raw.startswith(prefix):
        rid = raw[len(prefix):]
        if rid and rid.strip() == rid and len(rid) <= 200 and rid.isprintable():
            return rid
    return None


def _parse_one(ann: Any, corpus: Corpus) -> Highlight | StudyItem:
    if not isinstance(ann, Mapping):
        raise SkipAnnotation(f"it is {kind_of(ann)}, not an annotation object")
    types = _types(ann)
    if types and "Annotation" not in types:
        raise SkipAnnotation(f"its type is {sorted(types)[0]!r}, not 'Annotation'")
    if "target" not in ann:
        raise SkipAnnotation("it has no 'target'")
    from .w3c_study import study_item  # w3c_study builds on this module

    item = study_item(ann, corpus)
    if item is not None:
        return item
    target = ann["target"]
    if isinstance(target, list):
        usable = [t for t in target if isinstance(t, Mapping)]
        if not usable:
            raise SkipAnnotation("none of its targets has a selector; nothing to anchor")
        target = usable[0]
    if isinstance(target, str):
        raise SkipAnnotation(f"its target is only an address ({shorten(target)}), with no selector to anchor it")
    if not isinstance(target, Mapping):
        raise SkipAnnotation(f"its target is {kind_of(target)}, not an object")
    doc = target_document(target, corpus)
    anchor, review = place_target(target, doc)
    note, tags, color = _bodies(ann)
    return Highlight(
        id=_highlight_id(ann, doc.id), doc_id=doc.id, anchor=anchor, color=color, note=note,
        tags=tags, created=stamp_of(ann, "created"), modified=stamp_of(ann, "modified"),
        review=review,
    )


def stamp_of(ann: Mapping[str, Any], key: str) -> str:
    """``ann[key]`` as a timestamp, "" when absent; a malformed one is dropped rather than
    failing the whole annotation."""
    value = ann.get(key)
    return (stamp(value) if isinstance(value, str) else None) or ""


def _label(ann: Any, index: int) -> str:
    if isinstance(ann, Mapping) and isinstance(ann.get("id"), str):
        return f"annotation {shorten(ann['id'], 80)}"
    return f"annotation {index + 1}"


def parse_annotations(data: Any, corpus: Corpus, source: str = "<input>") -> ImportResult:
    """Highlights from parsed W3C JSON; raise ValidationError naming ``source`` if none are usable.

    Nothing is merged here: callers hand ``by_doc`` to ``NoteBook.import_highlights`` and
    ``study`` to ``w3c_study.plan_study``.
    """
    try:
        items = _collect(data)
    except ValidationError as exc:
        raise ValidationError(exc.message, source) from None
    result = ImportResult()
    for i, item in enumerate(items):
        try:
            h = _parse_one(item, corpus)
        except SkipAnnotation as why:
            result.skipped.append(f"{_label(item, i)}: {why}")
            continue
        if isinstance(h, Highlight):
            result.by_doc.setdefault(h.doc_id, []).append(h)
        else:
            result.study.append(h)
    if not result.by_doc and not result.study:
        if not items:
            raise ValidationError("contains no annotations", source)
        first = result.skipped[0]
        more = f" (and {len(result.skipped) - 1} more like it)" if len(result.skipped) > 1 else ""
        raise ValidationError(f"has no annotation that can be imported; {first}{more}", source)
    return result


def decode_json(raw: bytes, path: Path) -> Any:
    """Decode W3C JSON bytes; every failure (bad UTF-8, bad JSON, a number with thousands
    of digits, nesting deep enough to exhaust the stack) is one DataFileError sentence."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataFileError(f"is not UTF-8 text (byte {exc.start + 1} cannot be decoded)", path, line) from None
    if not text.strip():
        raise DataFileError("is empty; expected W3C Web Annotation JSON", path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(
            f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})", path, exc.lineno
        ) from None
    except ValueError:  # not a JSONDecodeError: an integer beyond Python's 4,300-digit limit
        raise DataFileError("is not usable JSON (it contains a number with too many digits)", path) from None
    except RecursionError:
        raise DataFileError("is nested too deeply to be W3C annotation JSON", path) from None


def load_file(path: Path, corpus: Corpus) -> ImportResult:
    """Read a W3C JSON(-LD) file; DataFileError for unreadable or non-JSON input."""
    path = Path(path)
    raw = read_bytes_limited(path, MAX_FILE_BYTES, "is too large to import")
    data = decode_json(raw, path)
    return parse_annotations(data, corpus, source=str(path))
