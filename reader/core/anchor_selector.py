"""An anchor as a W3C selector pair (quote + position): the record and its stored forms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["CONTEXT_CHARS", "Anchor", "AnchorFormatError", "Anchored", "Resolution", "Status"]

CONTEXT_CHARS = 32
"""Length of the stored prefix/suffix (clipped at the text edges)."""

Status = Literal["ok", "drifted", "orphan"]


class Anchored:
    """Start, end and quote of a record that carries an ``anchor`` (a highlight, an
    editorial span): one definition instead of one per record type."""

    __slots__ = ()
    anchor: Anchor

    @property
    def start(self) -> int:
        return self.anchor.start or 0

    @property
    def end(self) -> int:
        return self.anchor.end or 0

    @property
    def quote(self) -> str:
        return self.anchor.exact


class AnchorFormatError(ValueError):
    """A stored anchor (dict or W3C selectors) is malformed; the message says how."""


def _type_name(value: object) -> str:
    return type(value).__name__


@dataclass(frozen=True)
class Anchor:
    """A span as a W3C selector pair: the quote with its context, plus its position.

    ``start``/``end`` are ``None`` when only the quote is known (a W3C import without a
    ``TextPositionSelector``); resolution then relies on the quote and context alone.
    """

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None

    @classmethod
    def from_span(cls, text: str, start: int, end: int) -> Anchor:
        """Anchor ``text[start:end]`` with 32 characters of context (clipped at the edges).

        Raises ``ValueError`` for a non-integer, out-of-range or empty range: an empty
        quote could never be resolved again.
        """
        for name, value in (("start", start), ("end", end)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"span {name} must be an integer, got {_type_name(value)}")
        if not 0 <= start < end <= len(text):
            raise ValueError(
                f"bad span [{start}, {end}) for a text of {len(text)} characters"
                " (need 0 <= start < end <= length)"
            )
        return cls(
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT_CHARS) : start],
            suffix=text[end : end + CONTEXT_CHARS],
            start=start,
            end=end,
        )

    @property
    def has_position(self) -> bool:
        """Whether a TextPositionSelector is known."""
        return self.start is not None and self.end is not None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for YAML/JSON storage; ``start``/``end`` omitted when unknown."""
        d: dict[str, Any] = {"exact": self.exact, "prefix": self.prefix, "suffix": self.suffix}
        if self.start is not None and self.end is not None:
            d["start"] = self.start
            d["end"] = self.end
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Anchor:
        """Strictly parse :meth:`to_dict` output (unknown keys are ignored).

        Raises :class:`AnchorFormatError` naming the offending key, so a bad notes file
        is reported instead of silently mis-anchoring.
        """
        if not isinstance(d, Mapping):
            raise AnchorFormatError(f"anchor must be a mapping, got {_type_name(d)}")
        if "exact" not in d:
            raise AnchorFormatError("anchor is missing 'exact'")
        exact, prefix, suffix = _quote_strings(d, "anchor")
        start, end = _parse_position(d.get("start"), d.get("end"), "anchor")
        return cls(exact, prefix, suffix, start, end)

    def to_selectors(self) -> list[dict[str, Any]]:
        """W3C Web Annotation selectors (the position one only when known)."""
        selectors: list[dict[str, Any]] = [
            {
                "type": "TextQuoteSelector",
                "exact": self.exact,
                "prefix": self.prefix,
                "suffix": self.suffix,
            }
        ]
        if self.start is not None and self.end is not None:
            selectors.append(
                {"type": "TextPositionSelector", "start": self.start, "end": self.end}
            )
        return selectors

    @classmethod
    def from_selectors(
        cls, selectors: Sequence[Mapping[str, Any]] | Mapping[str, Any], *, text: str | None = None
    ) -> Anchor:
        """Build an anchor from W3C selectors (a list, or a single selector object).

        Either selector type is enough; the first of each type is used and other types
        (XPath, CSS, ...) are ignored. A position without a quote needs ``text`` to
        recover the quote. Raises :class:`AnchorFormatError`.
        """
        if isinstance(selectors, Mapping):
            selectors = [selectors]
        if isinstance(selectors, str | bytes) or not isinstance(selectors, Sequence):
            raise AnchorFormatError(
                f"selectors must be a list of mappings, got {_type_name(selectors)}"
            )
        quote: Mapping[str, Any] | None = None
        position: Mapping[str, Any] | None = None
        for i, sel in enumerate(selectors):
            if not isinstance(sel, Mapping):
                raise AnchorFormatError(f"selector {i} must be a mapping, got {_type_name(sel)}")
            kind = sel.get("type")
            if kind == "TextQuoteSelector" and quote is None:
                quote = sel
            elif kind == "TextPositionSelector" and position is None:
                position = sel
        if quote is None and position is None:
            raise AnchorFormatError("no TextQuoteSelector or TextPositionSelector in selectors")
        start = end = None
        if position is not None:
            for key in ("start", "end"):
                if key not in position:
                    raise AnchorFormatError(f"TextPositionSelector is missing '{key}'")
            start, end = _parse_position(
                position["start"], position["end"], "TextPositionSelector"
            )
        if quote is None:
            if text is None:
                raise AnchorFormatError(
                    "a TextPositionSelector without a TextQuoteSelector needs the document text"
                )
            assert start is not None and end is not None
            try:
                return cls.from_span(text, start, end)
            except ValueError as exc:
                raise AnchorFormatError(f"TextPositionSelector: {exc}") from None
        if "exact" not in quote:
            raise AnchorFormatError("TextQuoteSelector is missing 'exact'")
        return cls(*_quote_strings(quote, "TextQuoteSelector"), start, end)


def _quote_strings(d: Mapping[str, object], label: str) -> tuple[str, str, str]:
    """exact/prefix/suffix as strings (missing or null context is empty), else a clear error."""
    out = []
    for key in ("exact", "prefix", "suffix"):
        value = d.get(key, "")
        if key != "exact" and value is None:
            value = ""
        if not isinstance(value, str):
            raise AnchorFormatError(f"{label} '{key}' must be a string, got {_type_name(value)}")
        out.append(value)
    return out[0], out[1], out[2]


def _parse_position(start: object, end: object, where: str) -> tuple[int | None, int | None]:
    """Validate an optional (start, end) pair: both or neither, ints, 0 <= start <= end."""
    if start is None and end is None:
        return None, None
    if start is None or end is None:
        have, missing = ("start", "end") if end is None else ("end", "start")
        raise AnchorFormatError(f"{where} has '{have}' without '{missing}'")
    for key, value in (("start", start), ("end", end)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise AnchorFormatError(f"{where} '{key}' must be an integer, got {_type_name(value)}")
        if value < 0:
            raise AnchorFormatError(f"{where} '{key}' must not be negative, got {value}")
    assert isinstance(start, int) and isinstance(end, int)
    if start > end:
        raise AnchorFormatError(f"{where} 'start' ({start}) is after 'end' ({end})")
    return start, end


@dataclass(frozen=True)
class Resolution:
    """Where an anchor lands in the current text, and how sure we are."""

    status: Status
    start: int | None = None
    end: int | None = None
    score: float = 1.0

    @property
    def span(self) -> tuple[int, int] | None:
        """``(start, end)`` or ``None`` for an orphan."""
        if self.status == "orphan" or self.start is None or self.end is None:
            return None
        return self.start, self.end

    def anchor(self, text: str) -> Anchor | None:
        """The re-anchored span (fresh quote and context) to store, or None for orphans."""
        span = self.span
        if span is None:
            return None
        return Anchor.from_span(text, *span)
