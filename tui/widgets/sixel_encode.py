"""Sixel data for a picture, or the part of it in view: scaled to its cells, cropped, encoded.

textual-image's encoder does the encoding. Its output defines each colour register where the
register is first used and counts on the definition selecting it as well; xterm (as a VT340)
does not take it so, and painted every pixel of a picture in one colour. `select_defined_colours`
adds an explicit selection after each definition, which means the same to every terminal.

Slow (a fifth of a second for a large picture): call it off the UI thread. No Textual here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

Background = tuple[int, int, int, float]
"""Red, green, blue (0–255) and alpha (0–1): what transparent pixels are painted over."""

_DEFINITION = re.compile(r"#(\d+);[12];\d+;\d+;\d+")
"""A colour register's definition, `#n;2;r;g;b` (RGB) or `#n;1;h;l;s` (HLS)."""


def scaled_picture(path: Path, pixels: tuple[int, int]) -> Image:
    """The picture at `path`, decoded and scaled to `pixels` (width, height)."""
    from PIL import Image as PILImage

    with PILImage.open(path) as opened:
        scaled: Image = opened.convert("RGBA").resize(pixels, PILImage.Resampling.LANCZOS)
    return scaled


def encode_part(picture: Image, box: tuple[int, int, int, int], background: Background) -> str:
    """Sixel data (ESC P … ESC \\) for the `box` (left, top, right, bottom) of `picture`."""
    from textual_image._sixel import image_to_sixels

    return select_defined_colours(image_to_sixels(picture.crop(box), None, background))


def select_defined_colours(data: str) -> str:
    """`data` with each colour register selected right after it is defined."""
    return _DEFINITION.sub(lambda found: f"{found[0]}#{found[1]}", data)
