"""The note pane: a Line API widget that shows one note's Markdown, wrapped for Japanese text.

Parsing and wrapping live in `tui.render` (`markdown`, `wrap`, and `spots` for questions about
rendered lines), pictures in `note_pictures` (drawn by `image_lines` and `sixel_places`);
`note_paint` holds the look and turns lines into strips, and `long_note` shows a long note's head
first and the rest when it is parsed. This widget keeps the rendered lines per
width, paints them line by line, and turns keys and clicks into scrolling and messages. In Sixel
mode its only children are its pictures (`sixel_picture`), over the blank lines kept for them.
It never looks at other widgets: the screen calls its methods and reads its messages.
"""

from __future__ import annotations

from typing import ClassVar, TypeAlias

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.strip import Strip

from tui.i18n import N_, _
from tui.notes.model import Note
from tui.render.blocks import BlockSpot, Highlighter, ImageLines, LinkSpot, Rendered
from tui.render.code import highlight_code
from tui.render.markdown import Document, head_of, message_document, parse
from tui.render.renderings import Renderings
from tui.render.spots import (
    MatchLines,
    block_near,
    first_match,
    image_at,
    line_of,
    link_at,
    match_lines,
    place_of,
    section_at,
)
from tui.widgets import note_view_messages
from tui.widgets.helpable import WidgetHelp
from tui.widgets.line_scrolling import LineScrolling
from tui.widgets.long_note import LARGE_BLOCKS, LARGE_LINES, LongNote
from tui.widgets.note_paint import (
    COMPONENT_CLASSES,
    NOTE_VIEW_CSS,
    LinePainter,
    component_style,
)
from tui.widgets.note_pictures import NotePictures
from tui.widgets.stale_keys import drop_if_stale

EMPTY_TITLE = N_("No note selected")
EMPTY_BODY = N_("Pick a note in the tree on the left, or press / to search.")


HEAD_CHARS = 3000
"""Notes longer than about this many characters show their head first (see `show`)."""


class NoteView(LineScrolling, can_focus=True, inherit_bindings=False):
    """Shows a note: headings, lists, tables, code, quotes, links and image cards.

    Lines are wrapped at the widget's width with Japanese line breaking, and re-wrapped (and
    cached per width) when it changes.
    """

    WIDGET_HELP: ClassVar[WidgetHelp] = WidgetHelp(
        N_("Note"), N_("the note being read, with the search's matches highlighted")
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "line_down", N_("Line down"), show=False, id="note.scroll_down"),
        Binding("up,k", "line_up", N_("Line up"), show=False, id="note.scroll_up"),
        Binding("pagedown,space", "page_down", N_("Page down"), show=False, id="note.page_down"),
        Binding("pageup", "page_up", N_("Page up"), show=False, id="note.page_up"),
        Binding("home,g", "top", N_("Top"), show=False, id="note.top"),
        Binding("end,G", "bottom", N_("Bottom"), show=False, id="note.bottom"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = set(COMPONENT_CLASSES)

    DEFAULT_CSS = NOTE_VIEW_CSS

    # What the view tells the screen (`note_view_messages`), under the names Textual expects.
    LinkClicked: TypeAlias = note_view_messages.LinkClicked
    ImageClicked: TypeAlias = note_view_messages.ImageClicked
    MatchesChanged: TypeAlias = note_view_messages.MatchesChanged
    SectionChanged: TypeAlias = note_view_messages.SectionChanged

    def __init__(
        self,
        *,
        image_lines: ImageLines | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`image_lines` draws resolved images instead of cards; without it, pictures are
        drawn inline when the terminal shows them (see `image_support`), else as cards."""
        super().__init__(name=name, id=id, classes=classes)
        self._note: Note | None = None
        self._document: Document = message_document(_(EMPTY_TITLE), _(EMPTY_BODY))
        self._highlighter: Highlighter | None = None
        self._renders = Renderings()
        self._pictures = NotePictures(
            self, image_lines, self._invalidate, lambda: self._renders.shown
        )
        self._image_lines = self._pictures.image_lines
        self._painter = LinePainter(lambda name: component_style(self, name))
        self._current_match: int | None = None
        self._current_lines: MatchLines = {}
        self._pending_anchor: str | None = None
        self._section: str | None = None
        self._long = LongNote(self)
        """The whole of a long note, parsed off the UI thread while its head is shown."""

    @property
    def is_container(self) -> bool:
        """In Sixel mode the pictures are children, arranged and scrolled by the compositor."""
        return self._pictures.sixel

    # --- public API ------------------------------------------------------------------------

    @property
    def note(self) -> Note | None:
        """The note shown, or None for the empty state and messages."""
        return self._note

    @property
    def match_count(self) -> int:
        """How many search matches the shown text has (0 without a highlighter). While a long
        note is `partial`, the head's (or none); the whole count follows in `MatchesChanged`."""
        rendered = self._ensure_rendered()
        if rendered is None or (self._renders.stale and self._renders.stale_marks):
            return 0  # another search's marks: the count follows
        return len(rendered.matches)

    @property
    def partial(self) -> bool:
        """Whether only the head of a long note is shown while the rest is parsed."""
        return self._long.pending

    @property
    def current_match(self) -> int:
        """0-based index of the current match, -1 when none is current."""
        return -1 if self._current_match is None else self._current_match

    @property
    def links(self) -> list[LinkSpot]:
        """Every link in the rendered lines, with its line and cells."""
        self._long.complete()
        rendered = self._ensure_rendered()
        return list(rendered.links) if rendered is not None else []

    @property
    def lines(self) -> list[str]:
        """The rendered lines as plain text (what is on screen, scrolled or not)."""
        self._long.complete()
        rendered = self._ensure_rendered()
        return [line.plain for line in rendered.lines] if rendered is not None else []

    @property
    def top_line(self) -> int:
        """The rendered line at the top of the view."""
        return round(self.scroll_y)

    def show(self, note: Note | None, *, text: str | None = None) -> None:
        """Show `note` (its body, or `text` as the Markdown when given); None: the empty state.

        The marks stay (see `show_marked`); the view scrolls to the top. A long note paints its
        first screenful while the rest is parsed off the UI thread.
        """
        self._note = note
        if note is None and text is None:
            self._set_document(message_document(_(EMPTY_TITLE), _(EMPTY_BODY)))
            return
        body = text if text is not None else note.body if note is not None else ""
        region = self.scrollable_content_region
        head = head_of(body, max(HEAD_CHARS, region.width * region.height))
        if head is None:
            self._set_document(parse(body, note))
            return
        self._set_document(parse(head, note), rest=(body, note))

    def show_marked(
        self, note: Note, highlighter: Highlighter | None, *, text: str | None = None
    ) -> None:
        """Show `note` (or `text` for it) with the matches of a new search marked: rendered
        once, not twice."""
        self._highlighter = highlighter
        self.show(note, text=text)

    def show_message(self, title: str, body: str = "") -> None:
        """Show a short message instead of a note (e.g. 一致するノートがありません)."""
        self._note = None
        self._set_document(message_document(title, body))

    def goto_anchor(self, anchor: str) -> bool:
        """Scroll so the heading with `anchor` is at the top; False when there is none."""
        anchors = {block.anchor for block in self._document.blocks if block.anchor}
        if anchor not in anchors and self._long.pending:
            note = self._long.note
            if note is not None and any(s.anchor == anchor for s in note.sections):
                self._long.after_whole("anchor", lambda: self.goto_anchor(anchor))
                return True  # scrolled to once the whole note is parsed
            self._long.complete()
            anchors = {block.anchor for block in self._document.blocks if block.anchor}
        if anchor not in anchors:
            return False
        rendered = self._ensure_rendered()
        if rendered is None:
            self._pending_anchor = anchor  # scrolled to once the widget has a size
            return True
        line = rendered.anchors.get(anchor)
        if line is None:
            return False
        self.scroll_to(y=line, animate=False, force=True)
        return True

    def current_section_anchor(self) -> str | None:
        """The anchor of the section whose heading is the last one at or above the top line."""
        rendered = self._ensure_rendered()
        if rendered is None:
            return None
        return section_at(rendered, self._document.section_anchors, self.top_line)

    @property
    def highlighter(self) -> Highlighter | None:
        """What marks the matches now (None: no search)."""
        return self._highlighter

    def highlight(self, highlighter: Highlighter | None) -> int:
        """Mark every match of `highlighter` (None clears); return how many there are.

        Any current match is forgotten; clearing nothing costs nothing. A long note is marked
        off the UI thread, its count following in a `MatchesChanged` message.
        """
        if highlighter is None and self._highlighter is None:
            self._current_match = None
            self._current_lines = {}
            return 0
        self._highlighter = highlighter
        self._current_match = None
        self._current_lines = {}
        self._long.forget_moves()
        self._invalidate(marks=True)
        count = self.match_count
        if highlighter is not None:
            self._announce_count(count)  # a long note's whole count follows its parse
        return count

    def next_match(self) -> tuple[int, int]:
        """Make the next match current and scroll to it; return (its 0-based index, total).

        The first call after `highlight` picks the first match at or below the top line.
        Without matches: (-1, 0).
        """
        return self._move_match(1)

    def previous_match(self) -> tuple[int, int]:
        """Make the previous match current and scroll to it; return (its 0-based index, total).

        The first call after `highlight` picks the last match above the top line.
        """
        return self._move_match(-1)

    def block_near_view(self, kinds: tuple[str, ...]) -> tuple[BlockSpot, str] | None:
        """The block of `kinds` (`code`, `table`, `image`) at the top line or else first in view,
        else the next below, else the last above, with where it was (`view`, `below`, `above`);
        None when the note has none."""
        self._long.complete()  # a block below the head is in the rest of a long note
        rendered = self._ensure_rendered()
        if rendered is None:
            return None
        height = self.scrollable_content_region.height
        return block_near(rendered, kinds, self.top_line, height)

    def scroll_to_line(self, line: int) -> None:
        """Scroll so that rendered `line` is at the top (as far as the note goes)."""
        self.scroll_to(y=line, animate=False)

    def visible_links(self) -> list[LinkSpot]:
        """The links on the lines now in view, top to bottom."""
        top = self.top_line
        bottom = top + self.scrollable_content_region.height
        rendered = self._ensure_rendered()  # the head of a long note holds what is in view
        links = rendered.links if rendered is not None else []
        return [spot for spot in links if top <= spot.line < bottom]

    def link_at(self, line: int, x: int) -> str | None:
        """The href of the link at rendered `line`, cell `x`, if any."""
        rendered = self._ensure_rendered()
        return link_at(rendered, line, x) if rendered is not None else None

    # --- rendering ------------------------------------------------------------------------

    def _set_document(
        self, document: Document, rest: tuple[str, Note | None] | None = None
    ) -> None:
        self._long.reset()
        if rest is not None:
            self._long.start(*rest)  # parsed once the head is painted
        old = self._document, self._renders.forget()
        self._document = document
        self._current_match = None
        self._current_lines = {}
        self._pending_anchor = None
        self._invalidate(keep_scroll=False)
        self.scroll_to(0, 0, animate=False, force=True)
        if document.pending_code:
            self._highlight_code(document)
        if self._highlighter is not None:
            self._announce_count(self.match_count)
        self._check_section()
        self._long.discard(*old)

    def _announce_count(self, total: int) -> None:
        """Tell the screen how many matches the note has now (the head's, while `partial`)."""
        self.post_message(self.MatchesChanged(self, -1, total, partial=self.partial))

    def _content_width(self) -> int:
        return self.scrollable_content_region.width

    # --- the whole of a long note (`LongNoteHost`) -----------------------------------------

    def wrap_width(self) -> int:
        """The width the whole of a long note is wrapped at off the UI thread (0: not there).

        The image hook may not be thread-safe: with one, only parsing happens off the thread.
        """
        return self._content_width() if self._image_lines is None else 0

    def render_document(
        self, document: Document, width: int, highlighter: Highlighter | None
    ) -> Rendered:
        """`document` wrapped at `width` with this pane's images (thread-safe without an
        image hook)."""
        return document.render(width, highlighter, image_lines=self._image_lines)

    def show_whole(self, document: Document, rendered: Rendered | None = None) -> None:
        """Show the whole of a long note in place of its head, keeping the scroll position."""
        top_block = self._top_block()
        old = self._document if self._document is not document else Document([])
        dropped = self._renders.forget()
        self._document = document
        self._painter.forget()
        if rendered is not None and rendered.width == max(8, self._content_width()):
            self._renders.keep(self._content_width(), rendered)
        new = self._ensure_rendered()
        if new is not None and top_block is not None:
            self._scroll_to_block(new, *top_block)
        if document.pending_code:
            self._highlight_code(document)
        if self._highlighter is not None and new is not None:
            self._announce_count(len(new.matches))
        self.refresh()
        self._long.discard(old, [r for r in dropped if r is not new])

    def _invalidate(self, *, keep_scroll: bool = True, marks: bool = False) -> None:
        """Forget rendered lines; render again at the current width (`marks`: they changed;
        with `keep_scroll`, a long note's old lines stay while it is wrapped again)."""
        top_block = self._top_block() if keep_scroll else None
        renders = self._renders
        stale = renders.shown if keep_scroll else None
        marks = marks or (renders.stale and renders.stale_marks)
        dropped = [r for r in renders.forget() if r is not stale]
        self._painter.forget()
        if keep_scroll:  # (a new document's caller lets go of the old renderings itself)
            self._long.discard(Document([]), dropped)
        del dropped
        rendered = self._ensure_rendered(stale)
        if renders.stale:
            renders.stale_marks = marks
        if rendered is not None and top_block is not None:
            self._scroll_to_block(rendered, *top_block)
        self.refresh()

    def _ensure_rendered(self, stale: Rendered | None = None) -> Rendered | None:
        """The document rendered at the current width (None before the widget has a size), or
        a long note's old lines while it is wrapped again (`LongNote.rewrap`)."""
        width = self._content_width()
        if width <= 0:
            return None
        renders = self._renders
        current = renders.current(width)
        if current is not None:
            return current
        rendered = renders.at(width)
        old = stale or renders.shown
        if rendered is None and old is not None and self._rewraps(old):
            self._long.rewrap(self._document, self._note, width)
            renders.show(old, stale=True)
            self.virtual_size = Size(width, len(old.lines))
            return old
        if rendered is None:
            rendered = self._document.render(
                width, self._highlighter, image_lines=self._image_lines
            )
            renders.keep(width, rendered)
        renders.show(rendered)
        self._painter.forget()
        self._current_lines = match_lines(rendered, self._current_match)
        self.virtual_size = Size(width, len(rendered.lines))
        self._pictures.rendered()
        if self._pending_anchor is not None:
            anchor, self._pending_anchor = self._pending_anchor, None
            line = rendered.anchors.get(anchor)
            if line is not None:
                self.call_after_refresh(self.scroll_to, y=line, animate=False, force=True)
        return rendered

    def _rewraps(self, old: Rendered) -> bool:
        """Whether the document is wrapped again off the UI thread (large, no image hook)."""
        large = len(self._document.blocks) >= LARGE_BLOCKS or len(old.lines) >= LARGE_LINES
        return large and self.wrap_width() > 0

    def _top_block(self) -> tuple[int, float] | None:
        """Which block the top line is in, and how far into it, to keep it across re-wraps."""
        rendered = self._renders.shown
        return place_of(rendered, self.top_line) if rendered is not None else None

    def _scroll_to_block(self, rendered: Rendered, index: int, fraction: float) -> None:
        line = line_of(rendered, index, fraction)
        if line is not None:
            self.scroll_to(y=line, animate=False, force=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._painter.restyle()

    def on_resize(self, event: events.Resize) -> None:
        top_block = self._top_block()
        rendered = self._ensure_rendered()
        if rendered is not None and top_block is not None:
            self._scroll_to_block(rendered, *top_block)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        rendered = self._renders.shown or self._ensure_rendered()
        index = scroll_y + y
        base = self.rich_style
        if rendered is None or index >= len(rendered.lines):
            return Strip.blank(width, base)
        current = self._current_lines.get(index)
        strip = self._painter.strip(index, rendered.lines[index], current, base)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _highlight_code(self, document: Document) -> None:
        """Load syntax lexers off the UI thread, then restyle the code blocks (not through
        `@work`, which would describe the worker with the repr of the whole document)."""
        self.run_worker(
            lambda: self._style_code(document),
            group="note-view-code",
            description="colour the code blocks",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _style_code(self, document: Document) -> None:
        styled: dict[int, Text] = {}
        for index in document.pending_code:
            block = document.blocks[index]
            if block.code is not None:
                text = highlight_code(block.code.plain, block.language)
                if text is not None:
                    styled[index] = text
        if styled:
            self.app.call_from_thread(self._apply_code, document, styled)

    def _apply_code(self, document: Document, styled: dict[int, Text]) -> None:
        if document is not self._document:
            return
        for index, text in styled.items():
            document.blocks[index].code = text
        self._invalidate()

    def on_unmount(self) -> None:
        self._pictures.clear()

    # --- matches, blocks, sections ---------------------------------------------------------

    def _move_match(self, step: int) -> tuple[int, int]:
        if self._long.pending:
            # the matches are numbered over the whole note: move once it is parsed
            self._long.move_after_whole(step)
            return (-1, 0)
        rendered = self._ensure_rendered()
        if rendered is None or not rendered.matches:
            return (-1, 0)
        total = len(rendered.matches)
        if self._current_match is None:
            index = first_match(rendered, self.top_line, step)
        else:
            index = (self._current_match + step) % total
        self._painter.forget(self._current_lines)
        self._current_match = index
        self._current_lines = match_lines(rendered, index)
        self._painter.forget(self._current_lines)
        if self._current_lines:
            first, last = min(self._current_lines), max(self._current_lines)
            height = self.scrollable_content_region.height
            top = self.top_line
            if first < top or last >= top + height:
                self.scroll_to(y=max(0, first - height // 3), animate=False, force=True)
        self.refresh()
        self.post_message(self.MatchesChanged(self, index, total))
        return (index, total)

    def _check_section(self) -> None:
        anchor = self.current_section_anchor()
        if anchor != self._section:
            self._section = anchor
            self.post_message(self.SectionChanged(self, anchor))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            if self._pictures.sixel:
                self._refresh_scroll()  # the picture children move with the lines
            self._check_section()

    # --- input -----------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Drop a key handed over before the focus moved elsewhere (see `stale_keys`)."""
        drop_if_stale(self, event)

    def on_click(self, event: events.Click) -> None:
        # From the screen offset: a click on a picture child bubbles here with the child's offset.
        if not self.content_region.contains_point(event.screen_offset):
            return
        offset = event.screen_offset - self.content_region.offset
        line = offset.y + self.top_line
        href = self.link_at(line, offset.x + round(self.scroll_x))
        if href is not None:
            event.stop()
            self.post_message(self.LinkClicked(self, href))
            return
        shown = self._renders.shown
        image = image_at(shown, line) if shown is not None else None
        if image is not None:
            event.stop()
            self.post_message(self.ImageClicked(self, image))

    def action_bottom(self) -> None:
        if self._long.pending:
            self._long.after_whole("bottom", lambda: self.call_after_refresh(self.action_bottom))
        self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
