"""The renderings a reading pane keeps of its document: per width, the one shown, and stale ones.

A pane wraps its document at its width with the search's marks. It keeps the last few widths
(a resize back costs nothing) and knows which rendering is on screen. A long note's rendering
may be *stale* (another width, or other marks) while it is wrapped again off the UI thread:
it stays on screen until the new one arrives.
"""

from __future__ import annotations

from tui.render.blocks import Rendered

KEPT_WIDTHS = 4
"""Renderings kept, one per width (the oldest goes first)."""


class Renderings:
    """A document's renderings with the current marks, by width, and the one shown."""

    def __init__(self) -> None:
        self._by_width: dict[int, Rendered] = {}
        self.shown: Rendered | None = None
        """The rendering on screen (None before the first)."""
        self.stale = False
        """`shown` is a long note's old lines (another width, or other marks)."""
        self.stale_marks = False
        """The stale lines are marked for another search."""

    def current(self, width: int) -> Rendered | None:
        """What to show at `width` without rendering: the one shown when it fits (or is stale:
        its new lines are on their way)."""
        shown = self.shown
        if shown is not None and (self.stale or shown.width == max(8, width)):
            return shown
        return None

    def at(self, width: int) -> Rendered | None:
        """The rendering kept for `width`, if any."""
        return self._by_width.get(width)

    def keep(self, width: int, rendered: Rendered) -> None:
        """Keep `rendered` as the one for `width` (not yet shown)."""
        if width not in self._by_width and len(self._by_width) >= KEPT_WIDTHS:
            self._by_width.pop(next(iter(self._by_width)))
        self._by_width[width] = rendered

    def show(self, rendered: Rendered, *, stale: bool = False) -> None:
        """`rendered` is on screen now (`stale`: old lines, until the new ones arrive)."""
        self.shown = rendered
        self.stale = stale

    def forget(self) -> list[Rendered]:
        """Forget every rendering; return them (to let go of off the UI thread)."""
        held = list(self._by_width.values())
        if self.shown is not None and all(r is not self.shown for r in held):
            held.append(self.shown)
        self._by_width.clear()
        self.shown = None
        self.stale = self.stale_marks = False
        return held
