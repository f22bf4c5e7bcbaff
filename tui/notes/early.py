"""Loading the notes in a background thread that starts before the UI does.

The app starts this as soon as it is created, so the notes are read while Textual imports,
composes and starts its driver; the first screen can then be drawn with the notes in it, in one
frame, instead of an empty shell followed by the tree. A large library is simply not ready by
then and the UI waits for it off its own thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from tui.notes.model import Library
from tui.notes.sources import Source, load_sources


class EarlyLoad:
    """One library load running in a daemon thread; ask for the result with a timeout."""

    def __init__(self, load: Callable[[], Library]) -> None:
        self._load = load
        self._done = threading.Event()
        self._library: Library | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kumonote-load", daemon=True)
        self._thread.start()

    @classmethod
    def of(cls, sources: Sequence[Source]) -> EarlyLoad:
        """Start loading the notes of `sources`."""
        return cls(lambda: load_sources(sources))

    def _run(self) -> None:
        try:
            self._library = self._load()
        except BaseException as error:  # handed to whoever waits: the UI reports it
            self._error = error
        finally:
            self._done.set()

    def wait(self) -> Library:
        """The library, once loaded (raises whatever the load raised)."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._library is not None
        return self._library

    def result(self, timeout: float) -> Library | None:
        """The library, or None if it is not loaded within `timeout` seconds.

        Raises whatever the load raised (for example `ContentNotFound`).
        """
        if not self._done.wait(timeout):
            return None
        if self._error is not None:
            raise self._error
        return self._library
