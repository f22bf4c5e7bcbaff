"""Messages that workers post back to the main screen (they carry results, never widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from tui.notes.model import Library

if TYPE_CHECKING:
    from tui.search.engine import SearchEngine


class LibraryLoaded(Message):
    """The content finished loading (first time or after a reload)."""

    def __init__(self, library: Library, titles: Any, reload: bool = False) -> None:
        super().__init__()
        self.library = library
        self.titles = titles
        """A title matcher for the library (usable before the full index is open), or None."""
        self.reload = reload


class TitlesReady(Message):
    """A title matcher was built for `library` (title search until the index is open)."""

    def __init__(self, library: Library, titles: Any) -> None:
        super().__init__()
        self.library = library
        self.titles = titles


class IndexProgress(Message):
    """The search index is being built: `done` of `total` notes."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        """Only the newest progress matters."""
        return isinstance(message, IndexProgress)


class IndexReady(Message):
    """The full search index can be used."""

    def __init__(self, engine: SearchEngine) -> None:
        super().__init__()
        self.engine = engine


class IndexFailed(Message):
    """The index could not be opened or built; title search keeps working."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


@dataclass(frozen=True)
class ShownHit:
    """One note a search found, as the screen shows it."""

    note_id: str
    match_count: int
    """Matches in its text (at least 1 when it was found by its text)."""
    complete: bool = True
    """It holds every word of the query."""
    reason: str = ""
    """Why it matched when its text does not show the query (``別名: PII``)."""


class SearchDone(Message):
    """A search finished. `seq` tells the screen whether it is still wanted."""

    def __init__(
        self,
        seq: int,
        query: str,
        hits: list[ShownHit],
        suggestion: str | None,
        highlighter: Any,
        words: int = 1,
        closest: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.seq = seq
        self.query = query
        self.hits = hits
        self.suggestion = suggestion
        self.highlighter = highlighter
        self.words = words
        """How many things the query asks for."""
        self.closest = closest or []
        """When nothing was found: the nearest titles."""
