"""A small Sixel decoder for tests: what a terminal would paint, pixel by pixel.

It reads what kumonote's encoder writes (raster attributes, RGB colour registers, `!` repeats,
`$` and `-`), not every Sixel a terminal accepts. Like xterm, it takes `#n;2;r;g;b` to define
register n only: `#n` selects it.
"""

from __future__ import annotations

import re

RGB = tuple[int, int, int]

_RASTER = re.compile(r'"(\d+);(\d+);(\d+);(\d+)')
_COLOUR = re.compile(r"#(\d+)(?:;2;(\d+);(\d+);(\d+))?")
_REPEAT = re.compile(r"!(\d+)(.)")


def decode_sixel(text: str) -> list[list[RGB | None]]:
    """The pixels of the first Sixel image in `text`, row by row (None: not painted)."""
    start = text.index("\x1bP")
    body = text[text.index("q", start) + 1 : text.index("\x1b\\", start)]
    raster = _RASTER.match(body)
    assert raster is not None, "no raster attributes"
    width, height = int(raster[3]), int(raster[4])
    pixels: list[list[RGB | None]] = [[None] * width for _ in range(height)]
    palette: dict[int, RGB] = {}
    colour: RGB | None = None
    x = band = 0
    index = raster.end()
    while index < len(body):
        char = body[index]
        if char == "#":
            found = _COLOUR.match(body, index)
            assert found is not None
            number = int(found[1])
            if found[2] is not None:
                palette[number] = (
                    round(int(found[2]) * 2.55),
                    round(int(found[3]) * 2.55),
                    round(int(found[4]) * 2.55),
                )
            else:
                colour = palette[number]
            index = found.end()
            continue
        count = 1
        if char == "!":
            found = _REPEAT.match(body, index)
            assert found is not None
            count, char = int(found[1]), found[2]
            index = found.end()
        else:
            index += 1
        if char == "$":
            x = 0
        elif char == "-":
            x, band = 0, band + 1
        elif "?" <= char <= "~":
            assert colour is not None, "pixels before any colour is selected"
            bits = ord(char) - 63
            for column in range(x, x + count):
                for bit in range(6):
                    y = band * 6 + bit
                    if bits >> bit & 1 and y < height and column < width:
                        pixels[y][column] = colour
            x += count
    return pixels


def close(colour: RGB | None, expected: RGB, tolerance: int = 6) -> bool:
    """Whether `colour` is `expected`, give or take the encoder's rounding."""
    if colour is None:
        return False
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))
