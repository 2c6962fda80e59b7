"""Build the fonts bundled in resources/fonts/ from Debian's Noto packages.

Why: the app must show and export (QPdfWriter) English and Chinese text on machines
that have no CJK font at all, with the text extractable exactly from the PDF. Shipping
whole Noto fonts would cost ~30 MB, so this script subsets them with fontTools.

fontTools is a build-time-only dependency: the app loads the finished files with
QFontDatabase and never imports fontTools at run time.

Needs the Debian packages fonts-noto-core and fonts-noto-cjk. Usage:

    python tools/make_fonts.py [--out resources/fonts] [--cjk-face TC]

Three things are done on purpose, each because of how QPdfWriter writes fonts. Qt builds
a PDF font's ToUnicode map by looking every BMP code point up in the font's cmap and
giving each glyph the *lowest* code point that maps to it:

* No code point in U+2E80-U+2FDF (CJK radicals supplement, Kangxi radicals) is kept:
  Noto CJK maps e.g. U+2F08 and U+4EBA to one glyph, so 人 香 白 would come out of the
  PDF as the radicals ⼈ ⾹ ⽩.
* Other code points sharing a glyph are thinned the same way (see `_thin_shared`), e.g.
  U+301C WAVE DASH is dropped so that U+FF5E FULLWIDTH TILDE, the one GB2312 and Big5
  text uses, keeps its glyph.
* No feature that substitutes glyphs into ones without a cmap entry is kept (liga,
  clig, dlig, rlig, locl, vert ...): such a glyph has no ToUnicode entry, so "first"
  would come out as "rst".
"""

from __future__ import annotations

import argparse
import collections
import glob
import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "resources" / "fonts"

NOTO_CORE_DIR = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK_DIR = Path("/usr/share/fonts/opentype/noto")
CJK_SOURCES = ("NotoSerifCJK-Regular.ttc", "NotoSansCJK-Regular.ttc")
# Hong Kong corpus: the Traditional Chinese face draws shared characters the way the
# Traditional texts expect; Simplified-only characters look the same in every face.
DEFAULT_CJK_FACE = "TC"

SERIF_FAMILY = "Reader Serif"
CJK_FAMILY = "Reader CJK"
SERIF_STYLES = {  # output style -> (source file, name ID 2, PostScript suffix)
    "Regular": ("NotoSerif-Regular.ttf", "Regular"),
    "Italic": ("NotoSerif-Italic.ttf", "Italic"),
    "Bold": ("NotoSerif-Bold.ttf", "Bold"),
    "BoldItalic": ("NotoSerif-BoldItalic.ttf", "Bold Italic"),
}

# Positioning only (GPOS) plus ccmp, whose substitutions (i + combining mark -> dotless
# i + mark) all land on glyphs that have a cmap entry in Noto Serif.
SERIF_FEATURES = ["kern", "mark", "mkmk", "ccmp"]
# GPOS kerning only: the CJK GSUB features (locl, vert, fwid, hwid, ...) all substitute
# into glyphs without a cmap entry.
CJK_FEATURES = ["kern"]
DROPPED_FEATURES = {"liga", "clig", "dlig", "rlig", "locl"}

EXCLUDED_RADICALS = range(0x2E80, 0x2FE0)  # CJK radicals supplement + Kangxi radicals
# Presentation-form ligatures (ﬁ ﬂ ...): kept out so no glyph "fi" can reach a PDF.
EXCLUDED_LIGATURES = range(0xFB00, 0xFB07)


def _ranges(*pairs: tuple[int, int]) -> set[int]:
    out: set[int] = set()
    for lo, hi in pairs:
        out.update(range(lo, hi + 1))
    return out


LATIN_CODEPOINTS = _ranges(
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x0180, 0x024F),  # Latin Extended-B
    (0x02B0, 0x02FF),  # spacing modifier letters (ˆ ˜ ˙ ʻ used by romanisations)
    (0x0300, 0x036F),  # combining diacritical marks
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese, Pinyin tone marks)
    (0x2000, 0x206F),  # general punctuation: spaces, dashes, curly quotes, …, bidi marks
    (0x20A0, 0x20CF),  # currency
    (0x2100, 0x214F),  # letterlike (№ ™ ℃)
    (0x25CC, 0x25CC),  # dotted circle, shown for a lone combining mark
    (0xFEFF, 0xFEFF),  # BOM / zero-width no-break space
    (0xFFFD, 0xFFFD),  # replacement character
)

CJK_RANGE_CODEPOINTS = _ranges(
    (0x0020, 0x007E),  # ASCII, so a CJK-only fallback still shows digits and Latin
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms
)

# UI symbols that Debian's Noto Serif (2.004) lacks; Noto CJK draws them. Only used where
# their glyph is not also some other kept code point's (see `_thin_shared`).
SYMBOL_CODEPOINTS = _ranges(
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # maths operators (− × ≠ ≤)
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ②)
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes (▲ ▶ ● ■ used as UI bullets)
    (0x2600, 0x26FF),  # miscellaneous symbols (★ ☆)
    (0x2700, 0x27BF),  # dingbats (✓)
)


def _decode_range(codec: str, first: int, last: int) -> set[int]:
    """Every character a legacy double-byte encoding gives for codes first..last."""
    out: set[int] = set()
    for code in range(first, last + 1):
        try:
            text = code.to_bytes(2, "big").decode(codec)
        except UnicodeDecodeError:
            continue
        if len(text) == 1:
            out.add(ord(text))
    return out


def gb2312_level1() -> set[int]:
    """GB2312 level-1 hanzi (3,755 common Simplified characters), rows 16-55."""
    return _decode_range("gb2312", 0xB0A1, 0xD7F9)


def big5_level1() -> set[int]:
    """Big5 level-1 frequent hanzi (5,401 common Traditional characters)."""
    return _decode_range("big5", 0xA440, 0xC67E)


def legacy_codepoints() -> set[int]:
    """All of GB2312 and Big5: the code points Chinese text most likely uses."""
    return _decode_range("gb2312", 0xA1A1, 0xF7FE) | _decode_range("big5", 0xA140, 0xF9FE)


def corpus_text(repo: Path = REPO) -> str:
    """The seed texts plus the corpus documents, whichever exist."""
    files = sorted(glob.glob(str(repo.parent / "shared" / "seeds" / "*.txt")))
    files += sorted(glob.glob(str(repo / "texts" / "*.md")))
    return "".join(Path(f).read_text(encoding="utf-8") for f in files)


def _thin_shared(
    cmap: dict[int, str], wanted: set[int], must_keep: set[int], optional: set[int]
) -> set[int]:
    """Code points to drop so each glyph keeps the code point its text most likely had.

    Qt's ToUnicode gives a shared glyph its lowest code point. Per shared glyph we keep
    the corpus code points if any (an unavoidable collision is reported); otherwise one
    code point, preferring non-`optional` ones, then those GB2312/Big5 produce, then
    the lowest.
    """
    legacy = legacy_codepoints()
    by_glyph: dict[str, list[int]] = collections.defaultdict(list)
    for cp in sorted(wanted):
        if cp in cmap:
            by_glyph[cmap[cp]].append(cp)
    drop: set[int] = set()
    for glyph, cps in by_glyph.items():
        if len(cps) < 2:
            continue
        keep = [cp for cp in cps if cp in must_keep]
        if not keep:
            keep = [min(cps, key=lambda cp: (cp in optional, cp not in legacy, cp))]
        if len(keep) > 1:
            shown = ", ".join(f"U+{cp:04X}" for cp in keep)
            print(f"  note: {shown} share glyph {glyph}; PDF text gets U+{keep[0]:04X}")
        drop.update(cp for cp in cps if cp not in keep)
    return drop


def _options(features: list[str]) -> subset.Options:
    assert not DROPPED_FEATURES & set(features)
    opts = subset.Options()
    opts.layout_features = features
    opts.hinting = False  # rendering is antialiased; halves the Latin files
    opts.name_IDs = ["*"]
    opts.name_languages = [0x0409]
    opts.glyph_names = False
    opts.notdef_outline = True
    opts.recalc_timestamp = False  # reproducible bytes
    opts.drop_tables += ["DSIG", "meta"]
    return opts


def _rename(font: TTFont, family: str, style: str, ps_name: str, version: str) -> None:
    """Give the subset its own family name so an installed Noto never wins in Qt."""
    name = font["name"]
    full = family if style == "Regular" else f"{family} {style}"
    for name_id in (1, 2, 3, 4, 6, 16, 17, 21, 22):
        name.removeNames(nameID=name_id)
    values = {
        1: family,
        2: style,
        3: f"{version};{ps_name}",
        4: full,
        6: ps_name,
        16: family,
        17: style,
    }
    for name_id, value in values.items():
        name.setName(value, name_id, 3, 1, 0x0409)
    if "CFF " in font:
        cff = font["CFF "].cff
        old = cff.fontNames[0]
        cff.fontNames = [ps_name]
        top = cff[0]
        top.FullName = full
        top.FamilyName = family
        for fd in getattr(top, "FDArray", []) or []:
            if getattr(fd, "FontName", "").startswith(old):
                fd.FontName = ps_name + fd.FontName[len(old) :]


def _subset_and_save(
    font: TTFont,
    wanted: set[int],
    must_keep: set[int],
    optional: set[int],
    features: list[str],
    out: Path,
) -> set[int]:
    cmap = font.getBestCmap()
    wanted = {cp for cp in wanted if cp in cmap}
    wanted -= set(EXCLUDED_RADICALS) | set(EXCLUDED_LIGATURES)
    wanted -= _thin_shared(cmap, wanted, must_keep, optional)
    subsetter = subset.Subsetter(_options(features))
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)
    font.save(out)
    return set(TTFont(out).getBestCmap())


def _check(path: Path, must_cover: Iterable[int]) -> None:
    cmap = TTFont(path).getBestCmap()
    radicals = [cp for cp in cmap if cp in EXCLUDED_RADICALS]
    missing = [cp for cp in must_cover if cp not in cmap]
    if radicals or missing:
        sys.exit(f"{path.name}: radicals {radicals[:5]}, missing {missing[:20]}")


def build_serif(out_dir: Path) -> None:
    for style_key, (source, style) in SERIF_STYLES.items():
        src = NOTO_CORE_DIR / source
        font = TTFont(src, lazy=False, recalcTimestamp=False)
        version = font["name"].getDebugName(5).split(";")[0]
        ps_name = f"ReaderSerif-{style_key}"
        out = out_dir / f"{ps_name}.ttf"
        kept = _subset_and_save(font, LATIN_CODEPOINTS, set(), set(), SERIF_FEATURES, out)
        font = TTFont(out, recalcTimestamp=False)
        _rename(font, SERIF_FAMILY, style, ps_name, version)
        font.save(out)
        _check(out, [])
        print(f"{out.name}: {len(kept)} code points, {out.stat().st_size:,} bytes")


def _cjk_source(face: str) -> tuple[Path, int]:
    for name in CJK_SOURCES:
        path = NOTO_CJK_DIR / name
        if not path.exists():
            continue
        for index, font in enumerate(TTCollection(path)):
            if font["name"].getDebugName(1).endswith(f" {face}"):
                return path, index
    sys.exit(f"no Noto CJK {face} face in {NOTO_CJK_DIR}: apt-get install fonts-noto-cjk")


def build_cjk(out_dir: Path, face: str) -> None:
    path, index = _cjk_source(face)
    corpus = {ord(c) for c in corpus_text() if ord(c) >= 0x20}
    gb, big5 = gb2312_level1(), big5_level1()
    wanted = corpus | gb | big5 | CJK_RANGE_CODEPOINTS | SYMBOL_CODEPOINTS
    font = TTFont(path, fontNumber=index, lazy=False, recalcTimestamp=False)
    version = font["name"].getDebugName(5).split(";")[0]
    out = out_dir / "ReaderCJK-Regular.otf"
    kept = _subset_and_save(font, wanted, corpus, SYMBOL_CODEPOINTS, CJK_FEATURES, out)
    font = TTFont(out, recalcTimestamp=False)
    _rename(font, CJK_FAMILY, "Regular", "ReaderCJK-Regular", version)
    font.save(out)
    _check(out, sorted(corpus - set(EXCLUDED_RADICALS)))
    hanzi = [cp for cp in kept if 0x3400 <= cp <= 0x9FFF or 0x20000 <= cp <= 0x3FFFF]
    print(
        f"{out.name} ({path.name} #{index}, {face}): {len(kept)} code points, "
        f"{len(hanzi)} hanzi (GB2312-1 {len(gb)}, Big5-1 {len(big5)}, "
        f"union {len(gb | big5)}, corpus {len(corpus)}), {out.stat().st_size:,} bytes"
    )


def _debian_stanza(copyright_file: Path, license_name: str) -> str:
    """The text of a `License: NAME` stanza in a Debian machine-readable copyright file."""
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    # The last `License:` line names the stanza; earlier ones belong to `Files:` paragraphs.
    start = len(lines) - lines[::-1].index(f"License: {license_name}")
    body: list[str] = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    return "\n".join(body).strip() + "\n"


def write_license(out_dir: Path, face: str) -> None:
    """OFL.txt: the copyright notices of both sources plus the OFL 1.1 text."""
    cjk_path, cjk_index = _cjk_source(face)
    fonts = [
        TTFont(NOTO_CORE_DIR / SERIF_STYLES["Regular"][0]),
        TTFont(cjk_path, fontNumber=cjk_index),
    ]
    notices = "".join(
        f"  {f['name'].getDebugName(4)}: {f['name'].getDebugName(0)}\n" for f in fonts
    )
    header = (
        "The fonts in this folder are modified (subset, renamed) versions of:\n"
        f"{notices}"
        "They are licensed under the SIL Open Font License, Version 1.1:\n\n"
    )
    text = _debian_stanza(Path("/usr/share/doc/fonts-noto-cjk/copyright"), "SIL-1.1")
    (out_dir / "OFL.txt").write_text(header + text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--cjk-face", default=DEFAULT_CJK_FACE, choices=["SC", "TC", "HK"])
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    build_serif(args.out)
    build_cjk(args.out, args.cjk_face)
    write_license(args.out, args.cjk_face)
    total = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
    print(f"total {args.out}: {total:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
