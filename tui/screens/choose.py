"""Small modal pickers: the bookmark list, the links of a note, and the URL confirmation."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.i18n import N_, _
from tui.notes.safe_text import inert
from tui.screens.live_keys import keys_of


class ChooseScreen(ModalScreen[str | None]):
    """Pick one of a list of (value, label, detail); dismisses with the value or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Close"), id="choose.close"),
        Binding("j", "cursor_down", N_("Down"), show=False, id="choose.down"),
        Binding("k", "cursor_up", N_("Up"), show=False, id="choose.up"),
    ]

    def __init__(self, title: str, items: list[tuple[str, str, str]], empty: str) -> None:
        super().__init__()
        self._title = title
        self._items = items
        self._empty = empty

    @property
    def items(self) -> list[tuple[str, str, str]]:
        """What can be chosen: (value, label, detail), in the order shown."""
        return list(self._items)

    def compose(self) -> ComposeResult:
        """A titled list, or a line saying there is nothing to choose."""
        with Vertical(classes="chooser") as box:
            box.border_title = self._title
            if not self._items:
                yield Label(self._empty)
                return
            options = [
                Option(
                    Text.assemble((inert(label), "bold"), "  ", (inert(detail), "dim")), id=value
                )
                for value, label, detail in self._items
            ]
            yield OptionList(*options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or click: choose it."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        """Vim-style down."""
        for options in self.query(OptionList):
            options.action_cursor_down()

    def action_cursor_up(self) -> None:
        """Vim-style up."""
        for options in self.query(OptionList):
            options.action_cursor_up()


class ConfirmUrlScreen(ModalScreen[bool]):
    """Show a web address and open it only when the user says so."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,o,y", "open", N_("Open in browser"), id="url.open"),
        Binding("escape,n,q", "cancel", N_("Cancel"), id="url.cancel"),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self._url = url

    def compose(self) -> ComposeResult:
        """The URL and the two choices."""
        with Vertical(classes="chooser") as box:
            box.border_title = _("Open link?")
            yield Label(Text(inert(self._url), style="underline"))
            open_keys, cancel_keys = ("/".join(keys_of(self, a)) for a in ("open", "cancel"))
            hint = _("{open_keys}: open in the web browser   {cancel_keys}: cancel").format(
                open_keys=open_keys, cancel_keys=cancel_keys
            )
            yield Label(hint, classes="hint", markup=False)

    def action_open(self) -> None:
        """Yes."""
        self.dismiss(True)

    def action_cancel(self) -> None:
        """No."""
        self.dismiss(False)
