"""The search bar: an Input that reports what the user wants, and never searches by itself."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input

from tui.i18n import N_, _
from tui.widgets.helpable import WidgetHelp
from tui.widgets.stale_keys import drop_if_stale

MAX_QUERY_CHARS = 1000
"""Longer pastes are cut here; the search layer caps again on its own."""


PLACEHOLDER = N_("/ to search — 暗号, こんてな, angou, sagemkaer…")
"""What the empty search bar says (translated where shown)."""


class SearchBar(Input):
    """Where queries are typed. Posts messages; the screen decides what they do."""

    WIDGET_HELP: ClassVar[WidgetHelp] = WidgetHelp(
        N_("Search bar"), N_("type here to search: Japanese, kana, romaji or English")
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_search", N_("Clear search"), id="search.clear"),
        Binding("down", "move_result(1)", N_("Next result"), show=False, id="search.next_result"),
        Binding(
            "up", "move_result(-1)", N_("Previous result"), show=False, id="search.prev_result"
        ),
        Binding("enter", "open_result", N_("Read note"), id="search.open"),
        # As in shells and editors (Input deletes the word to the right on these two).
        Binding(
            "ctrl+w,ctrl+backspace,alt+backspace",
            "delete_left_word",
            N_("Delete the word to the left"),
            show=False,
            id="search.delete_word",
        ),
    ]

    # Input widens its virtual size with every character typed, and Widget's reactive asks for
    # a layout of the whole screen each time (about 10 ms a key). The bar's own size never
    # follows its text, so a repaint is enough.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=True)

    class QueryChanged(Message):
        """The query text changed (sent at once, for every edit: the screen coalesces)."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Cleared(Message):
        """The user asked to leave the search (Escape)."""

    class MoveResult(Message):
        """Move the result cursor by `delta` without leaving the search bar."""

        def __init__(self, delta: int) -> None:
            super().__init__()
            self.delta = delta

    class OpenResult(Message):
        """Enter: read the selected result."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder=_(PLACEHOLDER),
            id=id,
            max_length=MAX_QUERY_CHARS,
        )

    can_open = True
    """Is there a result for Enter to open? (Set by the screen; the footer follows it.)"""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter is offered only while there is a result to read."""
        if action == "open_result":
            return self.can_open
        return super().check_action(action, parameters)

    def on_key(self, event: events.Key) -> None:
        """Drop a key handed over before the focus moved elsewhere (see `stale_keys`)."""
        drop_if_stale(self, event)

    def _on_paste(self, event: events.Paste) -> None:
        """Paste the first line, without control characters, cut to fit (Input drops it whole)."""
        event.stop()
        event.prevent_default()
        line = event.text.splitlines()[0] if event.text.strip() else ""
        line = "".join(ch for ch in line if ch.isprintable() and not "\ud800" <= ch <= "\udfff")
        start, end = sorted(self.selection)
        room = MAX_QUERY_CHARS - (len(self.value) - (end - start))
        if line and room > 0:
            self.replace(line[:room], start, end)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Turn every edit into a QueryChanged message."""
        event.stop()
        self.post_message(self.QueryChanged(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter is handled by the binding; keep Input's own message quiet."""
        event.stop()

    def action_clear_search(self) -> None:
        """Empty the bar and ask the screen to restore the unfiltered view."""
        self.value = ""
        self.post_message(self.Cleared())

    def action_move_result(self, delta: int) -> None:
        """Ask the screen to move through the results."""
        self.post_message(self.MoveResult(delta))

    def action_open_result(self) -> None:
        """Ask the screen to open the selected result."""
        self.post_message(self.OpenResult())
