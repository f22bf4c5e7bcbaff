"""All of kumonote's own state in one place: bookmarks, history and settings of one data dir."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.state.bookmarks import Bookmarks
from tui.state.files import StateFile, state_lock
from tui.state.files import data_dir as resolve_data_dir
from tui.state.history import History
from tui.state.settings import Settings


@dataclass
class StateStore:
    """The three state files of a data directory, and notices for the user about them."""

    data_dir: Path
    bookmarks: Bookmarks
    history: History
    settings: Settings
    notices: list[str] = field(default_factory=list)
    """Problems the user should hear about (files set aside, saves that failed), oldest first."""

    @classmethod
    def open(cls, data_dir: Path | str | None = None) -> StateStore:
        """Load the state in `data_dir` (default: `$KUMONOTE_DATA_DIR` or the user data dir).

        Never raises: unreadable files are moved aside and reported in `notices`.
        """
        directory = resolve_data_dir(data_dir)
        store = cls(
            directory,
            Bookmarks.load(directory),
            History.load(directory),
            Settings.load(directory),
        )
        for part in store.parts:
            if part.load_notice:
                store.notices.append(part.load_notice)
        return store

    @property
    def parts(self) -> tuple[StateFile[Any], ...]:
        """The three files, in the order they are loaded and saved."""
        return (self.bookmarks, self.history, self.settings)

    def save(self, *, force: bool = False) -> list[str]:
        """Write every file that changed (all with `force`); returns the notices of failures.

        Each file is merged with what another kumonote process saved since this one loaded
        or saved it, under one lock for all three. A failure leaves the state in memory, so a
        later save can still succeed. A failure's notice, or one about a file on disk that
        had to be set aside, is added to `notices` unless the same one is already waiting.
        """
        parts = [part for part in self.parts if part.needs_save(force=force)]
        if not parts:
            return []
        failures: list[str] = []
        with state_lock(self.data_dir):
            for part in parts:
                failures.extend(part.write_merged(force=force))
        for notice in failures:
            if notice not in self.notices:
                self.notices.append(notice)
        return failures

    def take_notices(self) -> list[str]:
        """Return the waiting notices and forget them (once they have been shown)."""
        notices, self.notices = self.notices, []
        return notices
