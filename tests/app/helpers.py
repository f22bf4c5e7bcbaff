"""What the Pilot tests of the app share: making the app and waiting for it."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from textual import events
from textual.command import CommandList, CommandPalette
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import WorkerCancelled
from waiting import wait_until

from tui.app import KumonoteApp
from tui.screens.main import MainScreen
from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView

__all__ = [
    "Posted",
    "choose_in_palette",
    "make_app",
    "note_ids",
    "ready",
    "settle",
    "shown",
    "status",
    "type_query",
    "wait_until",
    "watching",
    "wheel_down",
]


def make_app(tmp_path: Path, **kwargs: Any) -> KumonoteApp:
    """The app with its index cache under `tmp_path`, not watching files unless asked."""
    kwargs.setdefault("watch", False)
    return KumonoteApp(cache_dir=tmp_path / "index", **kwargs)


class Posted:
    """Every message handled in an app under test: pass as `run_test(message_hook=...)`."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def __call__(self, message: Message) -> None:
        self.messages.append(message)

    def notifications(self) -> list[Notification]:
        """The notifications (`App.notify`) so far, oldest first."""
        return [m.notification for m in self.messages if isinstance(m, Notify)]

    def notified(self) -> list[str]:
        """The text of every notification so far."""
        return [n.message for n in self.notifications()]


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish (one superseded by a newer one is cancelled) and their messages land."""
    for _ in range(3):
        # The file watcher runs until the app ends: never waited for.
        # (An empty list would mean every worker to Textual: wait only when there are some.)
        finite = [w for w in pilot.app.workers if w.group != "watch"]
        if finite:
            with contextlib.suppress(WorkerCancelled):
                await pilot.app.workers.wait_for_complete(finite)
        await pilot.pause()


async def ready(pilot: Pilot[None]) -> MainScreen:
    """Wait until the notes are loaded and the full index is open."""
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    await wait_until(
        pilot,
        lambda: screen.library is not None and screen.engine is not None,
        "the notes loaded and the full index open",
    )
    await settle(pilot)
    return screen


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


async def choose_in_palette(pilot: Pilot[None], typed: str) -> None:
    """Open the command palette, type `typed`, and run the first command it offers.

    The palette searches in a worker per key typed, each cancelling the one before; Enter
    is pressed once the last search has put its commands in the list.
    """
    await pilot.press("ctrl+p")
    palette = await wait_until(
        pilot,
        lambda: pilot.app.screen if isinstance(pilot.app.screen, CommandPalette) else None,
        "the command palette open",
    )
    await pilot.press(*typed)
    await settle(pilot)
    commands = palette.query_one(CommandList)
    await wait_until(
        pilot,
        lambda: commands.option_count > 0 and commands.highlighted is not None,
        f"the palette offering a command for {typed!r}",
    )
    await pilot.press("enter")
    await settle(pilot)


async def wheel_down(pilot: Pilot[None], widget: Widget, offset: tuple[int, int]) -> None:
    """Turn the mouse wheel one notch down over `widget` at `offset` (as a terminal sends it).

    The event goes to the app like one read from the terminal: the app finds the widget
    under the mouse and forwards it there.
    """
    x, y = widget.region.offset + offset
    pilot.app.post_message(
        events.MouseScrollDown(
            widget=None,
            x=x,
            y=y,
            delta_x=0,
            delta_y=0,
            button=0,
            shift=False,
            meta=False,
            ctrl=False,
            screen_x=x,
            screen_y=y,
        )
    )
    await pilot.pause()


async def watching(pilot: Pilot[None], probe: Path, probe_id: str) -> None:
    """Wait until the app's file watcher reports changes: it has started, and it has seen
    `probe` (the note `probe_id`) appear. The watcher sees only what changes after its first
    look, so until it reports the probe, the probe is written again at every turn."""
    app = pilot.app
    await wait_until(
        pilot, lambda: any(w.group == "watch" for w in app.workers), "the watcher started"
    )
    screen = app.screen
    assert isinstance(screen, MainScreen)

    def probe_seen() -> bool:
        if screen.library is not None and screen.library.get(probe_id) is not None:
            return True
        probe.write_text("# Probe\n", encoding="utf-8")
        return False

    await wait_until(pilot, probe_seen, f"the watcher reporting {probe_id}")
