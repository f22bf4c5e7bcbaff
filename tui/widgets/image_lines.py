"""Pictures as lines of text: Kitty graphics placeholders made by textual-image.

`draw_picture` decodes a picture, sends it to the terminal once (textual-image's TGP renderable
writes the image data and a virtual placement) and returns lines of placeholder characters whose
colour names the picture; the terminal paints the picture wherever those characters are. The
lines are plain `Text`, so the note view scrolls and crops them like any other line.

`InlinePictures` is the note view's `image_lines` hook: it answers from a cache keyed by file,
modification time and width, and asks for a decode (off the UI thread) on a miss; until the
lines arrive, or when the file cannot be decoded, the view shows the card.

No Textual import here.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from tui.notes.model import ImageRef

MAX_ROWS = 30
"""A picture is at most this many lines tall (about a screenful), narrower when needed."""
MAX_CACHED = 24
"""Pictures kept drawn; older ones are freed in the terminal too."""

PictureKey = tuple[Path, int, int]
"""File, modification time (ns) and width in cells."""


class _Sent(Protocol):
    def cleanup(self) -> None: ...


def picture_size(
    pixels: tuple[int, int], cell: tuple[int, int], width: int, max_rows: int = MAX_ROWS
) -> tuple[int, int]:
    """Columns and rows for a picture of `pixels` in cells of `cell` pixels, at most `width`.

    Never wider than the picture's own size, nor taller than `max_rows`; the aspect ratio is kept.
    """
    pixel_width, pixel_height = pixels
    cell_width, cell_height = max(1, cell[0]), max(1, cell[1])
    if pixel_width <= 0 or pixel_height <= 0 or width <= 0:
        return 0, 0
    columns = max(1, min(width, round(pixel_width / cell_width)))
    rows = max(1, round(columns * cell_width * pixel_height / pixel_width / cell_height))
    if rows > max_rows:
        rows = max_rows
        columns = max(1, round(rows * cell_height * pixel_width / pixel_height / cell_width))
    return columns, rows


def draw_picture(path: Path, width: int) -> tuple[list[Text], _Sent]:
    """Decode `path`, send it to the terminal, return its placeholder lines (at most `width` wide).

    Raises whatever decoding raises (a missing, corrupt or enormous file): the caller shows the
    card instead. The second value frees the picture in the terminal (`cleanup()`).
    """
    from PIL import Image as PILImage
    from textual_image._terminal import get_cell_size
    from textual_image.renderable.tgp import Image as TGPImage

    with PILImage.open(path) as opened:
        opened.load()
        cell = get_cell_size()
        columns, rows = picture_size(opened.size, (cell.width, cell.height), width)
        if columns == 0:
            raise ValueError(f"empty picture: {path.name}")
        picture = TGPImage(opened, width=columns, height=rows)
        console = Console(
            file=io.StringIO(), width=columns, color_system="truecolor", force_terminal=True
        )
        segments = list(console.render(picture, console.options.update(max_width=columns)))
    lines: list[Text] = []
    for row in Segment.split_lines(segments):
        line = Text()
        for segment in row:
            line.append(segment.text, segment.style)
        lines.append(line)
    return lines, picture


class InlinePictures:
    """The note view's hook: cached picture lines, decoded on request off the UI thread.

    `request(path, width)` is called (on the UI thread) for each picture not yet drawn at that
    width; it should run `load` in a worker and repaint when it returns.
    """

    def __init__(
        self,
        request: Callable[[Path, int], object],
        draw: Callable[[Path, int], tuple[list[Text], _Sent]] = draw_picture,
    ) -> None:
        self._request = request
        self._draw = draw
        self._lock = threading.Lock()
        self._drawn: OrderedDict[PictureKey, tuple[list[Text], _Sent] | None] = OrderedDict()
        """Lines and the sent picture per key; None when the file could not be drawn."""
        self._asked: set[tuple[Path, int]] = set()

    @staticmethod
    def _key(path: Path, width: int) -> PictureKey | None:
        try:
            return (path, path.stat().st_mtime_ns, width)
        except OSError:
            return None

    def __call__(self, ref: ImageRef, width: int) -> list[Text] | None:
        """Lines for `ref` at `width` when drawn; None (the card) while loading or on failure."""
        if ref.path is None:
            return None
        key = self._key(ref.path, width)
        if key is None:
            return None
        with self._lock:
            if key in self._drawn:
                drawn = self._drawn[key]
                self._drawn.move_to_end(key)
                return [line.copy() for line in drawn[0]] if drawn is not None else None
            if (ref.path, width) in self._asked:
                return None
            self._asked.add((ref.path, width))
        self._request(ref.path, width)
        return None

    def load(self, path: Path, width: int) -> bool:
        """Draw `path` at `width` (in a worker); True when it can be shown now."""
        key = self._key(path, width)
        try:
            drawn: tuple[list[Text], _Sent] | None = self._draw(path, width)
        except Exception:  # any decoding or terminal error: the card stays
            drawn = None
        freed: list[_Sent] = []
        with self._lock:
            self._asked.discard((path, width))
            if key is None:
                return False
            old = self._drawn.pop(key, None)
            if old is not None:
                freed.append(old[1])
            self._drawn[key] = drawn
            while len(self._drawn) > MAX_CACHED:
                _, evicted = self._drawn.popitem(last=False)
                if evicted is not None:
                    freed.append(evicted[1])
        for sent in freed:
            _cleanup(sent)
        return drawn is not None

    def clear(self) -> None:
        """Forget every picture and free them in the terminal."""
        with self._lock:
            drawn = [value[1] for value in self._drawn.values() if value is not None]
            self._drawn.clear()
            self._asked.clear()
        for sent in drawn:
            _cleanup(sent)


def _cleanup(sent: _Sent) -> None:
    with contextlib.suppress(Exception):  # the terminal is gone: nothing to free
        sent.cleanup()
