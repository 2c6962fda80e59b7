"""The reader's own links as NoteBook operations with undo: add, edit (type and note), delete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .errors import NotesFileError, StoreError
from .model import LINK_TYPES, Endpoint, UserLink, new_id, now_iso
from .note_steps import Change, Command, Step, check_text
from .store import NoteStore

__all__ = ["LinkOps"]


class LinkOps:
    """Mixed into NoteBook: the links of ``links.yaml``, loaded once, each change one undo step."""

    store: NoteStore
    _links: list[UserLink] | None
    _links_error: NotesFileError | None

    def _do(self, cmd: Command) -> None:  # NoteBook's: applies, records the undo step, saves, notifies
        raise NotImplementedError

    def links(self) -> list[UserLink]:
        if self._links is None:
            try:
                self._links = self.store.load_links()
            except NotesFileError as exc:
                self._links_error = exc
                self._links = []
        return list(self._links)

    def links_error(self) -> NotesFileError | None:
        self.links()
        return self._links_error

    def links_for(self, doc_id: str) -> tuple[list[UserLink], list[UserLink]]:
        """(links starting in the document, links pointing into it: its backlinks)."""
        links = self.links()
        return (
            [lk for lk in links if lk.source.doc_id == doc_id],
            [lk for lk in links if lk.target.doc_id == doc_id],
        )

    def link(self, link_id: str) -> UserLink | None:
        return next((lk for lk in self.links() if lk.id == link_id), None)

    def link_import_steps(self, links: Sequence[UserLink]) -> list[Step]:
        """Steps putting ``links`` in keeping their own ids (an import): a new id is appended,
        a known one that differs is replaced in its place; an unchanged one makes no step."""
        current = self.links()
        at = {lk.id: i for i, lk in enumerate(current)}
        steps: list[Step] = []
        for lk in links:
            i = at.get(lk.id)
            if i is None:
                at[lk.id] = len(current) + len(steps)
                steps.append(Step("link-insert", record=lk, at=at[lk.id]))
            elif i < len(current) and current[i] != lk:
                steps += [Step("link-remove", record=current[i], at=i), Step("link-insert", record=lk, at=i)]
        if steps:
            self._links_writable()
        return steps

    def _links_writable(self) -> None:
        err = self.links_error()
        if err is not None:
            raise StoreError(f"links are read-only because {err.path} could not be read ({err.message})")
        if self.store.read_only:
            raise self.store.lock.refusal("links are read-only here")

    @staticmethod
    def _link_type(type: str) -> str:
        if type not in LINK_TYPES:
            raise ValueError(f"link type {type!r} is not one of {', '.join(LINK_TYPES)}")
        return type

    def add_link(self, source: Endpoint, target: Endpoint, type: str, note: str = "") -> tuple[UserLink, Change]:
        self._links_writable()
        self._link_type(type)
        for end in (source, target):
            check_text(end.anchor.exact, "the linked passage")
            if not end.anchor.exact:
                raise ValueError("a link needs a passage at both ends")
        link = UserLink(new_id("l"), type, source, target, check_text(note, "the link note"), now_iso())
        change = Change(
            "link-add", frozenset({source.doc_id, target.doc_id}), link_ids=frozenset({link.id}),
            description="Add Link",
        )
        self._do(Command(change, [Step("link-insert", record=link, at=len(self.links()))]))
        return link, change

    def edit_link(self, link_id: str, type: str, note: str) -> Change:
        """A link's type and one-line note, as one undo step; its two ends stay as they are."""
        return self._change_link(link_id, (self._link_type(type), check_text(note, "the link note")))

    def delete_link(self, link_id: str) -> Change:
        return self._change_link(link_id, None)

    def _change_link(self, link_id: str, edit: tuple[str, str] | None) -> Change:
        """Remove the link, or (``edit``: type, note) put it back changed in its place."""
        self._links_writable()
        at, old = next(((i, lk) for i, lk in enumerate(self.links()) if lk.id == link_id), (0, None))
        if old is None:
            raise KeyError(f"no link {link_id!r}")
        steps = [Step("link-remove", record=old, at=at)]
        if edit is not None:
            steps.append(Step("link-insert", record=replace(old, type=edit[0], note=edit[1]), at=at))
        change = Change(
            "link-delete" if edit is None else "link-edit", frozenset({old.source.doc_id, old.target.doc_id}),
            link_ids=frozenset({link_id}), description="Delete Link" if edit is None else "Edit Link",
        )
        self._do(Command(change, steps))
        return change
