"""The window's saved state: damaged values read as unset, only changed keys are written."""

from __future__ import annotations

from dataclasses import replace

from reader.core.export_jobs import ImportSummary
from reader.core.window_state import USER_NAME_KEY, EditorialMarks, Theme, WindowState


def test_valid_values_load() -> None:
    saved = {"last_document": "d", "positions": {"d": 40}, "geometry": "AAA=", "splitter": [1, 2, 3],
             "zoom": 2, "theme": "dark", "side_tab": 3, "editorial_marks": "glossary", USER_NAME_KEY: " Ada "}
    st = WindowState.load(saved.get)
    assert st == WindowState("d", {"d": 40}, "AAA=", (1, 2, 3), 2, Theme.DARK, 3, EditorialMarks.GLOSSARY, "Ada")
    assert st.position("d") == 40 and st.position("other") == 0
    assert st.side_tab_in(5) == 3 and st.side_tab_in(3) is None


def test_damaged_values_read_as_unset() -> None:
    saved = {"last_document": 7, "positions": {"d": "x", "e": -1, 3: 4, "f": 9}, "geometry": b"x",
             "splitter": [1, 2], "zoom": True, "theme": "purple", "side_tab": "2", "editorial_marks": None,
             USER_NAME_KEY: ["a"]}
    assert WindowState.load(saved.get) == WindowState(positions={"f": 9})
    assert WindowState.load(lambda _k: None) == WindowState()
    assert WindowState.load({"positions": [1, 2], "splitter": "1,2,3"}.get) == WindowState()


def test_only_changed_keys_are_written_as_plain_values() -> None:
    before = WindowState.load({"theme": "light", "positions": {"a": 1}}.get)
    after = replace(before.with_position("b", 20), splitter=(4, 5, 6), theme=Theme.DARK)
    changed = after.changed_since(before)
    assert changed == {"positions": {"a": 1, "b": 20}, "splitter": [4, 5, 6], "theme": "dark"}
    assert type(changed["theme"]) is str  # YAML stores a plain string, not the enum
    assert after.changed_since(after) == {}
    assert WindowState.load(after.to_values().get) == after


def test_import_summary_says_annotation_in_the_singular() -> None:
    assert ImportSummary("a.json", 1, 1).text() == "imported 1 annotation from a.json (1 new, 0 already present)"
    two = ImportSummary("b.pdf", 2, 0, ("x", "y"))
    assert two.text() == "imported 2 annotations from b.pdf (0 new, 2 already present); skipped 2: x; y"
