"""Every module of reader/ stays small enough to read: under 600 lines, opening with its one job."""

from __future__ import annotations

import ast
from pathlib import Path

READER = Path(__file__).resolve().parents[1] / "reader"


def test_no_module_is_over_600_lines() -> None:
    long = {str(p.relative_to(READER)): n for p in READER.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert long == {}


def test_every_module_opens_with_a_one_line_docstring() -> None:
    missing = []
    for p in READER.rglob("*.py"):
        doc = ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
        if not doc or not doc.splitlines()[0].strip():
            missing.append(str(p.relative_to(READER)))
    assert missing == []
