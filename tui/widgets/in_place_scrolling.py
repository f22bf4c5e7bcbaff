"""Scroll views whose content can grow or shrink without a layout of the whole screen.

Widget's `virtual_size` asks for a layout of the screen whenever it changes (about 10 ms at
100x30), although a scroll view whose size comes from the CSS only needs its scrollbars told.
The tree and the note pane change their content on every search keystroke, so they repaint and
update their scrollbars in place; a scrollbar that appears or disappears still lays out the
screen (Widget's `show_vertical_scrollbar` asks for it).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView


class InPlaceScrolling(ScrollView):
    """A scroll view that repaints, rather than lays out the screen, when its content resizes."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=True)

    def watch_virtual_size(self, size: Size) -> None:
        """Tell the scrollbars (and the scroll limits) what the new content size is."""
        if self.is_mounted and self.container_size:
            # What a layout would have done for this widget (ScrollView._size_updated).
            self._scroll_update(size)
