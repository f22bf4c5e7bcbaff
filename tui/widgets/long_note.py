"""A long note shows its head at once; the whole note is parsed and wrapped off the UI thread.

Mixed into the note pane. While only the head is shown (`_rest` holds the whole text), what needs
the whole note (a section past the head, n/N, the end) is queued and done when it arrives; a new
search while it is being wrapped wraps it again, also off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work

from tui.notes.model import Note
from tui.render.blocks import Highlighter, ImageLines, Rendered
from tui.render.markdown import Document, parse
from tui.widgets.note_paint import LinePainter

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView

    _Base = ScrollView
else:
    _Base = object


class HeadFirst(_Base):
    """The whole of a long note, after its head: parsed, wrapped and applied in place."""

    _document: Document
    _highlighter: Highlighter | None
    _image_lines: ImageLines | None
    _renders: dict[int, Rendered]
    _rendered: Rendered | None
    _generation: int
    _painter: LinePainter
    _rest: tuple[str, Note | None] | None
    _after_rest: dict[str, Callable[[], object]]
    _moves_after_rest: list[int]
    # provided by the note pane
    _content_width: Callable[[], int]
    _ensure_rendered: Callable[[], Rendered | None]
    _top_block: Callable[[], tuple[int, float] | None]
    _scroll_to_block: Callable[[Rendered, int, float], None]
    _highlight_code: Callable[[Document], object]
    _move_match: Callable[[int], tuple[int, int]]
    _announce_count: Callable[[int], None]

    def _rest_width(self) -> int:
        """The width the rest of a long note is wrapped at off the UI thread (0: not there).

        The image hook may not be thread-safe: with one, only parsing happens off the thread.
        """
        return self._content_width() if self._image_lines is None else 0

    @work(thread=True, exclusive=True, group="note-view-parse", exit_on_error=False)
    def _parse_rest(
        self,
        generation: int,
        body: str,
        note: Note | None,
        width: int,
        highlighter: Highlighter | None,
    ) -> None:
        """Parse (and wrap) the whole note off the UI thread, after its head is shown."""
        document = parse(body, note)
        rendered = None
        if width > 0:
            rendered = document.render(width, highlighter, image_lines=self._image_lines)
        self.app.call_from_thread(self._apply_rest, generation, document, rendered, highlighter)

    @work(thread=True, exclusive=True, group="note-view-wrap", exit_on_error=False)
    def _render_rest(
        self, generation: int, document: Document, width: int, highlighter: Highlighter | None
    ) -> None:
        """Wrap the parsed whole note again off the UI thread (the search changed meanwhile)."""
        rendered = document.render(width, highlighter, image_lines=self._image_lines)
        self.app.call_from_thread(self._apply_rest, generation, document, rendered, highlighter)

    def _apply_rest(
        self,
        generation: int,
        document: Document,
        rendered: Rendered | None,
        highlighter: Highlighter | None,
    ) -> None:
        if generation != self._generation or self._rest is None:
            return  # another note is shown, or the rest was needed sooner
        width = self._rest_width()
        usable = (
            rendered is not None
            and highlighter is self._highlighter
            and rendered.width == max(8, width)
        )
        if usable or width <= 0:
            self._replace_document(document, rendered if usable else None)
        else:  # marked for an older search, or wrapped at an older width
            self._render_rest(generation, document, width, self._highlighter)

    def _complete(self) -> None:
        """Parse the rest of the note now, when only its head is shown."""
        if self._rest is not None:
            body, note = self._rest
            self._replace_document(parse(body, note))

    def _replace_document(self, document: Document, rendered: Rendered | None = None) -> None:
        """Show the whole note in place of its head, keeping the scroll position."""
        top_block = self._top_block()
        self._generation += 1
        self._rest = None
        self._document = document
        self._renders.clear()
        self._rendered = None
        self._painter.forget()
        if rendered is not None and rendered.width == max(8, self._content_width()):
            self._renders[self._content_width()] = rendered
        new = self._ensure_rendered()
        if new is not None and top_block is not None:
            self._scroll_to_block(new, *top_block)
        if document.pending_code:
            self._highlight_code(document)
        if self._highlighter is not None and new is not None:
            self._announce_count(len(new.matches))
        self.refresh()
        asked, self._after_rest = self._after_rest, {}
        moves, self._moves_after_rest = self._moves_after_rest, []
        for action in asked.values():
            action()
        for step in moves:
            self._move_match(step)
