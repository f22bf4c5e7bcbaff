"""Find the one note a person means by a name: `kumonote show NOTE` and `kumonote NOTE`.

The cheap ways come first (id, title or alias, then the title matcher); the full search, with
its typo tolerance, only when they find nothing.
"""

from __future__ import annotations

from tui.notes.links import find_note
from tui.notes.model import Library, Note


def find_note_named(library: Library, name: str) -> Note | None:
    """The note called `name`: its id, title or alias, else the best title match, else a search."""
    exact = library.get(name) or find_note(name, library)
    if exact is not None:
        return exact
    from tui.search.titles import TitleMatcher

    hits = TitleMatcher(library).search(name, limit=1, snippets=False).hits
    if hits:
        return library.get(hits[0].note_id)
    from tui.search.engine import SearchEngine

    hits = SearchEngine.open(library).search(name, limit=1, snippets=False).hits
    return library.get(hits[0].note_id) if hits else None
