"""Help and hints from the widgets and the live bindings: each widget names its own keys, the
palette's hints and the dialogs' key lines follow a remapped key, the app holds its main screen."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandList
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label

import tui.widgets
from tui.app import KumonoteApp
from tui.screens.choose import ConfirmUrlScreen
from tui.screens.help import HelpScreen, help_rows
from tui.screens.live_keys import keys_of, with_keys
from tui.screens.main import MainScreen
from tui.screens.palette import HasMainScreen, NoteCommands, browser_commands
from tui.widgets.helpable import WidgetHelp, help_of
from tui.widgets.note_tree import NoteTree

from .helpers import make_app, wait_until

# The help's and the palette's words are asserted in English here (tests/test_i18n.py has both).
pytestmark = pytest.mark.usefixtures("english")


def _widget_classes() -> list[type[Widget]]:
    """Every widget class defined in `tui.widgets` but those the others there build on
    (`InPlaceScrolling`): the widgets that are put on screens."""
    found: list[type[Widget]] = []
    for info in pkgutil.iter_modules(tui.widgets.__path__, "tui.widgets."):
        module = importlib.import_module(info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Widget) and value.__module__ == module.__name__:
                found.append(value)
    return [cls for cls in found if not any(cls in other.__bases__ for other in found)]


def test_every_focusable_widget_with_keys_says_its_own_help() -> None:
    classes = _widget_classes()
    assert {"SearchBar", "NoteTree", "NoteView"} <= {cls.__name__ for cls in classes}
    missing = [
        cls.__name__
        for cls in classes
        if cls.can_focus
        and cls._merged_bindings is not None
        and cls._merged_bindings.key_to_bindings
        and not isinstance(getattr(cls, "WIDGET_HELP", None), WidgetHelp)
    ]
    assert missing == [], f"declare WIDGET_HELP = WidgetHelp(...) on {missing}"


def test_help_of_reads_only_a_declaration() -> None:
    class Plain(Widget):
        pass

    class Wrong(Widget):
        WIDGET_HELP = "Tree"

    assert help_of(Plain()) is None and help_of(Wrong()) is None
    tree = NoteTree()
    assert help_of(tree) == NoteTree.WIDGET_HELP and NoteTree.WIDGET_HELP.context == "Tree"


async def test_help_names_every_place_after_the_widget_there(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        keyed = [w for w in screen.query(Widget) if w.can_focus and w._bindings.key_to_bindings]
        assert keyed and all(help_of(widget) is not None for widget in keyed)
        declared = {help.context for widget in keyed if (help := help_of(widget)) is not None}
        rows, places = help_rows(screen)
        contexts = {context for context, _keys, _description in rows}
        assert contexts == {"Everywhere", "Tree and note"} | declared
        assert [context for context, _about in places] == list(
            dict.fromkeys(context for context, _keys, _description in rows)
        )
        assert ("Tree", NoteTree.WIDGET_HELP.about) in places
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen._places == places
        assert "^p opens the command palette" in app.screen._intro


def _hints(app: KumonoteApp) -> dict[str, str]:
    """The browser commands' help as the palette shows it (it reads help as markup)."""
    commands = browser_commands(app.main_screen)
    return {command.title: Content.from_markup(command.help).plain for command in commands}


async def test_palette_hints_come_from_the_live_bindings(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        hints = _hints(app)
        assert hints["Bookmarks"] == "List bookmarked notes (B)"
        assert hints["Toggle tree"] == "Show or hide the service tree (^t)"
        assert hints["History back"] == "The previous note or section (alt+←, [)"
        # every command is one a key runs, so every hint names its keys
        assert all(hint.endswith(")") for hint in hints.values()), hints
        app.set_keymap({"lab.bookmarks": "ctrl+b", "main.toggle_tree": "f6"})
        hints = _hints(app)
        assert hints["Bookmarks"] == "List bookmarked notes (^b)"
        assert hints["Toggle tree"] == "Show or hide the service tree (f6)"
        offered = {c.title: c.help for c in app.get_system_commands(app.main_screen)}
        assert offered["Bookmarks"] == "List bookmarked notes (^b)"
        app.set_keymap({"lab.back": "[,]"})  # markup-like keys are shown as they are
        assert _hints(app)["History back"] == "The previous note or section ([, ])"


async def test_the_palette_shows_the_remapped_key(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.set_keymap({"lab.bookmarks": "ctrl+b"})
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"bookmarks")

        def shown() -> list[str]:
            commands = app.screen.query(CommandList)
            return [
                o.prompt.plain for c in commands for o in c.options if isinstance(o.prompt, Content)
            ]

        await wait_until(
            pilot, lambda: any("(^b)" in prompt for prompt in shown()), "the remapped key listed"
        )
        assert "Bookmarks\nList bookmarked notes (^b)" in shown(), shown()


async def test_browser_commands_only_over_the_main_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.main_screen)}
        assert {"Bookmarks", "Toggle tree"} <= titles
        await pilot.press("f1")
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Bookmarks" not in titles


async def test_the_palette_reaches_the_main_screen_through_the_app(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    assert isinstance(app, HasMainScreen) and isinstance(app.main_screen, MainScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen is app.main_screen
        await pilot.press("f1")  # a screen over it: go-to still opens notes in the browser
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert NoteCommands(app.screen)._main() is app.main_screen


async def test_another_app_has_no_main_screen_for_the_palette() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not isinstance(app, HasMainScreen)
        assert NoteCommands(app.screen)._main() is None


class _Keys(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x,ctrl+x", "go", "Go", id="keys.go"),
        Binding("left_square_bracket", "back", "Back", id="keys.back"),
    ]


class _KeysApp(App[None]):
    def compose(self) -> ComposeResult:
        yield _Keys()


@pytest.mark.parametrize(
    ("keymap", "go", "back"),
    [
        ({}, ["x", "^x"], ["["]),
        ({"keys.go": "f2"}, ["f2"], ["["]),
        ({"keys.back": "alt+left,b"}, ["x", "^x"], ["alt+←", "b"]),
    ],
)
async def test_keys_of_follows_the_keymap(
    keymap: dict[str, str], go: list[str], back: list[str]
) -> None:
    app = _KeysApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.set_keymap(keymap)
        widget = app.query_one(_Keys)
        assert keys_of(widget, "go") == go and keys_of(widget, "back") == back
        assert keys_of(widget, "missing") == []
        assert with_keys("Go", widget, "go") == f"Go ({', '.join(go)})"
        assert with_keys("Nothing", widget, "missing") == "Nothing"


async def test_link_dialog_names_its_live_keys(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.set_keymap({"url.cancel": "x"})
        app.push_screen(ConfirmUrlScreen("https://example.com/"))
        await pilot.pause()
        hint = str(app.screen.query_one(".hint", Label).render())
        assert hint == "⏎/o/y: open in the web browser   x: cancel"
