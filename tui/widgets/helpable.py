"""What a focusable widget says about itself on the help screen (the idea of Posting's `Helpable`).

The help screen reads each widget's keys from its live bindings and lists them under the name
the widget declares, so no table of class names has to follow the widgets around::

    class NoteTree(Tree[NodeData]):
        WIDGET_HELP: ClassVar[WidgetHelp] = WidgetHelp("Tree", "Categories, notes, sections.")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable


@dataclass(frozen=True)
class WidgetHelp:
    """How the help screen names a widget's keys, and what it says the widget is for."""

    context: str
    """The "Where" of the widget's keys ("Tree")."""
    about: str = ""
    """One short line on what the widget is for ("" says nothing)."""


@runtime_checkable
class Helpable(Protocol):
    """A widget that declares its help (Textual's own `HELP` is Markdown for its key panel)."""

    WIDGET_HELP: ClassVar[WidgetHelp]


def help_of(node: object) -> WidgetHelp | None:
    """The help `node`'s class declares, or None when it declares none."""
    if isinstance(node, Helpable) and isinstance(node.WIDGET_HELP, WidgetHelp):
        return node.WIDGET_HELP
    return None
