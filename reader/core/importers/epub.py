"""EPUB 2/3 through ebooklib: the spine's chapters in order, with the book's Dublin Core metadata."""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import DataFileError
from .pieces import Imported, Piece, clean_line
from .web import iso_day, language_tag
from .xhtml import Walker


def import_epub(data: bytes, path: Path) -> Imported:
    import ebooklib
    from ebooklib import epub
    from lxml import etree, html

    try:
        book = epub.read_epub(io.BytesIO(data), options={"ignore_ncx": True})
    except Exception as exc:  # noqa: BLE001 - ebooklib raises zip, XML and its own errors alike
        raise DataFileError(f"is not an EPUB book Reader can read ({type(exc).__name__})", path) from None
    pieces: list[Piece] = []
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or isinstance(item, epub.EpubNav) or item.get_type() != ebooklib.ITEM_DOCUMENT:
            continue
        content = item.get_content()
        if not content.strip():
            continue
        try:
            root = etree.fromstring(content, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            root = html.fromstring(content)
        body = next((el for el in root.iter() if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] == "body"), root)
        pieces.extend(Walker().walk(body))

    def dc(name: str) -> list[str]:
        return [clean_line(str(v)) for v, _attrs in book.get_metadata("DC", name) if v and str(v).strip()]

    result = Imported("epub", pieces)
    titles, dates = dc("title"), dc("date")
    result.title = titles[0] if titles else ""
    result.authors = dc("creator")
    result.publisher = (dc("publisher") or [""])[0]
    result.published = iso_day(dates[0]) if dates else None
    result.languages = [t for t in (language_tag(x) for x in dc("language")) if t]
    return result

