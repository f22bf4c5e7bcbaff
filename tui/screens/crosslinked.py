"""A note as shown beside the API reference: with its links to and from the reference below it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.notes import Library, Note

if TYPE_CHECKING:
    from tui.docsets.crosslinks import CrossLinks
    from tui.search.engine import SearchEngine


def crosslinks_of(library: Library) -> CrossLinks | None:
    """The links between notes and API reference of `library` (None: it holds no reference)."""
    if not any(info.reference for info in library.sources[1:]):
        return None
    from tui.docsets.crosslinks import CrossLinks

    return CrossLinks(library)


def crosslinked_text(
    links: CrossLinks | None, note: Note, engine: SearchEngine | None
) -> str | None:
    """The note's Markdown with its cross-links below it (None: shown as it is). The notes that
    name a page are found through the index (none until it is open)."""
    if links is None or not links.active:
        return None

    def candidates(name: str) -> list[str]:
        if engine is None:
            return []
        return [hit.note_id for hit in engine.search(name, 30, snippets=False).hits]

    return links.shown_text(note, candidates)
