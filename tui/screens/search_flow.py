"""Searching on the main screen: the query, the search worker, the results and the status line.

Mixed into the main screen. Each edit of the query asks for a search; a search runs in a
thread worker, keys that arrive meanwhile coalesce into the next one, and a result that a newer
query made stale is dropped. Results filter the tree and show the best note, highlighted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.widget import Widget
from textual.widgets import Static

from tui.screens.messages import SearchDone, ShownHit
from tui.screens.search_status import Found, empty_status, status_line
from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView
from tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.notes import Library, Note
    from tui.state import StateStore

    _Base = Screen[None]
else:
    _Base = object

RESULT_LIMIT = 100
"""The best this many notes are shown in the tree ("100+ 件" when there are more).

A tree refilled with 200 notes on every key cost about 15 ms more at 10,000 notes, for rows
nobody scrolls to while typing; more words narrow a search faster than scrolling does.
"""


class SearchFlow(_Base):
    """From a typed query to a filtered tree, a highlighted note and a status line."""

    library: Library | None
    store: StateStore
    engine: Any
    _titles: Any
    _note: Note | None
    _seq: int
    _searching: bool
    _pending: str | None
    _query: str
    _active_highlighter: Any
    _found: Found | None
    _shown_hits: dict[str, ShownHit]
    _has_matches: bool
    _suggestion: str | None
    _before_search: Note | None

    # Provided by the screen (annotations only: nothing here shadows the real methods).
    show_note: Callable[..., None]
    record_visit: Callable[[str, str | None], None]
    _focus: Callable[[Widget], None]
    _status: Callable[[str], None]

    def on_search_bar_query_changed(self, message: SearchBar.QueryChanged) -> None:
        """Every edit of the query asks for a search (coalesced while one runs)."""
        self._request_search(message.query)

    def _request_search(self, query: str) -> None:
        """Search now, or, if a search is running, once it ends (keys in between coalesce)."""
        if bool(query.strip()) != bool(self._query.strip()):
            self.refresh_bindings()
        self._query = query
        if not query.strip():
            self._pending = None
            self._seq += 1
            self._end_filter()
            return
        if self._searching:
            self._pending = query
            return
        if self.engine is None and self._titles is None:
            return  # searched as soon as title search or the index is ready
        self._searching = True
        self._seq += 1
        self._search(self._seq, query)

    @work(thread=True, group="search", exit_on_error=False)
    def _search(self, seq: int, query: str) -> None:
        hits: list[ShownHit] = []
        suggestion: str | None = None
        highlighter: Any = None
        words = 1
        closest: list[str] = []
        try:
            searcher = self.engine if self.engine is not None else self._titles
            if searcher is not None:
                # one more than is shown, to know whether there are more
                result = searcher.search(query, limit=RESULT_LIMIT + 1, snippets=False)
                highlighter = result.highlighter
                suggestion = result.suggestion
                words = result.words
                closest = result.closest
                library = self.library
                for hit in result.hits:
                    note = library.get(hit.note_id) if library else None
                    count = hit.match_count
                    if not count and note is not None and highlighter is not None:
                        count = highlighter.count(note.body)  # title search does not count
                    hits.append(ShownHit(hit.note_id, count, hit.complete, hit.reason))
        finally:
            self.post_message(SearchDone(seq, query, hits, suggestion, highlighter, words, closest))

    def on_search_done(self, message: SearchDone) -> None:
        """Show a result unless a newer query made it stale; then run the coalesced query."""
        self._searching = False
        pending, self._pending = self._pending, None
        if message.seq == self._seq and message.query == self._query:
            self._show_results(message)
        if pending is not None and pending.strip() and pending != message.query:
            self._request_search(pending)

    def _show_results(self, message: SearchDone) -> None:
        tree = self.query_one(NoteTree)
        view = self.query_one(NoteView)
        if not tree.filtered:
            self._before_search = self._note  # shown again if the search is left from a category
        if not message.hits:
            view.highlight(None)  # the message must not mark the last query's words
            self._active_highlighter = None
            self._found = None
            self._shown_hits = {}
            tree.show_hits([])
            view.show_message(
                "一致するノートがありません (no results)",
                _nothing_found(message.query, message.suggestion, message.closest),
            )
            self._note = None
            self._offer_match_keys(False)
            view.border_title = "検索 (search)"
            view.border_subtitle = ""
            self._status(empty_status(message.suggestion, self._status_room()))
            return
        listed = message.hits[:RESULT_LIMIT]
        tree.show_hits(
            [(hit.note_id, max(hit.match_count, 1)) for hit in listed],
            partial=frozenset(hit.note_id for hit in listed if not hit.complete),
        )
        self._active_highlighter = message.highlighter
        self._shown_hits = {hit.note_id: hit for hit in listed}
        self._found = Found(
            len(listed),
            len(message.hits) > RESULT_LIMIT,
            message.words,
            sum(1 for hit in listed if hit.complete),
        )
        self._suggestion = message.suggestion
        self.show_note(listed[0].note_id, highlighter=message.highlighter)
        self._show_match_count()

    def _show_match_count(self) -> None:
        """The status line during a search: hits, matches in the note shown, or a suggestion."""
        if self._found is None:
            return
        view = self.query_one(NoteView)
        total = view.match_count
        shown = self._shown_hits.get(view.note.id) if view.note is not None else None
        reason = shown.reason if shown is not None else ""
        self._offer_match_keys(total > 0 or view.partial)
        self._status(
            status_line(
                self._found,
                matches=total,
                more_matches=view.partial,
                reason=reason,
                suggestion=self._suggestion,
                room=self._status_room(),
            )
        )

    def _offer_match_keys(self, offered: bool) -> None:
        """The footer offers n/N (and Enter in the search bar) only when they do something."""
        bar = self.query_one(SearchBar)
        readable = self.query_one(NoteView).note is not None
        if offered != self._has_matches or bar.can_open != readable:
            self._has_matches = offered
            bar.can_open = readable
            self.refresh_bindings()

    def _status_room(self) -> int:
        """Cells the status line has for its text."""
        return self.query_one("#status", Static).content_region.width

    def on_note_view_matches_changed(self, message: NoteView.MatchesChanged) -> None:
        """A new count of matches in the note shown (a long note's, once all of it is parsed)."""
        if message.index < 0 and self._highlighter() is not None:
            self._show_match_count()

    def _end_filter(self) -> None:
        """The search is cleared: the whole tree again, and a note that agrees with it.

        A result the reader opened stays shown and the tree's cursor goes to it; otherwise
        the tree's place from before the search comes back, and so does its note.
        """
        tree = self.query_one(NoteTree)
        view = self.query_one(NoteView)
        view.highlight(None)
        self._active_highlighter = None
        self._found = None
        self._shown_hits = {}
        if tree.filtered:
            current = self.store.history.current
            shown = self._note
            tree.clear_filter()
            node = tree.cursor_node
            before, self._before_search = self._before_search, None
            if shown is not None and current is not None and current.note_id == shown.id:
                tree.select_note(shown.id)
            elif node is not None and node.data and node.data.note_id:
                self.show_note(node.data.note_id, node.data.anchor)
            elif before is not None:  # the cursor is on a category: the note from before
                self.show_note(before.id)
        self._offer_match_keys(True)
        self._status("")

    def on_search_bar_cleared(self) -> None:
        """Escape in the search bar: the whole tree again, with focus on it."""
        self._request_search("")
        tree = self.query_one(NoteTree)
        tree.clear_filter()
        self._focus(tree)

    def on_search_bar_move_result(self, message: SearchBar.MoveResult) -> None:
        """Up/Down in the search bar move through the results."""
        self.query_one(NoteTree).move_to_note(message.delta)

    def on_search_bar_open_result(self) -> None:
        """Enter in the search bar: read the result shown."""
        note = self.query_one(NoteView).note
        if note is None:
            return  # no result to read: the query stays where it can be changed
        self.record_visit(note.id, None)
        self._focus(self.query_one(NoteView))

    def _highlighter(self) -> Any:
        """What marks the matches of the current query (None without one)."""
        return self._active_highlighter if self._query.strip() else None


def _nothing_found(query: str, suggestion: str | None, closest: list[str]) -> str:
    """The note pane's text when nothing matched: what to try instead."""
    lines = [f"「{query}」に一致するノートはありません。"]
    if suggestion:
        lines.append(f"もしかして (did you mean): {suggestion}")
    if closest:
        lines.append("近いタイトル (closest titles): " + " / ".join(closest))
    if not suggestion and not closest:
        lines.append(
            "別の言葉やひらがな・ローマ字でも検索できます (try other words, kana or romaji)."
        )
    return "\n".join(lines)
