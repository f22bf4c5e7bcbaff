"""What the Pilot tests of the app share: making the app and waiting for it."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerCancelled

from tui.app import KumonoteApp
from tui.screens.main import MainScreen
from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView


def make_app(tmp_path: Path, **kwargs: Any) -> KumonoteApp:
    """The app with its index cache under `tmp_path`, not watching files unless asked."""
    kwargs.setdefault("watch", False)
    return KumonoteApp(cache_dir=tmp_path / "index", **kwargs)


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish (one superseded by a newer one is cancelled) and their messages land."""
    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def ready(pilot: Pilot[None]) -> MainScreen:
    """Wait until the notes are loaded and the full index is open."""
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    for _ in range(600):
        await settle(pilot)
        if screen.library is not None and screen.engine is not None:
            await settle(pilot)
            return screen
        await pilot.pause(0.05)
    raise AssertionError("the index never became ready")


async def until(pilot: Pilot[None], check: Any, timeout: float = 5.0) -> None:
    """Wait until `check()` holds (file watching and other slow changes)."""
    for _ in range(int(timeout / 0.05)):
        if check():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition never held")


def shown(screen: MainScreen) -> str | None:
    """The id of the note in the note pane (None: a message or nothing)."""
    note = screen.query_one(NoteView).note
    return note.id if note else None


def note_ids(tree: NoteTree) -> list[str]:
    """The notes in the tree, top to bottom (sections left out)."""
    return [n.data.note_id for n in tree._walk() if n.data and n.data.note_id and not n.data.anchor]


def status(screen: MainScreen) -> str:
    """The status line next to the search bar."""
    return str(screen.query_one("#status", Static).render())


async def type_query(pilot: Pilot[None], text: str) -> None:
    """Focus the search bar and type `text`, then wait for the result."""
    await pilot.press("slash", *list(text))
    await settle(pilot)
