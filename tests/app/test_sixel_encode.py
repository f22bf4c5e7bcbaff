"""Sixel data for a picture: every colour is selected before it paints, crops keep their part."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tui.widgets.sixel_encode import encode_part, scaled_picture, select_defined_colours

from .sixel_decode import close, decode_sixel

RED = (200, 40, 40)
BLUE = (40, 40, 200)
BLACK = (0, 0, 0, 1.0)


def two_colours(tmp_path: Path) -> Path:
    path = tmp_path / "two.png"
    picture = Image.new("RGB", (240, 120), RED)
    picture.paste(BLUE, (0, 60, 240, 120))
    picture.save(path)
    return path


def test_definitions_are_followed_by_a_selection() -> None:
    data = '\x1bP0;0;0q"1;1;240;12#1;2;78;16;16!240~-#0;2;16;16;78!240~$#1!240N\x1b\\'
    assert select_defined_colours(data) == (
        '\x1bP0;0;0q"1;1;240;12#1;2;78;16;16#1!240~-#0;2;16;16;78#0!240~$#1!240N\x1b\\'
    )
    assert select_defined_colours("#3;1;120;50;100~") == "#3;1;120;50;100#3~"  # HLS too


def test_the_encoder_alone_paints_before_selecting_a_colour(tmp_path: Path) -> None:
    # What xterm drew in one colour: without the added selections, the first pixels are
    # painted with whatever register was current.
    from textual_image._sixel import image_to_sixels

    picture = scaled_picture(two_colours(tmp_path), (240, 120))
    with pytest.raises(AssertionError, match="before any colour"):
        decode_sixel(image_to_sixels(picture, None, BLACK))


def test_a_whole_picture_decodes_as_drawn(tmp_path: Path) -> None:
    # Scaled to 40x9 cells of 6x13 pixels (xterm's default font), as the note view asks.
    picture = scaled_picture(two_colours(tmp_path), (240, 117))
    pixels = decode_sixel(encode_part(picture, (0, 0, 240, 117), BLACK))
    assert (len(pixels[0]), len(pixels)) == (240, 117)
    assert close(pixels[0][0], RED) and close(pixels[55][239], RED)
    assert close(pixels[62][0], BLUE) and close(pixels[116][239], BLUE)


def test_a_crop_is_its_own_part(tmp_path: Path) -> None:
    picture = scaled_picture(two_colours(tmp_path), (240, 120))
    pixels = decode_sixel(encode_part(picture, (0, 60, 240, 120), BLACK))
    assert len(pixels) == 60
    assert all(close(pixel, BLUE) for row in pixels for pixel in row)


def test_transparent_pixels_take_the_background(tmp_path: Path) -> None:
    path = tmp_path / "clear.png"
    Image.new("RGBA", (12, 12), (0, 0, 0, 0)).save(path)
    picture = scaled_picture(path, (12, 12))
    pixels = decode_sixel(encode_part(picture, (0, 0, 12, 12), (30, 60, 90, 1.0)))
    assert all(close(pixel, (30, 60, 90)) for row in pixels for pixel in row)
