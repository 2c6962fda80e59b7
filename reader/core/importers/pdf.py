"""PDF with a text layer through pypdfium2: lines into paragraphs, words exactly as printed.

A hyphen at a line end is printed, so it stays ("Hui-" + "ning" -> "Hui-ning"); pdfium
reports some of those hyphens as U+FFFE and joins the lines itself: the hyphen is put
back and the line split there. Ligatures (U+FB00-FB06) are decomposed. Lines at the top
or bottom of the pages that repeat (digits aside) are running headers and footers, and a
lone number there is a page number: both are left out and listed in ``removed``.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataFileError
from .pieces import Imported, Piece, clean_line, plain_piece

_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_PAGE_NUMBER = re.compile(r"^(page\s+)?(\d{1,4}|[ivxlcdm]{1,7})(\s*(/|of)\s*\d{1,4})?$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;…”’\"')\]]$")
MAX_PAGES = 5000


@dataclass
class _Line:
    text: str
    page: int
    top: float  # distance from the top of the page, in points
    left: float
    right: float
    size: float  # font size of its first character


def import_pdf(data: bytes, path: Path) -> Imported:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise DataFileError(f"is not a PDF Reader can read ({exc})", path) from None
    try:
        if len(pdf) > MAX_PAGES:
            raise DataFileError(f"has {len(pdf):,} pages, more than the {MAX_PAGES:,} Reader imports", path)
        pages = [_page_lines(pdf, i) for i in range(len(pdf))]
        meta = pdf.get_metadata_dict()
    finally:
        pdf.close()
    if not any(ln.text.strip() for page in pages for ln in page):
        raise DataFileError("has no text layer; Reader does not do OCR", path)
    body, removed = _drop_running_lines(pages)
    result = Imported("pdf", _paragraphs(body))
    result.title = clean_line(meta.get("Title", "") or "")
    author = clean_line(meta.get("Author", "") or "")
    result.authors = [a.strip() for a in re.split(r";|,\s+(?=\S+\s)", author) if a.strip()] if author else []
    result.removed = removed
    return result


def _page_lines(pdf: object, index: int) -> list[_Line]:
    import pypdfium2.raw as raw

    page = pdf[index]  # type: ignore[index]
    height = page.get_height()
    tp = page.get_textpage()
    try:
        text = tp.get_text_range()
        lines: list[_Line] = []
        pos = 0
        for chunk in text.split("\r\n"):
            # pdfium joins a line that ends in a hyphen it takes for soft (U+FFFE): split it back.
            parts = chunk.split("\ufffe")
            for j, part in enumerate(parts):
                shown = part + ("-" if j < len(parts) - 1 else "")
                start = pos
                pos += len(part) + (1 if j < len(parts) - 1 else 0)
                if not shown.strip():
                    continue
                first = start + (len(part) - len(part.lstrip()))
                last = start + len(part.rstrip()) - 1
                left, _b, _r, top = tp.get_charbox(first)
                _l, _b2, right, _t = tp.get_charbox(max(first, last))
                size = raw.FPDFText_GetFontSize(tp.raw, first)
                lines.append(_Line(_clean(shown), index, height - top, left, right, size))
            pos += 2
        return lines
    finally:
        tp.close()
        page.close()


def _clean(text: str) -> str:
    for lig, plain in _LIGATURES.items():
        text = text.replace(lig, plain)
    text = text.strip()
    return text[:-1] + "-" if text.endswith("\u00ad") else text  # a soft hyphen printed at a line end


def _drop_running_lines(pages: list[list[_Line]]) -> tuple[list[_Line], list[str]]:
    """The body lines, and a ``removed`` note for the running headers/footers and page numbers."""
    def key(ln: _Line) -> str:
        return re.sub(r"\d+", "#", ln.text.lower())

    edges = [page[:2] + page[-2:] if len(page) > 4 else page for page in pages]
    counts = Counter(k for page in edges for k in {key(ln) for ln in page})  # pages showing each
    repeat = max(2, (len(pages) + 1) // 2)
    edge_ids = {id(ln) for page in edges for ln in page}
    running: Counter[str] = Counter()
    numbers = 0
    body: list[_Line] = []
    for page in pages:
        for ln in page:
            if id(ln) in edge_ids and _PAGE_NUMBER.match(ln.text):
                numbers += 1
            elif id(ln) in edge_ids and len(pages) > 1 and counts[key(ln)] >= repeat:
                running[ln.text] += 1
            else:
                body.append(ln)
    removed = [f"running header/footer “{t}” ({n} page{'s' if n != 1 else ''})" for t, n in running.most_common(6)]
    if numbers:
        removed.append(f"page numbers ({numbers})")
    return body, removed


def _paragraphs(lines: list[_Line]) -> list[Piece]:
    if not lines:
        return []
    gaps = [b.top - a.top for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.top]
    pitch = statistics.median(gaps) if gaps else 14.0
    body_size = statistics.median(ln.size for ln in lines) or 10.0
    width = max(ln.right for ln in lines)
    pieces: list[Piece] = []
    current: list[str] = []
    current_heading = False

    def flush() -> None:
        nonlocal current
        if current:
            piece = plain_piece("heading" if current_heading else "paragraph", _join(current),
                                2 if current_heading else 0)
            if piece:
                pieces.append(piece)
        current = []

    prev: _Line | None = None
    for ln in lines:
        heading = ln.size >= body_size * 1.2 and len(ln.text) <= 120
        if prev is not None:
            gap = ln.top - prev.top if ln.page == prev.page else pitch
            ends = bool(_SENTENCE_END.search(prev.text))
            short = prev.right < width - 0.15 * (width - min(x.left for x in lines))
            new_par = (gap > pitch * 1.4 or gap < 0 or heading != current_heading
                       or (short and ends) or (ln.page != prev.page and ends and short))
            if new_par:
                flush()
        current_heading = heading
        current.append(ln.text)
        prev = ln
    flush()
    return pieces


def _join(lines: list[str]) -> str:
    """Lines of one paragraph: a line ending in a hyphen runs on without a space (as printed)."""
    out = lines[0]
    for ln in lines[1:]:
        out += ln if out.endswith(("-", "\u2010")) else " " + ln
    return out
