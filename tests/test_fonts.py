"""The bundled fonts: coverage, the subset rules QPdfWriter needs, and a real PDF round trip.

Runs without any system CJK font: everything CJK must come from resources/fonts/.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from PySide6.QtCore import QSizeF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextLayout,
)

from reader.pdf.fonts import (
    CJK_FAMILY,
    FONT_FILES,
    SERIF_FAMILY,
    FontFamilies,
    fonts_dir,
    reading_font,
    register_fonts,
    set_app_fallbacks,
)

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
CJK_FILE = fonts_dir() / "ReaderCJK-Regular.otf"
RADICALS = range(0x2E80, 0x2FE0)
LIGATURE_FEATURES = {"liga", "clig", "dlig", "rlig"}
SAMPLE = "first office 人 香 白 國安法 国安法 ‘soft resistance’ Ürümchi"
REBUILD = "rebuild with `python tools/make_fonts.py`"


def _cmap(path: Path) -> dict[int, str]:
    return TTFont(path).getBestCmap()


def _corpus_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) + sorted((REPO / "texts").glob("*.md"))


def test_register_fonts_is_idempotent(qapp: QGuiApplication) -> None:
    families = register_fonts()
    assert families == FontFamilies(serif="Reader Serif", cjk="Reader CJK")
    assert register_fonts() is families
    known = QFontDatabase.families()
    assert SERIF_FAMILY in known and CJK_FAMILY in known
    styles = set(QFontDatabase.styles(SERIF_FAMILY))
    assert {"Regular", "Italic", "Bold", "Bold Italic"} <= styles


def test_cjk_cmap_has_no_radicals() -> None:
    # Noto CJK maps e.g. U+2F08 and U+4EBA to one glyph; Qt's ToUnicode would then turn
    # 人 into the Kangxi radical ⼈ in every exported PDF.
    radicals = [f"U+{cp:04X}" for cp in _cmap(CJK_FILE) if cp in RADICALS]
    assert radicals == [], REBUILD


@pytest.mark.parametrize("name", FONT_FILES)
def test_no_ligatures(name: str) -> None:
    # QPdfWriter has no ToUnicode entry for a ligature glyph: "first" would export as "rst".
    font = TTFont(fonts_dir() / name)
    if "GSUB" in font:
        records = font["GSUB"].table.FeatureList.FeatureRecord
        assert not {r.FeatureTag for r in records} & LIGATURE_FEATURES, REBUILD
    assert not [cp for cp in font.getBestCmap() if 0xFB00 <= cp <= 0xFB06]


def test_no_glyph_shared_by_two_kept_code_points_except_nbsp() -> None:
    # Qt gives a shared glyph its lowest code point: U+301C would steal U+FF5E's glyph.
    by_glyph: dict[str, list[int]] = {}
    for cp, glyph in _cmap(CJK_FILE).items():
        by_glyph.setdefault(glyph, []).append(cp)
    shared = [sorted(cps) for cps in by_glyph.values() if len(cps) > 1]
    assert shared in ([], [[0x20, 0xA0]])


def test_cjk_subset_covers_the_corpus() -> None:
    files = _corpus_files()
    if not files:
        pytest.skip("no corpus texts or seeds next to this checkout")
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    cmap = _cmap(CJK_FILE)
    missing = sorted({c for c in text if ord(c) > 0x7F and ord(c) not in cmap})
    assert missing == [], f"{missing!r} not in {CJK_FILE.name}: {REBUILD}"


def test_cjk_subset_covers_common_simplified_and_traditional() -> None:
    cmap = _cmap(CJK_FILE)
    for codec, first, last in (("gb2312", 0xB0A1, 0xD7F9), ("big5", 0xA440, 0xC67E)):
        missing = []
        for code in range(first, last + 1):
            try:
                char = code.to_bytes(2, "big").decode(codec)
            except UnicodeDecodeError:
                continue
            if ord(char) not in cmap:
                missing.append(char)
        assert missing == [], f"{codec}: {''.join(missing[:20])}"


def test_serif_covers_latin_and_punctuation() -> None:
    for name in FONT_FILES[:4]:
        cmap = _cmap(fonts_dir() / name)
        for char in "AzÜüÀœŒđŁ‘’“”–—…•\u200e\u200f€\u0301":
            assert ord(char) in cmap, f"{char!r} missing from {name}"


def test_ui_symbols_come_from_the_cjk_font() -> None:
    # Debian's Noto Serif has no arrows or shapes; Reader CJK carries them.
    cmap = _cmap(CJK_FILE)
    assert all(ord(c) in cmap for c in "←→↑↓−▲▼▶●■★✓①")


def test_bundled_fonts_stay_small() -> None:
    total = sum(p.stat().st_size for p in fonts_dir().iterdir() if p.is_file())
    assert total < 10 * 1024 * 1024
    assert (fonts_dir() / "OFL.txt").is_file()


def _families_used(text: str, font: QFont) -> set[str]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return {run.rawFont().familyName() for run in layout.glyphRuns()}


def test_reading_font_takes_cjk_from_the_bundle(qapp: QGuiApplication) -> None:
    font = reading_font(11.5)
    assert font.families() == [SERIF_FAMILY, CJK_FAMILY]
    assert font.pointSizeF() == 11.5
    assert _families_used(SAMPLE, font) == {SERIF_FAMILY, CJK_FAMILY}


def test_app_fallbacks_send_cjk_to_the_bundle(qapp: QGuiApplication) -> None:
    set_app_fallbacks()
    set_app_fallbacks()  # idempotent: no duplicate substitutes
    ui_family = QGuiApplication.font().family()
    # Qt keeps substitution names lower-cased.
    assert [s.casefold() for s in QFont.substitutes(ui_family)].count("reader cjk") == 1
    assert [s.casefold() for s in QFont.substitutes(SERIF_FAMILY)] == ["reader cjk"]
    assert CJK_FAMILY in _families_used("國安法", QFont(SERIF_FAMILY))


def _write_pdf(path: Path) -> None:
    doc = QTextDocument()
    doc.setDefaultFont(reading_font(12))
    doc.setHtml(f"<p>{SAMPLE}</p><p><b>Bold 國</b> <i>Italic</i> <b><i>Both</i></b></p>")
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    painter = QPainter(writer)
    doc.setPageSize(QSizeF(writer.width(), writer.height()))
    doc.drawContents(painter)
    painter.end()


def _pdfium_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        page.close()
    finally:
        pdf.close()
    return text


def _fonts(reader: pypdf.PdfReader) -> list[pypdf.generic.DictionaryObject]:
    fonts = []
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts.append(font)
            fonts.extend(d.get_object() for d in font.get("/DescendantFonts", []))
    return fonts


def test_pdf_round_trip_keeps_text_exact_and_fonts_embedded(
    qapp: QGuiApplication, tmp_path: Path
) -> None:
    out = tmp_path / "fonts.pdf"
    _write_pdf(out)

    text = _pdfium_text(out)
    for word in SAMPLE.split() + ["Bold", "Italic", "Both"]:
        assert word in text, f"{word!r} lost in {text!r}"
    assert "first office" in text  # "fi" not swallowed by a ligature
    assert not [c for c in text if ord(c) in RADICALS], text

    fonts = _fonts(pypdf.PdfReader(out))
    names = {str(f["/BaseFont"]).split("+")[-1].lstrip("/") for f in fonts}
    assert {"ReaderSerif-Regular", "ReaderSerif-Bold", "ReaderSerif-Italic"} <= names
    assert {"ReaderSerif-BoldItalic", "ReaderCJK-Regular"} <= names
    for font in fonts:
        if font["/Subtype"] == "/Type0":
            continue  # a composite font's glyphs live in its descendant, checked too
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
