"""A long note shows its head at once; the whole note is parsed and wrapped off the UI thread.

`LongNote` is held by the note pane (`NoteView`) and talks to it only through `LongNoteHost`.
While only the head is shown (`pending`), what needs the whole note (a section past the head,
n/N, the end) is queued and done when it arrives. The worker parses, colours the code, and wraps
and marks the whole note with the search's matches as they are when it gets there (a search that
came meanwhile is not wrapped twice); one that comes after that is wrapped again, also off the
UI thread. Once the note is whole, a new search's marks or another width wrap it again off the
UI thread too (`rewrap`): the old lines stay on screen until the new ones arrive.

Keeping the UI thread free while a 4 MB note is parsed takes more than a thread:

* the worker's arguments are never shown to Textual's `@work` (it describes a worker with the
  `repr` of every argument: a 4 MB body and its note took 100 ms of the UI thread);
* the garbage collector is paused while the worker builds a million objects (a full collection
  in the worker holds the interpreter for hundreds of milliseconds), and what it built is then
  frozen (`gc.freeze`): otherwise the first collections after it, on whatever thread, would walk
  all of it. The parsed note holds no reference cycles, so freezing keeps nothing alive that
  reference counting would have freed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol

from textual.app import App
from textual.worker import Worker

from tui.notes.collector import collector_paused
from tui.notes.model import Note
from tui.render.blocks import Highlighter, Rendered
from tui.render.markdown import Document, parse


class LongNoteHost(Protocol):
    """What `LongNote` needs of the note pane."""

    @property
    def app(self) -> App[object]:
        """The app, to call back on the UI thread."""
        ...

    @property
    def highlighter(self) -> Highlighter | None:
        """What marks the matches now."""
        ...

    def wrap_width(self) -> int:
        """The width to wrap the whole note at off the UI thread; 0: only parse it there (an
        image hook that may not be thread-safe)."""
        ...

    def render_document(
        self, document: Document, width: int, highlighter: Highlighter | None
    ) -> Rendered:
        """`document` wrapped at `width` as the pane would (images included); thread-safe."""
        ...

    def next_match(self) -> tuple[int, int]:
        """Make the next match current and scroll to it."""
        ...

    def previous_match(self) -> tuple[int, int]:
        """Make the previous match current and scroll to it."""
        ...

    def show_whole(self, document: Document, rendered: Rendered | None) -> None:
        """Show the whole note in place of its head, keeping the reader's place (`rendered`:
        wrapped at the current width with the current marks, or None to wrap it now)."""
        ...

    def call_after_refresh(self, callback: Callable[[], object]) -> bool:
        """Textual's `Widget.call_after_refresh`."""
        ...

    def run_worker(
        self,
        work: Callable[[], None],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[None]:
        """Textual's `Widget.run_worker`."""
        ...


class LongNote:
    """The whole of a long note while its head is shown: parsed, wrapped and applied in place."""

    def __init__(self, host: LongNoteHost) -> None:
        self._host = host
        self._rest: tuple[str, Note | None] | None = None
        """The whole note (body, note), while only its head is shown."""
        self._parsed: tuple[Document, Note | None] | None = None
        """The whole note, parsed, while it is wrapped again (`rewrap`)."""
        self._after_rest: dict[str, Callable[[], object]] = {}
        """What was asked of the whole note meanwhile, by kind ("anchor", "bottom")."""
        self._moves_after_rest: list[int] = []
        """Match moves (n/N) asked for meanwhile."""
        self._generation = 0
        """Which head is shown: a result for an older one is dropped."""

    @property
    def pending(self) -> bool:
        """Whether only the head of a long note is shown while the rest is parsed, or old
        lines while it is wrapped again."""
        return self._rest is not None or self._parsed is not None

    @property
    def note(self) -> Note | None:
        """The note whose rest is awaited (None when nothing is, or for plain text)."""
        if self._parsed is not None:
            return self._parsed[1]
        return self._rest[1] if self._rest is not None else None

    def reset(self) -> None:
        """Another document is shown: forget the rest of the last long note, and what was
        asked of it."""
        self._generation += 1
        self._rest = None
        self._parsed = None
        self._after_rest = {}
        self._moves_after_rest = []

    def start(self, body: str, note: Note | None) -> None:
        """Only the head of `body` is shown: once it is painted, parse and wrap the whole of
        it off the UI thread (the worker would otherwise share the interpreter with the
        first paint)."""
        self.reset()
        self._rest = (body, note)
        generation = self._generation
        self._host.call_after_refresh(lambda: self._begin(generation, body, note))

    def _begin(self, generation: int, body: str, note: Note | None) -> None:
        if generation != self._generation:
            return  # another document was shown before the head was painted
        width = self._host.wrap_width()
        self._host.run_worker(
            lambda: self._parse(generation, body, note, width),
            group="note-view-parse",
            description="parse the whole of a long note",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def rewrap(self, document: Document, note: Note | None, width: int) -> None:
        """The whole note is shown, but its lines are for other marks or another width: wrap
        it again at `width` off the UI thread (the old lines stay meanwhile). Once started, a
        later call for the same note does nothing: what arrives is checked against the marks
        and the width of that moment, and wrapped again if they changed."""
        if self._parsed is not None and self._parsed[0] is document:
            return
        self.reset()
        self._parsed = (document, note)
        generation = self._generation
        self._wrap_later(generation, document, width)

    def after_whole(self, kind: str, action: Callable[[], object]) -> None:
        """Do `action` once the whole note is shown (the last one asked of each kind)."""
        self._after_rest[kind] = action

    def move_after_whole(self, step: int) -> None:
        """Move to the next (1) or previous (-1) match once the whole note is shown: the
        matches are numbered over the whole note."""
        self._moves_after_rest.append(step)

    def forget_moves(self) -> None:
        """The matches changed: moves asked for the old ones are dropped."""
        self._moves_after_rest = []

    def discard(self, document: Document, renders: list[Rendered]) -> None:
        """`document` and its `renders` are shown no more: when they are large, free them off
        the UI thread, a piece at a time (freeing a 4 MB note's lines at once takes a few
        hundred milliseconds, wherever it happens). The caller keeps no reference."""
        if len(document.blocks) < LARGE_BLOCKS and all(
            len(rendered.lines) < LARGE_LINES for rendered in renders
        ):
            return
        threading.Thread(
            target=_free, args=([document], renders), name="kumonote-free", daemon=True
        ).start()

    def complete(self) -> None:
        """Parse the rest of the note now, on the calling (UI) thread, when only its head is
        shown (or wrap it, when it is wrapped again): for what cannot wait (every link)."""
        if self._parsed is not None:
            self._whole(self._parsed[0], None)
        elif self._rest is not None:
            body, note = self._rest
            self._whole(parse(body, note), None)

    # --- off the UI thread -----------------------------------------------------------------

    def _parse(self, generation: int, body: str, note: Note | None, width: int) -> None:
        """Parse (and, when `width`, colour the code and wrap) the whole note."""
        with _collector_paused():
            document = parse(body, note)
            rendered = None
            highlighter = self._host.highlighter  # a search that came meanwhile, too
            if width > 0 and generation == self._generation:
                document.style_code()
                rendered = self._host.render_document(document, width, highlighter)
        if generation == self._generation:
            self._host.app.call_from_thread(
                self._arrived, generation, document, rendered, highlighter
            )

    def _wrap_later(self, generation: int, document: Document, width: int) -> None:
        """Wrap the parsed whole note at `width` in a worker (`_render`)."""
        self._host.run_worker(
            lambda: self._render(generation, document, width),
            group="note-view-wrap",
            description="wrap the whole of a long note",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _render(self, generation: int, document: Document, width: int) -> None:
        """Wrap the parsed whole note again (the search changed since it was wrapped)."""
        highlighter = self._host.highlighter
        with _collector_paused():
            rendered = self._host.render_document(document, width, highlighter)
        if generation == self._generation:
            self._host.app.call_from_thread(
                self._arrived, generation, document, rendered, highlighter
            )

    # --- back on the UI thread -------------------------------------------------------------

    def _arrived(
        self,
        generation: int,
        document: Document,
        rendered: Rendered | None,
        highlighter: Highlighter | None,
    ) -> None:
        if generation != self._generation or not self.pending:
            return  # another note is shown, or the rest was needed sooner
        width = self._host.wrap_width()
        usable = (
            rendered is not None
            and highlighter is self._host.highlighter
            and rendered.width == max(8, width)
        )
        if usable or width <= 0:
            self._whole(document, rendered if usable else None)
            return
        if rendered is not None:
            stale = [rendered]
            del rendered
            self.discard(Document([]), stale)
        # marked for an older search, or wrapped at an older width
        self._wrap_later(generation, document, width)

    def _whole(self, document: Document, rendered: Rendered | None) -> None:
        """Show the whole note, then do what was asked of it meanwhile."""
        asked, moves = self._after_rest, self._moves_after_rest
        self.reset()
        self._host.show_whole(document, rendered)
        for action in asked.values():
            action()
        for step in moves:
            if step > 0:
                self._host.next_match()
            else:
                self._host.previous_match()


LARGE_BLOCKS, LARGE_LINES = 2000, 5000
"""A document or a rendering at least this large is freed off the UI thread."""


def _free(documents: list[Document], renders: list[Rendered]) -> None:
    """Free what a long note was shown with, a piece at a time (in a thread of its own)."""
    while renders:
        renders.pop().release()
    while documents:
        documents.pop().release()


SWITCH_INTERVAL = 0.001
"""Seconds a thread holds the interpreter before another that waits gets it, while a long note
is parsed (Python's default is 5 ms: the UI thread, asking for it again and again to paint one
frame, would wait that long each time)."""


def _collector_paused() -> AbstractContextManager[None]:
    """The collector paused, what was built frozen, the UI thread served often (see the
    module's notes)."""
    return collector_paused(freeze=True, switch_interval=SWITCH_INTERVAL)
