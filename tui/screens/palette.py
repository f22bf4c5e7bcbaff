"""Command palette: a fuzzy "go to note" over titles and aliases."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.notes.safe_text import inert

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


class NoteCommands(Provider):
    """Go to any note by title or alias (kana, width and case folded by the matcher)."""

    def _main(self) -> MainScreen | None:
        from tui.screens.main import MainScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _open(self, note_id: str) -> None:
        main = self._main()
        if main is not None:
            main.open_note(note_id)

    async def discover(self) -> Hits:
        """Every note, for browsing the palette with no query."""
        main = self._main()
        if main is None or main.library is None:
            return
        for note in main.library:
            yield DiscoveryHit(
                f"Go to: {inert(note.title)}",
                partial(self._open, note.id),
                help=inert(note.category),
            )

    async def search(self, query: str) -> Hits:
        """Notes whose title or aliases match `query`."""
        main = self._main()
        if main is None or main.library is None:
            return
        matcher = self.matcher(query)
        for note in main.library:
            names = [note.title, *note.aliases]
            best = max(names, key=lambda name: matcher.match(name))
            score = matcher.match(best)
            if score > 0:
                label = inert(note.title)
                if best != note.title:
                    label = f"{label} ({inert(best)})"
                yield Hit(
                    score,
                    matcher.highlight(f"Go to: {label}"),
                    partial(self._open, note.id),
                    help=inert(note.category),
                )
