"""Bookmarks: an ordered list of notes the user marked, kept in `bookmarks.json`.

Adds, removals and moves are recorded until the next save, which replays them onto the list
in the file, so bookmarks another kumonote process saved meanwhile are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tui.state.files import VERSION, StateError, StateFile

if TYPE_CHECKING:
    from tui.notes.model import Library, Note


@dataclass(frozen=True)
class Bookmark:
    """One bookmarked note, with the title it had when it was added."""

    note_id: str
    title: str
    added: datetime
    """When the bookmark was added (timezone-aware)."""


@dataclass(frozen=True)
class _Change:
    """One change made since the last load or save, to replay onto the file's list."""

    kind: Literal["add", "remove", "move"]
    bookmark: Bookmark
    offset: int = 0


def _position(items: list[Bookmark], note_id: str) -> int | None:
    for n, bookmark in enumerate(items):
        if bookmark.note_id == note_id:
            return n
    return None


def _replay(items: list[Bookmark], change: _Change) -> None:
    """Apply `change` to `items` (the list in the file) in place.

    An add of a note already there keeps its place and takes this title. A removal spares a
    bookmark added again after the one removed here (by another process). A move shifts by
    the same offset, clamped to the list.
    """
    n = _position(items, change.bookmark.note_id)
    if change.kind == "add":
        if n is None:
            items.append(change.bookmark)
        else:
            items[n] = replace(items[n], title=change.bookmark.title)
    elif change.kind == "remove":
        if n is not None and items[n].added <= change.bookmark.added:
            del items[n]
    elif n is not None:
        target = max(0, min(len(items) - 1, n + change.offset))
        items.insert(target, items.pop(n))


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _parse_time(value: object, where: str) -> datetime:
    if not isinstance(value, str):
        raise StateError(f"wrong shape: {where} is not a string")
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise StateError(f"wrong shape: {where} is not an ISO 8601 time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def parse_bookmarks(document: dict[str, Any]) -> list[Bookmark]:
    """The bookmarks of a `bookmarks.json` document; raise StateError if it is malformed."""
    items = document.get("bookmarks")
    if not isinstance(items, list):
        raise StateError("wrong shape: bookmarks is not a list")
    bookmarks: list[Bookmark] = []
    seen: set[str] = set()
    for n, item in enumerate(items):
        where = f"bookmarks[{n}]"
        if not isinstance(item, dict):
            raise StateError(f"wrong shape: {where} is not an object")
        note_id, title = item.get("note_id"), item.get("title")
        if not isinstance(note_id, str) or not note_id:
            raise StateError(f"wrong shape: {where}.note_id is not a non-empty string")
        if not isinstance(title, str):
            raise StateError(f"wrong shape: {where}.title is not a string")
        added = _parse_time(item.get("added"), f"{where}.added")
        if note_id not in seen:
            seen.add(note_id)
            bookmarks.append(Bookmark(note_id, title, added))
    return bookmarks


class Bookmarks(StateFile[list[Bookmark]]):
    """The user's bookmarks in the order they were added (or moved to).

    Ids of notes that no longer exist are kept, since the notes may come back; `resolve`
    gives only the ones a library has.
    """

    file_name = "bookmarks.json"

    def __init__(self, items: Iterable[Bookmark] = (), *, path: Path | None = None) -> None:
        super().__init__(path)
        self._items: list[Bookmark] = []
        self._ids: set[str] = set()
        self._changes: list[_Change] = []
        self._set_items(items)

    def _set_items(self, items: Iterable[Bookmark]) -> None:
        self._items, self._ids = [], set()
        for bookmark in items:
            if bookmark.note_id not in self._ids:
                self._ids.add(bookmark.note_id)
                self._items.append(bookmark)

    @classmethod
    def from_content(cls, content: list[Bookmark] | None, path: Path) -> Bookmarks:
        """The bookmarks of `path` holding `content` (None: none yet)."""
        return cls(content or (), path=path)

    @property
    def items(self) -> tuple[Bookmark, ...]:
        """All bookmarks, in order."""
        return tuple(self._items)

    def __iter__(self) -> Iterator[Bookmark]:
        return iter(tuple(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, note_id: object) -> bool:
        return isinstance(note_id, str) and self.contains(note_id)

    def _index(self, note_id: str) -> int | None:
        if note_id not in self._ids:
            return None
        for n, bookmark in enumerate(self._items):
            if bookmark.note_id == note_id:
                return n
        return None

    def contains(self, note_id: str) -> bool:
        """Whether the note is bookmarked."""
        return note_id in self._ids

    def get(self, note_id: str) -> Bookmark | None:
        """The bookmark of this note, or None."""
        n = self._index(note_id)
        return None if n is None else self._items[n]

    def add(self, note_id: str, title: str, *, now: datetime | None = None) -> bool:
        """Bookmark a note at the end of the list; False if it already was."""
        if not note_id:
            raise ValueError("a bookmark needs a note id")
        if self.contains(note_id):
            return False
        bookmark = Bookmark(note_id, title, now or _now())
        self._items.append(bookmark)
        self._ids.add(note_id)
        self._changes.append(_Change("add", bookmark))
        self.changed = True
        return True

    def remove(self, note_id: str) -> bool:
        """Remove a note's bookmark; False if there was none."""
        n = self._index(note_id)
        if n is None:
            return False
        self._changes.append(_Change("remove", self._items.pop(n)))
        self._ids.discard(note_id)
        self.changed = True
        return True

    def toggle(self, note_id: str, title: str, *, now: datetime | None = None) -> bool:
        """Add the bookmark if missing, remove it if present; True if the note is now bookmarked."""
        if self.remove(note_id):
            return False
        return self.add(note_id, title, now=now)

    def move(self, note_id: str, offset: int) -> bool:
        """Move a bookmark `offset` places (negative: up), clamped; False if nothing moved."""
        n = self._index(note_id)
        if n is None:
            return False
        target = max(0, min(len(self._items) - 1, n + offset))
        if target == n:
            return False
        self._items.insert(target, self._items.pop(n))
        self._changes.append(_Change("move", self._items[target], target - n))
        self.changed = True
        return True

    def resolve(self, library: Library) -> list[tuple[Bookmark, Note]]:
        """The bookmarks whose notes `library` has, in order, each with its note."""
        pairs: list[tuple[Bookmark, Note]] = []
        for bookmark in self._items:
            note = library.get(bookmark.note_id)
            if note is not None:
                pairs.append((bookmark, note))
        return pairs

    def missing(self, library: Library) -> list[Bookmark]:
        """The bookmarks whose notes `library` does not have (kept, not deleted)."""
        return [bookmark for bookmark in self._items if library.get(bookmark.note_id) is None]

    def to_json(self) -> dict[str, Any]:
        """The `bookmarks.json` document."""
        return _document(self._items)

    @staticmethod
    def parse(document: dict[str, Any]) -> list[Bookmark]:
        """The bookmarks of a `bookmarks.json` document; StateError if it is malformed."""
        return parse_bookmarks(document)

    def merged(self, on_disk: list[Bookmark]) -> tuple[dict[str, Any], Callable[[], None]]:
        """The changes since the last load or save replayed onto the list in the file."""
        items = list(on_disk)
        for change in self._changes:
            _replay(items, change)
        return _document(items), lambda: self._set_items(items)

    def forget_changes(self) -> None:
        """Start recording changes afresh (the file now holds this list)."""
        self._changes = []


def _document(items: Iterable[Bookmark]) -> dict[str, Any]:
    return {
        "version": VERSION,
        "bookmarks": [
            {
                "note_id": bookmark.note_id,
                "title": bookmark.title,
                "added": bookmark.added.isoformat(timespec="seconds"),
            }
            for bookmark in items
        ],
    }
