"""Blocks wrapped into styled lines at one width, with search matches marked and numbered.

`render_blocks` is what `Document.render` runs: each block becomes lines (paragraphs and
headings wrapped with Japanese line breaking, code folded on a background, tables laid out,
pictures drawn by the `image_lines` hook or shown as cards), prefixed by its containers' bullets
and quote bars. No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from tui.render.blocks import (
    Block,
    BlockSpot,
    HeadingSpot,
    Highlighter,
    ImageLines,
    LinkSpot,
    MatchPiece,
    Rendered,
)
from tui.render.cells import cell_offset, fold, pad, wrapped
from tui.render.image_card import card_lines
from tui.render.tables import table_lines

CODE_PAD = 1
"""Cells of code-block background either side of the code."""


def render_blocks(
    blocks: Sequence[Block],
    width: int,
    highlighter: Highlighter | None = None,
    image_lines: ImageLines | None = None,
    *,
    image_paths: bool = False,
) -> Rendered:
    """Wrap `blocks` at `width` cells (at least 8), marking the matches of `highlighter`.

    With `image_paths` image cards give the picture's path instead of the key that opens it.
    """
    return _Renderer(width, highlighter, image_lines, image_paths).render(blocks)


class _Renderer:
    """Renders one document at one width."""

    def __init__(
        self,
        width: int,
        highlighter: Highlighter | None,
        image_lines: ImageLines | None,
        image_paths: bool = False,
    ) -> None:
        self.width = max(8, width)
        self.highlighter = highlighter
        self.image_lines = image_lines
        self.image_paths = image_paths
        self.lines: list[Text] = []
        self.headings: list[HeadingSpot] = []
        self.spots: list[BlockSpot] = []
        self.match_count = 0
        self.starts: list[int] = []

    def render(self, blocks: Sequence[Block]) -> Rendered:
        for block in blocks:
            if block.gap and self.lines:
                self.lines.append(block.gap_prefix.copy())
            start = len(self.lines)
            self.starts.append(start)
            inner = max(4, self.width - cell_len(block.rest.plain))
            body = self.block_lines(block, inner)
            for number, line in enumerate(body):
                prefix = block.first if number == 0 else block.rest
                if prefix:
                    joined = prefix.copy()
                    joined.append_text(line)
                    line = joined
                if cell_len(line.plain) > self.width:
                    # Only deep nesting or many table columns at a tiny width get here.
                    line = line.divide([cell_offset(line.plain, self.width)])[0]
                self.lines.append(line)
            end = len(self.lines)
            if block.kind == "heading" and block.anchor:
                self.headings.append(
                    HeadingSpot(start, block.level, block.anchor, block.text.plain)
                )
            elif block.kind in ("code", "table"):
                self.spots.append(BlockSpot(block.kind, start, end, block.source))
            elif block.kind == "image":
                self.spots.append(BlockSpot("image", start, end, block.target, block.image))
        links, matches = self.scan()
        return Rendered(
            self.width, self.lines, self.headings, links, self.spots, matches, self.starts
        )

    def mark(self, text: Text) -> Text:
        """A copy of `text` with the search matches styled and numbered."""
        if self.highlighter is None:
            return text
        spans = self.highlighter.spans(text.plain)
        if not spans:
            return text
        text = text.copy()
        for start, end in sorted(spans):
            if end <= start:
                continue
            text.stylize("md.match", start, end)
            text.stylize(Style(meta={"match": self.match_count}), start, end)
            self.match_count += 1
        return text

    def scan(self) -> tuple[list[LinkSpot], list[list[MatchPiece]]]:
        """Find the links and match pieces in the rendered lines, by their style meta."""
        links: list[LinkSpot] = []
        matches: list[list[MatchPiece]] = [[] for _ in range(self.match_count)]
        for number, line in enumerate(self.lines):
            for span in line.spans:
                style = span.style
                if not isinstance(style, Style) or not style._meta:
                    continue
                meta = style.meta
                if "href" in meta:
                    plain = line.plain
                    start = cell_len(plain[: span.start])
                    end = start + cell_len(plain[span.start : span.end])
                    links.append(LinkSpot(number, start, end, str(meta["href"])))
                if "match" in meta:
                    matches[int(meta["match"])].append(MatchPiece(number, span.start, span.end))
        return links, matches

    def block_lines(self, block: Block, width: int) -> list[Text]:
        kind = block.kind
        if kind in ("text", "html"):
            return wrapped(self.mark(block.text), width)
        if kind == "heading":
            lines = wrapped(self.mark(block.text), width)
            if block.level <= 2 and block.anchor:
                widest = max(cell_len(line.plain) for line in lines)
                char = "━" if block.level == 1 else "─"
                size = width if block.level == 1 else min(width, widest)
                lines.append(Text(char * size, "md.h_rule"))
            return lines
        if kind == "code":
            return self.code_lines(block, width)
        if kind == "table":
            header = [self.mark(cell) for cell in block.header]
            rows = [[self.mark(cell) for cell in row] for row in block.rows]
            return table_lines(header, rows, block.aligns, width)
        if kind == "rule":
            return [Text("─" * width, "md.rule")]
        if kind == "image":
            return self.image_lines_or_card(block, width)
        return []

    def code_lines(self, block: Block, width: int) -> list[Text]:
        assert block.code is not None
        code = self.mark(block.code)
        inner = max(1, width - 2 * CODE_PAD)
        margin = Text(" " * CODE_PAD)
        lines: list[Text] = []
        for source_line in code.split("\n", allow_blank=True):
            for piece in fold(source_line, inner):
                line = margin.copy()
                line.append_text(piece)
                pad(line, width)
                line.stylize_before("md.code_block")
                lines.append(line)
        if block.language and lines:
            label = f" {block.language} "
            first = lines[0]
            if cell_len(first.plain.rstrip()) + len(label) < width:
                keep = width - cell_len(label)
                head = first.divide([cell_offset(first.plain, keep)])[0]
                head.append(label, "md.code_lang")
                head.stylize_before("md.code_block")
                lines[0] = head
        return lines

    def image_lines_or_card(self, block: Block, width: int) -> list[Text]:
        ref = block.image
        if ref is not None and ref.path is not None and self.image_lines is not None:
            drawn = self.image_lines(ref, width)
            if drawn is not None:
                return drawn
        alt = self.mark(block.text)
        target = self.mark(Text(block.target))
        return card_lines(ref, alt, target, width, self.mark, show_path=self.image_paths)


def plain_lines(rendered: Rendered) -> list[str]:
    """The rendered lines as plain strings (for tests and the CLI)."""
    return [line.plain for line in rendered.lines]
