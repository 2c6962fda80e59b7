"""The shipped editorial layer's public names, gathered from the modules that define them.

Records: ``editorial_records``; the loaded layer (lookups, marks, parallel rows):
``editorial_layer``; strict loading of ``annotations/``: ``editorial_load``; its disk
caches: ``editorial_cache``; finding glossary spellings in a text: ``glossary_match``.
"""

from __future__ import annotations

from .editorial_layer import EditorialLayer, EditorialResult
from .editorial_load import ID_RE, load_editorial
from .editorial_records import (
    COUNT_KEYS,
    CROSSREF_TYPES,
    FORMAT_VERSION,
    GLOSSARY_KINDS,
    LANGS,
    MARK_PRECEDENCE,
    REQUIRED_FILES,
    UNDATED,
    Alignment,
    CrossReference,
    EditorialNote,
    GlossaryEntry,
    Mark,
    MarkKind,
    ParallelTable,
    Span,
    TimelineEvent,
    mark_rank,
)
from .glossary_match import alias_occurs

__all__ = [
    "COUNT_KEYS", "CROSSREF_TYPES", "FORMAT_VERSION", "GLOSSARY_KINDS", "ID_RE", "LANGS",
    "MARK_PRECEDENCE", "REQUIRED_FILES", "Alignment", "CrossReference", "EditorialLayer",
    "EditorialNote", "EditorialResult", "GlossaryEntry", "Mark", "MarkKind", "ParallelTable", "Span",
    "UNDATED", "TimelineEvent", "alias_occurs", "load_editorial", "mark_rank",
]
