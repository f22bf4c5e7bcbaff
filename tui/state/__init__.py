"""kumonote's own persistent state: bookmarks, history and settings. No UI code here.

Each lives in one JSON file in the user data directory (or `$KUMONOTE_DATA_DIR`), written
atomically; unreadable files are moved aside with a notice instead of raising. All three load
and save through `StateFile` (`tui.state.files`); each says only how its content reads,
writes and merges.
"""

from tui.state.bookmarks import Bookmark, Bookmarks
from tui.state.files import (
    ENV_DATA_DIR,
    StateError,
    StateFile,
    atomic_write_bytes,
    atomic_write_text,
    data_dir,
    read_json,
)
from tui.state.history import DEFAULT_CAP, History, HistoryEntry
from tui.state.settings import Settings, SettingValue
from tui.state.store import StateStore

__all__ = [
    "DEFAULT_CAP",
    "ENV_DATA_DIR",
    "Bookmark",
    "Bookmarks",
    "History",
    "HistoryEntry",
    "SettingValue",
    "Settings",
    "StateError",
    "StateFile",
    "StateStore",
    "atomic_write_bytes",
    "atomic_write_text",
    "data_dir",
    "read_json",
]
