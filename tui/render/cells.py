"""Cutting and padding styled text by terminal cells (wide Japanese characters take two).

Small helpers shared by the Markdown renderer, the table layout and the image card. No Textual.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

from tui.render.wrap import wrap


def wrapped(text: Text, width: int) -> list[Text]:
    """`text` wrapped at `width` cells with Japanese line breaking, styles kept."""
    spans = wrap(text.plain, width)
    if len(spans) == 1 and spans[0] == (0, len(text.plain)):
        return [text]
    offsets = [offset for span in spans for offset in span]
    parts = text.divide(offsets)
    return [parts[2 * index + 1] for index in range(len(spans))]


def fold(text: Text, width: int) -> list[Text]:
    """Cut `text` (one line, no wrapping rules) into pieces of at most `width` cells."""
    plain = text.plain
    if cell_len(plain) <= width:
        return [text]
    offsets: list[int] = []
    used = 0
    for index, char in enumerate(plain):
        size = get_character_cell_size(char)
        if used + size > width and used:
            offsets.append(index)
            used = 0
        used += size
    return list(text.divide(offsets))


def pad(text: Text, width: int, style: str = "") -> Text:
    """`text` with spaces appended up to `width` cells (in place)."""
    short = width - cell_len(text.plain)
    if short > 0:
        text.append(" " * short, style or None)
    return text


def cell_offset(plain: str, cells: int) -> int:
    """The character offset where `cells` cells of `plain` end."""
    used = 0
    for index, char in enumerate(plain):
        used += get_character_cell_size(char)
        if used > cells:
            return index
    return len(plain)


def align(text: Text, width: int, how: str) -> Text:
    """A copy of `text` padded to `width` cells: "left", "right" or "center"."""
    short = max(0, width - cell_len(text.plain))
    if how == "right":
        left = short
    elif how == "center":
        left = short // 2
    else:
        left = 0
    out = Text(" " * left)
    out.append_text(text)
    out.append(" " * (short - left))
    return out
