"""The help screen, built from the live bindings of the screen below it, so it never drifts.

The screen's and the app's keys work everywhere; a focusable widget's keys are listed under
the name the widget declares for itself (`WIDGET_HELP`, see `tui.widgets.helpable`), and what
it declares it is for explains that name below the keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from rich.console import Group
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

from tui.i18n import N_, _
from tui.screens.live_keys import keys_of, live_bindings
from tui.widgets.helpable import help_of

_ABOUT = N_(
    "雲ノート kumonote — type Japanese (暗号), kana (こんてな), romaji (angou) or English, "
    "even with a typo (sagemkaer)."
)

_PALETTE = N_("{keys} opens the command palette (go to note, themes, language).")

_EVERYWHERE = N_("Everywhere")
"""Where the screen's and the app's keys work."""

_OUTSIDE_FIELDS = N_("Outside text fields")
"""Where a screen key works when a text field would take it as typing, if no widget says more."""


def _context_name(node: DOMNode) -> str:
    if isinstance(node, Screen) or node is node.app:
        return _(_EVERYWHERE)
    declared = help_of(node)
    return _(declared.context) if declared is not None else type(node).__name__


def _listed(names: Iterable[str]) -> str:
    """Names as one phrase: "Tree", "Tree and note", "Tree, note and list"."""
    spoken = list(dict.fromkeys(names))
    spoken[1:] = [name[:1].lower() + name[1:] for name in spoken[1:]]
    if len(spoken) < 2:
        return spoken[0] if spoken else _(_OUTSIDE_FIELDS)
    return _("{names} and {last}").format(names=_(", ").join(spoken[:-1]), last=spoken[-1])


def _field_keys(fields: Sequence[Widget]) -> set[str] | None:
    """The keys the first text field handles itself (None: the screen has none)."""
    if not fields:
        return None
    return {key for key, _binding in live_bindings(fields[0])}


def _context_of_key(
    context: str, key: str, binding: Binding, field_keys: set[str] | None, outside: str
) -> str:
    """A screen-wide key that a text field types or handles itself works outside it only."""
    if context != _(_EVERYWHERE) or field_keys is None or binding.priority:
        return context
    character = key_to_character(key)
    if (character is not None and character.isprintable()) or key in field_keys:
        return outside
    return context


_KeyRow = tuple[str, str, str]
"""(context, keys, description): one line of the help's table of keys."""

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


class _Places:
    """Where the keys of `screen` work: the name of each place, and what each place is."""

    def __init__(self, screen: Screen[Any]) -> None:
        self.widgets = [
            w for w in screen.query(Widget) if w._bindings.key_to_bindings and w.can_focus
        ]
        fields = [w for w in self.widgets if isinstance(w, Input)]
        self.field_keys = _field_keys(fields)
        self.outside = _listed(_context_name(w) for w in self.widgets if w not in fields)
        """Where a screen key that the text field would type works ("Tree and note")."""
        field_name = _context_name(fields[0]).lower() if fields else ""
        self.about = {_(_EVERYWHERE): _("whichever pane has the focus")}
        """What each place is, for the places that say."""
        if fields:
            self.about[self.outside] = _("any pane but the {field}, which types these keys").format(
                field=field_name
            )
        for widget in self.widgets:
            declared = help_of(widget)
            if declared is not None and declared.about:
                self.about.setdefault(_(declared.context), _(declared.about))


def help_rows(screen: Screen[Any]) -> tuple[list[_KeyRow], list[tuple[str, str]]]:
    """The rows of the help screen for `screen`: (context, keys, description) for every
    described binding on `screen` and the app, and (context, what it is) for each context
    they name that says what it is, in the same order."""
    places = _Places(screen)
    rows = _binding_rows(screen, places)
    contexts = dict.fromkeys(context for context, _keys, _description in rows)
    return rows, [
        (context, places.about[context]) for context in contexts if context in places.about
    ]


def _binding_rows(screen: Screen[Any], places: _Places) -> list[_KeyRow]:
    nodes: list[DOMNode] = [screen.app, screen, *places.widgets]
    grouped: dict[tuple[str, str], list[str]] = {}
    screen_keys = {key for key, _binding in live_bindings(screen)}
    for node in nodes:
        node_context = _context_name(node)
        for key, binding in live_bindings(node):
            if not binding.description or binding.system or _does_nothing(node, binding):
                continue
            if node is screen.app and key in screen_keys and not binding.priority:
                continue  # the screen's own binding of the key runs instead (`q` in a review)
            context = _context_of_key(node_context, key, binding, places.field_keys, places.outside)
            shown = screen.app.get_key_display(binding.with_key(key))
            grouped.setdefault((context, _(binding.description)), []).append(shown)
    order = {_(_EVERYWHERE): 0, places.outside: 1}
    rows = [
        (context, " ".join(dict.fromkeys(keys)), description)
        for (context, description), keys in grouped.items()
    ]
    rows.sort(key=lambda row: order.get(row[0], 2))  # stable: bindings keep their order
    return rows


def _intro(screen: Screen[Any]) -> str:
    keys = keys_of(screen.app, "command_palette")
    if not keys:
        return _(_ABOUT)
    return f"{_(_ABOUT)} {_(_PALETTE).format(keys=' '.join(keys))}"


class HelpScreen(ModalScreen[None]):
    """Keys for everything on the browser screen, grouped by where they work."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", N_("Close help"), id="help.close"),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self._rows, self._places = help_rows(screen)
        self._intro = _intro(screen)

    def compose(self) -> ComposeResult:
        """A table of keys, then what each place they work in is."""
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column(_("Where"), style="dim", no_wrap=True)
        table.add_column(_("Keys"), style="bold", no_wrap=True)
        table.add_column(_("Action"))
        for context, keys, description in self._rows:
            table.add_row(context, keys, description)
        places = Table(box=None, expand=True, show_header=True, header_style="bold")
        places.add_column(_("Where"), style="dim", no_wrap=True)
        places.add_column(_("What it is"))
        for context, about in self._places:
            places.add_row(context, about)
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = _("Help — keys (Esc closes)")
            yield Static(Text(self._intro, style="italic"))
            yield Static(table)
            yield Static(Group(Text(), places))

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        """Close the help screen."""
        self.dismiss(result)
