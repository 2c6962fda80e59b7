"""Word .docx through python-docx: paragraphs by style (headings, lists, quotes), tables as rows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..errors import DataFileError
from .pieces import Imported, InlineBuilder, Piece, PieceKind, clean_line
from .web import language_tag


def import_docx(data: bytes, path: Path) -> Imported:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises zip, XML and value errors alike
        raise DataFileError(f"is not a Word document Reader can read ({type(exc).__name__})", path) from None
    pieces: list[Piece] = []
    title = ""
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            kind, level = _kind(item)
            b = InlineBuilder()
            _runs(item, b)
            piece = b.piece(kind, level)
            if piece:
                pieces.append(piece)
                if not title and _style(item) == "title":
                    title = piece.text
        elif isinstance(item, Table):
            pieces.extend(_rows(item))
    props = document.core_properties
    result = Imported("docx", pieces)
    result.title = clean_line(props.title or "") or title
    result.authors = [clean_line(a) for a in (props.author or "").split(";") if a.strip()]
    lang = language_tag(props.language or "")
    result.languages = [lang] if lang else []
    return result


def _style(p: Any) -> str:
    try:
        return (p.style.name or "").lower() if p.style is not None else ""
    except (KeyError, AttributeError):
        return ""


def _kind(p: Any) -> tuple[PieceKind, int]:
    name = _style(p)
    if name == "title" or name == "heading 1":
        return "heading", 1
    if name.startswith("heading"):
        return "heading", 2
    if "quote" in name:
        return "quote", 0
    if name == "caption":
        return "caption", 0
    ppr = p._p.pPr
    if name.startswith("list") or (ppr is not None and ppr.numPr is not None):
        return "item", 0
    return "paragraph", 0


def _runs(p: Any, b: InlineBuilder) -> None:
    from docx.text.hyperlink import Hyperlink

    for part in p.iter_inner_content():
        runs = part.runs if isinstance(part, Hyperlink) else [part]
        for run in runs:
            styles = set()
            if run.italic:
                styles.add("em")
            if run.bold:
                styles.add("strong")
            b.add(run.text, frozenset(styles))


def _rows(table: Any) -> list[Piece]:
    pieces = []
    for row in table.rows:
        cells: list[str] = []
        last = None
        for cell in row.cells:
            if cell._tc is last:  # a merged cell is reported once per grid column
                continue
            last = cell._tc
            b = InlineBuilder()
            b.add(" ".join(par.text for par in cell.paragraphs))
            p = b.piece("paragraph")
            cells.append(p.text if p else "")
        if any(cells):
            pieces.append(Piece("row", " | ".join(cells)))
    return pieces
