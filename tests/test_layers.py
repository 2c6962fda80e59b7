"""Imports point down: reader/core knows no Qt and no upper layer; reader/pdf knows no window or CLI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "reader"

# layer -> module prefixes it must never import, at any depth (module top, functions, TYPE_CHECKING)
FORBIDDEN = {
    "reader.core": ("reader.ui", "reader.pdf", "reader.app", "reader.cli", "reader.__main__",
                    "PySide6", "shiboken6", "PyQt5", "PyQt6"),
    "reader.pdf": ("reader.ui", "reader.app", "reader.cli", "reader.__main__"),
}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """Every module ``path`` imports, as absolute names (relative imports resolved), with
    the line; ``from X import Y`` also counts X.Y, since Y may be a submodule."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{a.name}") for a in node.names if a.name != "*"]
    return found


def violations(root: Path = PACKAGE) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        name = module_name(path, root)
        for layer, banned in FORBIDDEN.items():
            if name != layer and not name.startswith(layer + "."):
                continue
            flagged: dict[int, str] = {}
            for line, target in imported_modules(path, root):
                if any(target == b or target.startswith(b + ".") for b in banned):
                    flagged.setdefault(line, target)  # one report per import statement
            out += [f"{path.relative_to(root.parent)}:{line}: {name} imports {t}" for line, t in flagged.items()]
    return out


def test_imports_point_down() -> None:
    assert violations() == []


@pytest.mark.parametrize(("file", "source"), [
    ("core/bad.py", "from ..pdf.export import export_pdf\n"),
    ("core/bad.py", "def f():\n    from reader.ui import panels\n"),
    ("core/sub/bad.py", "from ...cli import main\n"),
    ("core/bad.py", "from .. import app\n"),
    ("core/bad.py", "import PySide6.QtGui\n"),
    ("core/bad.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shiboken6 import Shiboken\n"),
    ("pdf/bad.py", "from ..ui.main_window import MainWindow\n"),
    ("pdf/bad.py", "def g():\n    import reader.cli\n"),
])
def test_a_planted_upward_import_is_caught(tmp_path: Path, file: str, source: str) -> None:
    root = tmp_path / "reader"
    for sub in ("core", "core/sub", "pdf", "ui"):
        (root / sub).mkdir(parents=True, exist_ok=True)
        (root / sub / "__init__.py").write_text("")
    (root / "core" / "fine.py").write_text("from .model import Highlight\nfrom . import anchor\nimport json\n")
    (root / "pdf" / "fine.py").write_text("from reader.core import w3c\nfrom .layout import Typesetter\n")
    assert violations(root) == []
    (root / file).write_text(source)
    found = violations(root)
    assert len(found) == 1 and found[0].startswith(f"reader/{file}:"), found


def test_importing_core_does_not_load_qt() -> None:
    code = (
        "import sys, importlib, pkgutil, reader.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('reader.core.' + m.name)\n"
        "print(sorted({k.split('.')[0] for k in sys.modules if k.startswith(('PySide6', 'reader.pdf', 'reader.ui'))}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
