"""Back/forward history of visited notes and sections, kept in `history.json`.

It works like a browser's: visiting a place drops everything ahead of the current entry, and
the current entry is where kumonote reopens at the next start.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.state.files import VERSION, StateError, StateFile, read_json

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
    out: list[HistoryEntry] = []
    current = -1
    for n, entry in enumerate(entries):
        if keep is not None and not keep(entry.note_id):
            if n == index:
                current = len(out) - 1
            continue
        if out and out[-1].same_place(entry):
            if current != len(out) - 1 or n <= index:
                out[-1] = entry
        else:
            out.append(entry)
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


class History(StateFile):
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

    @classmethod
    def load(cls, data_dir: Path | str, *, cap: int = DEFAULT_CAP) -> History:
        """Load `history.json` from `data_dir`; empty (with `load_notice`) if it was bad."""
        path = Path(data_dir) / cls.file_name
        loaded, notice = read_json(path, parse_history)
        entries, current = loaded or ([], -1)
        history = cls(entries, current, cap=cap, path=path)
        history.load_notice = notice
        return history

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
        del self._entries[self._index + 1:]
        if self._entries and self._entries[-1].same_place(entry):
            self._entries[-1] = entry
        else:
            self._entries.append(entry)
        if len(self._entries) > self.cap:
            del self._entries[: len(self._entries) - self.cap]
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
        entries, index = _normalize(
            self._entries, self._index, self.cap, lambda note_id: library.get(note_id) is not None
        )
        if entries != self._entries or index != self._index:
            self._entries, self._index = entries, index
            self.changed = True
        return before - len(entries)

    def clear(self) -> None:
        """Forget all history."""
        if self._entries:
            self._entries, self._index = [], -1
            self.changed = True

    def to_json(self) -> dict[str, Any]:
        """The `history.json` document."""
        return {
            "version": VERSION,
            "current": self._index if self._entries else None,
            "entries": [
                {"note_id": entry.note_id, "anchor": entry.anchor, "scroll": entry.scroll}
                for entry in self._entries
            ],
        }
