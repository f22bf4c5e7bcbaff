"""Back/forward history of visited notes and sections, kept in `history.json`.

It works like a browser's: visiting a place drops everything ahead of the current entry, and
the current entry is where kumonote reopens at the next start.

When another kumonote process saved history since this one loaded or saved it, a save keeps
that history and adds to its end the places visited here since, and the current entry is this
process's own; scroll offsets changed here go to their entries in the file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.state.files import VERSION, StateError, StateFile

if TYPE_CHECKING:
    from tui.notes.model import Library

DEFAULT_CAP = 200
"""How many entries history keeps; the oldest go first."""


@dataclass(frozen=True)
class HistoryEntry:
    """A place in a note: its id, the section anchor ("" for the top) and the scroll offset."""

    note_id: str
    anchor: str = ""
    scroll: int = 0
    """Lines scrolled from the top of the note."""

    def same_place(self, other: HistoryEntry) -> bool:
        """Whether both entries are the same note and section (scroll aside)."""
        return self.note_id == other.note_id and self.anchor == other.anchor


def _offset(scroll: float) -> int:
    """A scroll offset as stored: a whole number of lines, never negative."""
    return max(0, round(scroll)) if math.isfinite(scroll) else 0


def _kept_positions(
    entries: Sequence[HistoryEntry],
    index: int,
    cap: int,
    keep: Callable[[str], bool] | None = None,
) -> tuple[list[int], int]:
    """The positions `_normalize` keeps, in order, and where the current entry is among them."""
    out: list[int] = []
    current = -1
    for n, entry in enumerate(entries):
        if keep is not None and not keep(entry.note_id):
            if n == index:
                current = len(out) - 1
            continue
        if out and entries[out[-1]].same_place(entry):
            if current != len(out) - 1 or n <= index:
                out[-1] = n
        else:
            out.append(n)
        if n == index:
            current = len(out) - 1
    if not out:
        return [], -1
    current = max(0, min(current, len(out) - 1))
    if len(out) > cap:
        drop = len(out) - cap
        del out[:drop]
        current = max(0, current - drop)
    return out, current


def _normalize(
    entries: Sequence[HistoryEntry],
    index: int,
    cap: int,
    keep: Callable[[str], bool] | None = None,
) -> tuple[list[HistoryEntry], int]:
    """Drop entries `keep` rejects, collapse neighbours at the same place, apply the cap.

    Returns the entries and the position of the current one (-1 when empty). The current
    entry survives a collapse with its own scroll offset; a removed current entry gives way
    to the nearest one before it.
    """
    positions, current = _kept_positions(entries, index, cap, keep)
    return [entries[n] for n in positions], current


def _find(entries: Sequence[HistoryEntry], entry: HistoryEntry) -> int | None:
    """The last position holding `entry`, else the last at its place; None if neither."""
    for test in (entry.__eq__, entry.same_place):
        for n in range(len(entries) - 1, -1, -1):
            if test(entries[n]):
                return n
    return None


def parse_history(document: dict[str, Any]) -> tuple[list[HistoryEntry], int]:
    """The entries and current position of a `history.json` document; StateError if malformed."""
    items = document.get("entries")
    if not isinstance(items, list):
        raise StateError("wrong shape: entries is not a list")
    entries: list[HistoryEntry] = []
    for n, item in enumerate(items):
        where = f"entries[{n}]"
        if not isinstance(item, dict):
            raise StateError(f"wrong shape: {where} is not an object")
        note_id, anchor, scroll = item.get("note_id"), item.get("anchor", ""), item.get("scroll", 0)
        if not isinstance(note_id, str) or not note_id:
            raise StateError(f"wrong shape: {where}.note_id is not a non-empty string")
        if not isinstance(anchor, str):
            raise StateError(f"wrong shape: {where}.anchor is not a string")
        if type(scroll) is not int or scroll < 0:
            raise StateError(f"wrong shape: {where}.scroll is not a whole number >= 0")
        entries.append(HistoryEntry(note_id, anchor, scroll))
    current = document.get("current")
    if not entries:
        if current is not None:
            raise StateError("wrong shape: current is set but there are no entries")
        return [], -1
    if type(current) is not int or not 0 <= current < len(entries):
        raise StateError("wrong shape: current is not a position in entries")
    return entries, current


class History(StateFile[tuple[list[HistoryEntry], int]]):
    """Visited places with a current position, capped at `cap` entries."""

    file_name = "history.json"

    def __init__(
        self,
        entries: Sequence[HistoryEntry] = (),
        current: int | None = None,
        *,
        cap: int = DEFAULT_CAP,
        path: Path | None = None,
    ) -> None:
        super().__init__(path)
        if cap < 1:
            raise ValueError("history needs room for at least one entry")
        self.cap = cap
        last = len(entries) - 1
        index = last if current is None else max(0, min(current, last))
        self._entries, self._index = _normalize(entries, index, cap)
        self._origins: list[HistoryEntry | None] = []
        """For each entry, what it was in the file (None: visited since the last save)."""
        self._base: tuple[list[HistoryEntry], int] = ([], -1)
        """The file's entries and position as last loaded or saved."""
        self._pruned: set[str] = set()
        """Notes whose entries `prune` dropped since the last save."""
        self._cleared = False
        self.forget_changes()

    @classmethod
    def load(cls, data_dir: Path | str, *, cap: int = DEFAULT_CAP) -> History:
        """Load `history.json` from `data_dir`, keeping `cap` entries (see `StateFile.load`)."""
        return cls.load_with(data_dir, partial(cls.from_content, cap=cap))

    @classmethod
    def from_content(
        cls,
        content: tuple[list[HistoryEntry], int] | None,
        path: Path,
        *,
        cap: int = DEFAULT_CAP,
    ) -> History:
        """The history of `path` holding `content` (None: no visits yet), capped at `cap`."""
        entries, current = content or ([], -1)
        return cls(entries, current, cap=cap, path=path)

    @property
    def entries(self) -> tuple[HistoryEntry, ...]:
        """All entries, oldest first."""
        return tuple(self._entries)

    @property
    def index(self) -> int:
        """Position of the current entry in `entries` (-1 when history is empty)."""
        return self._index

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def current(self) -> HistoryEntry | None:
        """The entry being shown, or None before the first visit."""
        return self._entries[self._index] if self._entries else None

    @property
    def last(self) -> HistoryEntry | None:
        """Where to reopen at start-up: the entry that was current when history was saved."""
        return self.current

    @property
    def can_go_back(self) -> bool:
        """Whether `back` has somewhere to go."""
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        """Whether `forward` has somewhere to go."""
        return 0 <= self._index < len(self._entries) - 1

    def visit(self, entry: HistoryEntry) -> None:
        """Record a newly shown place; drops the forward entries, like a browser.

        Visiting the current place again only replaces its scroll offset.
        """
        if not entry.note_id:
            raise ValueError("a history entry needs a note id")
        entry = replace(entry, scroll=_offset(entry.scroll))
        del self._entries[self._index + 1 :]
        del self._origins[self._index + 1 :]
        if self._entries and self._entries[-1].same_place(entry):
            self._entries[-1] = entry
        else:
            self._entries.append(entry)
            self._origins.append(None)
        if len(self._entries) > self.cap:
            del self._entries[: len(self._entries) - self.cap]
            del self._origins[: len(self._origins) - self.cap]
        self._index = len(self._entries) - 1
        self.changed = True

    def back(self) -> HistoryEntry | None:
        """Step back; the entry to restore, or None when there is nothing before."""
        if not self.can_go_back:
            return None
        self._index -= 1
        self.changed = True
        return self._entries[self._index]

    def forward(self) -> HistoryEntry | None:
        """Step forward; the entry to restore, or None when there is nothing after."""
        if not self.can_go_forward:
            return None
        self._index += 1
        self.changed = True
        return self._entries[self._index]

    def update_current(self, *, scroll: float) -> None:
        """Remember how far the current entry is scrolled (before leaving it or quitting)."""
        if not self._entries:
            return
        offset = _offset(scroll)
        entry = self._entries[self._index]
        if entry.scroll != offset:
            self._entries[self._index] = replace(entry, scroll=offset)
            self.changed = True

    def prune(self, library: Library) -> int:
        """Forget entries whose notes `library` lacks; returns how many entries went."""
        before = len(self._entries)
        positions, index = _kept_positions(
            self._entries, self._index, self.cap, lambda note_id: library.get(note_id) is not None
        )
        entries = [self._entries[n] for n in positions]
        if entries != self._entries or index != self._index:
            self._pruned.update(e.note_id for e in self._entries if library.get(e.note_id) is None)
            self._origins = [self._origins[n] for n in positions]
            self._entries, self._index = entries, index
            self.changed = True
        return before - len(entries)

    def clear(self) -> None:
        """Forget all history."""
        if self._entries:
            self._entries, self._origins, self._index = [], [], -1
            self._cleared = True
            self.changed = True

    def to_json(self) -> dict[str, Any]:
        """The `history.json` document."""
        return _document(self._entries, self._index)

    @staticmethod
    def parse(document: dict[str, Any]) -> tuple[list[HistoryEntry], int]:
        """The entries and current position of a `history.json` document."""
        return parse_history(document)

    def merged(
        self, on_disk: tuple[list[HistoryEntry], int]
    ) -> tuple[dict[str, Any], Callable[[], None]]:
        """This process's visits since the last save added to the end of the file's history.

        When the file is as this process last saw it (or history was cleared here), what is
        in memory is written as it is. Otherwise scroll offsets changed here are applied to
        their entries in the file, the new visits follow its last entry (a visit to the place
        it ends at replaces that entry), and the current entry is this process's.
        """
        disk = _normalize(on_disk[0], on_disk[1], self.cap)
        if self._cleared or disk == self._base:
            return self.to_json(), lambda: None
        merged = [e for e in disk[0] if e.note_id not in self._pruned]
        current: int | None = None
        pairs = list(zip(self._entries, self._origins, strict=True))
        for n, (entry, origin) in enumerate(pairs):
            if origin is None or (entry == origin and n != self._index):
                continue
            found = _find(merged, origin)
            if found is not None:
                merged[found] = entry
                if n == self._index:
                    current = found
        for n, (entry, origin) in enumerate(pairs):
            if origin is None or (n == self._index and current is None):
                if merged and merged[-1].same_place(entry):
                    merged[-1] = entry
                else:
                    merged.append(entry)
                if n == self._index:
                    current = len(merged) - 1
        entries, index = _normalize(merged, -1 if current is None else current, self.cap)

        def adopt() -> None:
            self._entries, self._index = entries, index

        return _document(entries, index), adopt

    def forget_changes(self) -> None:
        """Start recording changes afresh (the file now holds these entries)."""
        self._origins = list(self._entries)
        self._base = (list(self._entries), self._index)
        self._pruned = set()
        self._cleared = False


def _document(entries: Iterable[HistoryEntry], index: int) -> dict[str, Any]:
    items = [
        {"note_id": entry.note_id, "anchor": entry.anchor, "scroll": entry.scroll}
        for entry in entries
    ]
    return {"version": VERSION, "current": index if items else None, "entries": items}
