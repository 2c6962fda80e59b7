"""Translation sources: refresh the .ts files from the code, fill them from a table, compile .qm."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("en", "zh_TW", "zh_CN")


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    return found


def sources() -> list[str]:
    return [str(p.relative_to(ROOT)) for p in sorted((ROOT / "reader").glob("**/*.py")) if "ui" in p.parts
            or p.name == "app.py"]


def lupdate(ts: Path, lang: str) -> None:
    """Refresh one .ts from the code: new strings arrive unfinished, gone ones are dropped."""
    subprocess.run([_tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
                    "-tr-function-alias", "tr+=_tr", "-silent",
                    "-target-language", lang, "-ts", str(ts)], cwd=ROOT, check=True)


def update() -> None:
    """Run lupdate on every shipped language; translations already made are kept."""
    for lang in LANGUAGES:
        lupdate(I18N / f"reader_{lang}.ts", lang)


def unfinished_in(ts: Path, lang: str) -> list[str]:
    """Source texts of a .ts file that have no finished translation."""
    root = ET.parse(ts).getroot()
    out = []
    for ctx in root.iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            plural = msg.get("numerus") == "yes"
            if lang == "en" and not plural:
                continue  # English shows its source text; only plural forms need writing
            if tr is None or tr.get("type") == "unfinished":
                out.append(f"{name}: {msg.findtext('source')}")
    return out


def release(out: Path = I18N) -> None:
    for lang in LANGUAGES:
        ts = I18N / f"reader_{lang}.ts"
        subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(out / f"reader_{lang}.qm")],
                       check=True)


def unfinished(lang: str) -> list[str]:
    return unfinished_in(I18N / f"reader_{lang}.ts", lang)


def fill(table: str) -> int:
    """Set translations from TSV lines ``source<TAB>zh_TW<TAB>zh_CN[<TAB>en plural]``.

    A source with ``%n`` is a plural: Chinese has one form; English gets ``singular|plural``
    from the fourth column. Returns how many messages were set.
    """
    rows: dict[str, list[str]] = {}
    for line in table.splitlines():
        if line.strip() and not line.startswith("#"):
            cols = line.split("\t")
            rows[cols[0].replace("\\n", "\n")] = [c.replace("\\n", "\n") for c in cols[1:]]
    count = 0
    for lang, col in (("zh_TW", 0), ("zh_CN", 1), ("en", 2)):
        path = I18N / f"reader_{lang}.ts"
        tree = ET.parse(path)
        for msg in tree.getroot().iter("message"):
            src = msg.findtext("source") or ""
            row = rows.get(src)
            if row is None or len(row) <= col or not row[col]:
                continue
            tr = msg.find("translation")
            assert tr is not None
            tr.attrib.pop("type", None)
            for child in list(tr):
                tr.remove(child)
            if msg.get("numerus") == "yes":
                tr.text = None
                for form in row[col].split("|"):
                    ET.SubElement(tr, "numerusform").text = form
            else:
                tr.text = row[col]
            count += 1
        tree.write(path, encoding="utf-8", xml_declaration=True)
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=("update", "fill", "release", "check"))
    args = parser.parse_args()
    if args.command == "update":
        update()
    elif args.command == "fill":
        print(f"{fill(sys.stdin.read())} messages set")
    elif args.command == "release":
        release()
    else:
        missing = {lang: unfinished(lang) for lang in LANGUAGES}
        for lang, items in missing.items():
            for item in items:
                print(f"{lang}\t{item}")
        return 1 if any(missing.values()) else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
