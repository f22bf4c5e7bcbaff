"""botocore's documentation HTML as Markdown: paragraphs, lists, code, links, notes.

The model documentation is loose HTML (unclosed `<p>`, `<p>` inside `<li>`, `<code>` around
links, placeholders such as `<account>` that were never meant as tags). It is read with the
standard library's `html.parser` into a small tree, then written out block by block. A link to
another operation of the same service (`<a>CreateKey</a>`, or an `API_CreateKey.html` address)
becomes a wikilink to that operation's page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tui.docsets.text import clean, code, escape, escape_block_start

LinkTo = Callable[[str], str]
"""The wikilink (`[[aws:kms/CreateKey]]`) for an operation name of the service."""

_BLOCKS = frozenset(
    {"p", "div", "para", "note", "important", "ul", "ol", "li", "dl", "dt", "dd", "pre"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr"}
)
_INLINE = frozenset(
    {"a", "b", "strong", "i", "em", "u", "code", "tt", "replaceable", "filename", "span"}
    | {"zonbook", "xhtml", "fullname", "title", "sup", "sub", "td", "th", "link"}
)
_VOID = frozenset({"br", "hr", "img"})
_KNOWN = _BLOCKS | _INLINE | _VOID
_BOLD = frozenset({"b", "strong"})
_ITALIC = frozenset({"i", "em", "replaceable"})
_CODE = frozenset({"code", "tt", "filename"})
_CALLOUTS = {"note": "Note", "important": "Important"}
_API_PAGE = re.compile(r"/API_(?:[A-Za-z0-9]+_)?([A-Za-z0-9]+)\.html(?:#.*)?\Z")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


@dataclass
class _Element:
    """One tag of the documentation and what it holds (text is `str`)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """Loose HTML to a tree: an end tag closes up to its opening tag, a stray one is ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _KNOWN:
            self.handle_data(self.get_starttag_text() or f"<{tag}>")
            return
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _KNOWN:
            self.handle_data(self.get_starttag_text() or f"<{tag}/>")
            return
        self.stack[-1].children.append(_Element(tag, {n: v or "" for n, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _KNOWN:
            self.handle_data(f"</{tag}>")
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(clean(data))


@dataclass(frozen=True)
class _Context:
    operations: Collection[str]
    link_to: LinkTo | None


def html_to_markdown(
    html: str, operations: Collection[str] = (), link_to: LinkTo | None = None
) -> str:
    """The Markdown of a botocore documentation string.

    `operations` are the operation names of the service; a link to one of them becomes
    `link_to(name)` (a wikilink). Without `link_to`, such links are plain text.
    """
    if not html or not html.strip():
        return ""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    blocks = _blocks(builder.root.children, _Context(operations, link_to))
    return "\n\n".join(blocks)


def _blocks(children: list[_Element | str], ctx: _Context) -> list[str]:
    """The Markdown blocks of a run of nodes: inline runs become paragraphs."""
    blocks: list[str] = []
    run: list[_Element | str] = []

    def flush() -> None:
        text = _inline(run, ctx).strip()
        run.clear()
        if text:
            blocks.append(escape_block_start(text))

    for child in children:
        if isinstance(child, str) or child.tag not in _BLOCKS:
            run.append(child)
            continue
        flush()
        blocks.extend(_block(child, ctx))
    flush()
    return blocks


def _block(element: _Element, ctx: _Context) -> list[str]:
    tag = element.tag
    if tag in ("ul", "ol"):
        items = [c for c in element.children if isinstance(c, _Element) and c.tag == "li"]
        loose = [c for c in element.children if not (isinstance(c, _Element) and c.tag == "li")]
        lines = []
        for number, item in enumerate(items, start=1):
            marker = f"{number}. " if tag == "ol" else "- "
            lines.append(_item(marker, _blocks(item.children, ctx)))
        stray = _blocks(loose, ctx)  # text between items (sloppy models have some)
        return ["\n".join(line for line in lines if line), *stray] if lines else stray
    if tag == "li":  # an item outside any list
        return [_item("- ", _blocks(element.children, ctx))]
    if tag == "dl":
        return _definitions(element, ctx)
    if tag == "pre":
        body = _plain(element).strip("\n")
        if not body.strip():
            return []
        fence = "```"
        while fence in body:
            fence += "`"
        return [f"{fence}\n{body}\n{fence}"]
    if tag in _CALLOUTS:
        inner = _blocks(element.children, ctx)
        if not inner:
            return []
        inner[0] = f"**{_CALLOUTS[tag]}:** {inner[0]}"
        quoted = "\n\n".join(inner)
        return ["\n".join("> " + line if line else ">" for line in quoted.split("\n"))]
    if tag.startswith("h") and tag[1:].isdigit():  # never a heading: the page owns those
        text = _inline(element.children, ctx).strip()
        return [f"**{text}**"] if text else []
    return _blocks(element.children, ctx)


def _item(marker: str, blocks: list[str]) -> str:
    """One list item: its first block after the marker, the rest indented under it."""
    if not blocks:
        return ""
    pad = " " * len(marker)
    body = "\n\n".join(blocks)
    lines = body.split("\n")
    return "\n".join([marker + lines[0], *((pad + line) if line else "" for line in lines[1:])])


def _definitions(element: _Element, ctx: _Context) -> list[str]:
    """`<dl>`: each term a bold list item, its definition indented under it."""
    items: list[str] = []
    term: str | None = None
    for child in element.children:
        if isinstance(child, str):
            continue
        if child.tag == "dt":
            if term is not None:
                items.append(_item("- ", [f"**{term}**"]))
            term = _inline(child.children, ctx).strip()
        elif child.tag == "dd":
            blocks = _blocks(child.children, ctx)
            head = [f"**{term}**"] if term else []
            items.append(_item("- ", head + blocks))
            term = None
    if term is not None:
        items.append(_item("- ", [f"**{term}**"]))
    return ["\n".join(item for item in items if item)] if items else []


def _plain(node: _Element | str) -> str:
    """The text of a node, as it is (for `<pre>`)."""
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return "\n"
    return "".join(_plain(child) for child in node.children)


def _inline(nodes: list[_Element | str], ctx: _Context) -> str:
    """Inline Markdown of a run of nodes, white space folded."""
    return _SPACES.sub(" ", "".join(_span(node, ctx) for node in nodes))


def _span(node: _Element | str, ctx: _Context) -> str:
    if isinstance(node, str):
        return escape(_SPACES.sub(" ", node))
    tag = node.tag
    if tag == "br":
        return "\\\n"  # a hard line break
    if tag in _BLOCKS:  # a block where only inline content fits (`<b><p>…</p></b>`)
        return " " + _inline(node.children, ctx) + " "
    if tag in _CODE:
        if any(isinstance(c, _Element) and c.tag == "a" for c in node.children):
            inner = _inline(node.children, ctx)
            if "[[" in inner or "](" in inner:  # `<code><a>Op</a></code>`: the link wins
                return inner
        return _spaced(_plain(node), code)
    if tag == "a":
        return _link(node, ctx)
    if tag in _BOLD:
        return _spaced(_inline(node.children, ctx), lambda text: f"**{text}**")
    if tag in _ITALIC:
        return _spaced(_inline(node.children, ctx), lambda text: f"*{text}*")
    return _inline(node.children, ctx)


def _spaced(text: str, wrap: Callable[[str], str]) -> str:
    """`wrap(text)` with the text's outer spaces moved outside (`** a **` is no emphasis)."""
    inner = text.strip()
    if not inner:
        return text
    before = " " if text[:1].isspace() else ""
    after = " " if text[-1:].isspace() else ""
    return before + wrap(inner) + after


def _link(node: _Element, ctx: _Context) -> str:
    label = _inline(node.children, ctx).strip()
    href = node.attrs.get("href", "").strip()
    target = _operation_of(href, _plain(node).strip(), ctx.operations)
    if target is not None and ctx.link_to is not None:
        return ctx.link_to(target)
    if href.startswith(("http://", "https://")):
        return f"[{label or escape(href)}](<{href.replace('>', '%3E')}>)"
    return label


def _operation_of(href: str, text: str, operations: Collection[str]) -> str | None:
    """The operation of the service a link points to, if it points to one."""
    if href:
        match = _API_PAGE.search(href)
        return match.group(1) if match and match.group(1) in operations else None
    return text if text in operations else None
