"""Markdown to styled terminal lines, Japanese-aware and fast.

`parse()` turns a note body into a `Document`: a flat list of blocks (paragraphs, headings, code,
tables, rules, image cards) that know their container prefixes (bullets, quote bars) but not the
width. `Document.render(width)` wraps them into `Rendered` lines (rich `Text`) and records where
headings, links, search matches, code blocks, tables and images landed, so a widget can scroll to
them and act on them. Styles are theme names (`md.h1`, `md.link`…) that the caller resolves;
`DEFAULT_STYLES` gives plain-terminal defaults.

This module uses rich and markdown-it only; it knows nothing about Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from rich.cells import cell_len, get_character_cell_size
from rich.style import Style
from rich.text import Text

from tui.notes.model import ImageRef, Note, Section
from tui.notes.safe_text import inert
from tui.notes.slug import unique_slug
from tui.widgets.wrap import is_cjk, wrap

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

IMAGE_HINT = "press o to open the image"
MISSING_IMAGE = "画像が見つかりません"

CODE_PAD = 1
"""Cells of code-block background either side of the code."""

BlockKind = Literal["text", "heading", "code", "table", "rule", "image", "html"]


class Highlighter(Protocol):
    """Finds search matches in any text (the search layer provides one)."""

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every match in `text`."""
        ...


ImageLines = Callable[[ImageRef, int], "list[Text] | None"]
"""A hook that draws an image in at most `width` cells, or returns None for the card."""


# --- blocks (width-independent) -------------------------------------------------------------


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

    def render(
        self,
        width: int,
        highlighter: Highlighter | None = None,
        *,
        image_lines: ImageLines | None = None,
    ) -> Rendered:
        """Wrap the document at `width` cells, marking the matches of `highlighter`."""
        return _Renderer(width, highlighter, image_lines).render(self)


# --- parsing ---------------------------------------------------------------------------------

_WIKILINK = re.compile(r"\[\[([^\[\]\n]+?)\]\]")


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    """`[[target]]` as a link whose href is the target text."""
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


def make_parser() -> MarkdownIt:
    """CommonMark with tables, strikethrough and `[[wikilinks]]`."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
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
                start = len(text)
                text.append(child.content)
                _link(text, start, len(text), child.content)
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
    parser.parse(_PARSER.parse(source))
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
    for line in body.split("\n"):
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


def message_document(title: str, body: str = "") -> Document:
    """A short message (empty state, no results) shown in place of a note."""
    blocks = [Block("heading", Text(), Text(), False, Text(), text=Text(inert(title)))]
    blocks[0].text.stylize_before("md.message_title")
    if body:
        text = Text(inert(body), "md.message_body")
        blocks.append(Block("text", Text(), Text(), True, Text(), text=text))
    return Document(blocks)


# --- code highlighting -----------------------------------------------------------------------

_LEXERS: dict[str, Any] = {}
_TOKEN_STYLES: dict[Any, str] = {}


def _lexer(language: str, cached_only: bool) -> Any:
    key = language.lower()
    if key in _LEXERS:
        return _LEXERS[key]
    if cached_only:
        return None
    from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
    from pygments.util import ClassNotFound  # type: ignore[import-untyped]

    try:
        lexer = get_lexer_by_name(key, stripnl=False, ensurenl=False)
    except ClassNotFound:
        lexer = False
    _LEXERS[key] = lexer
    return lexer


def _token_style(token_type: Any) -> str:
    style = _TOKEN_STYLES.get(token_type)
    if style is not None:
        return style
    from pygments import token as t  # type: ignore[import-untyped]

    found = ""
    for parent, name in (
        (t.Comment, "md.tok.comment"),
        (t.String, "md.tok.string"),
        (t.Number, "md.tok.number"),
        (t.Keyword, "md.tok.keyword"),
        (t.Name.Builtin, "md.tok.builtin"),
        (t.Name.Function, "md.tok.name"),
        (t.Name.Class, "md.tok.name"),
        (t.Name.Decorator, "md.tok.builtin"),
        (t.Name.Tag, "md.tok.keyword"),
        (t.Name.Attribute, "md.tok.name"),
        (t.Operator.Word, "md.tok.keyword"),
        (t.Operator, "md.tok.operator"),
        (t.Literal, "md.tok.string"),
    ):
        if token_type in parent:
            found = name
            break
    _TOKEN_STYLES[token_type] = found
    return found


def highlight_code(code: str, language: str, *, cached_only: bool = False) -> Text | None:
    """`code` with syntax styles, or None for unknown languages.

    With `cached_only`, only lexers loaded before are used (loading one can take tens of
    milliseconds), so the first paint never waits for Pygments.
    """
    lexer = _lexer(language, cached_only)
    if not lexer:
        return None
    text = Text()
    for token_type, value in lexer.get_tokens(code):
        text.append(value, _token_style(token_type) or None)
    if text.plain != code:
        return None
    return text


# --- rendering -------------------------------------------------------------------------------


def _fold(text: Text, width: int) -> list[Text]:
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


def _pad(text: Text, width: int, style: str = "") -> Text:
    short = width - cell_len(text.plain)
    if short > 0:
        text.append(" " * short, style or None)
    return text


class _Renderer:
    """Renders one document at one width."""

    def __init__(
        self, width: int, highlighter: Highlighter | None, image_lines: ImageLines | None
    ) -> None:
        self.width = max(8, width)
        self.highlighter = highlighter
        self.image_lines = image_lines
        self.lines: list[Text] = []
        self.headings: list[HeadingSpot] = []
        self.spots: list[BlockSpot] = []
        self.match_count = 0
        self.starts: list[int] = []

    def render(self, document: Document) -> Rendered:
        for block in document.blocks:
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
                    line = line.divide([_cell_offset(line.plain, self.width)])[0]
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
            return self.wrapped(self.mark(block.text), width)
        if kind == "heading":
            lines = self.wrapped(self.mark(block.text), width)
            if block.level <= 2 and block.anchor:
                widest = max(cell_len(line.plain) for line in lines)
                char = "━" if block.level == 1 else "─"
                size = width if block.level == 1 else min(width, widest)
                lines.append(Text(char * size, "md.h_rule"))
            return lines
        if kind == "code":
            return self.code_lines(block, width)
        if kind == "table":
            return self.table_lines(block, width)
        if kind == "rule":
            return [Text("─" * width, "md.rule")]
        if kind == "image":
            return self.image_card(block, width)
        return []

    @staticmethod
    def wrapped(text: Text, width: int) -> list[Text]:
        spans = wrap(text.plain, width)
        if len(spans) == 1 and spans[0] == (0, len(text.plain)):
            return [text]
        offsets = [offset for span in spans for offset in span]
        parts = text.divide(offsets)
        return [parts[2 * index + 1] for index in range(len(spans))]

    def code_lines(self, block: Block, width: int) -> list[Text]:
        assert block.code is not None
        code = self.mark(block.code)
        inner = max(1, width - 2 * CODE_PAD)
        pad = Text(" " * CODE_PAD)
        lines: list[Text] = []
        for source_line in code.split("\n", allow_blank=True):
            for piece in _fold(source_line, inner):
                line = pad.copy()
                line.append_text(piece)
                _pad(line, width)
                line.stylize_before("md.code_block")
                lines.append(line)
        if block.language and lines:
            label = f" {block.language} "
            first = lines[0]
            if cell_len(first.plain.rstrip()) + len(label) < width:
                keep = width - cell_len(label)
                head = first.divide([_cell_offset(first.plain, keep)])[0]
                head.append(label, "md.code_lang")
                head.stylize_before("md.code_block")
                lines[0] = head
        return lines

    def table_lines(self, block: Block, width: int) -> list[Text]:
        header = [self.mark(cell) for cell in block.header]
        rows = [[self.mark(cell) for cell in row] for row in block.rows]
        columns = max([len(header), *(len(row) for row in rows)], default=0)
        if columns == 0:
            return []
        header += [Text()] * (columns - len(header))
        rows = [row + [Text()] * (columns - len(row)) for row in rows]
        natural = [
            max([1, *(cell_len(row[column].plain) for row in [header, *rows])])
            for column in range(columns)
        ]
        sizes = _fit_columns(natural, width - (3 * columns + 1))
        aligns = block.aligns + ["left"] * (columns - len(block.aligns))
        border = "md.table_border"

        def rule(left: str, middle: str, right: str) -> Text:
            return Text(left + middle.join("─" * (size + 2) for size in sizes) + right, border)

        def row_lines(cells: list[Text]) -> list[Text]:
            wrapped = [self.wrapped(cell, size) for cell, size in zip(cells, sizes, strict=True)]
            height = max(len(cell) for cell in wrapped)
            out: list[Text] = []
            for number in range(height):
                line = Text.assemble(("│", border))
                for column, cell_lines in enumerate(wrapped):
                    piece = cell_lines[number] if number < len(cell_lines) else Text()
                    line.append(" ")
                    line.append_text(_align(piece, sizes[column], aligns[column]))
                    line.append(" │", border)
                out.append(line)
            return out

        lines = [rule("┌", "┬", "┐"), *row_lines(header), rule("├", "┼", "┤")]
        for row in rows:
            lines.extend(row_lines(row))
        lines.append(rule("└", "┴", "┘"))
        return lines

    def image_card(self, block: Block, width: int) -> list[Text]:
        ref = block.image
        if ref is not None and ref.path is not None and self.image_lines is not None:
            drawn = self.image_lines(ref, width)
            if drawn is not None:
                return drawn
        alt = self.mark(block.text)
        target = self.mark(Text(block.target))
        content: list[tuple[Text, str]] = []
        border = "md.image_border"
        if ref is None or ref.path is None:
            border = "md.image_missing"
            missing = Text(f"✗ {MISSING_IMAGE}: ", "md.image_missing")
            missing.append_text(target)
            content.append((missing, ""))
            if ref is not None and ref.problem:
                content.append((Text(f"({ref.problem})"), "md.image_file"))
            if alt.plain:
                content.append((alt, "md.image_alt"))
        else:
            title = Text("▣ ")
            title.append_text(alt if alt.plain else Text(ref.path.name))
            content.append((title, "md.image_alt"))
            content.append((self.mark(Text(ref.path.name)), "md.image_file"))
            content.append((Text(IMAGE_HINT), "md.image_hint"))
        inner = max(2, width - 4)
        wrapped: list[Text] = []
        for text, style in content:
            if style:
                text.stylize_before(style)
            wrapped.extend(self.wrapped(text, inner))
        size = min(inner, max(cell_len(line.plain) for line in wrapped))
        lines = [Text("┌" + "─" * (size + 2) + "┐", border)]
        for line in wrapped:
            row = Text.assemble(("│ ", border))
            row.append_text(_pad(line, size))
            row.append(" │", border)
            lines.append(row)
        lines.append(Text("└" + "─" * (size + 2) + "┘", border))
        return lines


def _cell_offset(plain: str, cells: int) -> int:
    """The character offset where `cells` cells of `plain` end."""
    used = 0
    for index, char in enumerate(plain):
        used += get_character_cell_size(char)
        if used > cells:
            return index
    return len(plain)


def _align(text: Text, width: int, align: str) -> Text:
    short = max(0, width - cell_len(text.plain))
    if align == "right":
        left = short
    elif align == "center":
        left = short // 2
    else:
        left = 0
    out = Text(" " * left)
    out.append_text(text)
    out.append(" " * (short - left))
    return out


def _fit_columns(natural: list[int], available: int) -> list[int]:
    """Column widths: natural when they fit, else the widest columns share what is left."""
    if sum(natural) <= available:
        return natural
    sizes = [0] * len(natural)
    remaining = list(range(len(natural)))
    space = max(available, 2 * len(natural))
    while remaining:
        share = space // len(remaining)
        fits = [column for column in remaining if natural[column] <= share]
        if not fits:
            for position, column in enumerate(remaining):
                extra = 1 if position < space - share * len(remaining) else 0
                sizes[column] = max(2, share + extra)
            break
        for column in fits:
            sizes[column] = natural[column]
            space -= natural[column]
            remaining.remove(column)
    return sizes


def plain_lines(rendered: Rendered) -> list[str]:
    """The rendered lines as plain strings (for tests and the CLI)."""
    return [line.plain for line in rendered.lines]
