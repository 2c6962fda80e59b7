"""Which importer reads a file: by its suffix, and by its first bytes for a disguised web page."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataFileError
from .pieces import Imported

SUFFIXES = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
    ".xhtml": "html", ".epub": "epub", ".pdf": "pdf", ".docx": "docx",
}
SUPPORTED = "plain text, Markdown, web pages (.html), EPUB, PDF or Word (.docx)"


def format_of(path: Path, data: bytes) -> str:
    """The format name for ``path``; a text file that is really a web page is read as one."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise DataFileError(f"is not a file Reader can add ({SUPPORTED})", path)
    if fmt == "txt":
        from .plain import looks_like_html

        if looks_like_html(data):
            return "html"
    return fmt


def import_bytes(data: bytes, path: Path, want_title: bool = True) -> Imported:
    """The pieces and metadata of ``data`` (the bytes of ``path``)."""
    fmt = format_of(path, data)
    if fmt == "txt":
        from .plain import import_plain

        return import_plain(data, path, want_title)
    if fmt == "md":
        from .markdown_text import import_markdown

        return import_markdown(data, path)
    if fmt == "html":
        from .web import import_html

        return import_html(data, path)
    if fmt == "epub":
        from .epub import import_epub

        return import_epub(data, path)
    if fmt == "pdf":
        from .pdf import import_pdf

        return import_pdf(data, path)
    from .word import import_docx

    return import_docx(data, path)
