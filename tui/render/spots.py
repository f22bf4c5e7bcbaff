"""Where things are in a rendered note: sections, blocks and matches around a line.

Questions the note view asks about `Rendered` lines for its top line and height: which section
the reader is in, which code block, table or picture is in view, where a search match lies, and
how to keep the reader's place when the note is wrapped again at another width. Plain functions,
no Textual.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection

from tui.notes.model import ImageRef
from tui.render.blocks import BlockSpot, Rendered

MatchLines = dict[int, list[tuple[int, int]]]
"""Rendered line → (start, end) character ranges of one match on it."""


def section_at(rendered: Rendered, sections: Collection[str], top: int) -> str | None:
    """The anchor of the last heading at or above `top` (among `sections`, when given)."""
    found: str | None = None
    for spot in rendered.headings:
        if spot.line > top:
            break
        if not sections or spot.anchor in sections:
            found = spot.anchor
    return found


def block_in_view(
    rendered: Rendered, kinds: Collection[str], top: int, height: int
) -> BlockSpot | None:
    """The block of `kinds` at line `top`, else the first one starting in the `height` lines."""
    bottom = top + max(1, height)
    candidates = [spot for spot in rendered.blocks if spot.kind in kinds]
    for spot in candidates:
        if spot.start <= top < spot.end:
            return spot
    for spot in candidates:
        if top <= spot.start < bottom:
            return spot
    return None


def block_near(
    rendered: Rendered, kinds: Collection[str], top: int, height: int
) -> tuple[BlockSpot, str] | None:
    """The block of `kinds` in view (`"view"`), else the next one below it (`"below"`), else
    the last one above (`"above"`); None when the note has none."""
    spot = block_in_view(rendered, kinds, top, height)
    if spot is not None:
        return spot, "view"
    candidates = [spot for spot in rendered.blocks if spot.kind in kinds]
    below = [spot for spot in candidates if spot.start >= top]
    if below:
        return below[0], "below"
    return (candidates[-1], "above") if candidates else None


def image_of(spot: BlockSpot) -> ImageRef:
    """The picture of an image block (a missing one when the note did not resolve it)."""
    if spot.image is not None:
        return spot.image
    return ImageRef(alt="", target=spot.source, path=None, problem="missing")


def image_at(rendered: Rendered, line: int) -> ImageRef | None:
    """The picture of the image block on `line`, if any."""
    for spot in rendered.blocks:
        if spot.kind == "image" and spot.start <= line < spot.end:
            return image_of(spot)
    return None


def link_at(rendered: Rendered, line: int, x: int) -> str | None:
    """The href of the link at `line`, cell `x`, if any."""
    for spot in rendered.links:
        if spot.line == line and spot.start <= x < spot.end:
            return spot.href
    return None


def match_lines(rendered: Rendered, match: int | None) -> MatchLines:
    """The pieces of match number `match`, by line (empty for None or no such match)."""
    lines: MatchLines = {}
    if match is None or match >= len(rendered.matches):
        return lines
    for piece in rendered.matches[match]:
        lines.setdefault(piece.line, []).append((piece.start, piece.end))
    return lines


def first_match(rendered: Rendered, top: int, step: int) -> int:
    """The match to start from: forwards, the first at or below `top`; backwards, the last
    above it (wrapping around in both directions). The document must have matches."""
    total = len(rendered.matches)
    lines = [pieces[0].line if pieces else 0 for pieces in rendered.matches]
    if step > 0:
        return next((i for i, line in enumerate(lines) if line >= top), 0)
    above = [i for i, line in enumerate(lines) if line < top]
    return above[-1] if above else total - 1


def _block_end(rendered: Rendered, index: int) -> int:
    starts = rendered.block_lines
    return starts[index + 1] if index + 1 < len(starts) else len(rendered.lines)


def place_of(rendered: Rendered, top: int) -> tuple[int, float] | None:
    """Which block line `top` is in, and how far into it (0–1): a place that survives re-wraps."""
    if not rendered.block_lines:
        return None
    index = max(0, bisect_right(rendered.block_lines, top) - 1)
    start = rendered.block_lines[index]
    return index, (top - start) / max(1, _block_end(rendered, index) - start)


def line_of(rendered: Rendered, index: int, fraction: float) -> int | None:
    """The line for a place from `place_of` (None when the document has fewer blocks)."""
    if index >= len(rendered.block_lines):
        return None
    start = rendered.block_lines[index]
    return start + int(fraction * (_block_end(rendered, index) - start))
