"""The vocabulary of note operations: what changed, the invertible steps undo replays, input rules.

Undo steps record field-level changes rather than whole records: re-anchoring may move
a highlight after its note was edited, and undoing the note must not undo the move.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from .model import PALETTE, Highlight, UserLink, new_id

__all__ = [
    "Change", "Command", "Step", "check_text", "normal_color", "normal_tags", "plan_import",
]

_SURROGATE = re.compile("[\ud800-\udfff]")
_SERIAL = itertools.count(1)  # step ids, unique in a process (see NoteBook.top_step)

StepOp = Literal["insert", "remove", "fields", "docnote", "link-insert", "link-remove", "meaning"]


@dataclass(frozen=True)
class Change:
    """What one operation (or its undo/redo) changed."""

    kind: str  # add delete note tags color document-note link-add link-delete reattach review
    #            import palette reanchor reload
    doc_ids: frozenset[str]
    highlight_ids: frozenset[str] = frozenset()
    link_ids: frozenset[str] = frozenset()
    description: str = ""
    undone: bool = False  # True when this Change reports an undo


class Step(NamedTuple):
    """One primitive, invertible change. "fields" applies a dict of Highlight fields to
    the current record (by id), so it composes with re-anchoring. (A tuple: an import
    makes one per highlight, and a frozen dataclass costs 3x as much to build.)"""

    op: StepOp
    doc_id: str = ""
    record: Highlight | UserLink | None = None  # for insert/remove
    at: int = 0  # position of an insert or remove
    key: str = ""  # hid for fields, colour for meaning
    before: Any = None
    after: Any = None

    def inverse(self) -> Step:
        flip: dict[StepOp, StepOp] = {
            "insert": "remove", "remove": "insert", "link-insert": "link-remove", "link-remove": "link-insert",
        }
        if self.op in flip:
            return Step(flip[self.op], self.doc_id, self.record, self.at, self.key)
        return Step(self.op, self.doc_id, self.record, self.at, self.key, self.after, self.before)

    @property
    def highlight(self) -> Highlight:
        assert isinstance(self.record, Highlight)
        return self.record

    @property
    def link(self) -> UserLink:
        assert isinstance(self.record, UserLink)
        return self.record


@dataclass
class Command:
    """One undo step: the change it reports and the steps that make it."""

    change: Change
    steps: list[Step] = field(default_factory=list)
    serial: int = field(default_factory=_SERIAL.__next__, compare=False)


def check_text(value: str, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text, not {type(value).__name__}")
    m = _SURROGATE.search(value)
    if m:
        raise ValueError(
            f"{what} contains a lone surrogate (U+{ord(m.group()):04X}), which is not valid "
            "Unicode text and cannot be saved"
        )
    return value


def normal_tags(tags: Sequence[str]) -> tuple[str, ...]:
    """Stripped, de-duplicated (first one kept), empty ones dropped."""
    if isinstance(tags, str):
        tags = [tags]
    out: list[str] = []
    for t in tags:
        t = check_text(t, "a tag").strip()
        if t and t not in out:
            out.append(t)
    return tuple(out)


def normal_color(color: str) -> str:
    c = color.lower() if isinstance(color, str) else color
    if c not in PALETTE:
        raise ValueError(f"colour {color!r} is not one of the palette: {', '.join(PALETTE)}")
    return c


def _newer(a: str, b: str) -> bool:
    """Is timestamp ``a`` later than ``b``? (ISO 8601; unparsable ones compare as text)."""
    def parse(s: str) -> _dt.datetime | None:
        try:
            d = _dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        except (ValueError, AttributeError):
            return None
        return d if d.tzinfo else d.replace(tzinfo=_dt.UTC)

    pa, pb = parse(a), parse(b)
    if pa is not None and pb is not None:
        return pa > pb
    if pa is not None and pb is None:
        return True
    return a > b if pb is None and pa is None else False


_IMPORTED_FIELDS = ("anchor", "color", "note", "tags", "created", "modified", "review", "review_reason")


def plan_import(
    doc_id: str, existing: Sequence[Highlight], elsewhere: Mapping[str, str], items: Iterable[Highlight],
) -> tuple[list[Step], tuple[Highlight, ...]]:
    """The steps merging ``items`` into a document's highlights, and the highlights after.

    Merge by id: new ids are appended; a known id is replaced only when the incoming
    ``modified`` is newer; an id used in another document (``elsewhere``: id -> doc) gets
    a fresh id so both are kept. Linear in the number of highlights.
    """
    current = {h.id: h for h in existing}
    index = len(current)
    steps: list[Step] = []
    added: dict[str, int] = {}
    for item in items:
        if not isinstance(item, Highlight):
            raise TypeError(f"import_highlights takes Highlight records, not {type(item).__name__}")
        color, tags = normal_color(item.color), normal_tags(item.tags)
        if item.doc_id != doc_id or color != item.color or tags != item.tags:  # replace() is slow
            item = Highlight(item.id, doc_id, item.anchor, color, item.note, tags, item.created, item.modified,
                             item.review, item.review_reason)
        for text, what in ((item.note, "the note"), (item.anchor.exact, "the quote")):
            check_text(text, f"{what} of imported highlight {item.id}")
        if elsewhere.get(item.id, doc_id) != doc_id:
            item = item.with_(id=new_id("h"))
        old = current.get(item.id)
        if old is None:
            added[item.id] = len(steps)
            steps.append(Step("insert", doc_id, item, index))
            index += 1
        elif not _newer(item.modified, old.modified):
            continue
        elif item.id in added:
            steps[added[item.id]] = Step("insert", doc_id, item, steps[added[item.id]].at)
        else:
            steps.append(Step(
                "fields", doc_id, key=item.id, before={k: getattr(old, k) for k in _IMPORTED_FIELDS},
                after={k: getattr(item, k) for k in _IMPORTED_FIELDS},
            ))
        current[item.id] = item  # a dict keeps its first order: replaced ids stay in place
    return steps, tuple(current.values())
