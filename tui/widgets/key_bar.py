"""The bottom line of keys that matter now: one widget drawing one line.

Textual's `Footer` mounts a widget per key and rebuilds them all whenever the bindings change
(on every focus change, and when a search starts or ends), which costs tens of milliseconds of
styling per rebuild. This bar draws the same information as one line of text, so a change of
bindings is a repaint. Keys can still be clicked.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tui.i18n import _


class KeyBar(Widget, can_focus=False):
    """The shown active bindings, one entry per action, and the palette key on the right."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
    }

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--disabled { text-style: dim; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ready = False
        self._spans: list[tuple[int, int, Binding, bool]] = []
        """Where each entry was drawn: (first cell, end cell, binding, enabled)."""

    def on_mount(self) -> None:
        """Follow the screen's bindings."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop following them."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self._ready = True
        if self.is_attached and screen is self.screen:
            self.refresh()

    def entries(self) -> tuple[list[tuple[Binding, bool]], tuple[Binding, bool] | None]:
        """The shown bindings (one per action, in binding order), and the palette's binding."""
        active = self.screen.active_bindings
        shown: dict[str, tuple[Binding, bool]] = {}
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled)
        palette: tuple[Binding, bool] | None = None
        if self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                palette = (found.binding, found.enabled)
        return list(shown.values()), palette

    def render(self) -> RenderResult:
        """One line: ` key description ` for each entry; the palette key flush right."""
        self._spans = []
        if not self._ready:
            return Text()
        keys, palette = self.entries()
        line = Text(no_wrap=True, overflow="crop", end="")
        for binding, enabled in keys:
            self._append(line, binding, enabled)
        if palette is None:
            return line
        tail = self._entry(*palette)
        room = self.size.width - tail.cell_len - 1
        if line.cell_len > room:  # whole entries only: no key left without its word
            self._spans = [span for span in self._spans if span[1] <= room]
            line.truncate(self._spans[-1][1] if self._spans else 0)
        line.pad_right(max(room - line.cell_len, 0))
        line.append("▏", style=self.get_component_rich_style("key-bar--description"))
        self._append(line, *palette)
        return line

    def _append(self, line: Text, binding: Binding, enabled: bool) -> None:
        entry = self._entry(binding, enabled)
        start = line.cell_len
        line.append_text(entry)
        self._spans.append((start, line.cell_len, binding, enabled))

    def _entry(self, binding: Binding, enabled: bool) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        entry = Text.assemble(
            (f" {self.app.get_key_display(binding)} ", key_style),
            (f"{_(binding.description)} " if binding.description else "", description_style),
        )
        if not enabled:
            entry.stylize(self.get_component_rich_style("key-bar--disabled"))
        return entry

    def on_click(self, event: events.Click) -> None:
        """A click on an entry presses its key (a disabled one just rings the bell)."""
        for start, end, binding, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(binding.key)
                else:
                    self.app.bell()
                return
