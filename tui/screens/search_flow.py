"""Searching on the main screen: from a typed query to a filtered tree, a marked note, a status.

`SearchFlow` runs the searches that its `SearchSession` asks for in a thread worker and draws
their results on the main screen it is given; the session keeps the rules (coalescing, stale
results). The status line comes from one place: the note pane's `MatchesChanged`, posted
whenever the marks of the note shown change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.widgets import Static

from tui.i18n import _
from tui.screens.messages import SearchDone
from tui.screens.search_status import empty_status, nothing_found, status_line
from tui.search.session import RESULT_LIMIT, Outcome, Searcher, SearchSession, run_search
from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView
from tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


class SearchFlow:
    """The search bar's searches on the main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen
        self.session = SearchSession()
        self.searcher: Searcher | None = None
        """The full index once it is open, the title matcher before (None: neither yet)."""
        self._offered = True
        """Does the footer offer n/N? (Changed only when it must: refreshing costs a frame.)"""
        self._status: Callable[[int], str] | None = None
        """The status line for a width in cells (drawn again when the width changes)."""

    # ----- asking ---------------------------------------------------------------------------

    def edit(self, query: str) -> None:
        """The query is now `query`: search it now, or once the search running ends."""
        was_active = self.session.active
        seq = self.session.edit(query, can_search=self.searcher is not None)
        if self.session.active != was_active:
            self._screen.refresh_bindings()
        if not self.session.active:
            self._end_filter()
        elif seq is not None:
            self._start(seq, query)

    def use(self, searcher: Searcher) -> None:
        """Search with `searcher` from now on, and search the current query again with it."""
        self.searcher = searcher
        seq = self.session.retry()
        if seq is not None:
            self._start(seq, self.session.query)

    def _start(self, seq: int, query: str) -> None:
        searcher, library, screen = self.searcher, self._screen.library, self._screen

        def search() -> None:
            outcome = Outcome(seq, query)
            first: tuple[str, str | None] | None = None
            try:
                outcome = run_search(searcher, library, seq, query)
                if outcome.hits:
                    first = screen.reading.text_to_show(outcome.hits[0].note_id)
            finally:
                screen.post_message(SearchDone(outcome, first))

        screen.run_worker(search, thread=True, group="search", exit_on_error=False)

    # ----- results --------------------------------------------------------------------------

    def done(self, outcome: Outcome, first_text: tuple[str, str | None] | None = None) -> None:
        """A search ended: show it unless a newer query made it stale; then the next one.
        `first_text`: the best note's id and Markdown, when the worker made them."""
        current, following = self.session.finish(outcome)
        if current:
            self._show(outcome, first_text)
        if following is not None:
            self.edit(following)

    def _show(self, outcome: Outcome, first_text: tuple[str, str | None] | None) -> None:
        screen, session = self._screen, self.session
        tree = screen.query_one(NoteTree)
        view = screen.query_one(NoteView)
        if not tree.filtered:
            session.before_search = screen.note_id
        if session.found is None:
            view.highlight(None)  # the message must not mark the last query's words
            tree.show_hits([])
            screen.reading.show_instead(
                _("No matching notes"),
                nothing_found(outcome.query, outcome.suggestion, outcome.closest),
                border=_("Search"),
            )
            self._offer_match_keys(False)
            suggestion = outcome.suggestion
            self._draw_status(lambda room: empty_status(suggestion, room))
            return
        listed = outcome.hits[:RESULT_LIMIT]
        tree.show_hits(
            [(hit.note_id, max(hit.match_count, 1)) for hit in listed],
            partial=frozenset(hit.note_id for hit in listed if not hit.complete),
        )
        screen.reading.show_result(listed[0].note_id, session.highlighter, made=first_text)

    def matches_changed(self, message: NoteView.MatchesChanged) -> None:
        """The marks of the note shown changed: the status line says so."""
        session = self.session
        if message.index >= 0 or session.found is None or session.marks is None:
            return
        note_id = message.note.id if message.note is not None else None
        self._offer_match_keys(message.total > 0 or message.partial)
        found, total, partial = session.found, message.total, message.partial
        reason, suggestion = session.reason(note_id), session.suggestion
        self._draw_status(
            lambda room: status_line(
                found,
                matches=total,
                more_matches=partial,
                reason=reason,
                suggestion=suggestion,
                room=room,
            )
        )

    def _draw_status(self, status: Callable[[int], str] | None) -> None:
        self._status = status
        self.redraw_status()

    def redraw_status(self) -> None:
        """Draw the search's status line for the room it has now (after a resize)."""
        if self._status is not None:
            self._screen.set_status(self._status(self._status_room()))

    @property
    def offers_match_keys(self) -> bool:
        """Is there a search whose matches n/N can move between?"""
        return self.session.active and self._offered

    def _offer_match_keys(self, offered: bool) -> None:
        """The footer offers n/N (and Enter in the search bar) only when they do something."""
        bar = self._screen.query_one(SearchBar)
        readable = self._screen.query_one(NoteView).note is not None
        if offered != self._offered or bar.can_open != readable:
            self._offered = offered
            bar.can_open = readable
            self._screen.refresh_bindings()

    def _status_room(self) -> int:
        """Cells the status line has for its text."""
        return self._screen.query_one("#status", Static).content_region.width

    # ----- leaving --------------------------------------------------------------------------

    def _end_filter(self) -> None:
        """The search is cleared: the whole tree again, and a note that agrees with it.

        A result the reader opened stays shown and the tree's cursor goes to it; otherwise
        the tree's place from before the search comes back, and so does its note.
        """
        screen, session = self._screen, self.session
        tree = screen.query_one(NoteTree)
        screen.query_one(NoteView).highlight(None)
        session.clear()
        before, session.before_search = session.before_search, None
        if tree.filtered:
            current = screen.store.history.current
            shown = screen.note_id
            tree.clear_filter()
            node = tree.cursor_node
            if shown is not None and current is not None and current.note_id == shown:
                tree.select_note(shown)
            elif node is not None and node.data and node.data.note_id:
                screen.reading.show(node.data.note_id, node.data.anchor)
            elif before is not None:  # the cursor is on a category: the note from before
                screen.reading.show(before)
        self._offer_match_keys(True)
        self._draw_status(None)
        screen.set_status("")
