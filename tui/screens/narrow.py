"""The narrow layout: below NARROW_WIDTH columns the tree folds away and ctrl+t brings it back.

Mixed into the main screen; the CSS classes `-narrow` and `-tree-toggled` do the showing and
hiding (see kumonote.tcss).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widget import Widget

from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object

NARROW_WIDTH = 60
"""Below this many columns the tree folds away (a key brings it back)."""


class NarrowLayout(_Base):
    """Folds the tree away on narrow terminals, and toggles it on any terminal."""

    _tree_toggled: bool = False

    def _focus(self, widget: Widget) -> None:
        """Move focus at once (the screen implements it)."""
        raise NotImplementedError

    @property
    def tree_visible(self) -> bool:
        """Is the tree on screen? (Narrow screens hide it until asked; wide ones show it.)"""
        return self._tree_toggled == self.has_class("-narrow")

    def action_toggle_tree(self) -> None:
        """Show or hide the tree (on narrow terminals it replaces the note while shown)."""
        self._set_tree_toggled(not self._tree_toggled)
        if self.tree_visible:
            self._focus(self.query_one(NoteTree))
        elif isinstance(self.focused, NoteTree):
            self._focus(self.query_one(NoteView))

    def _set_tree_toggled(self, value: bool) -> None:
        self._tree_toggled = value
        self.set_class(value, "-tree-toggled")

    def on_resize(self, event: events.Resize) -> None:
        """Fold the tree away below NARROW_WIDTH columns."""
        narrow = event.size.width < NARROW_WIDTH
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self._set_tree_toggled(False)
            if narrow and isinstance(self.focused, NoteTree):
                self._focus(self.query_one(NoteView))
