"""What the note view tells the screen: links and images clicked, matches and sections changed.

They are `NoteView.LinkClicked` and so on, and their handlers keep the names they would have
nested in `NoteView` (`on_note_view_link_clicked`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from tui.notes.model import ImageRef

if TYPE_CHECKING:
    from tui.widgets.note_view import NoteView


class _FromNoteView(Message):
    """A message sent by a note view, which is its control."""

    def __init__(self, note_view: NoteView) -> None:
        super().__init__()
        self.note_view = note_view

    @property
    def control(self) -> NoteView:
        return self.note_view


class LinkClicked(_FromNoteView, namespace="note_view"):
    """A link (or `[[wikilink]]`) in the note was clicked."""

    def __init__(self, note_view: NoteView, href: str) -> None:
        super().__init__(note_view)
        self.href = href
        """The link target as written (for a wikilink, its text)."""


class ImageClicked(_FromNoteView, namespace="note_view"):
    """An image card was clicked (the screen may open the image, as `o` does)."""

    def __init__(self, note_view: NoteView, image: ImageRef) -> None:
        super().__init__(note_view)
        self.image = image
        """The image; its `path` is None when it is missing or refused."""


class MatchesChanged(_FromNoteView, namespace="note_view"):
    """The search matches or the current match changed (for a status line)."""

    def __init__(
        self, note_view: NoteView, index: int, total: int, *, partial: bool = False
    ) -> None:
        super().__init__(note_view)
        self.index = index
        """0-based index of the current match, -1 when none is current."""
        self.total = total
        self.partial = partial
        """Only the head of a long note is counted yet; the whole count follows."""
        self.note = note_view.note
        """The note whose matches these are (None for a message)."""


class SectionChanged(_FromNoteView, namespace="note_view"):
    """Scrolling moved the top line into another section (for history and breadcrumbs)."""

    def __init__(self, note_view: NoteView, anchor: str | None) -> None:
        super().__init__(note_view)
        self.anchor = anchor
