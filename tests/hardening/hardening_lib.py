"""Shared generators and helpers for the hardening battery and benchmarks/hardening_report.py.

Everything here is Qt-free so the report script can import it without a display: the
hostile strings, the corruptions applied to YAML/JSON/PDF files, a tally of what was
tried, and small measuring helpers.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
IDS = ["soft-resistance-explainer", "paul-lam-soft-resistance", "recognizing-each-others-struggles"]

# --------------------------------------------------------------------------- tally


@dataclass
class Tally:
    """What the battery tried; printed at the end of the pytest run and by the report."""

    hostile_strings: set[str] = field(default_factory=set)
    malformed_files: int = 0
    faults: int = 0
    cli_cases: int = 0
    notes_lost: int = 0
    network_attempts: int = 0
    worst_error_s: float = 0.0
    worst_error_what: str = ""

    def hostile(self, *names: str) -> None:
        self.hostile_strings.update(names)

    def error_time(self, seconds: float, what: str) -> None:
        if seconds >= self.worst_error_s:
            self.worst_error_s, self.worst_error_what = seconds, what

    def line(self) -> str:
        return (
            f"hardening: {len(self.hostile_strings)} hostile strings tried, {self.malformed_files} malformed "
            f"files tried, {self.faults} faults injected, {self.cli_cases} bad command lines, "
            f"{self.notes_lost} notes lost, "
            f"{self.network_attempts} network attempts, worst time to a clear error "
            f"{self.worst_error_s * 1000:.0f} ms ({self.worst_error_what or 'n/a'})"
        )


TALLY = Tally()


def timed(fn: Callable[[], Any]) -> tuple[Any, BaseException | None, float]:
    """(result, exception, seconds): the exception is returned, not raised."""
    t0 = time.perf_counter()
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - the caller judges the exception
        return None, exc, time.perf_counter() - t0
    return result, None, time.perf_counter() - t0


def tree_hash(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``folder`` (the lock file excluded)."""
    out: dict[str, str] = {}
    if not folder.exists():
        return out
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.name != "reader.lock":
            out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def one_sentence(text: str) -> bool:
    """One line, no traceback: what every error shown to a reader must be."""
    text = text.strip()
    return bool(text) and "\n" not in text and "Traceback" not in text


# --------------------------------------------------------------------------- hostile text

HOSTILE: dict[str, str] = {
    "script-tag": '<script>alert("x")</script><b>bold</b>',
    "img-file": '<img src="file:///etc/passwd" width="300" height="300">',
    "img-http": '<img src="http://example.invalid/pixel.png">',
    "link-javascript": '<a href="javascript:alert(1)">click me</a>',
    "link-file": '<a href="file:///etc/shadow">open me</a>',
    "qt-rich-text": '<qt><font color="red" size="+5">BIG</font><table border=9><tr><td>cell</td></tr></table></qt>',
    "css-url": '<div style="background-image: url(file:///etc/passwd)">styled</div>',
    "markdown-raw-html": "**bold** [js](javascript:alert(1)) ![img](file:///etc/passwd) <b>raw</b> <img src=x onerror=alert(1)>",
    "markdown-autolinks": "<http://example.invalid/> <file:///etc/passwd> [f](file:///etc/passwd) ![h](http://example.invalid/i.png)",
    "html-entities": "&lt;b&gt; &amp;amp; &#x3c;script&#x3e; &nbsp; &#0;",
    "bidi-override": "invoice \u202egnp.exe\u202c and \u2066isolated\u2069 \u200fRLM\u200e",
    "zero-width-flood": "z" + "\u200b\u200c\u200d\u2060" * 2500 + "z",
    "combining-flood": "e" + "\u0301\u0302\u0303\u0308" * 2500 + "!",
    "zalgo-cjk": "香港" + "\u0489\u0335" * 300 + "抗爭",
    "lone-surrogate": "a\ud800b",
    "nul-byte": "a\x00b",
    "terminal-escapes": "tab\tbell\x07 esc\x1b[31mred\x1b[0m del\x7f c1\x85\x9b",
    "separators": "a\u2028b\u2029c\ufeffd\ufffe\uffffe",
    "yaml-lookalike": "--- !!python/object/apply:os.system ['id'] &a [*a, *a]",
    "format-strings": "{0} {__class__} %s %n ${HOME} $(id) `id` \\u0000",
    "regex-bomb": "(a+)+$ [^]]* .* \\ (?<x>) ((((((((((x))))))))))",
}
"""Each string is tried in every place a reader's or a stranger's text can appear."""

# Strings the text layers refuse with a sentence instead of storing (not valid Unicode
# text, or not text at all).
REFUSED_IN_TEXT_FILES = {"lone-surrogate", "nul-byte"}
REFUSED_IN_NOTES = {"lone-surrogate"}


def as_added(s: str) -> str:
    """What an added text keeps of ``s``: U+2029 becomes a paragraph break."""
    return s.replace("\u2029", "\n")


def single_line(name: str) -> bool:
    s = HOSTILE[name]
    return "\n" not in s and "\r" not in s


def big_single_line(mb: int = 10) -> str:
    """A text of ``mb`` MB on one line (words, so layout has break opportunities)."""
    return ("word " * (mb * 1024 * 1024 // 5)).strip()


def many_paragraphs(n: int = 200_000) -> str:
    return "".join(f"p{i}\n\n" for i in range(n))


def utf8_bytes(s: str) -> bytes:
    """UTF-8, with a lone surrogate encoded the way a broken tool would (CESU-style)."""
    return s.encode("utf-8", "surrogatepass")


# --------------------------------------------------------------------------- broken YAML

def yaml_corruptions(original: bytes) -> dict[str, bytes]:
    """Ways a YAML file arrives broken: each must become a clear error naming the file."""
    text = original.decode("utf-8")
    half = original[: max(1, len(original) // 2)]
    nested = "format_version: 1\nx: " + "[" * 200 + "]" * 200 + "\n"
    bomb = (
        "format_version: 1\n"
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    )
    return {
        "truncated": half + b"\n  - {unterminated: [\n",
        "truncated-mid-string": original[: max(1, len(original) // 3)] + b'"unterminated',
        "binary": bytes(range(256)) * 4,
        "png": b"\x89PNG\r\n\x1a\n" + os.urandom(64),
        "utf16": text.encode("utf-16"),
        "empty": b"",
        "wrong-type-root-list": b"- 1\n- 2\n",
        "wrong-type-root-scalar": b"just a string\n",
        "wrong-type-version": b"format_version: 'one'\n",
        "future-version": b"format_version: 99\n",
        "duplicate-keys": ("format_version: 1\n" + text).encode("utf-8"),
        "alias-bomb": bomb.encode(),
        "deep-nesting": nested.encode(),
        "very-deep-nesting": ("x: " + "[" * 100_000).encode(),
        "python-tag": b"format_version: !!python/object/apply:os.system ['echo pwned']\n",
        "nul": original[:10] + b"\x00" + original[10:],
    }


def wrong_shapes_for(list_key: str) -> dict[str, bytes]:
    """Right envelope, wrong contents."""
    return {
        "list-is-mapping": f"format_version: 1\n{list_key}: {{a: 1}}\n".encode(),
        "items-are-scalars": f"format_version: 1\n{list_key}: [1, 'two', null]\n".encode(),
        "items-wrong-types": f"format_version: 1\n{list_key}:\n- id: 7\n  anchor: []\n  color: 12\n".encode(),
    }


# --------------------------------------------------------------------------- W3C

def w3c_annotation(doc_id: str, exact: str, start: int | None = None, end: int | None = None,
                   note: str = "", tags: tuple[str, ...] = (), ann_id: str | None = None) -> dict:
    selectors: list[dict] = [{"type": "TextQuoteSelector", "exact": exact}]
    if start is not None:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    body: list[dict] = []
    if note:
        body.append({"type": "TextualBody", "value": note, "purpose": "commenting"})
    body += [{"type": "TextualBody", "value": t, "purpose": "tagging"} for t in tags]
    ann: dict[str, Any] = {
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
        "body": body, "target": {"source": f"urn:reader:{doc_id}", "selector": selectors},
    }
    if ann_id:
        ann["id"] = ann_id
    return ann


def broken_w3c_files(doc_id: str, text: str) -> dict[str, bytes]:
    """W3C import files that must each be refused with one sentence naming the file."""
    q = text[100:140]
    dumps = lambda obj: json.dumps(obj).encode()  # noqa: E731
    return {
        "not-json": b"this is not JSON {",
        "truncated-json": dumps([w3c_annotation(doc_id, q)])[:-7],
        "binary": bytes(range(256)),
        "empty": b"",
        "utf16": json.dumps({"type": "Annotation"}).encode("utf-16"),
        "json-number": b"42",
        "json-string": b'"Annotation"',
        "json-null": b"null",
        "wrong-shape-object": dumps({"hello": "world"}),
        "wrong-shape-collection": dumps({"type": "AnnotationCollection", "first": 7}),
        "empty-list": b"[]",
        "list-of-junk": dumps([1, "a", None, [], {}]),
        "unknown-document": dumps([w3c_annotation("no-such-document", q, 100, 140)]),
        "no-source": dumps([{"type": "Annotation", "target": {"selector": [{"type": "TextQuoteSelector", "exact": q}]}}]),
        "quote-not-in-text": dumps([w3c_annotation(doc_id, "words that appear nowhere in the text", 10**9, 10**9 + 5)]),
        "selectors-out-of-range": dumps([w3c_annotation(doc_id, "", -5, 10**12)]),
        "selectors-wrong-types": dumps([{"type": "Annotation", "target": {"source": f"urn:reader:{doc_id}", "selector": [
            {"type": "TextPositionSelector", "start": "zero", "end": None}]}}]),
        "deep-nesting": b"[" * 100_000 + b"]" * 100_000,
        "huge-number": b"[" + b"9" * 5000 + b"]",
        "lone-surrogate-escape": b'[{"type": "Annotation", "target": {"source": "\\ud800", "selector": []}}]',
    }


# --------------------------------------------------------------------------- PDF

def pdf_with_attachment(payload: bytes | None, *, name: str | None = None, compress_bomb: int = 0) -> bytes:
    """A small PDF with an embedded file (our attachment name unless ``name``).

    ``compress_bomb``: instead of ``payload``, embed a FlateDecode stream that inflates to
    that many zero bytes.
    """
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject, StreamObject

    from reader.pdf.annots import ATTACHMENT_NAME

    w = PdfWriter()
    w.add_blank_page(200, 200)
    if payload is not None or compress_bomb:
        w.add_attachment(name or ATTACHMENT_NAME, payload or b"{}")
        if compress_bomb:
            comp = zlib.compressobj(9)
            chunk = b"\0" * (1 << 20)
            parts = [comp.compress(chunk) for _ in range(compress_bomb >> 20)]
            parts.append(comp.flush())
            data = b"".join(parts)
            names = w._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
            spec = names[1].get_object()
            stream_ref = spec["/EF"].raw_get("/F")
            new = StreamObject()
            new._data = data
            new[NameObject("/Filter")] = NameObject("/FlateDecode")
            new[NameObject("/Length")] = NumberObject(len(data))
            new[NameObject("/Type")] = NameObject("/EmbeddedFile")
            w._objects[stream_ref.idnum - 1] = new
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def encrypted_pdf(payload: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf_with_attachment(payload)))
    w = PdfWriter(clone_from=reader)
    w.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def broken_pdfs(valid_payload: bytes) -> dict[str, bytes]:
    """PDF imports that must each be refused with one sentence naming the file."""
    good = pdf_with_attachment(valid_payload)
    return {
        "truncated": good[: len(good) // 2],
        "truncated-keeps-eof": good[: len(good) // 2] + b"\n%%EOF\n",
        "not-a-pdf": b"hello, I am a text file\n%%EOF",
        "empty": b"",
        "encrypted": encrypted_pdf(valid_payload),
        "no-attachment": pdf_with_attachment(None),
        "other-attachment": pdf_with_attachment(valid_payload, name="something-else.json"),
        "attachment-not-json": pdf_with_attachment(b"\xff\xfe not json"),
        "attachment-json-list": pdf_with_attachment(b"[1, 2, 3]"),
        "decompression-bomb": pdf_with_attachment(None, compress_bomb=80 << 20),
    }


def iter_files(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*") if p.is_file())


def refused(result: object) -> bool:
    """What a loadResource override returned loads nothing: None, a null image, no bytes."""
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QImage

    if result is None:
        return True
    if isinstance(result, QImage):
        return result.isNull()
    if isinstance(result, (QByteArray, bytes)):
        return len(result) == 0
    return False
