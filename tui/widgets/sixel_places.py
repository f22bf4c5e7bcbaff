"""Room for Sixel pictures in a note's lines, and where that room ended up.

A Sixel picture cannot be drawn as text. `reserve_picture` is the drawing function the note view
gives `InlinePictures` in Sixel mode: it checks that the picture decodes and returns as many blank
lines as the picture needs at that width, marked with the file in their style's meta. After
wrapping, `picture_places` finds those marks again: each picture's first line, column, size and
file, which is what the widgets that draw the pixels need.

No Textual import here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from tui.render.blocks import Rendered
from tui.widgets.image_lines import picture_size

PICTURE_META = "sixel_picture"
"""The style meta key that marks reserved picture cells; its value is the file's path."""
VERSION_META = "sixel_picture_version"
"""The file's modification time (ns) when it was measured: a changed file is drawn anew."""


@dataclass(frozen=True)
class PicturePlace:
    """A picture in rendered lines: `rows` lines from line `top`, `columns` cells from `left`."""

    path: Path
    top: int
    left: int
    columns: int
    rows: int
    version: int = 0
    """The file's modification time (ns) when it was measured."""


class _Nothing:
    """Nothing was sent to the terminal: nothing to free."""

    def cleanup(self) -> None:
        """Free nothing."""


def reserve_picture(path: Path, width: int) -> tuple[list[Text], _Nothing]:
    """Blank, marked lines as large as `path` is drawn at most `width` cells wide.

    Decodes the whole file (call it off the UI thread), so a corrupt one raises here and keeps
    its card.
    """
    from PIL import Image as PILImage
    from textual_image._terminal import get_cell_size

    version = path.stat().st_mtime_ns
    with PILImage.open(path) as opened:
        opened.load()
        size = opened.size
    cell = get_cell_size()
    columns, rows = picture_size(size, (cell.width, cell.height), width)
    if columns == 0:
        raise ValueError(f"empty picture: {path.name}")
    mark = Style(meta={PICTURE_META: str(path), VERSION_META: version})
    lines: list[Text] = []
    for _ in range(rows):
        line = Text(" " * columns)
        line.stylize(mark, 0, columns)
        lines.append(line)
    return lines, _Nothing()


def picture_places(rendered: Rendered) -> list[PicturePlace]:
    """Every reserved picture in `rendered`, top to bottom (cards are not pictures)."""
    places: list[PicturePlace] = []
    for spot in rendered.blocks:
        if spot.kind != "image" or spot.start >= spot.end:
            continue
        line = rendered.lines[spot.start]
        for span in line.spans:
            style = span.style
            if not isinstance(style, Style) or not style._meta:
                continue
            path = style.meta.get(PICTURE_META)
            if path is None:
                continue
            plain = line.plain
            left = cell_len(plain[: span.start])
            columns = cell_len(plain[span.start : span.end])
            rows = spot.end - spot.start
            version = int(style.meta.get(VERSION_META, 0))
            place = PicturePlace(Path(str(path)), spot.start, left, columns, rows, version)
            places.append(place)
            break
    return places
