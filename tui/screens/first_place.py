"""Which note the browser opens first, and which page to open when a reference joins later."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.notes import Library
from tui.state import HistoryEntry

if TYPE_CHECKING:
    from tui.search.titles import TitleMatcher


@dataclass(frozen=True)
class FirstPlace:
    """The note to open, at which section, and the scroll to give back (None: record a visit)."""

    note_id: str
    anchor: str | None = None
    scroll: int | None = None


def first_place(
    library: Library,
    last: HistoryEntry | None,
    asked: str | None,
    titles: TitleMatcher | None,
) -> FirstPlace | None:
    """The note asked for (`kumonote NOTE`: an id, else found by title), else the one read
    last, else the first note; None when the library holds none."""
    if not len(library):
        return None
    if asked:
        named = library.get(asked)  # `kumonote NOTE` passes the id it resolved
        if named is None and titles is not None:
            found = titles.search(asked, limit=1).hits
            named = library.get(found[0].note_id) if found else None
        target = named or library.notes[0]
        anchor = None
    elif last is not None and library.get(last.note_id) is not None:
        target, anchor = library.get(last.note_id) or library.notes[0], last.anchor or None
    else:
        target, anchor = library.notes[0], None
    scroll = last.scroll if last is not None and target.id == last.note_id and last.scroll else None
    return FirstPlace(target.id, anchor, scroll)


def joined_page(
    library: Library, last: HistoryEntry | None, asked: str | None, shown: str | None
) -> tuple[str, str | None] | None:
    """The page (and section) to open now that a reference joined: the note asked for or read
    last, when it is one of the reference's pages and another note is shown instead."""
    wanted = asked or (last.note_id if last is not None else None)
    references = {info.key for info in library.sources if info.reference}
    if not wanted or library.get(wanted) is None or library.source_of(wanted) not in references:
        return None
    if shown == wanted:
        return None
    anchor = last.anchor if last is not None and last.note_id == wanted else None
    return wanted, anchor or None
