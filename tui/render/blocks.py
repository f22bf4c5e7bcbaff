"""What the Markdown renderer works with: style names, blocks, and where rendered things landed.

A `Block` is one width-independent piece of a parsed note; `Rendered` is a document wrapped at
one width, with the lines where its headings, links, copyable blocks and search matches are.
Plain data: rich only, no Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from rich.text import Text

from tui.notes.model import ImageRef

DEFAULT_STYLES: dict[str, str] = {
    "md.h1": "bold #5fafff",
    "md.h2": "bold #87afff",
    "md.h3": "bold",
    "md.h4": "bold italic",
    "md.h_rule": "#5f87af",
    "md.link": "underline #5fafff",
    "md.code_inline": "#d7875f on #262626",
    "md.code_block": "on #1c1c1c",
    "md.code_lang": "dim italic",
    "md.quote": "#5f87af",
    "md.quote_text": "italic",
    "md.bullet": "bold #5fafff",
    "md.table_border": "#5f87af",
    "md.table_header": "bold",
    "md.rule": "#5f87af",
    "md.image_border": "#5f87af",
    "md.image_alt": "bold",
    "md.image_file": "dim",
    "md.image_hint": "dim italic",
    "md.image_missing": "bold #ff5f5f",
    "md.html": "dim",
    "md.strike": "strike",
    "md.match": "black on #d7af00",
    "md.match_current": "black on #ff8700 bold",
    "md.message_title": "bold",
    "md.message_body": "dim",
    "md.tok.keyword": "bold #d787ff",
    "md.tok.name": "#87afff",
    "md.tok.builtin": "#5fd7d7",
    "md.tok.string": "#87d787",
    "md.tok.number": "#ffaf5f",
    "md.tok.comment": "dim italic",
    "md.tok.operator": "#d7d7af",
}
"""Every style name this module uses, with a default for terminals without a theme."""


BlockKind = Literal["text", "heading", "code", "table", "rule", "image", "html"]


class Highlighter(Protocol):
    """Finds search matches in any text (the search layer provides one)."""

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every match in `text`."""
        ...


ImageLines = Callable[[ImageRef, int], "list[Text] | None"]
"""A hook that draws an image in at most `width` cells, or returns None for the card."""


@dataclass
class Block:
    """One rectangular piece of the flow, with the prefixes of the containers around it."""

    kind: BlockKind
    first: Text
    """Prefix of the first line (bullets of list items that start here)."""
    rest: Text
    """Prefix of every other line."""
    gap: bool
    """A blank line goes before the block."""
    gap_prefix: Text
    lines: tuple[int, int] | None = None
    """Source line range [start, end) in the body."""
    text: Text = field(default_factory=Text)
    """Paragraph, heading or html text; the card's alt text for images."""
    level: int = 0
    anchor: str = ""
    code: Text | None = None
    language: str = ""
    source: str = ""
    """What "copy" copies: the code, the table's Markdown, the image target."""
    header: list[Text] = field(default_factory=list)
    rows: list[list[Text]] = field(default_factory=list)
    aligns: list[str] = field(default_factory=list)
    image: ImageRef | None = None
    target: str = ""


@dataclass(frozen=True)
class HeadingSpot:
    """A heading in rendered lines."""

    line: int
    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class LinkSpot:
    """A link in rendered lines: cells [start, end) of `line`."""

    line: int
    start: int
    end: int
    href: str


@dataclass(frozen=True)
class BlockSpot:
    """A copyable or openable block in rendered lines: lines [start, end)."""

    kind: BlockKind
    start: int
    end: int
    source: str
    image: ImageRef | None = None


@dataclass(frozen=True)
class MatchPiece:
    """Part of a search match on one rendered line: characters [start, end) of `line`."""

    line: int
    start: int
    end: int


@dataclass
class Rendered:
    """A document wrapped at one width."""

    width: int
    lines: list[Text]
    headings: list[HeadingSpot]
    links: list[LinkSpot]
    blocks: list[BlockSpot]
    matches: list[list[MatchPiece]]
    """For each search match, in reading order, the pieces it covers (one per line)."""
    block_lines: list[int] = field(default_factory=list)
    """The first line of each block of the document."""

    @property
    def anchors(self) -> dict[str, int]:
        """Heading anchor → line (the first heading wins)."""
        found: dict[str, int] = {}
        for spot in self.headings:
            found.setdefault(spot.anchor, spot.line)
        return found

    def release(self) -> None:
        """Empty these lines a piece at a time, when nothing uses them any more (see
        `release_pieces`): freeing a 4 MB note's lines at once stalls every thread."""
        for items in (self.lines, self.matches, self.headings, self.links, self.blocks):
            release_pieces(items)
        release_pieces(self.block_lines)


def release_pieces(items: list[Any], piece: int = 2048) -> None:
    """Empty `items` a piece at a time. Freeing a long note's hundred thousand tokens, blocks
    or lines at once is one C call that holds the interpreter for a tenth of a second or more,
    stalling the UI thread even when a worker does it; between pieces, other threads run."""
    while items:
        del items[-piece:]
