"""Loading for the main screen: the notes, the title matcher and the search index, in workers.

Each job runs in a thread worker of the screen and posts its result back as a message
(`LibraryLoaded`, `TitlesReady`, `IndexProgress`, `IndexReady`, `IndexFailed`); the screen
decides what to show.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.i18n import _
from tui.notes import ContentNotFound, Library
from tui.notes.early import EarlyLoad
from tui.notes.safe_text import inert
from tui.notes.sources import Source, load_sources
from tui.screens.messages import (
    IndexFailed,
    IndexProgress,
    IndexReady,
    LibraryLoaded,
    TitlesReady,
)

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.search.engine import SearchEngine


FIRST_SCREEN_WAIT = 0.3
"""Seconds the first screen waits for notes that began loading when the app was created.

Notes that are ready by then are drawn in the very first frame; a larger library is awaited in
a worker, with a line saying so in the note pane.
"""


def settle_heap() -> None:
    """Move what exists now (the notes, the index) out of the garbage collector's sight.

    These objects live as long as the app, yet every full collection walked all of them: at
    10,000 notes one took 70–100 ms, in the middle of a keystroke. Frozen objects are still freed
    by reference counting when a reload replaces them.
    """
    gc.freeze()


def load_failure(error: Exception) -> str:
    """What to tell the reader when loading the notes raised `error`."""
    return _("the notes could not be loaded ({error})").format(
        error=f"{type(error).__name__}: {inert(str(error))}"
    )


def no_notes() -> Library:
    """The empty library shown when the notes could not be loaded."""
    return Library(root=Path("."), categories=[])


class Loading:
    """Starts the loading jobs of one screen, for its content sources."""

    def __init__(
        self, screen: Screen[None], sources: Sequence[Source], cache_dir: Path | None
    ) -> None:
        self._screen = screen
        self._sources = tuple(sources)
        self._cache_dir = cache_dir

    def _run(self, job: Callable[[], None], group: str) -> None:
        self._screen.run_worker(job, thread=True, exclusive=True, group=group, exit_on_error=False)

    def _tell(self, problem: str) -> None:
        screen = self._screen
        screen.app.call_from_thread(screen.notify, problem, severity="error", timeout=10)

    def loaded_early(self, early: EarlyLoad) -> Library | None:
        """The notes of the load begun with the app, if they are ready for the first screen
        (`FIRST_SCREEN_WAIT`); no notes, and the reason told, when they could not be loaded."""
        try:
            return early.result(timeout=FIRST_SCREEN_WAIT)
        except ContentNotFound as error:
            problem = str(error)
        except Exception as error:  # a loader bug must not cost the reader the app
            problem = load_failure(error)
        self._screen.notify(problem, severity="error", timeout=10)
        return no_notes()

    def await_library(self, early: EarlyLoad) -> None:
        """Wait for the load that began with the app (a large library is not ready at once)."""

        def job() -> None:
            try:
                library = early.wait()
            except Exception as error:
                self._tell(
                    str(error) if isinstance(error, ContentNotFound) else load_failure(error)
                )
                library = no_notes()
            self._screen.post_message(LibraryLoaded(library, None))

        self._run(job, "load")

    def reload(self) -> None:
        """Load the notes again (live reload, after the editor), with a new title matcher."""

        def job() -> None:
            try:
                library = load_sources(self._sources)
            except ContentNotFound as error:  # the folder went away: keep showing what we have
                self._tell(str(error))
                return
            from tui.search.titles import TitleMatcher

            self._screen.post_message(LibraryLoaded(library, TitleMatcher(library), reload=True))

        self._run(job, "load")

    def build_titles(self, library: Library) -> None:
        """Build the title matcher (title search until the index is open)."""

        def job() -> None:
            from tui.search.titles import TitleMatcher

            self._screen.post_message(TitlesReady(library, TitleMatcher(library)))

        self._run(job, "titles")

    def open_index(self, library: Library) -> None:
        """Open the search index, or build it with progress; warm it up for the first key."""
        screen = self._screen

        def job() -> None:
            from tui.search.engine import SearchEngine

            def progress(done: int, total: int) -> None:
                screen.post_message(IndexProgress(done, total))

            try:
                engine = SearchEngine.open(library, cache_dir=self._cache_dir, progress=progress)
            except Exception as error:  # the app must keep working on title search
                screen.post_message(IndexFailed(f"{type(error).__name__}: {error}"))
                return
            engine.warm_up()  # the first keystroke must not pay for lazy imports
            screen.post_message(IndexReady(engine))

        self._run(job, "index")

    def update_index(self, engine: SearchEngine, library: Library) -> None:
        """Bring the open index up to date with reloaded notes."""

        def job() -> None:
            try:
                engine.update(library)
            except Exception as error:
                self._screen.post_message(IndexFailed(f"{type(error).__name__}: {error}"))
                return
            self._screen.post_message(IndexReady(engine))

        self._run(job, "index")
