"""Keys that reach a widget after the focus has moved on.

The app hands each key to the widget focused when the key arrives; the widget handles it later,
and Textual then looks the key up among the bindings of the widget focused *by then*. When keys
arrive together (fast typing while the app is busy), a key can therefore act on the wrong
widget: Escape pressed on the tree just before `/` (a priority binding that moves the focus to
the search bar at once) would clear the new search and send the focus back to the tree, and
the query typed next would land on the tree's keys. A key that finds its widget no longer
focused was meant for a moment that has passed: it is dropped.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget


def drop_if_stale(widget: Widget, event: events.Key) -> bool:
    """Stop `event` if `widget` lost the focus since it was handed the key; True if dropped."""
    if widget.screen.focused is widget:
        return False
    event.stop()
    event.prevent_default()
    return True
