"""Markdown to styled terminal lines, Japanese-aware and fast.

`parse()` turns a note body into a `Document`: a flat list of blocks (paragraphs, headings, code,
tables, rules, image cards) that know their container prefixes (bullets, quote bars) but not the
width. `Document.render(width)` wraps them into `Rendered` lines (rich `Text`) and records where
headings, links, search matches, code blocks, tables and images landed, so a widget can scroll to
them and act on them. Styles are theme names (`md.h1`, `md.link`…) that the caller resolves;
`DEFAULT_STYLES` gives plain-terminal defaults.

This module parses; the pieces live next to it: `blocks` (the data), `layout` (wrapping),
`tables`, `image_card`, `code` and `cells`. It uses rich and markdown-it only; it knows nothing
about Textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from tui.notes.model import ImageRef, Note, Section
from tui.notes.safe_text import inert
from tui.notes.slug import unique_slug
from tui.render.blocks import (
    Block,
    BlockKind,
    Highlighter,
    ImageLines,
    Rendered,
    release_pieces,
)
from tui.render.code import highlight_code
from tui.render.layout import render_blocks
from tui.render.wrap import is_cjk


@dataclass
class Document:
    """A parsed note: blocks that can be rendered at any width."""

    blocks: list[Block]
    section_anchors: frozenset[str] = frozenset()
    """Anchors of the note's sections (`Note.sections`), for `current_section_anchor`."""

    @property
    def pending_code(self) -> list[int]:
        """Indexes of code blocks with a language but no highlighting yet."""
        return [
            index
            for index, block in enumerate(self.blocks)
            if block.kind == "code"
            and block.language
            and block.code is not None
            and not block.code.spans
            and block.code.plain.strip()
        ]

    def release(self) -> None:
        """Empty the blocks a piece at a time, when nothing uses them any more."""
        release_pieces(self.blocks)

    def style_code(self) -> None:
        """Colour the code blocks still without colours (`pending_code`), in place. Loading a
        language's lexer takes tens of milliseconds the first time: for a worker thread."""
        for index in self.pending_code:
            block = self.blocks[index]
            if block.code is not None:
                styled = highlight_code(block.code.plain, block.language)
                if styled is not None:
                    block.code = styled

    def render(
        self,
        width: int,
        highlighter: Highlighter | None = None,
        *,
        image_lines: ImageLines | None = None,
        image_paths: bool = False,
    ) -> Rendered:
        """Wrap the document at `width` cells, marking the matches of `highlighter`.

        `image_paths` (printed output) makes image cards give paths instead of the key hint.
        """
        return render_blocks(self.blocks, width, highlighter, image_lines, image_paths=image_paths)


# --- parsing ---------------------------------------------------------------------------------

_WIKILINK = re.compile(r"\[\[([^\[\]\n]+?)\]\]")


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    """`[[target]]` (or `[[target|label]]`) as a link whose href is the target text."""
    if not state.src.startswith("[[", state.pos):
        return False
    match = _WIKILINK.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = match.group(1)
    state.pos = match.end()
    return True


def _normalize(state: StateCore) -> None:
    """markdown-it's `normalize` rule (line ends to ``\n``, NUL to U+FFFD) without its regular
    expression rewriting every line end: on a 4 MB note that held the interpreter for ~90 ms
    at a time, so a worker parsing it stalled the UI thread. Notes arrive with ``\n`` already
    (`tui.notes.decode`), and ``in`` finds nothing to change at C speed."""
    source = state.src
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in source:
        source = source.replace("\0", "\ufffd")
    state.src = source


def make_parser() -> MarkdownIt:
    """CommonMark with tables, strikethrough and `[[wikilinks]]`."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.core.ruler.at("normalize", _normalize)
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    return md


_PARSER = make_parser()

_BULLETS = ("•", "◦", "▪")


@dataclass
class _Container:
    kind: Literal["quote", "item"]
    first: Text
    rest: Text
    tight: bool = False
    first_item: bool = False
    used: bool = False
    has_block: bool = False


@dataclass
class _List:
    ordered: bool
    tight: bool
    first: int
    items: int
    seen: int = 0


class _Parser:
    """Walks markdown-it tokens and collects blocks."""

    def __init__(self, source: str, note: Note | None) -> None:
        self.source_lines = source.split("\n")
        self.images: dict[str, ImageRef] = {}
        self.section_by_line: dict[int, Section] = {}
        if note is not None:
            for ref in note.images:
                # markdown-it percent-encodes targets; match both spellings.
                self.images.setdefault(ref.target, ref)
                self.images.setdefault(_PARSER.normalizeLink(ref.target), ref)
            self.section_by_line = {section.line: section for section in note.sections}
        self.taken: set[str] = {section.anchor for section in self.section_by_line.values()}
        self.other_taken: set[str] = set()
        self.blocks: list[Block] = []
        self.stack: list[_Container] = []
        self.lists: list[_List] = []
        self.quote_depth = 0

    # blocks and containers

    def _gap(self, index: int) -> bool:
        if index < 0:
            return bool(self.blocks)
        container = self.stack[index]
        if not container.has_block and (container.kind == "quote" or container.first_item):
            return self._gap(index - 1)
        return not (container.kind == "item" and container.tight)

    def emit(self, block_kind: BlockKind, **values: Any) -> Block:
        gap = self._gap(len(self.stack) - 1)
        first = Text()
        rest = Text()
        # The blank line before a block belongs to the containers that were already open.
        gap_prefix = Text()
        for container in self.stack:
            if container.has_block:
                gap_prefix.append_text(container.rest)
        gap_prefix.rstrip()
        for container in self.stack:
            first.append_text(container.rest if container.used else container.first)
            rest.append_text(container.rest)
            container.used = True
            container.has_block = True
        block = Block(block_kind, first, rest, gap, gap_prefix, **values)
        self.blocks.append(block)
        return block

    def text_style(self) -> str:
        return "md.quote_text" if self.quote_depth else ""

    # the walk

    def parse(self, tokens: Sequence[Token]) -> None:
        index = 0
        count = len(tokens)
        while index < count:
            token = tokens[index]
            kind = token.type
            if kind == "heading_open":
                self.heading(token, tokens[index + 1])
                index += 3
                continue
            if kind == "paragraph_open":
                self.paragraph(tokens[index + 1])
                index += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                self.list_open(tokens, index)
            elif kind == "list_item_open":
                self.item_open(token)
            elif kind == "list_item_close":
                self.item_close()
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "blockquote_open":
                bar = Text("▌ ", "md.quote")
                self.stack.append(_Container("quote", bar, bar))
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.stack.pop()
                self.quote_depth -= 1
            elif kind in ("fence", "code_block"):
                self.code(token)
            elif kind == "hr":
                self.emit("rule", lines=_map(token))
            elif kind == "html_block":
                text = Text(token.content.rstrip("\n"), "md.html")
                self.emit("html", text=text, lines=_map(token))
            elif kind == "table_open":
                index = self.table(tokens, index)
                continue
            index += 1

    def list_open(self, tokens: Sequence[Token], index: int) -> None:
        token = tokens[index]
        level = token.level
        close = token.type.replace("_open", "_close")
        tight = True
        items = 0
        for position in range(index + 1, len(tokens)):
            later = tokens[position]
            if later.level == level and later.type == close:
                break
            if later.level == level + 1 and later.type == "list_item_open":
                items += 1
            if later.level == level + 2 and later.type == "paragraph_open" and not later.hidden:
                tight = False
        start = str(token.attrGet("start") or "1")
        first = int(start) if start.isdigit() else 1
        self.lists.append(_List(token.type == "ordered_list_open", tight, first, items))

    def item_open(self, token: Token) -> None:
        current = self.lists[-1]
        depth = len(self.lists)
        indent = " " if depth == 1 and not self.quote_depth else ""
        if current.ordered:
            number = str(current.first + current.seen)  # as browsers do: written numbers aside
            widest = len(str(current.first + max(current.items - 1, 0)))
            marker = f"{number.rjust(widest)}{token.markup or '.'} "
        else:
            marker = f"{_BULLETS[(depth - 1) % len(_BULLETS)]} "
        first = Text(indent) + Text(marker, "md.bullet")
        rest = Text(" " * cell_len(first.plain))
        container = _Container("item", first, rest, current.tight, current.seen == 0)
        self.stack.append(container)
        current.seen += 1

    def item_close(self) -> None:
        if not self.stack[-1].has_block:
            self.emit("text", text=Text())  # an empty item still shows its bullet
        self.stack.pop()

    def heading(self, token: Token, inline: Token) -> None:
        level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
        pieces = self.inline(inline)
        text = Text()
        for piece in pieces:
            if isinstance(piece, Text):
                text.append_text(piece)
        title = inline.content.strip()
        anchor = ""
        line = token.map[0] if token.map else -1
        section = self.section_by_line.get(line)
        if section is not None and section.level == level and section.title == title:
            anchor = section.anchor
        elif level in (2, 3) and title:
            anchor = unique_slug(title, self.taken)
        elif title:
            anchor = unique_slug(title, self.other_taken | self.taken)
            self.other_taken.add(anchor)
        style = f"md.h{min(level, 4)}"
        text.stylize_before(style)
        self.emit("heading", text=text, level=level, anchor=anchor, lines=_map(token))

    def paragraph(self, inline: Token) -> None:
        style = self.text_style()
        for piece in self.inline(inline):
            if isinstance(piece, Text):
                if not piece.plain.strip():
                    continue
                if style:
                    piece.stylize_before(style)
                self.emit("text", text=piece, lines=_map(inline))
            else:
                alt, src = piece
                ref = self.images.get(src)
                target = ref.target if ref is not None else _PARSER.normalizeLinkText(src)
                self.emit(
                    "image",
                    text=Text(alt),
                    image=ref,
                    target=target,
                    source=target,
                    lines=_map(inline),
                )

    def code(self, token: Token) -> None:
        language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
        content = token.content.rstrip("\n")
        code = highlight_code(content, language, cached_only=True) if language else None
        self.emit(
            "code",
            code=code if code is not None else Text(content),
            language=language,
            source=content,
            lines=_map(token),
        )

    def table(self, tokens: Sequence[Token], index: int) -> int:
        table_open = tokens[index]
        header: list[Text] = []
        rows: list[list[Text]] = []
        aligns: list[str] = []
        row: list[Text] = []
        in_head = False
        index += 1
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "table_close":
                break
            if kind == "thead_open":
                in_head = True
            elif kind == "thead_close":
                in_head = False
            elif kind == "tr_open":
                row = []
            elif kind == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(row)
            elif kind in ("th_open", "td_open"):
                if in_head:
                    style = str(token.attrGet("style") or "")
                    aligns.append(style.partition("text-align:")[2].strip() or "left")
                inline = tokens[index + 1]
                cell = Text()
                for piece in self.inline(inline):
                    if isinstance(piece, Text):
                        cell.append_text(piece)
                    else:
                        alt, target = piece
                        cell.append(f"[{alt or target}]", "md.image_file")
                if in_head:
                    cell.stylize_before("md.table_header")
                row.append(cell)
                index += 2
                continue
            index += 1
        span = _map(table_open)
        source = "\n".join(self.source_lines[span[0] : span[1]]) if span else ""
        self.emit("table", header=header, rows=rows, aligns=aligns, source=source, lines=span)
        return index + 1

    def inline(self, inline: Token) -> list[Text | tuple[str, str]]:
        """Inline children as styled text, split where images stand."""
        pieces: list[Text | tuple[str, str]] = []
        text = Text()
        opened: list[tuple[int, str, str | None]] = []
        children = inline.children or []
        for position, child in enumerate(children):
            kind = child.type
            if kind == "text":
                text.append(child.content)
            elif kind == "softbreak":
                # Japanese lines joined by a soft break need no space between them.
                following = next(
                    (
                        c.content
                        for c in children[position + 1 :]
                        if c.type in _CONTENT and c.content
                    ),
                    "",
                )
                last = text.plain[-1:]
                if last and not (is_cjk(last) and following and is_cjk(following[0])):
                    text.append(" ")
            elif kind == "hardbreak":
                text.append("\n")
            elif kind == "code_inline":
                text.append(child.content, "md.code_inline")
            elif kind == "html_inline":
                text.append(child.content, "md.html")
            elif kind == "wikilink":
                # `[[target|label]]` reads as its label and leads to its target
                target, bar, label = child.content.partition("|")
                start = len(text)
                text.append(label if bar and label.strip() else child.content)
                _link(text, start, len(text), target if bar and label.strip() else child.content)
            elif kind == "image":
                if text.plain.strip():
                    pieces.append(text)
                text = Text()
                alt = child.content or "".join(c.content for c in child.children or ())
                pieces.append((alt, str(child.attrGet("src") or "")))
            elif kind.endswith("_open"):
                opened.append((len(text), _OPEN_STYLES.get(kind, ""), _href(child)))
            elif kind.endswith("_close") and opened:
                start, style, href = opened.pop()
                if style:
                    text.stylize(style, start, len(text))
                if href is not None:
                    _link(text, start, len(text), href)
        if text.plain or not pieces:
            pieces.append(text)
        return pieces


_CONTENT = frozenset({"text", "code_inline", "html_inline", "wikilink"})
_OPEN_STYLES: dict[str, str] = {
    "em_open": "italic",
    "strong_open": "bold",
    "s_open": "md.strike",
    "link_open": "",
}


def _href(token: Token) -> str | None:
    """A link's target as written (markdown-it's percent-encoding undone)."""
    if token.type != "link_open":
        return None
    return _PARSER.normalizeLinkText(str(token.attrGet("href") or ""))


def _link(text: Text, start: int, end: int, href: str) -> None:
    text.stylize("md.link", start, end)
    text.stylize(Style(meta={"href": href}), start, end)


def _map(token: Token) -> tuple[int, int] | None:
    if token.map is None:
        return None
    return (token.map[0], token.map[1])


def parse(body: str, note: Note | None = None) -> Document:
    """Parse a note body (control characters made inert, tabs expanded) into a `Document`."""
    source = inert(body.replace("\r\n", "\n")).expandtabs(4)
    parser = _Parser(source, note)
    tokens = _PARSER.parse(source)
    parser.parse(tokens)
    release_pieces(tokens)
    anchors = frozenset(section.anchor for section in note.sections) if note else frozenset()
    return Document(parser.blocks, anchors)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def head_of(body: str, size: int) -> str | None:
    """The start of `body`, about `size` characters, cut at a blank line outside code fences.

    Enough Markdown to paint the first screenful of a long note before the rest is parsed.
    None when `body` is short, or has no such place.
    """
    if len(body) <= size * 3 // 2:
        return None
    fence = ""
    position = 0
    for line in _lines_of(body):
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)
            if not fence:
                fence = marker
            elif (
                marker[0] == fence[0]
                and len(marker) >= len(fence)
                and not line.strip(" " + marker[0])
            ):
                fence = ""
        elif not fence and position >= size and not line.strip():
            return body[:position]
        position += len(line) + 1
        if position > len(body) - size // 2:
            return None
    return None


def _lines_of(text: str) -> Iterator[str]:
    """The lines of `text` one by one (not split all at once: a 4 MB note's head needs only
    its first few hundred lines)."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def message_document(title: str, body: str = "") -> Document:
    """A short message (empty state, no results) shown in place of a note."""
    blocks = [Block("heading", Text(), Text(), False, Text(), text=Text(inert(title)))]
    blocks[0].text.stylize_before("md.message_title")
    if body:
        text = Text(inert(body), "md.message_body")
        blocks.append(Block("text", Text(), Text(), True, Text(), text=text))
    return Document(blocks)
