"""The reader's own glossary entries, timeline events and typed links as W3C Web Annotations, out and back in.

Every record is one Annotation whose targets are its passages, each a ``SpecificResource``
on ``urn:reader:<doc-id>`` with a ``TextQuoteSelector`` and a ``TextPositionSelector``
(the highlights' own code, ``w3c.specific_resource``). Our own fields sit on one body, the
*data body*: an Embedded TextualBody (so the MUST schemas accept it) carrying keys in the
``reader:`` namespace, declared by a second ``@context`` entry (``urn:reader:vocab:``, a
URN: nothing is ever fetched). ``reader:record`` on that body says what the record is.

- Glossary entry: ``id`` ``urn:reader:glossary:<id>``, motivation ``identifying``; data
  body = the term (``purpose: identifying``) with ``reader:kind``, ``reader:aliases``,
  ``reader:otherSpellings``, ``reader:seeAlso``; a second TextualBody holds the
  definition (``purpose: describing``, ``format: text/markdown``); one target per source.
- Timeline event: ``urn:reader:timeline:<id>``, motivation ``describing``; data body =
  the title (``purpose: describing``) with ``reader:date`` (``YYYY[-MM[-DD]]``, null when
  undated), ``reader:dateText``, ``reader:reasoning``, ``reader:glossary``; one target per
  anchor.
- Link: ``urn:reader:link:<id>``, motivation ``linking``, ``created``; data body = the note
  (``purpose: commenting``) with ``reader:linkType``; exactly two targets, the source
  passage then the target passage.

Import reads the data body back, anchors every target in the current text (quote and
context where the position no longer fits) and checks the record with the editorial
loader's own rules, so a record is imported whole or skipped with one sentence. Merging
follows the highlights' rule: a known id is replaced only when the annotation's
``modified`` is newer than the local record's last change (a link's ``created``; glossary
entries and events keep no timestamp, and our export writes none for them, so re-importing
an export never changes them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import w3c
from .corpus import Corpus
from .editorial_layer import EditorialLayer
from .editorial_load import Loader
from .editorial_records import UNDATED, GlossaryEntry, Span, TimelineEvent
from .errors import ProblemKind
from .model import LINK_TYPES, DocumentNotes, Endpoint, UserLink, now_iso
from .note_steps import _newer as newer
from .w3c import SkipAnnotation

__all__ = [
    "GLOSSARY_PREFIX", "LINK_PREFIX", "READER_NS", "STUDY_CONTEXT", "TIMELINE_PREFIX", "StudyItem", "StudyPlan",
    "collection_with_study", "dumps_with_study", "personal_records", "plan_study", "study_annotations", "study_item",
]

READER_NS = "urn:reader:vocab:"
_LISTS = ("aliases", "otherSpellings", "seeAlso", "glossary")
STUDY_CONTEXT: list[Any] = [
    w3c.CONTEXT,
    # Ordered lists, so aliases and references keep their order through JSON-LD processing.
    {"reader": READER_NS, **{f"reader:{k}": {"@container": "@list"} for k in _LISTS}},
]
GLOSSARY_PREFIX = "urn:reader:glossary:"
TIMELINE_PREFIX = "urn:reader:timeline:"
LINK_PREFIX = "urn:reader:link:"
RECORD = "reader:record"
GLOSSARY, TIMELINE, LINK = "glossary-entry", "timeline-event", "link"

StudyRecord = GlossaryEntry | TimelineEvent | UserLink


# -- export ---------------------------------------------------------------------------

def _annotation(aid: str, motivation: str, body: list[dict[str, Any]], spans: Iterable[tuple[str, Any]],
                created: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"@context": STUDY_CONTEXT, "id": aid, "type": "Annotation", "motivation": motivation}
    when = w3c.stamp(created)
    if when is not None:
        out["created"] = when
    out["body"] = body
    out["target"] = [w3c.specific_resource(doc_id, anchor) for doc_id, anchor in spans]
    return out


def glossary_annotation(e: GlossaryEntry) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "TextualBody", "value": e.term, "purpose": "identifying", RECORD: GLOSSARY,
                            "reader:kind": e.kind, "reader:aliases": list(e.aliases)}
    if e.other_spellings:
        data["reader:otherSpellings"] = list(e.other_spellings)
    if e.see_also:
        data["reader:seeAlso"] = list(e.see_also)
    # Definitions are written in the notes' Markdown; import reads text/plain (older exports) the same.
    definition = {"type": "TextualBody", "value": e.definition, "format": "text/markdown", "purpose": "describing"}
    return _annotation(GLOSSARY_PREFIX + e.id, "identifying", [data, definition],
                       ((s.doc_id, s.anchor) for s in e.sources))


def timeline_annotation(ev: TimelineEvent) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "TextualBody", "value": ev.title, "purpose": "describing", RECORD: TIMELINE,
                            "reader:date": None if ev.date == UNDATED else ev.date, "reader:dateText": ev.date_text,
                            "reader:reasoning": ev.reasoning}
    if ev.glossary:
        data["reader:glossary"] = list(ev.glossary)
    return _annotation(TIMELINE_PREFIX + ev.id, "describing", [data], ((s.doc_id, s.anchor) for s in ev.spans))


def link_annotation(lk: UserLink) -> dict[str, Any]:
    data = {"type": "TextualBody", "value": lk.note, "purpose": "commenting", RECORD: LINK,
            "reader:linkType": lk.type}
    ends = ((lk.source.doc_id, lk.source.anchor), (lk.target.doc_id, lk.target.anchor))
    return _annotation(LINK_PREFIX + lk.id, "linking", [data], ends, lk.created)


def study_annotations(glossary: Iterable[GlossaryEntry], timeline: Iterable[TimelineEvent],
                      links: Iterable[UserLink]) -> list[dict[str, Any]]:
    """Entries, events, then links, each sorted by id (an export does not depend on the
    order of the files); a record without a passage has no target and is left out."""
    out = [glossary_annotation(e) for e in sorted(glossary, key=lambda e: e.id) if e.sources]
    out += [timeline_annotation(ev) for ev in sorted(timeline, key=lambda ev: ev.id) if ev.spans]
    out += [link_annotation(lk) for lk in sorted(links, key=lambda lk: lk.id)]
    return out


def personal_records(editorial: EditorialLayer | None, doc_ids: Sequence[str] | None = None,
                     ) -> tuple[list[GlossaryEntry], list[TimelineEvent]]:
    """The reader's own entries and events in ``editorial`` (see ``with_personal``); with
    ``doc_ids``, only those with a passage in one of them."""
    if editorial is None or not editorial.personal_ids:
        return [], []
    mine = editorial.personal_ids
    docs = None if doc_ids is None else set(doc_ids)

    def wanted(spans: Iterable[Span]) -> bool:
        return docs is None or any(s.doc_id in docs for s in spans)

    return ([e for e in editorial.glossary if e.id in mine and wanted(e.sources)],
            [ev for ev in editorial.timeline if ev.id in mine and wanted(ev.spans)])


def collection_with_study(notes: Iterable[DocumentNotes], palette: Mapping[str, str],
                          glossary: Iterable[GlossaryEntry], timeline: Iterable[TimelineEvent],
                          links: Iterable[UserLink]) -> dict[str, Any]:
    """The highlights' AnnotationCollection with the reader's study records after them (the
    collection then declares the ``reader:`` context too); without any, exactly as before."""
    data = w3c.collection(notes, palette=palette)
    extra = study_annotations(glossary, timeline, links)
    if extra:
        data["@context"] = STUDY_CONTEXT
        data["total"] += len(extra)
        data["first"]["items"].extend(extra)
    return data


def dumps_with_study(notes: Iterable[DocumentNotes], palette: Mapping[str, str], glossary: Iterable[GlossaryEntry],
                     timeline: Iterable[TimelineEvent], links: Iterable[UserLink]) -> str:
    """:func:`collection_with_study` as the JSON text of a W3C export."""
    return json.dumps(collection_with_study(notes, palette, glossary, timeline, links), ensure_ascii=False,
                      indent=2) + "\n"


# -- import ---------------------------------------------------------------------------

@dataclass(frozen=True)
class StudyItem:
    """One study record read from W3C, with the annotation's ``modified`` ("" without one)."""

    record: StudyRecord
    modified: str = ""


class _OneRecord(Loader):
    """The editorial loader's checks (personal rules) on one record held in memory."""

    def __init__(self, corpus: Corpus, list_key: str, item: dict[str, Any]) -> None:
        super().__init__(corpus, Path("."), personal=True)
        self._item = (list_key, item)

    def read(self, name: str, list_key: str, required: bool) -> tuple[Any, list[Any]] | None:
        self.path = Path(name)
        return {}, ([self._item[1]] if list_key == self._item[0] else [])


def _data_body(ann: Mapping[str, Any]) -> Mapping[str, Any] | None:
    body = ann.get("body", [])
    for b in body if isinstance(body, list) else [body]:
        if isinstance(b, Mapping) and RECORD in b:
            return b
    return None


def _describing(ann: Mapping[str, Any], data: Mapping[str, Any]) -> Any:
    """The value of the first body other than ``data`` whose purpose is ``describing``."""
    body = ann.get("body", [])
    for b in body if isinstance(body, list) else [body]:
        if b is data or not isinstance(b, Mapping):
            continue
        purpose = b.get("purpose")
        if purpose == "describing" or (isinstance(purpose, list) and "describing" in purpose):
            return b.get("value", "")
    return ""


def _passages(ann: Mapping[str, Any], corpus: Corpus) -> list[tuple[str, Any]]:
    """Every target anchored in the current text, as (doc id, anchor); one that cannot be
    placed skips the whole record (nothing is half-imported)."""
    targets = ann["target"]
    targets = targets if isinstance(targets, list) else [targets]
    out = []
    for i, t in enumerate(targets):
        if not isinstance(t, Mapping):
            what = f"only an address ({w3c.shorten(t)})" if isinstance(t, str) else w3c.kind_of(t)
            raise SkipAnnotation(f"its target {i + 1} is {what}, not a passage with selectors")
        doc = w3c.target_document(t, corpus)
        anchor, _moved = w3c.place_target(t, doc)
        out.append((doc.id, anchor))
    return out


def _got(value: Any) -> str:
    """A value as a skip reason quotes it."""
    return f"'{w3c.shorten(value)}'" if isinstance(value, str) else w3c.kind_of(value)


def _anchor_dict(doc_id: str, anchor: Any) -> dict[str, Any]:
    return {"doc": doc_id, "exact": anchor.exact, "prefix": anchor.prefix, "suffix": anchor.suffix,
            "start": anchor.start, "end": anchor.end}


def _no_surrogates(value: Any, what: str) -> None:
    if isinstance(value, str):
        w3c.text_value(value, what)
    elif isinstance(value, list):
        for v in value:
            _no_surrogates(v, what)


def _record_id(ann: Mapping[str, Any], prefix: str, kind: str) -> str:
    raw = ann.get("id", ann.get("@id"))
    if raw is not None:
        rid = w3c.own_id(w3c.text_value(raw, "'id'"), prefix)
        if rid is not None:
            return rid
    # A foreign or missing id: the same annotation always gets the same id, so a
    # second import merges instead of duplicating.
    key = raw if isinstance(raw, str) else json.dumps({k: ann.get(k) for k in ("target", "body")},
                                                      sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return ("l-" if kind == LINK else "my-") + digest


def _checked(corpus: Corpus, list_key: str, item: dict[str, Any]) -> Any:
    """The record the loader builds from ``item``; its first problem skips the annotation."""
    for key, value in item.items():
        _no_surrogates(value, f"'{key}'")
    loader = _OneRecord(corpus, list_key, item)
    got = loader.load_glossary() if list_key == "entries" else loader.load_timeline()
    problems = [p for p in loader.problems if p.kind is not ProblemKind.DRIFTED]
    if problems or not got:
        first = problems[0].message if problems else "it could not be read as a record"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise SkipAnnotation(first + more)
    return got[0]


def _glossary(ann: Mapping[str, Any], data: Mapping[str, Any], corpus: Corpus) -> GlossaryEntry:
    item: dict[str, Any] = {
        "id": _record_id(ann, GLOSSARY_PREFIX, GLOSSARY), "term": data.get("value"),
        "kind": data.get("reader:kind"), "aliases": data.get("reader:aliases", []),
        "definition": _describing(ann, data),
        "sources": [_anchor_dict(d, a) for d, a in _passages(ann, corpus)],
    }
    for key, ours in (("other_spellings", "reader:otherSpellings"), ("see_also", "reader:seeAlso")):
        if ours in data:
            item[key] = data[ours]
    entry: GlossaryEntry = _checked(corpus, "entries", item)
    return entry


def _event(ann: Mapping[str, Any], data: Mapping[str, Any], corpus: Corpus) -> TimelineEvent:
    item: dict[str, Any] = {
        "id": _record_id(ann, TIMELINE_PREFIX, TIMELINE), "date_text": data.get("reader:dateText"),
        "reasoning": data.get("reader:reasoning"), "title": data.get("value"),
        "anchors": [_anchor_dict(d, a) for d, a in _passages(ann, corpus)],
    }
    if "reader:date" in data:
        item["date"] = data["reader:date"]
    if "reader:glossary" in data:
        item["glossary"] = data["reader:glossary"]
    event: TimelineEvent = _checked(corpus, "events", item)
    return event


def _link(ann: Mapping[str, Any], data: Mapping[str, Any], corpus: Corpus) -> UserLink:
    kind = data.get("reader:linkType")
    if kind not in LINK_TYPES:
        raise SkipAnnotation(f"its link type {_got(kind)} is not one of {', '.join(LINK_TYPES)}")
    note = w3c.text_value(data.get("value", ""), "the link note")
    ends = _passages(ann, corpus)
    if len(ends) != 2:
        raise SkipAnnotation(f"a link needs exactly two targets (its source and target passages), not {len(ends)}")
    return UserLink(_record_id(ann, LINK_PREFIX, LINK), kind, Endpoint(*ends[0]), Endpoint(*ends[1]), note,
                    w3c.stamp_of(ann, "created"))


_READERS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any], Corpus], StudyRecord]] = {
    GLOSSARY: _glossary, TIMELINE: _event, LINK: _link,
}


def study_item(ann: Mapping[str, Any], corpus: Corpus) -> StudyItem | None:
    """The study record in ``ann``, None when it is not one of ours (a highlight, or a
    foreign annotation); SkipAnnotation when it is one but cannot be used."""
    data = _data_body(ann)
    if data is None:
        return None
    kind = data[RECORD]
    read = _READERS.get(kind) if isinstance(kind, str) else None
    if read is None:
        raise SkipAnnotation(f"its {RECORD} {_got(kind)} is not one of {', '.join(_READERS)}")
    return StudyItem(read(ann, data, corpus), w3c.stamp_of(ann, "modified"))


# -- merge ----------------------------------------------------------------------------

@dataclass
class StudyPlan:
    """What merging imported study records changes: new or replaced records by kind, the
    whole links list after, and counts for the summary."""

    glossary: list[GlossaryEntry] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    links: list[UserLink] = field(default_factory=list)
    links_changed: bool = False
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_READERS, 0))
    added: int = 0
    updated: int = 0

    @property
    def total(self) -> int:
        return sum(self.found.values())

    def describe(self) -> str:
        """e.g. '2 glossary entries, 1 timeline event, 0 links'."""
        names = {GLOSSARY: ("glossary entry", "glossary entries"), TIMELINE: ("timeline event", "timeline events"),
                 LINK: ("link", "links")}
        return ", ".join(f"{n} {names[k][n != 1]}" for k, n in self.found.items())


def plan_study(items: Iterable[StudyItem], glossary: Iterable[GlossaryEntry], timeline: Iterable[TimelineEvent],
               links: Iterable[UserLink]) -> StudyPlan:
    """Merge by id: new ids are added; a known id is replaced only when the item's
    ``modified`` is newer than the local record's last change (see the module docstring)."""
    plan = StudyPlan()
    current: dict[str, dict[str, tuple[Any, str]]] = {
        GLOSSARY: {e.id: (e, "") for e in glossary},
        TIMELINE: {ev.id: (ev, "") for ev in timeline},
        LINK: {lk.id: (lk, lk.created) for lk in links},
    }
    before = {kind: set(records) for kind, records in current.items()}
    changed: dict[str, dict[str, Any]] = {kind: {} for kind in current}
    stamp_now = now_iso()
    for item in items:
        record = item.record
        kind = GLOSSARY if isinstance(record, GlossaryEntry) else TIMELINE if isinstance(record, TimelineEvent) else LINK
        plan.found[kind] += 1
        if isinstance(record, UserLink) and not record.created:
            record = UserLink(record.id, record.type, record.source, record.target, record.note, stamp_now)
        old = current[kind].get(record.id)
        if old is not None and (not newer(item.modified, old[1]) or old[0] == record):
            continue
        if old is not None and record.id in before[kind] and record.id not in changed[kind]:
            plan.updated += 1
        elif old is None:
            plan.added += 1
        current[kind][record.id] = (record, item.modified or (record.created if isinstance(record, UserLink) else ""))
        changed[kind][record.id] = record
    plan.glossary = list(changed[GLOSSARY].values())
    plan.timeline = list(changed[TIMELINE].values())
    plan.links = [rec for rec, _ in current[LINK].values()]
    plan.links_changed = bool(changed[LINK])
    return plan
