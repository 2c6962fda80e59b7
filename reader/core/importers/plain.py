"""Plain text in any common encoding: decoded, each non-blank line a paragraph."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import DataFileError
from .pieces import Imported, Piece

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Tried first: the encodings people actually save texts in. A short Western text is
# otherwise often taken for a Central European code page (café -> cafĂ©).
_LIKELY = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be", "cp1252", "gb18030", "big5",
           "shift_jis", "euc_kr", "cp1251"]
_HTML_SNIFF = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>])|<body[\s>]", re.I | re.S)
TITLE_MAX = 120  # a first line longer than this is a paragraph, not a title


def decode(data: bytes, path: Path) -> str:
    """The text of ``data``: a BOM decides, then strict UTF-8, then charset detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise DataFileError(f"starts like {encoding.upper()} text but is not valid {encoding.upper()}", path) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        pass
    else:  # UTF-8 but for an encoded lone surrogate: broken text, not another encoding
        raise DataFileError("contains invalid characters (a lone surrogate is not text)", path)
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=_LIKELY)) or list(from_bytes(data))
    if not matches:
        raise DataFileError("is not a text file Reader can read (no known text encoding fits)", path)
    # Ties between single-byte code pages go to the decoding whose words keep to one script
    # ("café", not "cafй"); the detector's own order decides the rest.
    best = min(enumerate(matches), key=lambda im: (_mixed_words(str(im[1])[:65536]), im[0]))[1]
    return str(best)


_WORD = re.compile(r"\w*[^\x00-\x7f\W]\w*")


def _mixed_words(text: str) -> int:
    """How many words mix Latin letters with letters of another script."""
    n = 0
    for m in _WORD.finditer(text):
        word = m.group()
        latin = any(c.isascii() or "\u00c0" <= c <= "\u024f" for c in word if c.isalpha())
        other = any(c > "\u024f" for c in word if c.isalpha())
        n += latin and other
    return n


def normalise_newlines(text: str, path: Path) -> str:
    """CRLF and CR line ends as LF; a NUL byte means this is no text at all."""
    if "\x00" in text:
        raise DataFileError("is not a text file (it contains NUL bytes)", path)
    # U+2029 too, since the reading view (QTextDocument) would turn it into a block break.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n")


def looks_like_html(data: bytes) -> bool:
    """True for a web page saved under another name (checked on its first kilobytes)."""
    head = data[:4096]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            head = head.decode(encoding, "ignore").encode("ascii", "ignore")
            break
    return bool(_HTML_SNIFF.search(head))


def import_plain(data: bytes, path: Path, want_title: bool) -> Imported:
    text = normalise_newlines(decode(data, path), path)
    # Every non-blank line is a paragraph, kept as written (only its ends are trimmed).
    pieces = [Piece("paragraph", line.strip()) for line in text.split("\n") if line.strip()]
    result = Imported("txt", pieces)
    if want_title and pieces and len(pieces[0].text) <= TITLE_MAX and len(pieces) > 1:
        # The first line names the text: it becomes its title heading, not also a paragraph.
        pieces[0] = Piece("heading", pieces[0].text, 1)
        result.title, result.title_from_text = pieces[0].text, True
    return result
