"""The help screen, built from the live bindings of the screen below it, so it never drifts."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

_ABOUT = (
    "雲ノート kumonote — type Japanese (暗号), kana (こんてな), romaji (angou) or English, "
    "even with a typo (sagemkaer). ctrl+p opens the command palette (go to note, themes)."
)


def _context_name(node: DOMNode) -> str:
    names = {"SearchBar": "Search bar", "NoteTree": "Tree", "NoteView": "Note"}
    if isinstance(node, Screen) or node is node.app:
        return "Everywhere"
    return names.get(type(node).__name__, type(node).__name__)


def binding_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(context, keys, description) for every described binding on `screen` and the app."""
    nodes: list[DOMNode] = [screen.app, screen]
    nodes += [w for w in screen.query(Widget) if w._bindings.key_to_bindings and w.can_focus]
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    keymap = screen.app._keymap  # the user's remapped keys, as Textual applies them
    for node in nodes:
        context = _context_name(node)
        grouped: dict[str, list[str]] = {}
        bindings = node._bindings.copy()
        if keymap:
            bindings.apply_keymap(keymap)
        for _key, binding in bindings:
            if not binding.description or binding.system:
                continue
            grouped.setdefault(binding.description, []).append(screen.app.get_key_display(binding))
        for description, keys in grouped.items():
            if (context, description) in seen:
                continue
            seen.add((context, description))
            rows.append((context, " ".join(dict.fromkeys(keys)), description))
    return rows


class HelpScreen(ModalScreen[None]):
    """Keys for everything on the browser screen, grouped by where they work."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self._rows = binding_rows(screen)

    def compose(self) -> ComposeResult:
        """A table of keys."""
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column("Where", style="dim", no_wrap=True)
        table.add_column("Keys", style="bold", no_wrap=True)
        table.add_column("Action")
        for context, keys, description in self._rows:
            table.add_row(context, keys, description)
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = "Help — keys (Esc closes)"
            yield Static(Text(_ABOUT, style="italic"))
            yield Static(table)

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        """Close the help screen."""
        self.dismiss(result)
