"""The note pane's pictures: drawn inline where the terminal shows them, else cards.

Kitty graphics are placeholder lines in the text; Sixel pictures are children of the pane
over blank lines kept for them (`sixel_picture`). Decoding runs off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tui.render.blocks import ImageLines, Rendered
from tui.widgets.image_lines import InlinePictures, draw_picture
from tui.widgets.image_support import inline_protocol
from tui.widgets.sixel_picture import sync_pictures
from tui.widgets.sixel_places import picture_places, reserve_picture

if TYPE_CHECKING:
    from textual.widget import Widget


class NotePictures:
    """How one pane draws its pictures, and the Sixel children it keeps over its lines."""

    def __init__(
        self,
        pane: Widget,
        image_lines: ImageLines | None,
        repaint: Callable[[], None],
        lines: Callable[[], Rendered | None],
    ) -> None:
        """`image_lines` draws resolved images instead of cards; without it, pictures are
        drawn inline when the terminal shows them (see `image_support`), else as cards.
        `repaint` renders the pane again once a picture is decoded; `lines` are its lines now."""
        self._pane = pane
        self._repaint = repaint
        self._lines = lines
        self._inline: InlinePictures | None = None
        self.sixel = False
        """Pictures are Sixel children over blank lines (else placeholder lines or cards)."""
        self._placing = False
        protocol = inline_protocol() if image_lines is None else None
        if protocol is not None:
            self.sixel = protocol == "sixel"
            draw = reserve_picture if self.sixel else draw_picture
            self._inline = InlinePictures(self._load, draw)
            image_lines = self._inline
        self.image_lines = image_lines
        """What draws an image's lines (None: cards)."""

    def _load(self, path: Path, width: int) -> None:
        """Decode a picture and send it to the terminal off the UI thread, then repaint."""
        self._pane.run_worker(
            partial(self._decode, path, width),
            thread=True,
            group="note-view-pictures",
            exit_on_error=False,
        )

    def _decode(self, path: Path, width: int) -> None:
        if self._inline is not None and self._inline.load(path, width):
            self._pane.app.call_from_thread(self._repaint)

    def rendered(self) -> None:
        """New lines were rendered: place the Sixel children over them, once, after this turn."""
        if self.sixel and not self._placing:
            self._placing = True
            self._pane.call_later(self._place)

    def _place(self) -> None:
        """One Sixel picture child over each picture's blank lines, none for other notes'."""
        self._placing = False
        rendered = self._lines()
        sync_pictures(self._pane, picture_places(rendered) if rendered is not None else [])

    def clear(self) -> None:
        """Forget the pictures sent to the terminal (the pane goes away)."""
        if self._inline is not None:
            self._inline.clear()
