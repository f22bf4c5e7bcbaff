"""Study mode in the app: the review deck shared by the screens, what `r` reviews, the palette.

`StudyDeck` keeps one `Deck` for the notes shown: it is opened in a thread worker the first
time a screen asks for it (`Deck.open` reads every note's cards) and brought up to date when
the notes were reloaded. `review_scope` decides what `r` on the browser reviews; `open_review`
and `open_stats` push the screens.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from tui.i18n import N_, _, ngettext
from tui.notes.safe_text import inert
from tui.screens.palette import PaletteCommand
from tui.widgets.note_tree import NoteTree

if TYPE_CHECKING:
    from textual.app import App

    from tui.notes import Library
    from tui.screens.main import MainScreen
    from tui.study import Deck


class StudyDeck:
    """The review deck of the notes shown, opened once (in a worker thread) and kept."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._lock = threading.Lock()
        self._deck: Deck | None = None
        self._library: Library | None = None
        self._told = 0
        """How many of the deck's notices were told already."""

    def deck_for(self, library: Library) -> Deck:
        """The deck of `library`, opened or brought up to date (slow: call in a thread).

        Raises `StudyStoreError` when no review store can be opened.
        """
        from tui.study import Deck, study_path

        with self._lock:
            if self._deck is None:
                self._deck = Deck.open(library, study_path(self.data_dir))
            elif library is not self._library:
                self._deck.reload(library)
            self._library = library
            return self._deck

    @property
    def is_open(self) -> bool:
        """Whether a review or the statistics opened the deck already."""
        return self._deck is not None

    def untold_notices(self) -> list[str]:
        """The deck's notices (a database set aside) not told yet; told from now on."""
        with self._lock:
            if self._deck is None:
                return []
            notices = self._deck.notices[self._told :]
            self._told += len(notices)
            return list(notices)


@runtime_checkable
class HasStudy(Protocol):
    """An app with a browser screen and a study deck (`KumonoteApp`)."""

    @property
    def main_screen(self) -> MainScreen:
        """The browser screen."""
        ...

    @property
    def study(self) -> StudyDeck:
        """The review deck."""
        ...


@dataclass(frozen=True)
class Scope:
    """What a review asks about: some notes (None: every note), and what names them: a
    title, or the query that found them."""

    note_ids: tuple[str, ...] | None
    title: str = ""
    query: str = ""

    @property
    def name(self) -> str:
        """The scope in words, in the interface language ("すべてのノート", a note's title)."""
        if self.note_ids is None:
            return _("all notes")
        if self.query:
            return ngettext(
                "{count} note found for “{query}”",
                "{count} notes found for “{query}”",
                len(self.note_ids),
            ).format(count=len(self.note_ids), query=inert(self.query))
        return inert(self.title)


def everything() -> Scope:
    """Every note."""
    return Scope(None)


def found_scope(main: MainScreen) -> Scope | None:
    """The notes the search shown found (None: no search is shown, or it found nothing)."""
    session = main.search.session
    if not session.active or session.found is None or not session.hits:
        return None
    return Scope(tuple(session.hits), query=session.query)


def _tree_scope(main: MainScreen, found: Scope | None) -> Scope | None:
    """The note, category or source under the tree's cursor (of the notes found, during a
    search), or None when the cursor is on nothing."""
    library = main.library
    node = main.query_one(NoteTree).cursor_node
    data = node.data if node is not None else None
    if library is None or data is None:
        return None
    if data.note_id is not None:
        note = library.get(data.note_id)
        return Scope((data.note_id,), note.title) if note is not None else None
    if data.source is not None:
        categories = [c for c in library.categories if (c.source or data.source) == data.source]
        title = next((s.title for s in library.sources if s.key == data.source), "")
        name = title or _("Bundled notes")
    else:
        categories = [c for c in library.categories if c.id == data.category]
        name = categories[0].title if categories else ""
    ids = [note.id for category in categories for note in category.notes]
    if found is not None and found.note_ids is not None:
        wanted = set(found.note_ids)
        ids = [note_id for note_id in ids if note_id in wanted]
    return Scope(tuple(ids), name) if ids else None


def review_scope(main: MainScreen) -> Scope:
    """What `r` on the browser reviews: the note or category under the tree's cursor when the
    tree has the focus, else the notes the search shown found, else every note."""
    found = found_scope(main)
    if isinstance(main.focused, NoteTree):
        picked = _tree_scope(main, found)
        if picked is not None:
            return picked
    return found or everything()


def open_review(app: App[None], scope: Scope) -> None:
    """Push the review screen for the cards due in `scope`; the tree's due counts follow."""
    from tui.screens.review import ReviewScreen

    app.push_screen(ReviewScreen(scope), callback=lambda _result: show_due_counts(app))


def open_stats(app: App[None]) -> None:
    """Push the review statistics screen."""
    from tui.screens.stats import StatsScreen

    app.push_screen(StatsScreen(), callback=lambda _result: show_due_counts(app))


def show_due_counts(app: App[None]) -> None:
    """Count the cards due per note in a worker and show them in the browser's tree.

    Only once the deck is open: opening it only for the counts would cost every start the
    time of reading every note's cards.
    """
    if not isinstance(app, HasStudy) or not app.study.is_open:
        return
    main, study = app.main_screen, app.study
    library = main.library
    if library is None:
        return

    def job() -> None:
        from tui.study import StudyStoreError

        try:
            counts = study.deck_for(library).due_counts()
        except StudyStoreError:
            return  # said when the review or the statistics tried
        app.call_from_thread(lambda: main.query_one(NoteTree).show_due_counts(counts))

    main.run_worker(job, thread=True, exclusive=True, group="due", exit_on_error=False)


def review_from_browser(main: MainScreen) -> None:
    """`r` on the browser: review what is due in `review_scope`."""
    open_review(main.app, review_scope(main))


def study_commands(main: MainScreen) -> Iterator[PaletteCommand]:
    """The palette's study commands: review everything, review what was just looked up, stats."""
    app = main.app

    def review_found() -> None:
        # What was just looked up: the search's notes, else the note shown.
        scope = found_scope(main)
        note = main.library.get(main.note_id) if main.library and main.note_id else None
        if scope is None and note is not None:
            scope = Scope((note.id,), note.title)
        open_review(app, scope or everything())

    yield PaletteCommand(
        N_("Review due cards"),
        N_("Review the cards due now in every note"),
        lambda: open_review(app, everything()),
        reading="ふくしゅう きげん review fukushuu kigen",
    )
    yield PaletteCommand(
        N_("Review what I just looked up"),
        N_("Review the cards due in the notes the search found (or the note shown)"),
        review_found,
        reading="しらべた ふくしゅう review shirabeta fukushuu",
    )
    yield PaletteCommand(
        N_("Review statistics"),
        N_("Reviews per day, the due forecast and true retention"),
        lambda: open_stats(app),
        reading="ふくしゅう とうけい review stats toukei",
    )
