"""Painting a note's rendered lines: the theme's colours for `md.*` styles, one strip per line.

The note view's look is its component classes (`note-view--h1`, `note-view--link`, …), styled
below with theme variables. `LinePainter` turns a rendered line into a Textual `Strip` with those
styles, marks the current search match on it, and keeps the strips until the text, the match or
the theme changes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from rich.theme import Theme
from textual.strip import Strip
from textual.widget import Widget

from tui.render.blocks import DEFAULT_STYLES


def component_class(name: str) -> str:
    """The component class for a style name: `md.code_inline` → `note-view--code-inline`."""
    return "note-view--" + name.removeprefix("md.").replace(".", "-").replace("_", "-")


COMPONENT_CLASSES = frozenset(component_class(name) for name in DEFAULT_STYLES)


def component_style(widget: Widget, name: str) -> Style:
    """The style of `widget`'s component `name` alone, translucent colours blended over the
    widget's background."""
    styles = widget.get_component_styles(component_class(name))
    background = widget.background_colors[1]
    color = (background + styles.color).rich_color if styles.has_rule("color") else None
    bgcolor = (background + styles.background).rich_color if styles.has_rule("background") else None
    return Style(color=color, bgcolor=bgcolor) + styles.text_style


NOTE_VIEW_CSS = """
    NoteView {
        padding: 0 1;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .note-view--h1 { color: $markdown-h1-color; text-style: bold; }
        & > .note-view--h2 { color: $markdown-h2-color; text-style: bold; }
        & > .note-view--h3 { color: $markdown-h3-color; text-style: bold; }
        & > .note-view--h4 { color: $markdown-h4-color; text-style: bold italic; }
        & > .note-view--h-rule { color: $primary 60%; }
        & > .note-view--link { color: $text-accent; text-style: underline; }
        & > .note-view--code-inline { color: $text-warning; background: $boost; }
        & > .note-view--code-block { background: $boost; }
        & > .note-view--code-lang { color: $text-muted; text-style: italic; }
        & > .note-view--quote { color: $primary; }
        & > .note-view--quote-text { text-style: italic; }
        & > .note-view--bullet { color: $text-primary; text-style: bold; }
        & > .note-view--table-border { color: $primary 50%; }
        & > .note-view--table-header { text-style: bold; }
        & > .note-view--rule { color: $primary 50%; }
        & > .note-view--image-border { color: $primary; }
        & > .note-view--image-alt { text-style: bold; }
        & > .note-view--image-file { color: $text-muted; }
        & > .note-view--image-hint { color: $text-muted; text-style: italic; }
        & > .note-view--image-missing { color: $text-error; text-style: bold; }
        & > .note-view--html { color: $text-muted; }
        & > .note-view--strike { text-style: strike; }
        & > .note-view--match { background: $warning 35%; }
        & > .note-view--match-current { color: black; background: $warning; text-style: bold; }
        & > .note-view--message-title { color: $text-primary; text-style: bold; }
        & > .note-view--message-body { color: $text-muted; }
        & > .note-view--tok-keyword { color: $text-accent; text-style: bold; }
        & > .note-view--tok-name { color: $text-primary; }
        & > .note-view--tok-builtin { color: $text-secondary; }
        & > .note-view--tok-string { color: $text-success; }
        & > .note-view--tok-number { color: $text-warning; }
        & > .note-view--tok-comment { color: $text-muted; text-style: italic; }
        & > .note-view--tok-operator { color: $text-secondary; }
    }
"""
"""The note view's default CSS: its box and a style for every component class."""


class LinePainter:
    """Strips for rendered lines, styled through `style_of(md name)`, cached per line."""

    def __init__(self, style_of: Callable[[str], Style]) -> None:
        self._style_of = style_of
        self._console: Console | None = None
        self._strips: dict[int, Strip] = {}

    def restyle(self) -> None:
        """The theme or the widget's styles changed: look the styles up again."""
        self._console = None
        self._strips.clear()

    def forget(self, lines: Iterable[int] | None = None) -> None:
        """Paint `lines` (None: every line) again next time."""
        if lines is None:
            self._strips.clear()
            return
        for line in lines:
            self._strips.pop(line, None)

    def strip(
        self, index: int, line: Text, current: list[tuple[int, int]] | None, base: Style
    ) -> Strip:
        """Line `index` as a strip over `base`, the `current` match ranges marked."""
        strip = self._strips.get(index)
        if strip is None:
            if current:
                line = line.copy()
                for start, end in current:
                    line.stylize("md.match_current", start, end)
            segments = Segment.apply_style(line.render(self._styles_console()), base)
            strip = Strip(list(segments), cell_len(line.plain))
            self._strips[index] = strip
        return strip

    def _styles_console(self) -> Console:
        """A private console whose theme maps `md.*` names to the widget's component styles."""
        if self._console is None:
            styles: dict[str, Style] = {}
            for name, default in DEFAULT_STYLES.items():
                try:
                    styles[name] = self._style_of(name)
                except KeyError:
                    styles[name] = Style.parse(default)
            self._console = Console(
                file=io.StringIO(),
                theme=Theme(styles, inherit=False),
                color_system="truecolor",
                force_terminal=True,
                legacy_windows=False,
            )
        return self._console
