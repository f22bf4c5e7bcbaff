"""Messages that workers post back to the main screen (they carry results, never widgets)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from tui.notes.model import Library

if TYPE_CHECKING:
    from tui.search.engine import SearchEngine
    from tui.search.session import Outcome
    from tui.search.titles import TitleMatcher


class LibraryLoaded(Message):
    """The content finished loading (first time or after a reload)."""

    def __init__(self, library: Library, titles: TitleMatcher | None, reload: bool = False) -> None:
        super().__init__()
        self.library = library
        self.titles = titles
        """A title matcher for the library (usable before the full index is open), or None."""
        self.reload = reload


class TitlesReady(Message):
    """A title matcher was built for `library` (title search until the index is open)."""

    def __init__(self, library: Library, titles: TitleMatcher) -> None:
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


class SearchDone(Message):
    """A search finished; its `seq` tells the screen whether it is still wanted."""

    def __init__(self, outcome: Outcome, first_text: tuple[str, str | None] | None = None) -> None:
        super().__init__()
        self.outcome = outcome
        self.first_text = first_text
        """(id, Markdown shown for it) of the best note, made in the worker: a page of the API
        reference lists the notes naming it, found by another search (None: not made)."""
