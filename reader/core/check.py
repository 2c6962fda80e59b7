"""``reader check``: validate texts, the editorial layer and the reader's own notes at once.

Everything is collected, nothing stops at the first error, so one run lists every line
to fix. What fails the check (exit 1) and what only warns:

- problems: anything wrong in ``texts/`` or ``annotations/`` (these ship with the app and
  must be exact, so a drifted editorial anchor is a problem too: run
  ``tools/anchor_fill.py``), a notes or links file that cannot be parsed, and a
  personal note or link end that is orphaned (its passage is gone from the text);
- warnings: a personal note that drifted (the reader re-anchors it and asks the user
  to confirm, nothing is lost) and notes kept for a document that is no longer in the
  library. Warnings are printed as ``path:line: message`` lines but do not fail.

User anchors are counted in ``anchors_ok/drifted/orphan`` together with editorial ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlio
from .anchor import Anchor, resolve_many
from .corpus import Corpus, load_corpus
from .editorial import COUNT_KEYS, load_editorial
from .errors import Problem, ReaderError

__all__ = ["CHECK_COUNT_KEYS", "CheckReport", "run_check"]

CHECK_COUNT_KEYS: tuple[str, ...] = ("documents", *COUNT_KEYS)


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHECK_COUNT_KEYS, 0))
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def run_check(data_dir: Path | None, texts: Path | None = None, annotations: Path | None = None) -> CheckReport:
    """Check the shipped corpus and annotations, plus the user's library and notes if given."""
    report = CheckReport()
    corpus = load_corpus(data_dir, texts=texts)
    report.problems.extend(corpus.problems)
    report.counts["documents"] = len(corpus)
    editorial = load_editorial(corpus, annotations)
    report.problems.extend(editorial.problems)
    for key in COUNT_KEYS:
        report.counts[key] = editorial.counts.get(key, 0)
    if data_dir is not None:
        _check_user_data(Path(data_dir), corpus, report)
    return report


# ---------------------------------------------------------------- user data

def _quote(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:39] + "…")


def _item_lines(path: Path, list_key: str) -> dict[str, int]:
    """id -> line of each item in a notes/links file (only needed for messages)."""
    try:
        root = yamlio.load_file(path)
    except ReaderError:
        return {}
    items = root.get(list_key) if isinstance(root, dict) else None
    if not isinstance(items, yamlio.LineList):
        return {}
    out: dict[str, int] = {}
    for i, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            line = items.line_of(i)
            if line is not None:
                out[item["id"]] = line
    return out


class _Tally:
    """Resolves user anchors, counts them, and turns drift/orphans into report lines."""

    def __init__(self, corpus: Corpus, report: CheckReport) -> None:
        self.corpus = corpus
        self.report = report

    def resolve(self, doc_id: str, anchors: Sequence[Anchor]) -> list[str]:
        doc = self.corpus.documents.get(doc_id)
        if doc is None:
            return ["unknown"] * len(anchors)
        statuses = [r.status for r in resolve_many(anchors, doc.text)]
        for status in statuses:
            self.report.counts[f"anchors_{status}"] += 1
        return statuses


def _check_user_data(data_dir: Path, corpus: Corpus, report: CheckReport) -> None:
    try:
        from .store import NoteStore  # imported late: check must work without the store
    except ImportError:  # pragma: no cover - only while the store module is missing
        return
    store = NoteStore(data_dir)
    tally = _Tally(corpus, report)
    for doc_id in store.notes_files():
        try:
            notes = store.load_notes(doc_id)
        except ReaderError as exc:
            report.problems.append(Problem.from_error(exc))
            continue
        path = store.notes_path(doc_id)
        if not notes.highlights:
            continue
        if doc_id not in corpus:
            report.warnings.append(Problem(
                path, 1, f"{len(notes.highlights)} notes for document '{doc_id}', which is not in the library",
            ))
            continue
        statuses = tally.resolve(doc_id, [h.anchor for h in notes.highlights])
        lines: dict[str, int] | None = None
        for h, status in zip(notes.highlights, statuses):
            if status == "ok":
                continue
            if lines is None:
                lines = _item_lines(path, "highlights")
            line = lines.get(h.id)
            if status == "drifted":
                report.warnings.append(Problem(
                    path, line, f"note {h.id} drifted: {_quote(h.quote)} moved in '{doc_id}'; "
                    "the reader re-anchors it and asks you to confirm",
                ))
            else:
                report.problems.append(Problem(
                    path, line, f"note {h.id} is orphaned: {_quote(h.quote)} is no longer in "
                    f"'{doc_id}'; re-attach or delete it in the reader",
                ))
    _check_links(store, tally, report)


def _check_links(store: Any, tally: _Tally, report: CheckReport) -> None:
    load_links = getattr(store, "load_links", None)
    if load_links is None:
        return
    try:
        links = load_links()
    except ReaderError as exc:
        report.problems.append(Problem.from_error(exc))
        return
    path = store.links_path
    lines: dict[str, int] | None = None
    for link in links:
        for end_name, end in (("source", link.source), ("target", link.target)):
            if end.doc_id not in tally.corpus:
                lines = lines if lines is not None else _item_lines(path, "links")
                report.warnings.append(Problem(
                    path, lines.get(link.id),
                    f"link {link.id} {end_name}: document '{end.doc_id}' is not in the library",
                ))
                continue
            (status,) = tally.resolve(end.doc_id, [end.anchor])
            if status == "ok":
                continue
            lines = lines if lines is not None else _item_lines(path, "links")
            if status == "drifted":
                report.warnings.append(Problem(
                    path, lines.get(link.id), f"link {link.id} {end_name} drifted in '{end.doc_id}'",
                ))
            else:
                report.problems.append(Problem(
                    path, lines.get(link.id),
                    f"link {link.id} {end_name} is orphaned: {_quote(end.anchor.exact)} is no "
                    f"longer in '{end.doc_id}'",
                ))
