"""The browser screen: routes messages between the search bar, the tree and the note pane.

Widgets never reach into each other; they post messages and this screen decides what happens.
Slow work (loading content, opening or building the index, searching) runs in thread workers
that post their results back here. The screen is composed of helpers that own their state:
`Loading` (the notes and the index, in workers), `SearchFlow` (the search bar's searches, with
a Textual-free `SearchSession`), `Reading` (the note shown, and how notes get there), `Lab`
(history, bookmarks, links, copy, editor, live reload) and `NarrowLayout` (the tree on narrow
terminals).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tui.i18n import N_, _
from tui.notes import Library
from tui.notes.early import EarlyLoad
from tui.notes.safe_text import inert
from tui.notes.sources import Source
from tui.screens.content_notices import gone_message, problems_notice
from tui.screens.first_place import first_place, joined_page
from tui.screens.lab import Lab
from tui.screens.loading import Loading, settle_heap
from tui.screens.messages import (
    IndexFailed,
    IndexProgress,
    IndexReady,
    LibraryLoaded,
    SearchDone,
    TitlesReady,
)
from tui.screens.narrow import NarrowLayout
from tui.screens.reading import Reading
from tui.screens.search_flow import SearchFlow
from tui.screens.shown_sources import shown_sources
from tui.state import StateStore
from tui.state.config import Config
from tui.widgets.key_bar import KeyBar
from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView
from tui.widgets.search_bar import PLACEHOLDER, SearchBar

if TYPE_CHECKING:
    from tui.search.engine import SearchEngine
    from tui.search.titles import TitleMatcher


class MainScreen(Screen[None]):
    """Search bar on top, service tree on the left, the rendered note on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *Lab.LAB_BINDINGS,
        # Priority: the App resolves these when the key arrives, so keys typed right after `/`
        # already go to the search bar (a plain binding runs only after they were dispatched).
        Binding("slash", "slash", N_("Search"), id="main.search", priority=True),
        Binding(
            "ctrl+f", "focus_search", N_("Search"), show=False, id="main.search_alt", priority=True
        ),
        Binding("n", "next_match", N_("Next match"), id="main.next_match"),
        Binding("N", "previous_match", N_("Prev match"), show=False, id="main.prev_match"),
        Binding("escape", "back_out", N_("Back out"), show=False, id="main.back"),
        Binding("ctrl+t", "toggle_tree", N_("Tree"), show=False, id="main.toggle_tree"),
        Binding("r", "review", N_("Review"), show=False, id="main.review"),
    ]

    AUTO_FOCUS = "#tree"

    def __init__(
        self,
        store: StateStore,
        content: Path | Sequence[Source] | None = None,
        open_note: str | None = None,
        cache_dir: Path | None = None,
        watch: bool = True,
        config: Config | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self._sources, self._named = shown_sources(content, config)
        self._open_note = open_note
        self._watch = watch
        self.library: Library | None = None
        self.engine: SearchEngine | None = None
        self._titles: TitleMatcher | None = None
        self._status_text = ""
        own = tuple(source for source in self._sources if not source.reference)
        # A reference (tens of thousands of API pages) joins once the notes are on screen.
        self._reference_pending = bool(own) and len(own) < len(self._sources)
        self._early: EarlyLoad | None = EarlyLoad.of(
            own if self._reference_pending else self._sources
        )
        self.loader = Loading(self, self._sources, cache_dir)
        self.search = SearchFlow(self)
        self.reading = Reading(self)
        self.lab = Lab(self)
        self.narrow = NarrowLayout(self)

    def compose(self) -> ComposeResult:
        """Lay out the browser."""
        with Horizontal(id="search-row"):
            yield SearchBar(id="search")
            yield Static("", id="status")
        with Horizontal(id="panes"):
            yield NoteTree(id="tree")
            yield NoteView(id="note")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """Show the notes if they are loaded already, else wait for them; the tree has focus."""
        self._focus(self.query_one(NoteTree))
        early, self._early = self._early, None
        assert early is not None
        library = self.loader.loaded_early(early)
        if library is None:
            # A message, not Textual's animated loading indicator: the animation competes with
            # the loading thread for the interpreter, and removing it delayed the first screen.
            self.query_one(NoteView).show_message(_("Loading notes…"), _("One moment, please."))
            self.loader.await_library(early)
        else:
            self.on_library_loaded(LibraryLoaded(library, None))

    # ----- loading -------------------------------------------------------------------------

    def on_titles_ready(self, message: TitlesReady) -> None:
        """Title search works from now on (until the full index is open)."""
        if message.library is not self.library:
            return  # built for notes that were reloaded since
        self._titles = message.titles
        if self.engine is None:
            self.search.use(message.titles)

    def reload_content(self) -> None:
        """Load the notes again (live reload, after the editor); the reader keeps their place."""
        self.loader.reload()

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        """Fill the tree, open the first note, then open the index in the background."""
        self.library = message.library
        self.reading.use_library(message.library)
        tree = self.query_one(NoteTree)
        self._titles = message.titles
        if self.engine is None and message.titles is not None:
            self.search.searcher = message.titles
        if message.reload:
            self._apply_reload(message.library)
            return
        if self._open_note and self._titles is None:
            from tui.search.titles import TitleMatcher  # a note asked for by title

            self._titles = TitleMatcher(message.library)
            self.search.searcher = self._titles
        tree.set_library(message.library, keep_place=False)
        settle_heap()
        told = problems_notice(message.library, self._sources, self._named)
        if told is not None:
            self.notify(told, severity="warning")
        self.lab.tell_state_notices()
        self._open_first()
        self._after_first_paint(message.library)
        if self._watch and message.library.categories:
            roots = message.library.roots
            self.set_timer(1.0, lambda: self.lab.watch_content(roots))

    def _after_first_paint(self, library: Library) -> None:
        """Build the title matcher and open the index once the notes are on screen.

        Both compete with painting for the interpreter (at 10,000 notes they held the first
        screen back by more than a second), and `call_after_refresh` may run before the paint:
        so wait for the layout that shows the notes, or half a second at most.
        """
        started = False

        def start(_screen: object = None) -> None:
            nonlocal started
            if started:
                return
            started = True
            self.screen_layout_refresh_signal.unsubscribe(self)
            if self._reference_pending:  # the index opens once, on everything (below)
                self.loader.reload()
                return
            if self._titles is None:
                self.loader.build_titles(library)
            self.loader.open_index(library)

        self.screen_layout_refresh_signal.subscribe(self, start)
        self.set_timer(0.5, start)

    def _apply_reload(self, library: Library) -> None:
        tree = self.query_one(NoteTree)
        if tree.filtered:
            tree.set_library(library, keep_place=True)
            tree.show_hits([])  # filled again by the search below
        else:
            tree.set_library(library, keep_place=True)
        current = self.reading.note
        if current is not None:
            fresh = library.get(current.id)
            if fresh is not None:
                self.reading.show_again(fresh.id)
            else:  # its file was deleted or renamed: nothing left to copy, bookmark or edit
                title, body = gone_message(current, library)
                self.reading.show_instead(
                    title, body, border=inert(current.title), subtitle=_("removed")
                )
        if self.engine is not None:
            self.loader.update_index(self.engine, library)
        elif self._titles is not None:
            self.search.use(self._titles)
        if self._reference_pending:  # the reference has joined the notes: index them all
            self._reference_pending = False
            self._open_wanted_page(library)
            self.loader.open_index(library)

    def _open_wanted_page(self, library: Library) -> None:
        """The note asked for (`kumonote NOTE`) or read last, when it is a page of the
        reference that has just joined (the first screen showed another note instead)."""
        shown = self.reading.note_id
        page = joined_page(library, self.store.history.last, self._open_note, shown)
        if page is not None:
            self.reading.show(*page)
            self.query_one(NoteTree).select_note(page[0])

    def _open_first(self) -> None:
        library = self.library
        place = (
            None
            if library is None
            else first_place(library, self.store.history.last, self._open_note, self._titles)
        )
        if place is None:
            self.query_one(NoteView).show_message(
                _("No notes"), _("No Markdown notes were found in this content.")
            )
            return
        self.reading.show(place.note_id, place.anchor)
        self.query_one(NoteTree).select_note(place.note_id)
        if place.scroll is not None:
            view = self.query_one(NoteView)
            view.call_after_refresh(view.scroll_to, y=place.scroll, animate=False)
        else:
            self.lab.record_visit(place.note_id, place.anchor)

    def on_index_progress(self, message: IndexProgress) -> None:
        """Show index build progress in the status line."""
        if not self.search.session.query:
            self.set_status(
                _("indexing {done}/{total}").format(done=message.done, total=message.total)
            )

    def on_index_ready(self, message: IndexReady) -> None:
        """Switch from title search to the full index, and redo the current query with it."""
        self.engine = message.engine
        settle_heap()
        if message.engine.notice:
            self.notify(message.engine.notice, severity="warning")
        if not self.search.session.query:
            self.set_status("")
        self.search.use(message.engine)

    def on_index_failed(self, message: IndexFailed) -> None:
        """Say so, and keep title search."""
        self.notify(
            _("search index unavailable ({reason}); searching titles only").format(
                reason=message.reason
            ),
            severity="warning",
        )

    # ----- searching -----------------------------------------------------------------------

    def on_search_bar_query_changed(self, message: SearchBar.QueryChanged) -> None:
        """Every edit of the query asks for a search (coalesced while one runs)."""
        self.search.edit(message.query)

    def on_search_done(self, message: SearchDone) -> None:
        """A search finished in its worker."""
        self.search.done(message.outcome, message.first_text)

    def on_note_view_matches_changed(self, message: NoteView.MatchesChanged) -> None:
        """The marks of the note shown changed: the status line follows."""
        self.search.matches_changed(message)

    def on_search_bar_cleared(self) -> None:
        """Escape in the search bar: the whole tree again, with focus on it."""
        self.search.edit("")
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
        self.lab.record_visit(note.id, None)
        self._focus(self.query_one(NoteView))

    # ----- reading -------------------------------------------------------------------------

    @property
    def note_id(self) -> str | None:
        """The id of the note shown (None for the empty state and messages)."""
        return self.reading.note_id

    @on(NoteTree.NoteHighlighted)
    def _note_highlighted(self, message: NoteTree.NoteHighlighted) -> None:
        self.reading.show(message.note_id, message.anchor)

    @on(NoteTree.ReadRequested)
    def _read_requested(self, message: NoteTree.ReadRequested) -> None:
        self.reading.show(message.note_id, message.anchor)
        self.lab.record_visit(message.note_id, message.anchor)
        self.narrow.after_reading()
        self._focus(self.query_one(NoteView))

    def open_note(self, note_id: str, anchor: str | None = None, *, record: bool = True) -> None:
        """Open a note for reading (from the palette, a link, history or bookmarks)."""
        if record:
            self.lab.record_visit(note_id, anchor)
        self.reading.show(note_id, anchor)
        self.query_one(NoteTree).select_note(note_id, anchor)
        self._focus(self.query_one(NoteView))

    def remember_place(self) -> None:
        """Save where the reader is (note, section, scroll) for the next start."""
        self.lab.remember_scroll()
        self.store.save()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Match keys exist only while there is a search; history keys dim at either end."""
        if action == "slash":
            # In the search bar `/` is a character: the key goes on to the bar in its turn,
            # after the keys that came before it (a priority action would run first).
            return not isinstance(self.focused, SearchBar)
        if action in ("next_match", "previous_match"):
            return self.search.offers_match_keys
        if action == "history_back":
            return True if self.store.history.can_go_back else None
        if action == "history_forward":
            return True if self.store.history.can_go_forward else None
        return True

    # ----- keys ----------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        """Put the cursor in the search bar."""
        self._focus(self.query_one(SearchBar))

    def action_slash(self) -> None:
        """`/` starts a search (inside the search bar it is typed: see `check_action`)."""
        self._focus(self.query_one(SearchBar))

    def action_next_match(self) -> None:
        """Jump to the next highlighted match in the note."""
        self._report_match(self.query_one(NoteView).next_match())

    def action_previous_match(self) -> None:
        """Jump to the previous highlighted match in the note."""
        self._report_match(self.query_one(NoteView).previous_match())

    def _report_match(self, position: tuple[int, int]) -> None:
        index, total = position
        if total:
            self.set_status(_("match {index}/{total}").format(index=index + 1, total=total))

    def action_back_out(self) -> None:
        """Escape backs out one step: note → tree; filtered tree → whole tree."""
        focused = self.focused
        tree = self.query_one(NoteTree)
        if isinstance(focused, NoteView):
            if not self.narrow.tree_visible:
                self.narrow.toggle()
            self._focus(tree)
        elif isinstance(focused, NoteTree) and tree.filtered:
            self.query_one(SearchBar).value = ""
            self.search.edit("")

    def _focus(self, widget: Widget) -> None:
        # Synchronous, unlike Widget.focus(): keys typed right after `/` must reach the new
        # focus, not the widget that had it when they were queued.
        self.set_focus(widget)

    def action_toggle_tree(self) -> None:
        """Show or hide the tree (on narrow terminals it replaces the note while shown)."""
        if self.narrow.toggle():
            self._focus(self.query_one(NoteTree))
        elif isinstance(self.focused, NoteTree):
            self._focus(self.query_one(NoteView))

    def on_resize(self, event: events.Resize) -> None:
        """Fold the tree away below NARROW_WIDTH columns."""
        if self.narrow.resize(event.size.width) and isinstance(self.focused, NoteTree):
            self._focus(self.query_one(NoteView))
        self.call_after_refresh(self.search.redraw_status)  # its room is known after layout

    # The lab keys (see `Lab`).

    def action_history_back(self) -> None:
        """Go back to the previous note or section, where you were reading it."""
        self.lab.history_back()

    def action_history_forward(self) -> None:
        """Go forward again."""
        self.lab.history_forward()

    def action_toggle_bookmark(self) -> None:
        """Bookmark the open note, or remove its bookmark."""
        self.lab.toggle_bookmark()

    def action_bookmarks(self) -> None:
        """Open the bookmark list."""
        self.lab.bookmarks()

    def action_links(self) -> None:
        """List the links of the note, to follow one from the keyboard."""
        self.lab.links()

    def action_copy_note(self) -> None:
        """Copy the open note as Markdown."""
        self.lab.copy_note()

    def action_copy_block(self) -> None:
        """Copy the code block or table at the top of the note view."""
        self.lab.copy_block()

    def action_edit(self) -> None:
        """Open the note's file in $VISUAL / $EDITOR at the current section, then reload."""
        self.lab.edit()

    def action_open_image(self) -> None:
        """Open the image at the top of the view in the system image viewer."""
        self.lab.open_image()

    def action_review(self) -> None:
        """Review the cards due in the selected note or category, the search's notes, or all."""
        from tui.screens.study import review_from_browser

        review_from_browser(self)

    def on_note_view_link_clicked(self, message: NoteView.LinkClicked) -> None:
        """A click on a link follows it."""
        self.lab.follow(message.href)

    def language_changed(self) -> None:
        """The interface language changed: redraw what is shown in words."""
        self.query_one(SearchBar).placeholder = _(PLACEHOLDER)
        view = self.query_one(NoteView)
        if self.library is not None:  # branch and cut labels are said in the language
            self.query_one(NoteTree).set_library(self.library, keep_place=True)
        if self.reading.note is not None:  # image cards and cross-link headings are too
            self.reading.show_again(self.reading.note.id)
        if self.search.session.query and self.search.searcher is not None:
            self.search.use(self.search.searcher)  # the search again, said in the new language
        elif view.note is None and self.library is not None and len(self.library):
            view.show(None)
        self.search.redraw_status()
        self.refresh_bindings()
        for keys in self.query(KeyBar):
            keys.refresh()

    def set_status(self, text: str) -> None:
        """Put `text` in the status line beside the search bar."""
        # An unchanged status would cost a frame; a new one needs no layout of the screen (its
        # size comes from the CSS alone).
        if text != self._status_text:
            self._status_text = text
            self.query_one("#status", Static).update(text, layout=False)
