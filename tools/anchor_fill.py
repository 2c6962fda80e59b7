"""Fill and refresh the anchors in annotations/*.yaml from ``doc`` + ``exact``.

Why: editors should only have to write *which* words they mean (``doc`` and ``exact``);
the 32-character ``prefix``/``suffix`` and the ``start``/``end`` offsets are mechanical,
easy to get wrong by hand, and go stale when a text is corrected. This script computes
them from the canonical text (``reader.core.anchor.Anchor.from_span``) and rewrites each
file in one stable layout, so a diff shows only real changes.

An anchor is any mapping with ``doc`` and ``exact`` keys. When ``exact`` occurs more than
once in the document, the occurrence is chosen by, in order:

1. ``occurrence: N`` (1-based; the script removes the hint after using it);
2. an existing ``start`` where the quote still is;
3. the existing ``prefix``/``suffix`` (best-matching context);
otherwise the anchor is reported as ambiguous and nothing is written.

Usage::

    python tools/anchor_fill.py             # rewrite every annotations/*.yaml in place
    python tools/anchor_fill.py --check     # exit 1 if any file is stale or any anchor bad
    python tools/anchor_fill.py FILE ...    # only these files
    python tools/anchor_fill.py --accept-drift   # after a text correction changed a quote

A quote that no longer occurs (a text was corrected inside it) is looked up with the
anchoring engine (``reader.core.anchor.resolve``); the new wording is reported, and taken
only with ``--accept-drift``, because a note may no longer fit changed words.

Exit codes: 0 ok, 1 problems (each printed as ``path:line: message``), 2 usage error.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

_REPO = Path(__file__).resolve().parents[1]
if str(_REPO) not in sys.path:  # run as a plain script from a checkout
    sys.path.insert(0, str(_REPO))

from reader.core import paths, yamlio  # noqa: E402
from reader.core.anchor import Anchor, resolve  # noqa: E402
from reader.core.corpus import load_corpus  # noqa: E402
from reader.core.errors import ReaderError  # noqa: E402
from reader.core.fsutil import atomic_write_text  # noqa: E402

ANCHOR_KEYS = ("doc", "exact", "prefix", "suffix", "start", "end")

CHECK_HINT = "Check: python tools/anchor_fill.py --check && python -m reader check"

HEADERS = {
    "glossary.yaml": "Glossary: terms in the corpus, with every spelling the corpus uses and a\n"
    "neutral, attributed definition drawn only from the corpus.",
    "crossrefs.yaml": "Cross-references: typed links between spans (mostly across documents),\n"
    "each with a one-line neutral note.",
    "timeline.yaml": "Timeline: dated events, each anchored to its passages; relative dates are\n"
    "resolved from the publication date and the reasoning is recorded.",
    "alignments.yaml": "Alignments: parallel English / Simplified / Traditional paragraphs in the\n"
    "statement (partial sets where the source lacks a translation).",
}


class FillError(Exception):
    """One anchor could not be filled; the message names the file and line."""


def default_header(name: str) -> str:
    body = HEADERS.get(name, f"Editorial notes on spans of the document '{Path(name).stem}'.")
    lines = [*body.split("\n"), "Schema and rules: annotations/README.md.",
             "Anchors are filled by tools/anchor_fill.py (write doc + exact, then run it).",
             CHECK_HINT]
    return "".join(f"# {ln}\n" for ln in lines)


def split_header(text: str) -> tuple[str, str]:
    """The leading comment block (kept verbatim across rewrites) and the rest."""
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines) and lines[i].lstrip().startswith("#"):
        i += 1
    return "".join(lines[:i]), "".join(lines[i:])


def iter_anchors(node: Any, parent: Any = None, key: Any = None) -> Iterator[tuple[Any, Any, dict]]:
    """Yield (container, key, anchor mapping) for every anchor, depth first, in file order."""
    if isinstance(node, dict):
        if "doc" in node and "exact" in node:
            yield parent, key, node
            return
        for k, v in node.items():
            yield from iter_anchors(v, node, k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from iter_anchors(v, node, i)


def occurrences(text: str, exact: str) -> list[int]:
    found, i = [], text.find(exact)
    while i != -1:
        found.append(i)
        i = text.find(exact, i + 1)
    return found


def respell(text: str, exact: str) -> str:
    """``exact`` as the text spells it when they differ only in kinds of space.

    The sources use no-break spaces in places; an editor types ordinary ones. The quote is
    rewritten to the text's own characters so that ``text[start:end] == exact`` holds.
    Returns ``exact`` unchanged when there is no such match (or more than one spelling).
    """
    parts = [re.escape(p) for p in re.split(r"\s+", exact)]
    spellings = {m.group(0) for m in re.finditer(r"\s+".join(parts), text)}
    return spellings.pop() if len(spellings) == 1 else exact


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def choose(text: str, raw: dict, where: str) -> int:
    """Pick the start offset of ``raw['exact']`` in ``text`` (see the module docstring)."""
    exact = raw["exact"]
    if not isinstance(exact, str) or not exact:
        raise FillError(f"{where}: 'exact' must be a non-empty string")
    found = occurrences(text, exact)
    if not found:
        raise FillError(f"{where}: quote not found in '{raw['doc']}': {exact[:60]!r}")
    if "occurrence" in raw:
        n = raw["occurrence"]
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= len(found):
            raise FillError(f"{where}: 'occurrence' must be 1..{len(found)}, got {n!r}")
        return found[n - 1]
    start = raw.get("start")
    if isinstance(start, int) and start in found:
        return start
    if len(found) == 1:
        return found[0]
    prefix, suffix = raw.get("prefix") or "", raw.get("suffix") or ""
    if prefix or suffix:
        n = len(exact)
        scores = [
            (_common_suffix(text[max(0, s - 32):s], prefix) + _common_prefix(text[s + n:s + n + 32], suffix), s)
            for s in found
        ]
        scores.sort(reverse=True)
        if scores[0][0] > 0 and scores[0][0] > scores[1][0]:
            return scores[0][1]
    raise FillError(
        f"{where}: quote occurs {len(found)} times in '{raw['doc']}' (at {found}); "
        f"add 'occurrence: N' or a longer quote: {exact[:60]!r}"
    )


def redrift(text: str, raw: dict, where: str, accept: bool) -> tuple[int, int] | str:
    """The quote changed in the text: find its new span with the anchoring engine.

    Returns the new (start, end) when ``accept`` is set, else a problem line that shows the
    old and new wording so an editor can judge whether the note still fits the words.
    """
    try:
        old = Anchor.from_dict({k: raw[k] for k in ("exact", "prefix", "suffix", "start", "end") if k in raw})
    except ValueError as exc:
        return f"{where}: {exc}"
    res = resolve(old, text)
    if res.status == "orphan" or res.start is None or res.end is None:
        return f"{where}: quote not found in '{raw['doc']}' (orphaned; fix 'exact' by hand): {raw['exact'][:60]!r}"
    if accept:
        return res.start, res.end
    return (f"{where}: quote changed in '{raw['doc']}': {raw['exact'][:60]!r} -> "
            f"{text[res.start:res.end][:60]!r} at {res.start}; check the wording, then re-run with --accept-drift")


def fill_data(data: Any, texts: dict[str, str], path: Path, accept_drift: bool = False) -> list[str]:
    """Fill every anchor in ``data`` in place; return problems as ``path:line: message``."""
    problems: list[str] = []
    for parent, key, raw in list(iter_anchors(data)):
        line = getattr(raw, "line", None) or (parent.line_of(key) if hasattr(parent, "line_of") else None)
        where = f"{path}:{line or 1}"
        doc = raw.get("doc")
        if doc not in texts:
            problems.append(f"{where}: unknown document {doc!r}")
            continue
        text = texts[doc]
        if isinstance(raw.get("exact"), str) and raw["exact"] and raw["exact"] not in text:
            raw["exact"] = respell(text, raw["exact"])
            if raw["exact"] not in text:
                moved = redrift(text, raw, where, accept_drift)
                if isinstance(moved, str):
                    problems.append(moved)
                    continue
                raw.pop("occurrence", None)
                raw["exact"], raw["start"] = text[moved[0]:moved[1]], moved[0]
        try:
            start = choose(text, raw, where)
        except FillError as exc:
            problems.append(str(exc))
            continue
        anchor = Anchor.from_span(text, start, start + len(raw["exact"]))
        assert text[anchor.start:anchor.end] == raw["exact"]
        filled = {"doc": doc, **anchor.to_dict()}
        extra = {k: v for k, v in raw.items() if k not in ANCHOR_KEYS and k != "occurrence"}
        parent[key] = {**filled, **extra}
    return problems


_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2})?$")  # "2021", "2021-08": always quoted, as the schema shows


class _Dumper(yaml.SafeDumper):
    """Block layout, but short scalar lists inline and contexts in visible double quotes."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # the strict loader rejects &anchors, so never emit them


def _repr_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # A prefix such as ' it.\n\nWhat is' is unreadable as a multi-line plain scalar.
    quoted = "\n" in value or (value != value.strip() and value.strip()) or _PARTIAL_DATE.match(value)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if quoted else None)


def _repr_list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    inline = bool(value) and all(isinstance(v, str) for v in value) and sum(len(v) + 2 for v in value) < 72
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


_Dumper.add_representer(str, _repr_str)
_Dumper.add_representer(list, _repr_list)
_Dumper.add_representer(yamlio.LineList, _repr_list)
_Dumper.add_representer(yamlio.LineDict, yaml.SafeDumper.represent_dict)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def render(header: str, data: Any, name: str) -> str:
    body = dump_yaml(data)
    if yamlio.loads(body) != data:  # the layout must never change the content
        raise FillError(f"{name}: YAML round trip changed the data; not writing")
    # A blank line between top-level list items (entries, events, ...) for readability.
    out = []
    for ln in body.splitlines(keepends=True):
        if ln.startswith("- ") and out and out[-1].strip() and not out[-1].rstrip().endswith(":"):
            out.append("\n")
        out.append(ln)
    return (header or default_header(name)) + "\n" + "".join(out)


def process(path: Path, texts: dict[str, str], check: bool, accept_drift: bool = False) -> list[str]:
    original = path.read_text(encoding="utf-8")
    header, _ = split_header(original)
    try:
        data = yamlio.loads(original, path)
    except ReaderError as exc:
        return [f"{path}:{exc.line or 1}: {exc.message}"]
    problems = fill_data(data, texts, path, accept_drift and not check)
    if problems:
        return problems
    new = render(header.rstrip("\n") + "\n" if header else "", data, path.name)
    if new != original:
        if check:
            return [f"{path}:1: anchors are stale or the layout differs; run python tools/anchor_fill.py"]
        atomic_write_text(path, new)
        print(f"updated {path}")
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="YAML files (default: annotations/*.yaml)")
    parser.add_argument("--check", action="store_true", help="report stale files, write nothing")
    parser.add_argument("--accept-drift", action="store_true",
                        help="where a quote's wording changed in the text, take the new wording")
    parser.add_argument("--texts", type=Path, help="texts folder (default: the shipped texts/)")
    parser.add_argument("--annotations", type=Path, help="annotations folder (default: annotations/)")
    args = parser.parse_args(argv)
    files = args.files or sorted((args.annotations or paths.annotations_dir()).glob("*.yaml"))
    corpus = load_corpus(texts=args.texts)
    texts = {doc_id: doc.text for doc_id, doc in corpus.documents.items()}
    problems: list[str] = []
    for path in files:
        problems += process(path, texts, args.check, args.accept_drift)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
