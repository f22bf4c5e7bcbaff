"""A reading pane's scrolling keys: a line, a page, the top (no animation, as a pager does)."""

from __future__ import annotations

from tui.widgets.in_place_scrolling import InPlaceScrolling


class LineScrolling(InPlaceScrolling):
    """`InPlaceScrolling` with the actions a pager's keys call (j/k, space/pageup, g)."""

    def action_line_down(self) -> None:
        """One line down."""
        self.scroll_to(y=self.scroll_y + 1, animate=False, force=True)

    def action_line_up(self) -> None:
        """One line up."""
        self.scroll_to(y=self.scroll_y - 1, animate=False, force=True)

    def action_page_down(self) -> None:
        """A page down, keeping one line of the last page in view."""
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_y + page, animate=False, force=True)

    def action_page_up(self) -> None:
        """A page up, keeping one line of the last page in view."""
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_y - page, animate=False, force=True)

    def action_top(self) -> None:
        """The top."""
        self.scroll_to(y=0, animate=False, force=True)
