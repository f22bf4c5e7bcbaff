"""The key bar: the shown bindings of the focused widget as one line, clickable."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input

from tui.widgets.key_bar import KeyBar


class Bar(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "mark", "Mark", id="t.mark"),
        Binding("z", "hidden", "Hidden", show=False, id="t.hidden"),
        Binding("d", "dim", "Dimmed", id="t.dim"),
        Binding("o", "off", "Gone", id="t.off"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.marked = 0
        self.dim_allowed = False

    def compose(self) -> ComposeResult:
        yield Input(id="input")
        yield KeyBar(id="keys")

    def action_mark(self) -> None:
        self.marked += 1

    def action_dim(self) -> None:
        self.marked += 10

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "off":
            return False
        if action == "dim":
            return True if self.dim_allowed else None
        return True


def line_of(app: Bar) -> str:
    line = app.query_one(KeyBar).render()
    assert isinstance(line, Text)
    return line.plain


async def test_shows_the_shown_bindings_and_the_palette_key_at_the_right() -> None:
    app = Bar()
    async with app.run_test(size=(80, 5)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        line = line_of(app)
        assert " x Mark " in line and " d Dimmed " in line
        assert "Hidden" not in line and "Gone" not in line
        assert line.rstrip().endswith("palette")
        assert len(line) == 80


async def test_a_click_presses_the_key_and_a_disabled_key_does_not_run() -> None:
    app = Bar()
    async with app.run_test(size=(80, 5)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        bar = app.query_one(KeyBar)
        line = line_of(app)
        await pilot.click(bar, offset=(line.index("Mark"), 0))
        await pilot.pause()
        assert app.marked == 1
        await pilot.click(bar, offset=(line.index("Dimmed"), 0))
        await pilot.pause()
        assert app.marked == 1
        app.dim_allowed = True
        app.refresh_bindings()
        await pilot.pause()
        await pilot.click(bar, offset=(line.index("Dimmed"), 0))
        await pilot.pause()
        assert app.marked == 11


async def test_follows_binding_changes_and_remapped_keys() -> None:
    app = Bar()
    async with app.run_test(size=(80, 5)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        app.set_keymap({"t.mark": "m"})
        await pilot.pause()
        assert " m Mark " in line_of(app)
        assert " x Mark " not in line_of(app)


async def test_a_narrow_bar_cuts_entries_but_keeps_the_palette_key() -> None:
    app = Bar()
    async with app.run_test(size=(24, 5)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        line = line_of(app)
        assert len(line) == 24
        assert line.rstrip().endswith("palette")
        # whole entries only: " x Mark " fits, " d Dimmed " does not and is left out, not cut
        head = line.split("▏")[0].rstrip()
        assert head == " x Mark", line
