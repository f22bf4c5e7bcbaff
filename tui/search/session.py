"""One reader's search as it goes: the query, the search running, the one waiting, the result.

Plain Python, so the rules are tested without an app: each edit of the query asks for a search;
while one runs, later edits coalesce into the next; a result that a newer query made stale is
dropped. The screen runs the searches (in a worker) and draws what this holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from tui.notes.model import Library
from tui.search.highlight import Highlighter
from tui.search.results import SearchResult

RESULT_LIMIT = 100
"""The best this many notes are shown in the tree ("100+ 件" when there are more).

A tree refilled with 200 notes on every key cost about 15 ms more at 10,000 notes, for rows
nobody scrolls to while typing; more words narrow a search faster than scrolling does.
"""


class Searcher(Protocol):
    """What answers queries: the full index (`SearchEngine`) or, until it opens, the titles."""

    def search(self, query: str, limit: int = 50, *, snippets: bool = True) -> SearchResult:
        """Hits for `query`, best first."""
        ...


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


@dataclass(frozen=True)
class Found:
    """What a search found, as the status line tells it."""

    shown: int
    """Notes listed (at most the tree's limit)."""
    more: bool
    """More notes were found than are listed."""
    words: int = 1
    """Things the query asks for."""
    complete: int = -1
    """Listed notes that hold every word (-1: all of them)."""

    def count(self, short: bool = False) -> str:
        """``12 件``, or with several words ``全語一致 2 件 · 一部 5 件`` (`short`:
        ``全語 2 · 一部 5 件``)."""
        plus = "+" if self.more else ""
        complete = self.shown if self.complete < 0 else min(self.complete, self.shown)
        every, some = ("全語", "一部") if short else ("全語一致", "一部一致")
        if self.words <= 1:
            return f"{self.shown}{plus} 件"
        if complete == self.shown:
            return f"{every} {self.shown}{plus} 件"
        if complete == 0:
            return f"{some} {self.shown}{plus} 件"
        if short:
            return f"{every} {complete} · 一部 {self.shown - complete}{plus} 件"
        return f"{every} {complete} 件 · 一部 {self.shown - complete}{plus} 件"


@dataclass(frozen=True)
class Outcome:
    """A finished search, as the screen needs it (made in the worker, read on the UI thread)."""

    seq: int
    query: str
    hits: list[ShownHit] = field(default_factory=list)
    """Up to one more than `RESULT_LIMIT`, best first (one more tells that there are more)."""
    suggestion: str | None = None
    highlighter: Highlighter | None = None
    words: int = 1
    closest: list[str] = field(default_factory=list)
    """When nothing was found: the nearest titles."""


def run_search(searcher: Searcher | None, library: Library | None, seq: int, query: str) -> Outcome:
    """Search `query` and count each hit's matches (title search does not count them)."""
    if searcher is None:
        return Outcome(seq, query)
    result = searcher.search(query, limit=RESULT_LIMIT + 1, snippets=False)
    highlighter = result.highlighter
    hits = []
    for hit in result.hits:
        count = hit.match_count
        note = library.get(hit.note_id) if library is not None else None
        if not count and note is not None:
            count = highlighter.count(note.body)
        hits.append(ShownHit(hit.note_id, count, hit.complete, hit.reason))
    return Outcome(seq, query, hits, result.suggestion, highlighter, result.words, result.closest)


@dataclass
class SearchSession:
    """The state of the search bar's search, and the rules for moving it on."""

    query: str = ""
    seq: int = 0
    """Numbers the searches started; a result is current only with the latest number."""
    running: bool = False
    pending: str | None = None
    """The query typed while a search ran, searched when it ends."""
    redo: bool = False
    """What searches changed while a search ran (the index opened): search again after it."""
    highlighter: Highlighter | None = None
    """Marks the current result's matches (None: no search, or nothing found)."""
    found: Found | None = None
    """What the current search found (None: no search, or nothing found)."""
    hits: dict[str, ShownHit] = field(default_factory=dict)
    """The notes listed, by id."""
    suggestion: str | None = None
    before_search: str | None = None
    """The note shown when the search began (shown again when it is left from a category)."""

    @property
    def active(self) -> bool:
        """Is there a query (not only spaces)?"""
        return bool(self.query.strip())

    def edit(self, query: str, *, can_search: bool) -> int | None:
        """The query is now `query`: the number of the search to start now, else None.

        None when the query is empty (the search is over: see `clear`), when a search is
        running (this query waits in `pending`), or when nothing can search yet (`can_search`
        False: the query is searched once something can, with `retry`).
        """
        self.query = query
        if not self.active:
            self.pending = None
            self.seq += 1
            return None
        if self.running:
            self.pending = query
            return None
        if not can_search:
            return None
        self.running = True
        self.seq += 1
        return self.seq

    def retry(self, *, can_search: bool = True) -> int | None:
        """Search the current query again (the index opened or the notes changed)."""
        if self.running:
            self.redo = True
            return None
        return self.edit(self.query, can_search=can_search) if self.active else None

    def finish(self, outcome: Outcome) -> tuple[bool, str | None]:
        """A search ended: (is its result current?, the query to search next, if any)."""
        self.running = False
        pending, self.pending = self.pending, None
        redo, self.redo = self.redo, False
        current = outcome.seq == self.seq and outcome.query == self.query
        if current:
            self.accept(outcome)
        following = pending if pending is not None and pending.strip() else None
        if following == outcome.query and not redo:
            following = None
        if following is None and redo and self.active:
            following = self.query
        return current, following

    def accept(self, outcome: Outcome) -> None:
        """Hold `outcome` as the current result."""
        listed = outcome.hits[:RESULT_LIMIT]
        self.suggestion = outcome.suggestion
        if not listed:
            self.highlighter = None
            self.found = None
            self.hits = {}
            return
        self.highlighter = outcome.highlighter
        self.hits = {hit.note_id: hit for hit in listed}
        self.found = Found(
            len(listed),
            len(outcome.hits) > RESULT_LIMIT,
            outcome.words,
            sum(1 for hit in listed if hit.complete),
        )

    def clear(self) -> None:
        """The search is over: nothing found, nothing marked."""
        self.highlighter = None
        self.found = None
        self.hits = {}
        self.suggestion = None

    @property
    def marks(self) -> Highlighter | None:
        """What marks matches in the note shown now (None without a query)."""
        return self.highlighter if self.active else None

    def reason(self, note_id: str | None) -> str:
        """Why the note `note_id` matched, when its text does not show the query."""
        shown = self.hits.get(note_id) if note_id is not None else None
        return shown.reason if shown is not None else ""
