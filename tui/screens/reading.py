"""The note being read on the main screen, and the ways a note (or a message) gets there.

`Reading` owns which note the note pane shows and what it shows of it: its Markdown with the
cross-links to and from the API reference below it (`crosslinked`), its title on the pane's
border, and the place in the note left behind (through the screen's `Lab`). The tree's cursor,
the search's best note, a reload and a new language all show notes through it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.notes import Library, Note
from tui.notes.safe_text import inert
from tui.screens.crosslinked import crosslinked_text, crosslinks_of
from tui.widgets.note_view import NoteView

if TYPE_CHECKING:
    from tui.docsets.crosslinks import CrossLinks
    from tui.screens.main import MainScreen
    from tui.search.highlight import Highlighter


class Reading:
    """The note the main screen's note pane shows."""

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen
        self.note: Note | None = None
        """The note shown (None for the empty state and messages)."""
        self._crosslinks: CrossLinks | None = None

    @property
    def note_id(self) -> str | None:
        """The id of the note shown (None for the empty state and messages)."""
        return self.note.id if self.note is not None else None

    def use_library(self, library: Library) -> None:
        """The notes are `library` now: its links between notes and API reference."""
        self._crosslinks = crosslinks_of(library)

    def show(self, note_id: str, anchor: str | None = None, scroll: bool = True) -> None:
        """Show a note (scrolled to `anchor`); the current search's marks stay."""
        note = self._get(note_id)
        if note is None:
            return
        view = self._view()
        # The tree previews the note under its cursor, which after a search is the note just
        # shown: then nothing changes (no second render, and the current match stays).
        unchanged = note is self.note
        if not unchanged:
            self._leave_for(note)
            view.show(note, text=self._text(note))
        if not scroll:
            return
        if anchor:
            view.goto_anchor(anchor)
            view.call_after_refresh(self._remember_anchor, anchor)
        elif view.highlighter is not None and not unchanged:
            view.next_match()  # the first match (a long note: once it is parsed)

    def show_again(self, note_id: str) -> None:
        """Render the note again (reloaded, or in another language) where it was scrolled to."""
        view = self._view()
        y = view.scroll_y
        self.note = None
        self.show(note_id, scroll=False)
        view.call_after_refresh(view.scroll_to, y=y, animate=False)

    def text_to_show(self, note_id: str) -> tuple[str, str | None] | None:
        """(id, Markdown shown) for `note_id` (None: no such note); made in the search worker
        (an API page's related notes are a search of their own)."""
        note = self._get(note_id)
        return (note_id, self._text(note)) if note is not None else None

    def show_result(
        self,
        note_id: str,
        marks: Highlighter | None,
        *,
        made: tuple[str, str | None] | None = None,
    ) -> None:
        """Show a search's best note, marked, at its first match (`made`: `text_to_show`)."""
        note = self._get(note_id)
        if note is None:
            return
        view = self._view()
        if note is not self.note:
            self._leave_for(note)
            shown = made[1] if made is not None and made[0] == note_id else self._text(note)
            # rendered once, with this search's marks
            view.show_marked(note, marks, text=shown)
        elif marks is not view.highlighter:
            view.highlight(marks)
        else:
            return
        if marks is not None:
            view.next_match()

    def show_instead(self, title: str, body: str, *, border: str, subtitle: str = "") -> None:
        """A message in the note pane in place of a note (nothing found, a removed note)."""
        view = self._view()
        view.show_message(title, body)
        self.note = None
        view.border_title = border
        view.border_subtitle = subtitle

    def _text(self, note: Note) -> str | None:
        """The note with its links to and from the API reference below it (None: as it is)."""
        return crosslinked_text(self._crosslinks, note, self._screen.engine)

    def _get(self, note_id: str) -> Note | None:
        library = self._screen.library
        return library.get(note_id) if library is not None else None

    def _view(self) -> NoteView:
        return self._screen.query_one(NoteView)

    def _leave_for(self, note: Note) -> None:
        self._screen.lab.remember_scroll()  # the place in the note being left, before it goes
        self.note = note
        view = self._view()
        view.border_title = inert(note.title)
        view.border_subtitle = inert(note.category)

    def _remember_anchor(self, anchor: str) -> None:
        self._screen.lab.asked_anchor = (anchor, self._view().top_line)
