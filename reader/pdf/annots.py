"""PDF post-processing: native annotations, outline, metadata, embedded JSON.

QPdfWriter draws the pages; everything a PDF viewer treats as *structure* is added
afterwards, as an incremental update of the file Qt wrote (only new and changed objects
are appended, so a 1,000-page export is not re-serialised). pypdf reads the structure
Qt wrote; the update itself is serialised here (see finish_pdf for why):

* ``/Highlight`` annotations with per-line ``/QuadPoints`` and an ``/AP`` appearance
  stream (a Multiply-blended fill), so viewers that do not synthesise appearances from
  ``/QuadPoints`` (and printing, ``/F 4``) still show them;
* ``/Link`` annotations to explicit destinations (glossary, cross-references, notes);
* the outline (bookmarks), the document information dictionary;
* the W3C annotations as an embedded file (``/EmbeddedFiles`` + ``/AF``), which
  ``reader import out.pdf`` reads back with :func:`read_embedded_annotations`.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import shutil
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from pypdf import PageObject

from reader.core.errors import DataFileError
from reader.core.fsutil import read_bytes_limited
from reader.core.w3c import decode_json

ATTACHMENT_NAME = "reader-annotations.jsonld"
MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024
"""Decompressed size limit of the embedded JSON: a hostile PDF cannot inflate a
kilobyte-sized stream into gigabytes of memory."""

MAX_IMPORT_PDF_BYTES = 256 * 1024 * 1024
"""The largest PDF ``reader import`` reads (a 4 MB book with 10,000 notes exports ~42 MB)."""

Box = tuple[float, float, float, float]  # x0, y0 (bottom), x1, y1 (top) in PDF points


@dataclass
class HighlightAnnot:
    page: int
    boxes: list[Box]  # one per line, PDF points
    color: tuple[float, float, float]  # /C, 0..1
    fill: tuple[float, float, float]  # appearance colour (the printed tint)
    nm: str
    contents: str
    author: str
    modified: str  # PDF date string
    subject: str = "Highlight"


@dataclass
class LinkAnnot:
    page: int
    box: Box
    dest_page: int
    dest_top: float  # PDF points
    dest_left: float = 0.0


@dataclass
class OutlineNode:
    title: str
    page: int
    top: float
    children: list[OutlineNode] = field(default_factory=list)


class IncompletePdf(ValueError):
    """The PDF Qt wrote has no end (QPdfWriter does not report a full disk)."""


def finish_pdf(
    src: Path,
    dst: BinaryIO,
    *,
    highlights: Sequence[HighlightAnnot],
    links: Sequence[LinkAnnot],
    outline: Sequence[OutlineNode],
    metadata: dict[str, str],
    attachment: bytes | None,
    tick: Callable[[int, int], None] | None = None,
) -> int:
    """Copy ``src`` into the stream ``dst`` and append annotations, outline, metadata and attachment.

    Written as a classic PDF incremental update, serialised here directly: pypdf's object
    model costs ~1 ms per annotation, which is 25 s for a 10,000-highlight export. pypdf
    is only used to *read* the structure Qt wrote (page objects, their /Annots arrays,
    the catalog). Returns the number of annotations written; ``tick(done, total)`` is
    called now and then so a long export can report progress and be cancelled.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    with open(src, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 1024))
        tail = fh.read()
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail)
    if m is None:
        raise IncompletePdf(f"{src} has no startxref (not a complete PDF)")
    prev_xref = int(m.group(1))
    # An open file, not a path: pypdf would read the whole file into memory first.
    with open(src, "rb") as source:
        try:
            reader = PdfReader(source, strict=False)
            trailer = reader.trailer
            pages = reader.pages
            page_nums = [_page_num(p) for p in pages]
        except (PyPdfError, ValueError, KeyError) as exc:
            raise IncompletePdf(f"{src} cannot be read back ({exc})") from None
        inc = _Increment(_as_int(trailer["/Size"]))
        total = len(highlights) + len(links)
        done = 0
        if tick is not None:
            tick(0, total)
        per_page: dict[int, list[int]] = {}

        shared_res = inc.add(b"<< /ExtGState << /GS0 << /Type /ExtGState /BM /Multiply /ca 1 /CA 1 >> >> >>")
        for h in highlights:
            num = _write_highlight(inc, h, page_nums[h.page], shared_res)
            per_page.setdefault(h.page, []).append(num)
            done += 1
            if tick is not None and done % 500 == 0:
                tick(done, total)
        for link in links:
            if not (0 <= link.dest_page < len(page_nums)) or not (0 <= link.page < len(page_nums)):
                continue
            x0, y0, x1, y1 = link.box
            body = (f"<< /Type /Annot /Subtype /Link /Rect [{_f(x0)} {_f(y0)} {_f(x1)} {_f(y1)}] /Border [0 0 0] /H /I "
                    f"/F 4 /Dest [{page_nums[link.dest_page]} 0 R /XYZ {_f(link.dest_left)} {_f(link.dest_top)} null] >>")
            per_page.setdefault(link.page, []).append(inc.add(body.encode("ascii")))
            done += 1
            if tick is not None and done % 1000 == 0:
                tick(done, total)

        written = 0
        for index, nums in per_page.items():
            page = pages[index]
            refs = " ".join(f"{n} 0 R" for n in nums)
            raw = page.raw_get("/Annots") if "/Annots" in page else None
            existing = _serialise_items(raw.get_object()) if raw is not None else ""
            array = f"[{existing} {refs}]".encode("ascii")
            if raw is not None and hasattr(raw, "idnum"):
                inc.put(raw.idnum, array)  # a new version of the page's own /Annots array
            else:
                arr_num = inc.add(array)
                inc.put(page_nums[index], _serialise_dict(page, {"/Annots": f"{arr_num} 0 R"}))
            written += len(nums)

        root_ref = trailer.raw_get("/Root")
        root = root_ref.get_object()
        extra: dict[str, str] = {}
        if outline:
            extra["/Outlines"] = f"{_write_outline(inc, outline, page_nums)} 0 R"
            extra["/PageMode"] = "/UseOutlines"
        if attachment is not None:
            spec = _write_attachment(inc, attachment)
            names_raw = root.raw_get("/Names") if "/Names" in root else None
            tree = f"<< /Names [{_text(ATTACHMENT_NAME)} {spec} 0 R] >>"
            if names_raw is not None and hasattr(names_raw, "idnum"):
                inc.put(names_raw.idnum, _serialise_dict(names_raw.get_object(), {"/EmbeddedFiles": tree}))
            else:
                extra["/Names"] = f"<< /EmbeddedFiles {tree} >>"
            extra["/AF"] = f"[{spec} 0 R]"
        inc.put(root_ref.idnum, _serialise_dict(root, extra))
        info = None
        if metadata:
            info = inc.add(("<< " + " ".join(f"{k} {_text(v)}" for k, v in metadata.items()) + " >>").encode("ascii"))
        ids = trailer.get("/ID")
        id_part = ""
        if ids is not None:
            ids = ids.get_object()
            id_part = " /ID [" + " ".join(f"<{_id_bytes(x).hex()}>" for x in ids) + "]"
        source.seek(0)
        shutil.copyfileobj(source, dst, 1 << 20)
        inc.write(dst, size, prev_xref, root_ref.idnum, info, id_part)
    return written


def _as_int(value: object) -> int:
    if not isinstance(value, int):
        raise ValueError(f"expected a PDF integer, found {value!r}")
    return value


def _page_num(page: PageObject) -> int:
    ref = page.indirect_reference
    if ref is None:
        raise ValueError("a page of the PDF Qt wrote is not an indirect object")
    return ref.idnum


class _Increment:
    """Objects of a PDF incremental update, serialised as bytes."""

    def __init__(self, size: int):
        self.next = size
        self.objects: dict[int, bytes] = {}

    def add(self, body: bytes) -> int:
        num = self.next
        self.next += 1
        self.objects[num] = body
        return num

    def reserve(self) -> int:
        num = self.next
        self.next += 1
        return num

    def put(self, num: int, body: bytes) -> None:
        self.objects[num] = body

    def stream(self, header: str, data: bytes) -> bytes:
        return f"<< {header} /Length {len(data)} >>\nstream\n".encode("ascii") + data + b"\nendstream"

    def write(self, out: BinaryIO, offset: int, prev_xref: int, root: int, info: int | None, id_part: str) -> None:
        out.write(b"\n")
        pos = offset + 1
        offsets: dict[int, int] = {}
        for num in sorted(self.objects):
            offsets[num] = pos
            piece = b"%d 0 obj\n" % num + self.objects.pop(num) + b"\nendobj\n"  # written, then freed
            out.write(piece)
            pos += len(piece)
        xref_at = pos
        # Starting with the free-list head keeps readers' "not zero-indexed" heuristics quiet.
        lines = [b"xref\n0 1\n0000000000 65535 f \n"]
        nums = sorted(offsets)
        i = 0
        while i < len(nums):
            j = i
            while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
                j += 1
            lines.append(b"%d %d\n" % (nums[i], j - i + 1))
            lines.extend(b"%010d 00000 n \n" % offsets[n] for n in nums[i:j + 1])
            i = j + 1
        info_part = f" /Info {info} 0 R" if info is not None else ""
        lines.append(f"trailer\n<< /Size {self.next} /Root {root} 0 R{info_part} /Prev {prev_xref}{id_part} >>\n"
                     f"startxref\n{xref_at}\n%%EOF\n".encode("ascii"))
        out.write(b"".join(lines))


def _id_bytes(x: Any) -> bytes:
    raw = getattr(x, "original_bytes", None)
    if raw is not None:
        return bytes(raw)
    return bytes(x) if isinstance(x, bytes) else str(x).encode("latin-1", "replace")


def _f(v: float) -> str:
    """A PDF real: at most three decimals, no exponent, no trailing zeros."""
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(value: str) -> str:
    """A PDF text string: literal for printable ASCII, else UTF-16BE with a BOM (hex)."""
    if value.isascii() and value.isprintable():  # every character in 32..126
        return "(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<feff" + value.encode("utf-16-be").hex() + ">"


def _write_highlight(inc: _Increment, h: HighlightAnnot, page_num: int, shared_res: int) -> int:
    x0 = min(b[0] for b in h.boxes)
    y0 = min(b[1] for b in h.boxes)
    x1 = max(b[2] for b in h.boxes)
    y1 = max(b[3] for b in h.boxes)
    quads: list[str] = []
    ops = [f"/GS0 gs {h.fill[0]:.4f} {h.fill[1]:.4f} {h.fill[2]:.4f} rg"]
    for bx0, by0, bx1, by1 in h.boxes:
        a, b, c, d = _f(bx0), _f(by0), _f(bx1), _f(by1)
        # Upper-left, upper-right, lower-left, lower-right: the order viewers expect.
        quads.append(f"{a} {d} {c} {d} {a} {b} {c} {b}")
        ops.append(f"{a} {b} {_f(bx1 - bx0)} {_f(by1 - by0)} re f")
    rect = f"[{_f(x0)} {_f(y0)} {_f(x1)} {_f(y1)}]"
    form = inc.add(inc.stream(f"/Type /XObject /Subtype /Form /FormType 1 /BBox {rect} /Resources {shared_res} 0 R",
                              "\n".join(ops).encode("ascii")))
    color = " ".join(_f(c) for c in h.color)
    body = (f"<< /Type /Annot /Subtype /Highlight /Rect {rect} /QuadPoints [{' '.join(quads)}] /C [{color}] /CA 1 "
            f"/Contents {_text(h.contents)} /T {_text(h.author)} /Subj {_text(h.subject)} /M {_text(h.modified)} "
            f"/NM {_text(h.nm)} /F 4 /P {page_num} 0 R /AP << /N {form} 0 R >> >>")
    return inc.add(body.encode("ascii"))


def _write_outline(inc: _Increment, nodes: Sequence[OutlineNode], page_nums: Sequence[int]) -> int:
    root = inc.reserve()

    def level(items: Sequence[OutlineNode], parent: int) -> tuple[int, int, int]:
        nums = [inc.reserve() for _ in items]
        visible = len(items)
        for i, (node, num) in enumerate(zip(items, nums, strict=True)):
            parts = [f"/Title {_text(node.title)} /Parent {parent} 0 R",
                     f"/Dest [{page_nums[node.page]} 0 R /XYZ 0 {_f(node.top)} null]"]
            if i:
                parts.append(f"/Prev {nums[i - 1]} 0 R")
            if i + 1 < len(nums):
                parts.append(f"/Next {nums[i + 1]} 0 R")
            if node.children:
                first, last, count = level(node.children, num)
                is_open = parent == root and len(node.children) < 40
                parts.append(f"/First {first} 0 R /Last {last} 0 R /Count {count if is_open else -count}")
                if is_open:
                    visible += count
            inc.put(num, ("<< " + " ".join(parts) + " >>").encode("ascii"))
        return nums[0], nums[-1], visible

    first, last, count = level(list(nodes), root)
    inc.put(root, f"<< /Type /Outlines /First {first} 0 R /Last {last} 0 R /Count {count} >>".encode("ascii"))
    return root


def _write_attachment(inc: _Increment, data: bytes) -> int:
    packed = zlib.compress(data, 1)  # a third of the default level's time, for ~20% more bytes
    now = _dt.datetime.now(_dt.UTC).strftime("D:%Y%m%d%H%M%SZ")
    stream = inc.add(inc.stream(
        f"/Type /EmbeddedFile /Subtype /application#2Fld+json /Filter /FlateDecode "
        f"/Params << /Size {len(data)} /ModDate ({now}) >>", packed))
    name = _text(ATTACHMENT_NAME)
    return inc.add((f"<< /Type /Filespec /F {name} /UF {name} /EF << /F {stream} 0 R /UF {stream} 0 R >> "
                    f"/Desc {_text('Reader annotations (W3C Web Annotation JSON-LD)')} /AFRelationship /Data >>")
                   .encode("ascii"))


def _serialise_items(array: Any) -> str:
    buf = io.BytesIO()
    for item in array:
        item.write_to_stream(buf) if hasattr(item, "write_to_stream") else buf.write(str(item).encode())
        buf.write(b" ")
    return buf.getvalue().decode("latin-1").strip()


def _serialise_dict(d: Any, override: dict[str, str]) -> bytes:
    """An existing dictionary with some entries replaced (values given as PDF syntax)."""
    buf = io.BytesIO()
    buf.write(b"<<")
    for key, value in d.items():
        if key in override:
            continue
        buf.write(b" " + str(key).encode("latin-1") + b" ")
        value.write_to_stream(buf)
    for key, value in override.items():
        buf.write(f" {key} {value}".encode("latin-1"))
    buf.write(b" >>")
    return buf.getvalue()


# -- reading back ---------------------------------------------------------------------


def read_embedded_annotations(path: Path) -> dict[str, Any]:
    """The W3C annotation collection embedded by :func:`reader.pdf.export.export_pdf`.

    Raises DataFileError with one sentence for a file that is not a PDF, is truncated or
    damaged, is encrypted, has no Reader annotations, or whose attachment is too large
    or not JSON. Never inflates more than MAX_ATTACHMENT_BYTES.
    """
    path = Path(path)
    data = read_bytes_limited(path, MAX_IMPORT_PDF_BYTES, "is too large to import")
    if b"%PDF-" not in data[:1024]:
        raise DataFileError("is not a PDF file", path)
    if b"%%EOF" not in data[-2048:]:
        raise DataFileError("is truncated or damaged (the PDF has no end-of-file marker)", path)

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DataFileError("is encrypted; Reader cannot read annotations from an encrypted PDF", path)
        spec = _find_attachment(reader.trailer["/Root"].get_object())
    except DataFileError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        raise DataFileError(f"is damaged and cannot be read as a PDF ({exc})", path) from None
    if spec is None:
        raise DataFileError(
            f"has no embedded Reader annotations (no '{ATTACHMENT_NAME}' attachment); "
            "only PDFs exported by Reader with personal notes can be imported", path)
    try:
        raw = _attachment_bytes(spec)
    except DataFileError as exc:
        raise DataFileError(exc.message, path) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, zlib.error) as exc:
        raise DataFileError(f"has a damaged '{ATTACHMENT_NAME}' attachment ({exc})", path) from None
    try:
        data = decode_json(raw, path)
    except DataFileError as exc:
        raise DataFileError(f"has an embedded '{ATTACHMENT_NAME}' that {exc.message}", path) from None
    if not isinstance(data, dict):
        raise DataFileError(f"has an embedded '{ATTACHMENT_NAME}' that is not a JSON object", path)
    return data


def _find_attachment(root: Any) -> Any:
    names = root.get("/Names")
    if names is None:
        return None
    tree = names.get_object().get("/EmbeddedFiles")
    if tree is None:
        return None
    stack = [(tree.get_object(), 0)]
    seen = 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        if depth > 32 or seen > 10_000:
            raise DataFileError("has a malformed attachment list")
        pairs = node.get("/Names")
        if pairs is not None:
            pairs = pairs.get_object()
            for i in range(0, len(pairs) - 1, 2):
                if str(pairs[i].get_object()) == ATTACHMENT_NAME:
                    return pairs[i + 1].get_object()
        kids = node.get("/Kids")
        if kids is not None:
            stack.extend((k.get_object(), depth + 1) for k in kids.get_object())
    return None


def _attachment_bytes(spec: Any) -> bytes:
    ef = spec.get("/EF")
    if ef is None:
        raise DataFileError(f"has an empty '{ATTACHMENT_NAME}' attachment")
    ef = ef.get_object()
    stream_ref = ef.get("/F") or ef.get("/UF")
    if stream_ref is None:
        raise DataFileError(f"has an empty '{ATTACHMENT_NAME}' attachment")
    stream = stream_ref.get_object()
    raw = stream._data
    filters = stream.get("/Filter")
    if filters is None:
        chain: list[str] = []
    else:
        filters = filters.get_object()
        chain = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
    if stream.get("/DecodeParms") is not None:
        raise DataFileError(f"has a '{ATTACHMENT_NAME}' attachment with unsupported encoding parameters")
    for name in chain:
        if name not in ("/FlateDecode", "/Fl"):
            raise DataFileError(f"has a '{ATTACHMENT_NAME}' attachment with an unsupported encoding ({name})")
        inflater = zlib.decompressobj()
        out = inflater.decompress(raw, MAX_ATTACHMENT_BYTES + 1)
        if len(out) > MAX_ATTACHMENT_BYTES or inflater.unconsumed_tail:
            raise DataFileError(
                f"has a '{ATTACHMENT_NAME}' attachment larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB "
                "when decompressed; refusing to read it")
        raw = out
    if len(raw) > MAX_ATTACHMENT_BYTES:
        raise DataFileError(f"has a '{ATTACHMENT_NAME}' attachment larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB")
    return bytes(raw)
