"""Web pages: trafilatura finds the article; the page's furniture it left out is summarised.

trafilatura decides what the article is (Reader has no boilerplate remover of its own).
What it dropped is then described, for the ``removed`` list, from the page's landmarks
(navigation, cookie banner, related articles, comment form, footer…): the same kind of
record the shipped texts keep.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from ..errors import DataFileError
from .pieces import Imported, Piece, clean_line
from .xhtml import Walker, local

_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Landmark words in tag names, ids and classes, and how the removed list names them.
_FURNITURE = (
    (("cookie", "consent", "gdpr"), "cookie banner"),
    (("comment", "respond", "disqus", "reply"), "comments and comment form"),
    (("related", "recommend", "more-stories", "read-more", "trending", "popular", "also-read"), "related-article list"),
    (("newsletter", "subscribe", "signup", "sign-up"), "newsletter sign-up"),
    (("member", "promo", "donat", "paywall", "support-us", "premium"), "membership promotion"),
    (("share", "social"), "share buttons"),
    (("advert", "sponsor", "ad-slot", "ads"), "advertisement"),
    (("breadcrumb",), "breadcrumb trail"),
    (("nav", "menu"), "navigation"),
    (("footer",), "site footer"),
    (("header", "masthead", "banner"), "site header"),
    (("sidebar", "aside", "widget"), "sidebar"),
    (("form",), "form"),
)
_TAG_LABELS = {"nav": "navigation", "footer": "site footer", "header": "site header", "aside": "sidebar",
               "form": "form", "dialog": "pop-up"}
MAX_REMOVED = 12


def language_tag(value: str) -> str:
    """``en_GB`` / ``EN-gb`` -> ``en-GB``; empty when it is not a language tag."""
    parts = value.strip().replace("_", "-").split("-")
    if not parts[0]:
        return ""
    tag = "-".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])
    return tag if _LANG.match(tag) else ""


def iso_day(value: str) -> str | None:
    """The date part of an ISO date or timestamp, else None."""
    m = re.match(r"(\d{4}-\d{2}-\d{2})", value.strip())
    if not m:
        return None
    try:
        return _dt.date.fromisoformat(m.group(1)).isoformat()
    except ValueError:
        return None


def import_html(data: bytes, path: Path) -> Imported:
    import trafilatura
    from lxml import etree, html

    try:
        page = html.fromstring(data)
    except (etree.ParserError, ValueError):
        raise DataFileError("is not a web page Reader can read", path) from None
    options: dict[str, Any] = dict(output_format="xml", include_formatting=True, include_comments=False,
                                   include_tables=True, include_images=True, include_links=False,
                                   with_metadata=True, deduplicate=False)
    xml = trafilatura.extract(data, **options) or trafilatura.extract(data, favor_recall=True, **options)
    if not xml:
        raise DataFileError("has no article text that Reader could find", path)
    doc = etree.fromstring(xml.encode("utf-8"))
    main = doc.find("main")
    pieces = Walker(caption_for=_captions(page)).walk(main if main is not None else doc)
    result = Imported("html", pieces)
    result.title = clean_line(doc.get("title") or "")
    result.authors = [clean_line(a) for a in re.split(r";|\s+and\s+", doc.get("author") or "") if a.strip()]
    result.published = iso_day(doc.get("date") or "")
    result.publisher = clean_line(doc.get("sitename") or "")
    result.url = clean_line(doc.get("url") or "")
    lang = language_tag(page.get("lang") or page.get("{http://www.w3.org/XML/1998/namespace}lang") or "")
    result.languages = [lang] if lang else []
    result.removed = furniture(page, pieces)
    return result


def _captions(page: Any) -> Any:
    """A figure's caption found by its image's address (trafilatura keeps the image only)."""
    by_src: dict[str, str] = {}
    for fig in page.iter("figure"):
        cap = fig.find(".//figcaption")
        img = fig.find(".//img")
        if cap is not None and img is not None and img.get("src"):
            text = clean_line(cap.text_content())
            if text:
                by_src[img.get("src")] = text

    def caption_for(el: Any) -> str | None:
        return by_src.pop(el.get("src", ""), None)

    return caption_for


def furniture(page: Any, pieces: list[Piece]) -> list[str]:
    """One line per landmark of the page whose text is not in the article."""
    kept = _norm(" ".join(p.text for p in pieces))
    found: list[str] = []
    seen: set[Any] = set()
    for el in page.iter():
        if not isinstance(el.tag, str) or any(a in seen for a in el.iterancestors()):
            continue
        label = _label(el)
        if label is None:
            continue
        texts = [t for t in (_norm(s) for s in el.itertext()) if t]
        dropped = [t for t in texts if t not in kept]
        if not dropped:
            continue
        seen.add(el)
        found.append(f"{label} ({_excerpt(dropped)})")
        if len(found) >= MAX_REMOVED:
            break
    return found


def _label(el: Any) -> str | None:
    tag = local(el)
    if tag in ("html", "body", "main", "article", "head"):
        return None
    words = f"{el.get('id') or ''} {el.get('class') or ''} {el.get('role') or ''}".lower()
    label = next((lb for keys, lb in _FURNITURE if any(re.search(rf"(^|[\s_-]){re.escape(k)}", words) for k in keys)),
                 _TAG_LABELS.get(tag))
    if label in ("site header", "site footer") and any(local(d) == "nav" for d in el.iterdescendants()):
        label += " and navigation"
    return label


def _norm(text: str) -> str:
    return " ".join(text.split())


def _excerpt(texts: list[str], limit: int = 100) -> str:
    joined = " | ".join(texts)
    if len(joined) <= limit:
        return "“" + joined + "”"
    cut = joined[:limit].rsplit(" ", 1)[0]
    return "“" + cut + "…”"
