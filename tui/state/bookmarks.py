"""Bookmarks: an ordered list of notes the user marked, kept in `bookmarks.json`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.state.files import VERSION, StateError, StateFile, read_json

if TYPE_CHECKING:
    from tui.notes.model import Library, Note


@dataclass(frozen=True)
class Bookmark:
    """One bookmarked note, with the title it had when it was added."""

    note_id: str
    title: str
    added: datetime
    """When the bookmark was added (timezone-aware)."""


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


class Bookmarks(StateFile):
    """The user's bookmarks in the order they were added (or moved to).

    Ids of notes that no longer exist are kept, since the notes may come back; `resolve`
    gives only the ones a library has.
    """

    file_name = "bookmarks.json"

    def __init__(self, items: Iterable[Bookmark] = (), *, path: Path | None = None) -> None:
        super().__init__(path)
        self._items: list[Bookmark] = []
        self._ids: set[str] = set()
        for bookmark in items:
            if bookmark.note_id not in self._ids:
                self._ids.add(bookmark.note_id)
                self._items.append(bookmark)

    @classmethod
    def load(cls, data_dir: Path | str) -> Bookmarks:
        """Load `bookmarks.json` from `data_dir`; empty (with `load_notice`) if it was bad."""
        path = Path(data_dir) / cls.file_name
        items, notice = read_json(path, parse_bookmarks)
        bookmarks = cls(items or (), path=path)
        bookmarks.load_notice = notice
        return bookmarks

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
        self._items.append(Bookmark(note_id, title, now or _now()))
        self._ids.add(note_id)
        self.changed = True
        return True

    def remove(self, note_id: str) -> bool:
        """Remove a note's bookmark; False if there was none."""
        n = self._index(note_id)
        if n is None:
            return False
        del self._items[n]
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
        return {
            "version": VERSION,
            "bookmarks": [
                {
                    "note_id": bookmark.note_id,
                    "title": bookmark.title,
                    "added": bookmark.added.isoformat(timespec="seconds"),
                }
                for bookmark in self._items
            ],
        }
