"""Loading ``annotations/`` strictly: every schema problem with its file and line.

The files in ``annotations/`` are reviewed like code, so loading them is strict: every
schema problem is collected (not just the first) with the file and line it is on, and
every anchor is resolved against the current canonical text. A drifted or orphaned
anchor is a problem to fix in the file, but the span is still kept (with its status) so
the reader keeps working while a text is being corrected.

Schema (``format_version: 1``; every anchor is ``{doc, exact, prefix, suffix, start,
end}`` with prefix/suffix of at most 32 characters):

- ``glossary.yaml``: ``entries`` of ``id, term, kind, aliases, other_spellings?,
  definition, sources, see_also?``
- ``crossrefs.yaml``: ``crossrefs`` of ``id, type, note, source, target``
- ``timeline.yaml``: ``events`` of ``id, date, date_text, reasoning, title, anchors,
  glossary?``; ``date`` is a YAML date or a ``YYYY-MM-DD``/``YYYY-MM``/``YYYY`` string
  (a bare year number is accepted too), or ``null`` for an event the texts do not date
  (kept as ``UNDATED``, listed after the dated ones, with its wording in ``date_text``)
- ``alignments.yaml``: ``alignments`` of ``id, note?`` and at least two of ``en``,
  ``zh-Hans``, ``zh-Hant``
- ``<doc-id>.yaml`` (optional): ``document`` and ``notes`` of ``id, anchor, note``
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import paths, yamlio
from .anchor import CONTEXT_CHARS, Anchor, resolve
from .corpus import Corpus
from .editorial_cache import CachedResult, read_result, result_key, write_result
from .editorial_layer import EditorialLayer, EditorialResult
from .editorial_records import (
    COUNT_KEYS,
    CROSSREF_TYPES,
    FORMAT_VERSION,
    GLOSSARY_KINDS,
    LANGS,
    REQUIRED_FILES,
    UNDATED,
    Alignment,
    CrossReference,
    EditorialNote,
    GlossaryEntry,
    Span,
    TimelineEvent,
)
from .errors import DataFileError, Problem, ProblemKind
from .glossary_match import alias_occurs

__all__ = ["ID_RE", "Loader", "load_editorial"]

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ANCHOR_KEYS = ("doc", "exact", "prefix", "suffix", "start", "end")
_ANCHOR_REQUIRED = ("doc", "exact", "start", "end")
_FIX_HINT = "run tools/anchor_fill.py"


def _type_name(value: object) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "an integer"
    return f"a {type(value).__name__}"


def _line(container: Any, key: Any = None) -> int | None:
    """The line yamlio recorded for ``container`` (or for its ``key``), where known."""
    line = container.line_of(key) if key is not None and hasattr(container, "line_of") else getattr(
        container, "line", None)
    return line if isinstance(line, int) else None


class Loader:
    """Builds the layer while collecting every problem with its file and line."""

    def __init__(self, corpus: Corpus, folder: Path, *, personal: bool = False) -> None:
        self.corpus = corpus
        self.folder = folder
        # A reader's own file: anchors may be doc + exact only, aliases need not occur.
        self.personal = personal
        self.problems: list[Problem] = []
        self.counts: dict[str, int] = dict.fromkeys(COUNT_KEYS, 0)
        self.path = folder
        # Dangling-reference checks wait until the whole glossary is known.
        self._glossary_refs: list[tuple[Path, int | None, str, str, str]] = []
        self.glossary_read = False

    # -- problems
    def bad(self, line: int | None, message: str, kind: ProblemKind = ProblemKind.GENERAL) -> None:
        self.problems.append(Problem(self.path, line, message, kind))

    # -- files
    def read(self, name: str, list_key: str, required: bool) -> tuple[Any, list[Any]] | None:
        """Parse one file and check its envelope; returns (root, items) or None."""
        path = self.folder / name
        self.path = path
        if not path.exists():
            if required:
                self.bad(None, "required editorial file is missing")
            return None
        try:
            root = yamlio.load_file(path)
        except DataFileError as exc:
            self.problems.append(Problem.from_error(exc))
            return None
        if not isinstance(root, Mapping):
            self.bad(_line(root) or 1, f"must be a mapping with 'format_version' and '{list_key}', got {_type_name(root)}")
            return None
        allowed = ("format_version", list_key) + (("document",) if list_key == "notes" else ())
        for key in root:
            if key not in allowed:
                self.bad(_line(root, key), f"unknown key '{key}' (expected: {', '.join(allowed)})")
        if "format_version" not in root:
            self.bad(_line(root) or 1, f"missing 'format_version' (expected {FORMAT_VERSION})")
        else:
            version = root["format_version"]
            if version != FORMAT_VERSION or isinstance(version, bool):
                self.bad(
                    _line(root, "format_version"),
                    f"format_version {version!r} is not supported (expected {FORMAT_VERSION})",
                )
                return None
        items = root.get(list_key)
        if list_key not in root:
            self.bad(_line(root) or 1, f"missing required field '{list_key}'")
            return root, []
        if items is None:
            return root, []
        if not isinstance(items, list):
            self.bad(_line(root, list_key), f"'{list_key}' must be a list, got {_type_name(items)}")
            return root, []
        return root, items

    def records(self, items: list[Any], what: str, required: tuple[str, ...], optional: tuple[str, ...],
                extra_ok: tuple[str, ...] = ()) -> Iterable[tuple[Mapping[str, Any], str]]:
        """Yield (item, context) for each well-formed-enough item; report envelope problems."""
        seen: dict[str, int | None] = {}
        allowed = required + optional + extra_ok
        for i, item in enumerate(items):
            line = _line(items, i)
            if not isinstance(item, Mapping):
                self.bad(line, f"{what} #{i + 1} must be a mapping, got {_type_name(item)}")
                continue
            raw_id = item.get("id")
            ctx = f"{what} '{raw_id}'" if isinstance(raw_id, str) and raw_id else f"{what} #{i + 1}"
            ok = True
            for key in item:
                if key not in allowed:
                    self.bad(_line(item, key), f"{ctx}: unknown key '{key}' (expected: {', '.join(allowed)})")
            for key in required:
                if key not in item:
                    self.bad(_line(item), f"{ctx}: missing required field '{key}'")
                    ok = ok and key != "id"
            if "id" in item:
                if not isinstance(raw_id, str) or not ID_RE.match(raw_id):
                    self.bad(_line(item, "id"), f"{ctx}: 'id' must be a slug (lowercase letters, digits, hyphens)")
                    ok = False
                elif raw_id in seen:
                    self.bad(_line(item, "id"), f"duplicate {what} id '{raw_id}' (first used on line {seen[raw_id]})")
                    ok = False
                else:
                    seen[raw_id] = _line(item, "id")
            if ok:
                yield item, ctx

    # -- fields
    def text(self, item: Mapping[str, Any], key: str, ctx: str, required: bool = True) -> str:
        if key not in item:
            return ""  # reported by records() when required
        value = item[key]
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            self.bad(_line(item, key), f"{ctx}: '{key}' must be a string, got {_type_name(value)}")
            return ""
        if required and not value.strip():
            self.bad(_line(item, key), f"{ctx}: '{key}' must not be empty")
        return value

    def strings(self, item: Mapping[str, Any], key: str, ctx: str) -> tuple[str, ...]:
        value = item.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.bad(_line(item, key), f"{ctx}: '{key}' must be a list of strings, got {_type_name(value)}")
            return ()
        out = []
        for i, v in enumerate(value):
            if not isinstance(v, str) or not v.strip():
                got = "an empty string" if isinstance(v, str) else _type_name(v)
                self.bad(_line(value, i), f"{ctx}: '{key}' item {i + 1} must be a non-empty string, got {got}")
            else:
                out.append(v)
        return tuple(out)

    def anchor(self, value: Any, ctx: str, line: int | None) -> Span | None:
        """Validate and resolve one anchor mapping; orphans are kept with their status."""
        if not isinstance(value, Mapping):
            self.bad(line, f"{ctx}: an anchor must be a mapping with {', '.join(_ANCHOR_KEYS)}, got {_type_name(value)}")
            return None
        line = _line(value) or line
        ok = True
        for key in value:
            if key not in _ANCHOR_KEYS:
                self.bad(_line(value, key), f"{ctx}: unknown anchor key '{key}' (expected: {', '.join(_ANCHOR_KEYS)})")
        for key in _ANCHOR_REQUIRED[:2] if self.personal else _ANCHOR_REQUIRED:
            if key not in value:
                self.bad(line, f"{ctx}: anchor is missing required field '{key}'")
                ok = False
        for key in ("doc", "exact", "prefix", "suffix"):
            v = value.get(key)
            if key in value and not (isinstance(v, str) or (v is None and key in ("prefix", "suffix"))):
                self.bad(_line(value, key), f"{ctx}: anchor '{key}' must be a string, got {_type_name(v)}")
                ok = False
        for key in ("start", "end"):
            v = value.get(key)
            if key in value and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                got = str(v) if isinstance(v, int) and not isinstance(v, bool) else _type_name(v)
                self.bad(_line(value, key), f"{ctx}: anchor '{key}' must be a non-negative integer, got {got}")
                ok = False
        if not ok:
            return None
        exact = value["exact"]
        prefix = value.get("prefix") or ""
        suffix = value.get("suffix") or ""
        start, end = value.get("start"), value.get("end")
        if (start is None) != (end is None):
            self.bad(line, f"{ctx}: anchor needs both 'start' and 'end', or neither")
            ok = False
        if not exact:
            self.bad(_line(value, "exact"), f"{ctx}: anchor 'exact' must not be empty")
            ok = False
        for key, v in (("prefix", prefix), ("suffix", suffix)):
            if len(v) > CONTEXT_CHARS:
                self.bad(
                    _line(value, key),
                    f"{ctx}: anchor '{key}' is {len(v)} characters long; at most {CONTEXT_CHARS} are allowed",
                )
                ok = False
        if start is not None and end is not None and start >= end:
            self.bad(_line(value, "start"), f"{ctx}: anchor 'start' ({start}) must be before 'end' ({end})")
            ok = False
        doc = self.corpus.documents.get(value["doc"])
        if doc is None:
            known = ", ".join(self.corpus.documents) or "none"
            self.bad(_line(value, "doc"), f"{ctx}: unknown document '{value['doc']}' (known: {known})")
            ok = False
        if not ok:
            return None
        assert doc is not None
        stored = Anchor(exact, prefix, suffix, start, end)
        res = resolve(stored, doc.text)
        if res.status == "ok":
            self.counts["anchors_ok"] += 1
            return Span(doc.id, stored, "ok")
        if res.status == "drifted":
            self.counts["anchors_drifted"] += 1
            self.bad(line, f"{ctx}: anchor drifted: now at {res.start}..{res.end}; {_FIX_HINT}", ProblemKind.DRIFTED)
            moved = res.anchor(doc.text)
            return Span(doc.id, moved if moved is not None else stored, "drifted")
        self.counts["anchors_orphan"] += 1
        quote = exact if len(exact) <= 40 else exact[:39] + "…"
        self.bad(
            line, f"{ctx}: anchor orphaned: {quote!r} is no longer in '{doc.id}'; fix or remove it", ProblemKind.ORPHAN,
        )
        return Span(doc.id, stored, "orphan")

    def anchors(self, item: Mapping[str, Any], key: str, ctx: str) -> tuple[Span, ...]:
        value = item.get(key)
        if key not in item:
            return ()
        if not isinstance(value, list):
            self.bad(_line(item, key), f"{ctx}: '{key}' must be a list of anchors, got {_type_name(value)}")
            return ()
        if not value:
            self.bad(_line(item, key), f"{ctx}: '{key}' needs at least one anchor")
            return ()
        spans = []
        for i, v in enumerate(value):
            span = self.anchor(v, f"{ctx} {key}[{i}]", _line(value, i))
            if span is not None:
                spans.append(span)
        return tuple(spans)

    def one_anchor(self, item: Mapping[str, Any], key: str, ctx: str) -> Span | None:
        if key not in item:
            return None
        return self.anchor(item[key], f"{ctx} {key}", _line(item, key))

    def glossary_refs(self, item: Mapping[str, Any], key: str, ctx: str) -> tuple[str, ...]:
        ids = self.strings(item, key, ctx)
        value = item.get(key)
        for i, ref in enumerate(ids):
            line = _line(value, i) if isinstance(value, list) else _line(item, key)
            self._glossary_refs.append((self.path, line, ctx, key, ref))
        return ids

    # -- files
    def load_glossary(self, name: str = "glossary.yaml") -> list[GlossaryEntry]:
        got = self.read(name, "entries", required=True)
        self.glossary_read = got is not None
        if got is None:
            return []
        _, items = got
        entries = []
        for item, ctx in self.records(
            items, "entry", ("id", "term", "kind", "aliases", "definition", "sources"),
            ("other_spellings", "see_also"),
        ):
            term = self.text(item, "term", ctx)
            kind = self.text(item, "kind", ctx)
            if kind and kind not in GLOSSARY_KINDS:
                self.bad(_line(item, "kind"), f"{ctx}: unknown kind '{kind}' (expected one of: {', '.join(GLOSSARY_KINDS)})")
            aliases = self.strings(item, "aliases", ctx)
            others = self.strings(item, "other_spellings", ctx)
            clash = {a.casefold() for a in aliases} & {o.casefold() for o in others}
            for a in sorted(clash):
                self.bad(_line(item, "other_spellings"), f"{ctx}: '{a}' is listed both in aliases and in other_spellings")
            definition = self.text(item, "definition", ctx)
            sources = self.anchors(item, "sources", ctx)
            see_also = self.glossary_refs(item, "see_also", ctx)
            entry = GlossaryEntry(
                id=item["id"], term=term, kind=kind, aliases=aliases, other_spellings=others,
                definition=definition, sources=sources, see_also=see_also,
            )
            entries.append(entry)
            if not self.personal:
                self._check_aliases(item, ctx, entry)
        return entries

    def _check_aliases(self, item: Mapping[str, Any], ctx: str, entry: GlossaryEntry) -> None:
        texts = [d.text for d in self.corpus]
        value = item.get("aliases")
        for i, alias in enumerate(value if isinstance(value, list) else []):
            if not isinstance(alias, str) or not alias.strip():
                continue
            if alias.casefold() in {o.casefold() for o in entry.other_spellings}:
                continue
            if not alias_occurs(alias, texts):
                self.bad(
                    _line(value, i),
                    f"{ctx}: alias '{alias}' does not occur in the corpus "
                    "(list spellings the texts do not use under other_spellings)",
                )

    def load_crossrefs(self, name: str = "crossrefs.yaml") -> list[CrossReference]:
        got = self.read(name, "crossrefs", required=True)
        if got is None:
            return []
        refs = []
        for item, ctx in self.records(got[1], "crossref", ("id", "type", "note", "source", "target"), ()):
            kind = self.text(item, "type", ctx)
            if kind and kind not in CROSSREF_TYPES:
                self.bad(_line(item, "type"), f"{ctx}: unknown type '{kind}' (expected one of: {', '.join(CROSSREF_TYPES)})")
            note = self.text(item, "note", ctx)
            source = self.one_anchor(item, "source", ctx)
            target = self.one_anchor(item, "target", ctx)
            if source is not None and target is not None:
                refs.append(CrossReference(item["id"], kind, note, source, target))
        return refs

    def date(self, item: Mapping[str, Any], ctx: str) -> str | None:
        if "date" not in item:
            return None
        value = item["date"]
        line = _line(item, "date")
        if value is None:
            return UNDATED
        if isinstance(value, _dt.datetime):
            self.bad(line, f"{ctx}: 'date' must be a date without a time, e.g. 2021-04-15")
            return None
        if isinstance(value, _dt.date):
            return value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return str(value)
        if isinstance(value, str):
            m = _DATE_RE.match(value)
            if m:
                y, mo, d = m.groups()
                try:
                    _dt.date(int(y), int(mo or 1), int(d or 1))
                    return value
                except ValueError:
                    pass
        self.bad(line, f"{ctx}: 'date' must be YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}")
        return None

    def load_timeline(self, name: str = "timeline.yaml") -> list[TimelineEvent]:
        got = self.read(name, "events", required=True)
        if got is None:
            return []
        events = []
        for item, ctx in self.records(
            got[1], "event", ("id", "date", "date_text", "reasoning", "title", "anchors"), ("glossary",),
        ):
            date = self.date(item, ctx)
            date_text = self.text(item, "date_text", ctx)
            reasoning = self.text(item, "reasoning", ctx)
            title = self.text(item, "title", ctx)
            spans = self.anchors(item, "anchors", ctx)
            glossary = self.glossary_refs(item, "glossary", ctx)
            if date is not None and spans:
                events.append(TimelineEvent(item["id"], date, date_text, reasoning, title, spans, glossary))
        return events

    def load_alignments(self) -> list[Alignment]:
        got = self.read("alignments.yaml", "alignments", required=True)
        if got is None:
            return []
        out = []
        for item, ctx in self.records(got[1], "alignment", ("id",), ("note",), extra_ok=LANGS):
            note = self.text(item, "note", ctx, required=False)
            present = [lang for lang in LANGS if lang in item]
            if len(present) < 2:
                self.bad(
                    _line(item),
                    f"{ctx}: needs at least two of {', '.join(LANGS)} (has {', '.join(present) or 'none'})",
                )
            cells: dict[str, Span] = {}
            for lang in present:
                span = self.one_anchor(item, lang, ctx)
                if span is not None:
                    cells[lang] = span
            if len(cells) >= 2:
                out.append(Alignment(item["id"], cells, note))
        return out

    def load_doc_notes(self, name: str) -> list[EditorialNote]:
        stem = name[: -len(".yaml")]
        got = self.read(name, "notes", required=False)
        if got is None:
            return []
        root, items = got
        document = root.get("document")
        if "document" not in root:
            self.bad(_line(root) or 1, "missing required field 'document'")
        elif document != stem:
            self.bad(_line(root, "document"), f"'document' must be '{stem}' (the file name), got {document!r}")
        if stem not in self.corpus.documents:
            self.bad(_line(root, "document") or 1, f"no document '{stem}' in the corpus for these notes")
        notes = []
        for item, ctx in self.records(items, "note", ("id", "anchor", "note"), ()):
            text = self.text(item, "note", ctx)
            span = self.one_anchor(item, "anchor", ctx)
            if span is None:
                continue
            if span.doc_id != stem:
                self.bad(_line(item, "anchor"), f"{ctx}: anchor 'doc' must be '{stem}' (this file's document), got '{span.doc_id}'")
                continue
            notes.append(EditorialNote(item["id"], span, text))
        return notes

    def check_references(self, known: set[str]) -> None:
        for path, line, ctx, key, ref in self._glossary_refs:
            if ref not in known:
                self.problems.append(Problem(path, line, f"{ctx}: '{key}' refers to unknown glossary entry '{ref}'"))


def load_editorial(corpus: Corpus, folder: Path | None = None, cache: Path | None = None) -> EditorialResult:
    """Load and validate ``annotations/``; never raises for bad content, it reports it.

    A missing or broken file only loses that file's records; the rest still loads so the
    reader and ``reader check`` can show everything that is wrong at once.

    ``cache``: a JSON file (in the data dir) holding the result made from the same
    annotation files and texts, so that the window starts without parsing 110 KB of YAML
    and resolving every anchor (about 40 ms, against 3 ms from the cache). It is used only
    when its key (a digest of every annotation file and every text) matches, and is
    rewritten otherwise.
    """
    folder = folder if folder is not None else paths.annotations_dir()
    key = result_key(corpus, folder) if cache is not None else None
    got = read_result(cache, key) if cache is not None and key is not None else None
    if got is None:
        got = _parse(corpus, folder)
        if cache is not None and key is not None:
            write_result(cache, got, key)
    layer = EditorialLayer(got.glossary, got.crossrefs, got.timeline, got.alignments, got.notes, corpus=corpus)
    return EditorialResult(layer, got.problems, got.counts)


def _parse(corpus: Corpus, folder: Path) -> CachedResult:
    loader = Loader(corpus, folder)
    if not folder.is_dir():
        loader.problems.append(Problem(folder, None, "the annotations folder does not exist"))
        return CachedResult([], [], [], [], [], loader.problems, loader.counts)
    glossary = loader.load_glossary()
    crossrefs = loader.load_crossrefs()
    timeline = loader.load_timeline()
    alignments = loader.load_alignments()
    notes: list[EditorialNote] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name not in REQUIRED_FILES:
            notes.extend(loader.load_doc_notes(path.name))
    if loader.glossary_read:  # else every reference would dangle: one problem is enough
        loader.check_references({e.id for e in glossary})
    timeline.sort(key=lambda ev: ev.sort_key)
    counts = loader.counts
    counts.update(
        glossary_entries=len(glossary), crossrefs=len(crossrefs), timeline_events=len(timeline),
        alignments=len(alignments),
    )
    return CachedResult(glossary, crossrefs, timeline, alignments, notes, loader.problems, counts)
