"""Property: three devices, random edits, random syncs and partial deliveries of folder
files, always converge, and no edit is lost unless deleted or written over."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sync_devices import DOC, OTHER, add_entry, add_event, edit, state, study

from reader.core.anchor import Anchor
from reader.core.model import PALETTE, Endpoint
from reader.core.sync.folder import list_updates
from reader.core.sync.run import sync_data_dir

DEVICES = 3
FIELDS = ("note", "color", "tags")
STUDY_FIELDS = {"term": ("glossary", "edit_entry"), "definition": ("glossary", "edit_entry"),
                "title": ("timeline", "edit_event")}

op = st.one_of(
    st.tuples(st.just("add"), st.integers(0, DEVICES - 1), st.integers(0, 400)),
    st.tuples(st.sampled_from(["note", "color", "tags", "delete"]), st.integers(0, DEVICES - 1),
              st.integers(0, 50)),
    st.tuples(st.sampled_from(["link", "unlink", "docnote"]), st.integers(0, DEVICES - 1), st.integers(0, 50)),
    st.tuples(st.sampled_from(["gadd", "term", "definition", "gdelete", "tadd", "title", "tdelete", "meaning"]),
              st.integers(0, DEVICES - 1), st.integers(0, 50)),
    st.tuples(st.just("sync"), st.integers(0, DEVICES - 1), st.integers(0, 0)),
    st.tuples(st.just("deliver"), st.integers(0, DEVICES * DEVICES - 1), st.integers(0, 99)),
)


@dataclass
class World:
    root: Path
    writes: dict[tuple[str, str], dict[int, Any]] = field(default_factory=dict)  # (id, field) -> device -> last
    deleted: set[str] = field(default_factory=set)
    created: set[str] = field(default_factory=set)
    counter: int = 0

    def data(self, d: int) -> Path:
        return self.root / f"device{d}"

    def folder(self, d: int) -> Path:
        return self.root / f"folder{d}"

    def wrote(self, rid: str, key: str, device: int, value: Any) -> None:
        self.writes.setdefault((rid, key), {})[device] = value

    def run(self, kind: str, d: int, n: int) -> None:
        self.counter += 1
        mine = state(self.data(d)) if kind not in ("sync", "deliver", "add", "gadd", "tadd") else None
        if kind == "add":
            start = n * 10

            def add(bk: Any) -> Any:
                return bk.add_highlight(DOC, start, start + 15, note=f"new{self.counter}")[0]

            h = edit(self.data(d), add)
            self.created.add(h.id)
            for key, value in (("note", h.note), ("color", h.color), ("tags", list(h.tags))):
                self.wrote(h.id, key, d, value)
        elif kind in FIELDS or kind == "delete":
            assert mine is not None
            hids = sorted(mine["highlights"])
            if not hids:
                return
            hid = hids[n % len(hids)]
            if kind == "delete":
                edit(self.data(d), lambda bk: bk.delete_highlight(hid))
                self.deleted.add(hid)
                return
            value: Any = {"note": f"d{d}-{self.counter}", "color": PALETTE[n % len(PALETTE)],
                          "tags": sorted({f"t{n % 3}", f"t{n % 5}"})}[kind]
            setter = {"note": "set_note", "color": "set_color", "tags": "set_tags"}[kind]
            edit(self.data(d), lambda bk: getattr(bk, setter)(hid, value))
            self.wrote(hid, kind, d, value)
        elif kind == "link":
            def link(bk: Any) -> Any:
                src = Endpoint(DOC, Anchor.from_span(bk._text(DOC), n, n + 12))
                dst = Endpoint(OTHER, Anchor.from_span(bk._text(OTHER), n * 2, n * 2 + 12))
                return bk.add_link(src, dst, "quotes", f"l{self.counter}")[0]

            self.created.add(edit(self.data(d), link).id)
        elif kind == "unlink":
            assert mine is not None
            lids = sorted(mine["links"])
            if lids:
                lid = lids[n % len(lids)]
                edit(self.data(d), lambda bk: bk.delete_link(lid))
                self.deleted.add(lid)
        elif kind == "docnote":
            text = f"doc d{d}-{self.counter}"
            edit(self.data(d), lambda bk: bk.set_document_note(DOC, text))
            self.wrote(DOC, "document_note", d, text)
        elif kind in ("gadd", "tadd"):
            name = f"{kind[0]}{self.counter}"
            rid = (add_entry if kind == "gadd" else add_event)(self.data(d), n * 10, name)
            self.created.add(rid)
            self.wrote(rid, "term" if kind == "gadd" else "title", d, name)
        elif kind in STUDY_FIELDS or kind in ("gdelete", "tdelete"):
            assert mine is not None
            root = "glossary" if kind in ("term", "definition", "gdelete") else "timeline"
            ids = sorted(e["id"] for e in mine[root])
            if not ids:
                return
            rid = ids[n % len(ids)]
            if kind.endswith("delete"):
                study(self.data(d), lambda bk: (bk.delete_entry if root == "glossary" else bk.delete_event)(rid))
                self.deleted.add(rid)
                return
            text = f"{kind} d{d}-{self.counter}"
            study(self.data(d), lambda bk: getattr(bk, STUDY_FIELDS[kind][1])(rid, **{kind: text}))
            self.wrote(rid, kind, d, text)
        elif kind == "meaning":
            color, text = PALETTE[n % len(PALETTE)], f"meaning d{d}-{self.counter}"
            edit(self.data(d), lambda bk: bk.set_color_meaning(color, text))
            self.wrote(color, "meaning", d, text)
        elif kind == "sync":
            sync_data_dir(self.data(d), self.folder(d))
        elif kind == "deliver":
            src, dst = divmod(d, DEVICES)
            files = list_updates(self.folder(src))
            if src == dst or not files:
                return
            f = files[n % len(files)]
            data = (self.folder(src) / f.name).read_bytes()
            if n % 4 == 0:
                data = data[: len(data) // 2]  # caught mid-copy
            (self.folder(dst) / f.name).write_bytes(data)

    def deliver_everything(self) -> None:
        """What a file-sync tool does in the end: each device's own files, as it last
        wrote them, everywhere (including the removal of those it compacted away)."""
        owned: dict[str, Path] = {}
        for d in range(DEVICES):
            for f in list_updates(self.folder(d)):
                if (self.folder(d) / f.name).stat().st_size and _written_by(self.data(d), f.device):
                    owned[f.name] = self.folder(d) / f.name
        for d in range(DEVICES):
            for f in list_updates(self.folder(d)):
                if f.name not in owned:
                    (self.folder(d) / f.name).unlink()
            for name, path in owned.items():
                if path.parent != self.folder(d):
                    shutil.copyfile(path, self.folder(d) / name)


def _written_by(data_dir: Path, device: str) -> bool:
    return (data_dir / "sync" / "device.json").exists() and device in (data_dir / "sync" / "device.json").read_text()


def check(world: World) -> None:
    for _ in range(2):
        for d in range(DEVICES):
            world.deliver_everything()
            sync_data_dir(world.data(d), world.folder(d))
    states = [state(world.data(d)) for d in range(DEVICES)]
    assert states[0] == states[1] == states[2]
    final = states[0]
    study_records = {e["id"]: e for root in ("glossary", "timeline") for e in final[root]}
    present = set(final["highlights"]) | set(final["links"]) | set(study_records)
    # Nothing disappears that no one deleted.
    assert world.created - world.deleted <= present
    assert present <= world.created
    for (rid, key), by_device in world.writes.items():
        if key == "document_note":
            assert final["doc_notes"].get(DOC, "") in set(by_device.values())
        elif key == "meaning":
            assert final["palette"][rid] in set(by_device.values())
        elif key in STUDY_FIELDS:
            if rid in study_records:
                assert study_records[rid][key] in set(by_device.values()), (rid, key)
        elif rid in final["highlights"]:
            # The last value some device wrote: never an older one, never a lost one.
            assert final["highlights"][rid][key] in list(by_device.values()), (rid, key)


def _run(tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, int, int]]) -> None:
    root = tmp_path_factory.mktemp("world")
    world = World(root)
    for d in range(DEVICES):
        world.folder(d).mkdir()
    for kind, d, n in ops:
        world.run(kind, d, n)
    check(world)


@settings(max_examples=8)
@given(ops=st.lists(op, min_size=3, max_size=14))
def test_devices_converge_without_losing_edits(tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, int, int]]) -> None:
    _run(tmp_path_factory, ops)


@pytest.mark.slow
@settings(max_examples=max(8, settings().max_examples // 25))
@given(ops=st.lists(op, min_size=3, max_size=40))
def test_devices_converge_without_losing_edits_long(tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, int, int]]) -> None:
    _run(tmp_path_factory, ops)
