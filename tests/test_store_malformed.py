"""Hundreds of malformed notes files: each is a NotesFileError, none is ever changed.

Timings are printed, not asserted (benchmarks carry timing targets).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.anchor import Anchor
from reader.core.model import DocumentNotes, Highlight
from reader.core.store import NotesFileError, NoteStore, dump_notes

DOC = "malformed-doc"


def base_notes() -> DocumentNotes:
    hs = tuple(
        Highlight(
            f"h-{i}", DOC, Anchor(f"quote {i} 香港 😀 e\u0301", "before ", " after", 100 * i, 100 * i + 14),
            color="#ff6666", note=f"note {i} עברית", tags=("a", "b"),
            created="2024-01-01T00:00:00Z", modified="2024-01-02T00:00:00Z", review=i == 1,
        )
        for i in range(3)
    )
    return DocumentNotes(DOC, hs, "document note")


BLOCK_HEADER = "format_version: 1\ndocument: malformed-doc\ndocument_note: ''\nhighlights:\n"
GOOD_ITEM = {
    "id": "h-1", "color": "'#ffd400'", "note": "n", "tags": "[a]", "created": "'2024'",
    "modified": "'2024'", "review": "false",
}
GOOD_ANCHOR = {"exact": "q", "prefix": "p", "suffix": "s", "start": "1", "end": "2"}


def block_item(item: dict[str, str], anchor: dict[str, str] | None) -> str:
    lines = []
    first = True
    for key, value in item.items():
        lines.append(f"{'- ' if first else '  '}{key}: {value}")
        first = False
    if anchor is not None:
        lines.append(("- " if first else "  ") + "anchor:")
        lines.extend(f"    {k}: {v}" for k, v in anchor.items())
    return BLOCK_HEADER + "\n".join(lines) + "\n"


def cases() -> Iterator[tuple[str, bytes]]:
    good = dump_notes(base_notes())
    data = good.encode()
    # 1. Truncated inside a line (a cut at a line end can leave a valid, shorter file).
    rng = random.Random(7)
    cuts = [k for k in range(1, len(data)) if data[k - 1 : k + 1].count(b"\n") == 0]
    for k in sorted(rng.sample(cuts, 70)):
        yield f"truncated at byte {k}", data[:k]
    # 2. Random binary.
    for i in range(25):
        yield f"random binary {i}", rng.randbytes(rng.randint(1, 4096))
    # 3. Wrong types for each field (block-style YAML, as a person would write it).
    wrong = ["5", "[1]", "{a: 1}", "true", "1.5"]
    for key in ("id", "note", "created", "modified"):
        for w in wrong:
            yield f"{key}: {w}", block_item({**GOOD_ITEM, key: w}, GOOD_ANCHOR).encode()
    for w in ["red", "5", "'#12345'", "'#gggggg'", "[1]", "'#ffd4000'"]:
        yield f"color: {w}", block_item({**GOOD_ITEM, "color": w}, GOOD_ANCHOR).encode()
    for w in ["notalist", "[1]", "{a: b}", "5", "[[a]]"]:
        yield f"tags: {w}", block_item({**GOOD_ITEM, "tags": w}, GOOD_ANCHOR).encode()
    for w in ["'yes'", "1", "'true'", "[]"]:
        yield f"review: {w}", block_item({**GOOD_ITEM, "review": w}, GOOD_ANCHOR).encode()
    for key in ("exact", "prefix", "suffix"):
        for w in ["5", "[1]", "{a: 1}", "true"]:
            yield f"anchor.{key}: {w}", block_item(GOOD_ITEM, {**GOOD_ANCHOR, key: w}).encode()
    for key in ("start", "end"):
        for w in ["x", "-1", "1.5", "true", "[1]"]:
            yield f"anchor.{key}: {w}", block_item(GOOD_ITEM, {**GOOD_ANCHOR, key: w}).encode()
    yield "start after end", block_item(GOOD_ITEM, {**GOOD_ANCHOR, "start": "5", "end": "2"}).encode()
    yield "start without end", block_item(GOOD_ITEM, {"exact": "q", "start": "1"}).encode()
    yield "anchor without exact", block_item(GOOD_ITEM, {"prefix": "p"}).encode()
    yield "no anchor", block_item(GOOD_ITEM, None).encode()
    for w in ["x", "5", "[1]", "null"]:
        yield f"anchor: {w}", (block_item(GOOD_ITEM, None).rstrip("\n") + f"\n  anchor: {w}\n").encode()
    no_id = {k: v for k, v in GOOD_ITEM.items() if k != "id"}
    yield "highlight without id", block_item(no_id, GOOD_ANCHOR).encode()
    for w in ["5", "[]", "{a: 1}", "true"]:
        yield f"document_note: {w}", BLOCK_HEADER.replace("document_note: ''", f"document_note: {w}").encode()
    for w in ["x", "5", "{a: 1}", "true"]:
        yield f"highlights: {w}", BLOCK_HEADER.replace("highlights:\n", f"highlights: {w}\n").encode()
    yield "highlight is a string", (BLOCK_HEADER + "- just text\n").encode()
    yield "highlight is a list", (BLOCK_HEADER + "- [1, 2]\n").encode()
    for w in ["'1'", "1.0", "true", "null", "2", "0", "-1", "999999999999999999999", "[1]"]:
        yield f"format_version: {w}", BLOCK_HEADER.replace("format_version: 1", f"format_version: {w}").encode()
    yield "no format_version", BLOCK_HEADER.replace("format_version: 1\n", "").encode()
    for w in ["other-doc", "5", "null", "[malformed-doc]"]:
        yield f"document: {w}", BLOCK_HEADER.replace("document: malformed-doc", f"document: {w}").encode()
    yield "no document", BLOCK_HEADER.replace("document: malformed-doc\n", "").encode()
    # The same wrong types in the one-line form the app writes.
    for old, new in [('"note": "note 0 עברית"', '"note": 5'), ('"start": 0', '"start": "0"'),
                     ('"tags": ["a", "b"]', '"tags": "a"'), ('"color": "#ff6666"', '"color": null'),
                     ('"end": 14', '"end": 1.5'), ('"id": "h-0"', '"id": ["h-0"]'),
                     ('"review": true', '"review": 1'), ('"anchor": {', '"anchor": 5, "x": {')]:
        assert old in good, old
        yield f"one-line {new}", good.replace(old, new, 1).encode()
    yield "one-line duplicate id", good.replace('"id": "h-1"', '"id": "h-0"').encode()
    # 4. Top level not a mapping / several documents / empty.
    for name, text in [("empty", ""), ("only a comment", "# nothing\n"), ("a list", "- 1\n- 2\n"),
                       ("a scalar", "hello\n"), ("null", "~\n"), ("two documents", BLOCK_HEADER + "---\na: 1\n"),
                       ("python tag", "!!python/object:os.system {}\n"), ("set tag", "!!set {a, b}\n"),
                       ("tab indentation", BLOCK_HEADER + "\t- id: x\n"), ("unclosed quote", 'document: "abc\n'),
                       ("unclosed flow", BLOCK_HEADER + "- {id: x, anchor: {exact: q}\n"),
                       ("stray indentation", BLOCK_HEADER + "- id: x\n      bad: indentation\n  wrong: 1\n")]:
        yield name, text.encode()
    # 5. Aliases and anchors (billion laughs).
    laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        laughs.append(f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join([f'*{chr(96 + i)}'] * 9)}]")
    yield "alias bomb", ("\n".join(laughs) + "\n").encode()
    yield "alias in highlight", (BLOCK_HEADER + "- &x {id: a}\n- *x\n").encode()
    yield "anchor on document", (b"format_version: 1\ndocument: &d malformed-doc\n")
    # 6. Deep nesting.
    yield "100,000-deep lists", b"[" * 100_000 + b"]" * 100_000
    yield "100,000-deep lists unclosed", b"[" * 100_000
    yield "100,000-deep mappings", b"{a: " * 100_000 + b"}" * 100_000
    yield "deep nesting in a highlight line", (good.splitlines(True)[0] + "".join(good.splitlines(True)[1:6])
                                               + '- {"id": "h-9", "x": ' + "[" * 500 + "]" * 500 + "}\n").encode()
    yield "2,000-deep block sequence", "".join(" " * i + "- \n" for i in range(2000)).encode()
    # 7. Huge files.
    yield "50 MB file", b"# " + b"x" * (50 * 1024 * 1024) + b"\n"
    yield "33 MB of highlights", (BLOCK_HEADER + "- {id: x}\n" * 3_400_000).encode()
    # 8. Duplicate keys.
    yield "duplicate top-level key", (BLOCK_HEADER.replace("document_note: ''\n", "document_note: a\ndocument_note: b\n")).encode()
    yield "duplicate key in one-line highlight", good.replace('"note": "note 0', '"note": "x", "note": "note 0', 1).encode()
    yield "duplicate key in anchor", good.replace('"prefix": "before "', '"prefix": "a", "prefix": "before "', 1).encode()
    yield "duplicate key block style", block_item({**GOOD_ITEM, "note: x\n  note": "y"}, GOOD_ANCHOR).encode()
    # 9. Not UTF-8.
    yield "latin-1", good.replace("עברית", "café").encode("latin-1", errors="replace")
    yield "utf-16", good.encode("utf-16")
    yield "utf-32", good.encode("utf-32")
    yield "overlong utf-8", data.replace(b"note 0", b"note \xc0\xb0")
    yield "utf-8 encoded surrogate (CESU)", data.replace(b"note 0", b"note \xed\xa0\x80")
    yield "lone continuation byte", data.replace(b"note 0", b"note \x80")
    yield "truncated multibyte", data.replace("香".encode(), "香".encode()[:2], 1)
    yield "invalid start byte 0xff", b"\xff" + data
    # 10. Lone surrogate escapes.
    for esc in ["\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\ud83d\\ude00", "\\uD800"]:
        yield f"surrogate {esc} in note", good.replace("note 0 ", f"note 0 {esc}", 1).encode()
    yield "surrogate in header", good.replace('document_note: "document note"', 'document_note: "\\udfff"').encode()
    yield "surrogate in block style", block_item({**GOOD_ITEM, "note": '"\\ud800"'}, GOOD_ANCHOR).encode()
    yield "surrogate escape 8 digits", block_item({**GOOD_ITEM, "note": '"\\U0000d800"'}, GOOD_ANCHOR).encode()
    # 11. NUL bytes and other control characters raw in the file.
    yield "NUL in the middle", data.replace(b"note 0", b"note\x00 0")
    yield "NUL at the start", b"\x00" + data
    yield "all NUL", b"\x00" * 4096
    yield "raw control character", data.replace(b"note 0", b"note \x07 0")
    yield "raw C1 control", data.replace(b"note 0", "note \x9b 0".encode())
    yield "raw U+FFFE", data.replace(b"note 0", "note \ufffe 0".encode())


@pytest.fixture(scope="module")
def all_cases() -> list[tuple[str, bytes]]:
    return list(cases())


def test_at_least_200_cases(all_cases: list[tuple[str, bytes]]) -> None:
    assert len(all_cases) >= 200
    assert len({name for name, _ in all_cases}) == len(all_cases)


def test_every_malformed_file_is_a_typed_error_and_untouched(
    tmp_path: Path, all_cases: list[tuple[str, bytes]]
) -> None:
    tried = typed = changed = 0
    worst = (0.0, "")
    failures: list[str] = []
    for i, (name, content) in enumerate(all_cases):
        data_dir = tmp_path / f"case{i}"
        store = NoteStore(data_dir)
        assert store.acquire_lock()
        path = store.notes_path(DOC)
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        tried += 1
        start = time.perf_counter()
        try:
            store.load_notes(DOC)
        except NotesFileError as exc:
            typed += 1
            if exc.path != path or not str(exc).startswith(str(path)):
                failures.append(f"{name}: error does not name the file: {exc}")
        except Exception as exc:  # noqa: BLE001 - reported below as a failure
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
        else:
            failures.append(f"{name}: loaded without error")
        elapsed = time.perf_counter() - start
        worst = max(worst, (elapsed, name))
        # Saving over it must be refused too.
        try:
            store.save_notes(DocumentNotes(DOC, (), "overwrite attempt"))
        except NotesFileError:
            pass
        else:
            failures.append(f"{name}: save wrote over it")
        if path.read_bytes() != content:
            changed += 1
            failures.append(f"{name}: file changed")
        if [p for p in path.parent.iterdir() if p != path] or store.backups(DOC):
            failures.append(f"{name}: files were added next to it")
        store.release_lock()
        path.unlink()
    print(
        f"\nmalformed files tried: {tried}, typed errors: {typed}, files changed: {changed}, "
        f"worst time: {worst[0] * 1000:.0f} ms ({worst[1]})"
    )
    assert failures == []
    assert typed == tried and changed == 0
