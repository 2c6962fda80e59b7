"""Moving the reader's study layer in and out as YAML in the annotations schema.

``reader import FILE.yaml`` reads a glossary (``entries:``), timeline (``events:``) or
crossrefs (``crossrefs:``) file; anchors may give only ``doc`` + ``exact`` and are anchored
on import. Any problem refuses the whole file (every problem listed with file:line), so
nothing is half-imported. ``reader export --format yaml -o DIR`` writes ``glossary.yaml``,
``timeline.yaml`` and ``crossrefs.yaml`` with complete anchors, ready for ``annotations/``.
"""

from __future__ import annotations

from pathlib import Path

from .anchor import resolve
from .corpus import Corpus, load_corpus
from .editorial_layer import EditorialLayer
from .editorial_records import CrossReference, Span
from .errors import Problem, ReaderError, StoreError
from .fsutil import write_output_text
from .model import Endpoint, UserLink, now_iso
from .study import (
    StudyBook,
    dump_crossrefs,
    dump_glossary,
    dump_timeline,
    load_study,
    read_study_file,
)

__all__ = [
    "STUDY_COUNT_KEYS", "StudyImportError", "export_yaml", "import_yaml", "link_crossrefs", "study_counts", "with_study",
]


STUDY_COUNT_KEYS: tuple[str, ...] = ("my_glossary_entries", "my_timeline_events", "my_crossrefs")


class StudyImportError(ReaderError):
    """A personal YAML file with problems: one line per problem, nothing imported."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        lines = [str(p) for p in problems[:20]]
        if len(problems) > 20:
            lines.append(f"... and {len(problems) - 20} more")
        super().__init__("nothing was imported:\n" + "\n".join(lines), path)
        self.problems = problems


def _span(end: Endpoint, corpus: Corpus) -> Span:
    """A link end as an editorial span, re-anchored in the current text where it can be."""
    doc = corpus.documents.get(end.doc_id)
    if doc is None:
        return Span(end.doc_id, end.anchor, "orphan")
    res = resolve(end.anchor, doc.text)
    moved = res.anchor(doc.text) if res.status == "drifted" else None
    return Span(end.doc_id, moved or end.anchor, res.status)


def link_crossrefs(links: list[UserLink], corpus: Corpus) -> list[CrossReference]:
    """The reader's links as cross-references (the annotations schema's records)."""
    return [CrossReference(lk.id, lk.type, lk.note, _span(lk.source, corpus), _span(lk.target, corpus))
            for lk in links]


def _link(ref: CrossReference, created: str) -> UserLink:
    return UserLink(ref.id, ref.type, Endpoint(ref.source.doc_id, ref.source.anchor),
                    Endpoint(ref.target.doc_id, ref.target.anchor), ref.note, created)


def import_yaml(path: Path, data_dir: Path, corpus: Corpus | None = None) -> str:
    """Import a personal glossary/timeline/crossrefs file; returns a one-line summary."""
    from .store import LINKS_KEY, NoteStore

    corpus = corpus or load_corpus(data_dir)
    got = read_study_file(path, corpus)
    if got.problems:
        raise StudyImportError(path, got.problems)
    store = NoteStore(data_dir)
    with store.locked():
        if got.crossrefs:
            links = {lk.id: lk for lk in store.load_links()}
            err = store.error_for(LINKS_KEY)
            if err is not None:
                raise err
            stamp = now_iso()
            for ref in got.crossrefs:
                links[ref.id] = _link(ref, links[ref.id].created if ref.id in links else stamp)
            store.save_links(list(links.values()))
        else:
            book = StudyBook(data_dir, corpus)
            if book.read_only:
                raise StoreError("your study layer has a file that cannot be read; nothing was imported",
                                 book.problems[0].path)
            book.replace_all(got.glossary, got.timeline, f"import {path.name}")
    n, what = ((len(got.glossary), "glossary entr") if got.glossary else
               (len(got.timeline), "timeline event") if got.timeline else (len(got.crossrefs), "cross-reference"))
    ending = ("y" if n == 1 else "ies") if what.endswith("entr") else ("" if n == 1 else "s")
    return f"imported {n} {what}{ending} from {path.name}"


def export_yaml(out_dir: Path, data_dir: Path, corpus: Corpus | None = None) -> list[Path]:
    """Write the reader's layer to ``out_dir`` as glossary.yaml, timeline.yaml, crossrefs.yaml."""
    from .store import NoteStore

    corpus = corpus or load_corpus(data_dir)
    glossary, timeline, problems = load_study(data_dir, corpus)
    if problems:
        raise StudyImportError(problems[0].path, problems)
    links = NoteStore(data_dir).load_links()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot be created ({exc.strerror or exc})", out_dir) from None
    written = []
    for name, text in (("glossary.yaml", dump_glossary(glossary)), ("timeline.yaml", dump_timeline(timeline)),
                       ("crossrefs.yaml", dump_crossrefs(link_crossrefs(links, corpus)))):
        write_output_text(out_dir / name, text)
        written.append(out_dir / name)
    return written


def study_counts(data_dir: Path, corpus: Corpus) -> tuple[dict[str, int], list[Problem]]:
    """``reader check``'s counts of the reader's layer, and its problems (orphans included)."""
    from .store import NoteStore

    glossary, timeline, problems = load_study(data_dir, corpus, drifted=True)
    links = NoteStore(data_dir).load_links()
    counts = dict(zip(STUDY_COUNT_KEYS, (len(glossary), len(timeline), len(links)), strict=True))
    return counts, problems


def with_study(layer: EditorialLayer, data_dir: Path | None, corpus: Corpus) -> EditorialLayer:
    """``layer`` with the reader's own glossary and timeline from ``data_dir`` (as they load:
    a file with problems adds what could be read; ``reader check`` reports the rest)."""
    if data_dir is None:
        return layer
    glossary, timeline, _problems = load_study(data_dir, corpus)
    return layer.with_personal(glossary, timeline) if glossary or timeline else layer

