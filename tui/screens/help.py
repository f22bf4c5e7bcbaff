"""The help screen, built from the live bindings of the screen below it, so it never drifts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, Static

_ABOUT = (
    "雲ノート kumonote — type Japanese (暗号), kana (こんてな), romaji (angou) or English, "
    "even with a typo (sagemkaer). ctrl+p opens the command palette (go to note, themes)."
)


_OUTSIDE_INPUT = "Tree and note"
"""Where a screen key works when a text field (the search bar) would take it as typing."""


def _context_name(node: DOMNode) -> str:
    names = {"SearchBar": "Search bar", "NoteTree": "Tree", "NoteView": "Note"}
    if isinstance(node, Screen) or node is node.app:
        return "Everywhere"
    return names.get(type(node).__name__, type(node).__name__)


def _input_keys(screen: Screen[object], keymap: Mapping[str, str]) -> set[str] | None:
    """The keys a text field on `screen` handles itself (None: the screen has none)."""
    fields = list(screen.query(Input))
    if not fields:
        return None
    bindings = fields[0]._bindings.copy()
    if keymap:
        bindings.apply_keymap(keymap)
    return {key for key, _binding in bindings}


def _context_of_key(context: str, key: str, binding: Binding, field_keys: set[str] | None) -> str:
    """A screen-wide key that a text field types or handles itself works outside it only."""
    if context != "Everywhere" or field_keys is None or binding.priority:
        return context
    character = key_to_character(key)
    if (character is not None and character.isprintable()) or key in field_keys:
        return _OUTSIDE_INPUT
    return context


_HORIZONTAL = frozenset({"scroll_left", "scroll_right", "page_left", "page_right"})
_VERTICAL = frozenset(
    {"scroll_up", "scroll_down", "page_up", "page_down", "scroll_home", "scroll_end"}
)


def _does_nothing(node: DOMNode, binding: Binding) -> bool:
    """A scrolling key of a widget that cannot scroll that way (the search bar's pgup, the
    tree's sideways keys): inherited from Textual's scrolling widgets, and nothing here."""
    if not isinstance(node, Widget):
        return False
    action = binding.action.partition("(")[0]
    if action in _HORIZONTAL:
        return not node.allow_horizontal_scroll
    if action in _VERTICAL:
        return not node.allow_vertical_scroll
    return False


def binding_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(context, keys, description) for every described binding on `screen` and the app."""
    nodes: list[DOMNode] = [screen.app, screen]
    nodes += [w for w in screen.query(Widget) if w._bindings.key_to_bindings and w.can_focus]
    grouped: dict[tuple[str, str], list[str]] = {}
    keymap = screen.app._keymap  # the user's remapped keys, as Textual applies them
    field_keys = _input_keys(screen, keymap)
    for node in nodes:
        node_context = _context_name(node)
        bindings = node._bindings.copy()
        if keymap:
            bindings.apply_keymap(keymap)
        for key, binding in bindings:
            if not binding.description or binding.system or _does_nothing(node, binding):
                continue
            context = _context_of_key(node_context, key, binding, field_keys)
            shown = screen.app.get_key_display(binding.with_key(key))
            grouped.setdefault((context, binding.description), []).append(shown)
    order = {"Everywhere": 0, _OUTSIDE_INPUT: 1}
    rows = [
        (context, " ".join(dict.fromkeys(keys)), description)
        for (context, description), keys in grouped.items()
    ]
    rows.sort(key=lambda row: order.get(row[0], 2))  # stable: bindings keep their order
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
