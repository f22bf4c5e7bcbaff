"""The kumonote Textual app: bindings, screens and theme. The main screen does the work."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.screen import Screen
from textual.theme import Theme

from tui.i18n import N_, _, language, language_from_env, set_language
from tui.notes.safe_text import inert
from tui.notes.sources import Source
from tui.screens.command_palette import Palette
from tui.screens.live_keys import keys_of
from tui.screens.main import MainScreen
from tui.screens.palette import (
    Commands,
    NoteCommands,
    PaletteCommand,
    browser_commands,
    language_command,
    textual_commands,
)
from tui.screens.study import StudyDeck, everything, open_review, study_commands
from tui.state import StateStore
from tui.state.config import Config, load_config

LANGUAGE_SETTING = "language"
"""The settings value holding the language chosen in the palette (below `KUMONOTE_LANG`)."""


class KumonoteApp(App[None]):
    """雲ノート: a search bar, a service tree and the rendered note."""

    TITLE = "kumonote 雲ノート"
    CSS_PATH = "kumonote.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        Commands,
        NoteCommands,
    }
    """Textual's system commands come through `Commands`, translated and matched in kana too."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", N_("Quit"), id="app.quit"),
        Binding("question_mark,f1", "help", N_("Help"), key_display="?", id="app.help"),
        # Textual's own palette binding, with a capital like every other key (and an id).
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            N_("Palette"),
            show=False,
            priority=True,
            tooltip=N_("Open the command palette"),
            id="app.palette",
        ),
    ]

    def __init__(
        self,
        content: Path | Sequence[Source] | None = None,
        open_note: str | None = None,
        *,
        cache_dir: Path | None = None,
        data_dir: Path | None = None,
        watch: bool = True,
        start_review: bool = False,
        config: Config | None = None,
    ) -> None:
        super().__init__()
        self.store = StateStore.open(data_dir)
        self.study = StudyDeck(self.store.data_dir)
        """The review deck, opened when a review or the statistics first ask for it."""
        self._start_review = start_review
        self.config = config if config is not None else load_config()
        """The config file as read at start, by the command line or here (its problems are told
        once the screen is up)."""
        saved = self.store.settings.get_str(LANGUAGE_SETTING) or self.config.language
        set_language(language_from_env(configured=saved))
        self.main_screen = MainScreen(
            self.store, content, open_note, cache_dir=cache_dir, watch=watch, config=self.config
        )
        """The browser screen, pushed at mount; the palette and quitting act on it."""

    def on_mount(self) -> None:
        """Apply the saved theme and open the browser screen."""
        saved = self.store.settings.theme
        if saved and saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(self.main_screen)
        if self._start_review:  # `kumonote review`
            open_review(self, everything())
        for problem in self.config.problems:
            self.notify(
                _("config file: {problem}").format(problem=problem), severity="warning", timeout=10
            )

    def _theme_changed(self, theme: Theme) -> None:
        self.store.settings.theme = theme.name
        for problem in self.store.save():
            self.notify(problem, severity="warning")

    async def action_quit(self) -> None:
        """Remember the reader's place, then quit."""
        self.main_screen.remember_place()
        self.exit()

    def palette_commands(self, screen: Screen[Any]) -> list[PaletteCommand]:
        """Textual's commands (themes, keys, quit), the language, and the browser's own."""
        commands = [
            # Textual's key panel speaks only English: `?` shows the same keys, translated
            replace(command, callback=self.save_screenshot_told)
            if command.title == "Screenshot"
            else command
            for command in textual_commands(super().get_system_commands(screen))
            if command.title != "Keys"
        ]
        commands.append(language_command(self.toggle_language))
        if screen is self.main_screen:
            commands.extend(browser_commands(self.main_screen))
            commands.extend(study_commands(self.main_screen))
        return commands

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's commands as Textual's `SystemCommand`s, in the interface language."""
        for command in self.palette_commands(screen):
            yield SystemCommand(
                _(command.title), _(command.help), command.callback, command.discover
            )

    def action_command_palette(self) -> None:
        """Textual's command palette, with its placeholder in the interface language."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(id="--command-palette", placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        """Textual's theme list, with its placeholder in the interface language."""
        from textual.theme import ThemeProvider

        self.push_screen(Palette(providers=[ThemeProvider], placeholder=_("Search for themes…")))

    def toggle_language(self) -> None:
        """Switch Japanese ↔ English, remember it, and redraw what is shown in words."""
        self.switch_language("en" if language() == "ja" else "ja")

    def switch_language(self, wanted: str) -> None:
        """Speak `wanted` (`ja` or `en`) from now on, remember it, redraw what is shown."""
        chosen = set_language(wanted)
        self.store.settings.set(LANGUAGE_SETTING, chosen)
        for problem in self.store.save():
            self.notify(problem, severity="warning")
        self.main_screen.language_changed()
        for screen in self.screen_stack:  # the review and the statistics, when open
            redraw = getattr(screen, "language_changed", None)
            if screen is not self.main_screen and callable(redraw):
                redraw()
        self.notify(
            _("Language: English") if chosen == "en" else _("Language: Japanese"), timeout=2
        )

    def save_screenshot_told(self) -> None:
        """Save an SVG screenshot once the palette has gone, and say where."""

        def save() -> None:
            path = self.save_screenshot()
            self.notify(
                _("Saved screenshot to {path}").format(path=inert(path)), title=_("Screenshot")
            )

        self.set_timer(0.1, save)

    def action_help_quit(self) -> None:
        """ctrl+c does not quit: say which key does (Textual's own words, translated)."""
        keys = keys_of(self, "quit")
        if keys:
            self.notify(
                _("Press {key} to quit the app").format(key=keys[0]),
                title=_("Do you want to quit?"),
            )

    def action_help(self) -> None:
        """Show the keys, taken from the live bindings."""
        from tui.screens.help import HelpScreen  # imported when first asked for, not at start

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
