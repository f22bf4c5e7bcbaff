"""The narrow layout: below NARROW_WIDTH columns the tree folds away and ctrl+t brings it back.

The CSS classes `-narrow` and `-tree-toggled` on the screen do the showing and hiding (see
kumonote.tcss); `NarrowLayout` owns them and the toggle.
"""

from __future__ import annotations

from textual.dom import DOMNode

NARROW_WIDTH = 60
"""Below this many columns the tree folds away (a key brings it back)."""


class NarrowLayout:
    """Whether the tree shows, by the terminal's width and the reader's ctrl+t."""

    def __init__(self, node: DOMNode) -> None:
        self._node = node
        self.toggled = False
        """ctrl+t was pressed: the tree shows on a narrow terminal, hides on a wide one."""

    @property
    def narrow(self) -> bool:
        """Is the terminal narrower than NARROW_WIDTH?"""
        return self._node.has_class("-narrow")

    @property
    def tree_visible(self) -> bool:
        """Is the tree on screen? (Narrow screens hide it until asked; wide ones show it.)"""
        return self.toggled == self.narrow

    def toggle(self) -> bool:
        """Show or hide the tree; True when it shows now."""
        self.set_toggled(not self.toggled)
        return self.tree_visible

    def set_toggled(self, value: bool) -> None:
        """Set the ctrl+t state (False: the tree as the width wants it)."""
        self.toggled = value
        self._node.set_class(value, "-tree-toggled")

    def resize(self, width: int) -> bool:
        """The terminal is `width` columns wide now; True when it just became narrow."""
        narrow = width < NARROW_WIDTH
        if narrow == self.narrow:
            return False
        self._node.set_class(narrow, "-narrow")
        self.set_toggled(False)
        return narrow

    def after_reading(self) -> None:
        """A note was opened for reading: on a narrow terminal the note takes the screen."""
        if self.narrow and self.toggled:
            self.set_toggled(False)
