"""What the PDF export reads from the editorial layer, as typed protocols.

The export needs only these attributes, so any layer that has them (the shipped
``EditorialLayer``, a reader's own layer, a test's stand-in) can be printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from reader.core.document import Document
from reader.core.model import Endpoint

SpanKey = tuple[str, int, int]  # (doc_id, start, end) in canonical offsets


class EditorialSpan(Protocol):
    @property
    def doc_id(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def status(self) -> str: ...


class EditorialMark(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def ref_id(self) -> str: ...


class GlossaryItem(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def term(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def definition(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def other_spellings(self) -> Sequence[str]: ...
    @property
    def see_also(self) -> Sequence[str]: ...


class TimelineItem(Protocol):
    @property
    def date(self) -> str: ...
    @property
    def date_text(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def reasoning(self) -> str: ...
    @property
    def spans(self) -> Sequence[EditorialSpan]: ...


class CrossrefItem(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def source(self) -> EditorialSpan: ...
    @property
    def target(self) -> EditorialSpan: ...


class EditorialSource(Protocol):
    """The glossary, cross-references, timeline and per-document marks an edition prints."""

    @property
    def glossary(self) -> Sequence[GlossaryItem]: ...
    @property
    def crossrefs(self) -> Sequence[CrossrefItem]: ...
    @property
    def timeline(self) -> Sequence[TimelineItem]: ...
    def marks_for(self, doc: Document) -> Sequence[EditorialMark]: ...


def span_key(span: EditorialSpan) -> SpanKey | None:
    """(doc_id, start, end) of an editorial span, or None when it cannot be placed."""
    if span.status == "orphan" or span.end <= span.start:
        return None
    return span.doc_id, span.start, span.end


def endpoint_key(end: Endpoint) -> SpanKey | None:
    """(doc_id, start, end) of one end of the reader's own link, or None when it cannot be placed."""
    start, stop = end.anchor.start, end.anchor.end
    if start is None or stop is None or stop <= start:
        return None
    return end.doc_id, start, stop
