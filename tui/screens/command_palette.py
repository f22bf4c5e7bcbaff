"""Textual's command palette, saying "no matches" in the interface language."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from tui.i18n import _


class Palette(CommandPalette):
    """The command palette; only its "No matches found" line differs from Textual's."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own method with the line translated (it has no hook for the text).
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
