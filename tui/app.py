"""The kumonote Textual app: bindings, screens and theme. The main screen does the work."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from tui.screens.main import MainScreen
from tui.screens.palette import NoteCommands, browser_commands
from tui.state import StateStore


class KumonoteApp(App[None]):
    """雲ノート: a search bar, a service tree and the rendered note."""

    TITLE = "kumonote 雲ノート"
    CSS_PATH = "kumonote.tcss"
    COMMANDS = App.COMMANDS | {NoteCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="app.help"),
        # Textual's own palette binding, with a capital like every other key (and an id).
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            "Palette",
            show=False,
            priority=True,
            tooltip="Open the command palette",
            id="app.palette",
        ),
    ]

    def __init__(
        self,
        content: Path | None = None,
        open_note: str | None = None,
        *,
        cache_dir: Path | None = None,
        data_dir: Path | None = None,
        watch: bool = True,
    ) -> None:
        super().__init__()
        self.store = StateStore.open(data_dir)
        self.main_screen = MainScreen(
            self.store, content, open_note, cache_dir=cache_dir, watch=watch
        )
        """The browser screen, pushed at mount; the palette and quitting act on it."""

    def on_mount(self) -> None:
        """Apply the saved theme and open the browser screen."""
        saved = self.store.settings.theme
        if saved and saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(self.main_screen)

    def _theme_changed(self, theme: Theme) -> None:
        self.store.settings.theme = theme.name
        for problem in self.store.save():
            self.notify(problem, severity="warning")

    async def action_quit(self) -> None:
        """Remember the reader's place, then quit."""
        self.main_screen.remember_place()
        self.exit()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands (themes, keys, quit) and the browser's own, for the palette."""
        yield from super().get_system_commands(screen)
        if screen is self.main_screen:
            yield from browser_commands(self.main_screen)

    def action_help(self) -> None:
        """Show the keys, taken from the live bindings."""
        from tui.screens.help import HelpScreen  # imported when first asked for, not at start

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
