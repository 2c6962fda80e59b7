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

The editorial rules (annotations/README.md) beyond the loader's schema: a spelling that is
the alias of two glossary entries is a problem (a mark in the text must name one entry),
a loaded word from the README's list in the editors' own prose (outside quotation marks)
is a warning, cleared by rewording or by quoting the source with its attribution, and so
is a quotation (or a timeline ``date_text``) that is not word for word in the texts.
The loader itself already requires a source for every glossary entry, a note for every
cross-reference (``contradicts`` included) and reasoning for every timeline event.

User anchors are counted in ``anchors_ok/drifted/orphan`` together with editorial ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths, yamlio
from .anchor import Anchor, resolve_many
from .corpus import Corpus, load_corpus
from .editorial import COUNT_KEYS, REQUIRED_FILES, GlossaryEntry, load_editorial
from .errors import Problem, ReaderError
from .study_io import STUDY_COUNT_KEYS, study_counts

__all__ = ["CHECK_COUNT_KEYS", "CheckReport", "loaded_words", "misquoted", "run_check", "unquoted_hits"]

CHECK_COUNT_KEYS: tuple[str, ...] = ("documents", *COUNT_KEYS, *STUDY_COUNT_KEYS)


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
    folder = annotations if annotations is not None else paths.annotations_dir()
    editorial = load_editorial(corpus, folder)
    report.problems.extend(editorial.problems)
    for key in COUNT_KEYS:
        report.counts[key] = editorial.counts.get(key, 0)
    _check_shared_aliases(folder, editorial.layer.glossary, report)
    _check_prose(folder, corpus, report)
    if data_dir is not None:
        _check_user_data(Path(data_dir), corpus, report)
        study, problems = study_counts(Path(data_dir), corpus)
        report.counts.update(study)
        report.problems.extend(problems)
    return report


# ---------------------------------------------------------------- editorial rules

LOADED_WORDS_HEADING = "loaded words"
# Editorial prose per file: (list key, fields). Not ``term`` or ``date_text``: those are
# the texts' own words.
_PROSE: dict[str, tuple[str, tuple[str, ...]]] = {
    "glossary.yaml": ("entries", ("definition",)),
    "crossrefs.yaml": ("crossrefs", ("note",)),
    "timeline.yaml": ("events", ("title", "reasoning")),
    "alignments.yaml": ("alignments", ("note",)),
}
_DOC_NOTES: tuple[str, tuple[str, ...]] = ("notes", ("note",))
# Quoted passages: “…” (may hold ‘…’ or a stray “), ‘…’ whose closing mark is not an
# apostrophe inside a word (Lam’s), "…", and the CJK corner brackets.
_QUOTED = re.compile(r"“[^”]*”|‘.*?’(?![A-Za-z])|\"[^\"]*\"|「[^」]*」|『[^』]*』", re.S)
_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)


def loaded_words(readme: Path) -> list[str]:
    """The README's list: the first fenced block after a heading naming "Loaded words",
    one word or phrase a line (``*`` at the end matches any ending; ``#`` starts a comment).
    No README or no such section: no list (the scan is then skipped)."""
    try:
        text = readme.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    heading = re.search(r"^#+ [^\n]*" + LOADED_WORDS_HEADING, text, re.I | re.M)
    block = _FENCE.search(text, heading.end()) if heading else None
    if block is None:
        return []
    words = (line.split("#", 1)[0].strip() for line in block.group(1).splitlines())
    return [w for w in words if w]


def _word_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    parts = []
    for w in words:
        stem = w[:-1] if w.endswith("*") else w
        body = re.escape(stem).replace(r"\ ", r"\s+") + (r"[\w-]*" if w.endswith("*") else "")
        parts.append(body)
    if not parts:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")(?![\w])", re.I)


def unquoted_hits(prose: str, pattern: re.Pattern[str]) -> list[str]:
    """The loaded words in ``prose`` outside quotation marks, lower-cased, in order, once each."""
    bare = _QUOTED.sub(lambda m: " " * len(m.group()), prose)
    return list(dict.fromkeys(m.group().lower() for m in pattern.finditer(bare)))


def _raw_items(path: Path, list_key: str) -> list[Mapping[str, Any]]:
    """The items of one annotations file with their lines; nothing if it does not parse
    (the loader has reported that already)."""
    try:
        root = yamlio.load_file(path)
    except ReaderError:
        return []
    items = root.get(list_key) if isinstance(root, Mapping) else None
    return [i for i in items if isinstance(i, Mapping)] if isinstance(items, list) else []


def _line(item: Mapping[str, Any], key: str) -> int | None:
    line_of = getattr(item, "line_of", None)
    return line_of(key) if line_of is not None else None


def _plain(text: str) -> str:
    """For comparing a quotation with the texts: a quote inside a quote turns the source's
    double marks into single ones, and editors type ordinary spaces for no-break ones."""
    return " ".join(text.translate(_QUOTE_MARKS).split())


_QUOTE_MARKS = str.maketrans({"‘": "“", "’": "”", "\u00a0": " "})
_ELLIPSIS = re.compile(r"\[?…\]?")


def misquoted(prose: str, plain_texts: str) -> list[str]:
    """The quotations (“…”) in ``prose`` that are not word for word in ``plain_texts``
    (``_plain`` of the texts). An ellipsis may join pieces; each piece must be there, give
    or take the punctuation at its ends."""
    out = []
    for m in re.finditer(r"“([^”]*)”", prose):
        pieces = (_plain(p).strip(" ,.;:") for p in _ELLIPSIS.split(m.group(1)))
        if any(len(p) > 1 and p not in plain_texts for p in pieces):
            out.append(m.group(1))
    return out


def _prose(folder: Path) -> Iterable[tuple[Path, Mapping[str, Any], str, str]]:
    """(file, item, field, text) for each piece of the editors' prose, file by file."""
    files = [(name, *spec) for name, spec in _PROSE.items()]
    files += [(p.name, *_DOC_NOTES) for p in sorted(folder.glob("*.yaml")) if p.name not in REQUIRED_FILES]
    for name, list_key, fields in files:
        path = folder / name
        for item in _raw_items(path, list_key):
            for key in fields:
                value = item.get(key)
                if isinstance(value, str):
                    yield path, item, key, value


def _check_prose(folder: Path, corpus: Corpus, report: CheckReport) -> None:
    """Loaded words in the editors' own words, and quotations that are not verbatim."""
    if not folder.is_dir():
        return
    pattern = _word_pattern(loaded_words(folder / "README.md"))
    plain_texts = "\n".join(_plain(doc.text) for doc in corpus)

    def warn(path: Path, item: Mapping[str, Any], key: str, message: str) -> None:
        report.warnings.append(Problem(path, _line(item, key), f"'{item.get('id')}' {key}: {message}"))

    for path, item, key, text in _prose(folder):
        for word in unquoted_hits(text, pattern) if pattern is not None else ():
            warn(path, item, key, f"loaded word '{word}' in the editors' own words; reword it, or quote the "
                 "source and say whose words they are (the list is in annotations/README.md)")
        for quote in misquoted(text, plain_texts):
            warn(path, item, key, f"the quotation “{quote}” is not word for word in the texts; quote them exactly")
    path = folder / "timeline.yaml"
    for item in _raw_items(path, "events"):
        date_text = item.get("date_text")
        if isinstance(date_text, str) and date_text.strip() and _plain(date_text) not in plain_texts:
            warn(path, item, "date_text", f"{date_text!r} is not word for word in the texts; "
                 "date_text gives the date as the text says it")


def _check_shared_aliases(folder: Path, entries: Sequence[GlossaryEntry], report: CheckReport) -> None:
    """A spelling marked for two entries would open the first one: each must name one entry."""
    owners: dict[str, list[str]] = {}
    for entry in entries:
        for spelling in entry.spellings:
            owners.setdefault(spelling.casefold(), []).append(entry.id)
    shared = {k: ids for k, ids in owners.items() if len(ids) > 1}
    if not shared:
        return
    path = folder / "glossary.yaml"
    raw = {i.get("id"): i for i in _raw_items(path, "entries")}
    for spelling, ids in shared.items():
        item = raw.get(ids[-1], {})
        aliases = item.get("aliases")
        line = _line(item, "term")
        if isinstance(aliases, yamlio.LineList):
            for n, alias in enumerate(aliases):
                if isinstance(alias, str) and alias.casefold() == spelling:
                    line = aliases.line_of(n)
                    break
        report.problems.append(Problem(
            path, line,
            f"alias '{spelling}' is shared by the entries {', '.join(repr(i) for i in ids)}; an alias must "
            "name one entry (anchor the bare spelling as a source of the right entry, or add a note)",
        ))


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
        statuses: list[str] = [r.status for r in resolve_many(anchors, doc.text)]
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
