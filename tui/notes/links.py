"""Where a link leads: another note (wikilink or relative path), an anchor, or the web."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from tui.notes.model import Library, Note
from tui.notes.paths import fs_name, is_within
from tui.notes.slug import slugify

WEB_PREFIXES = ("http://", "https://")


@dataclass(frozen=True)
class LinkTarget:
    """The result of following a link."""

    kind: str
    """"note" (note_id, maybe anchor), "anchor" (same note), "url", or "broken"."""
    note_id: str | None = None
    anchor: str | None = None
    url: str | None = None
    reason: str = ""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def find_note(name: str, library: Library) -> Note | None:
    """The note whose title or alias is `name` (width and case folded), else None."""
    wanted = _fold(name)
    for note in library:
        if _fold(note.title) == wanted:
            return note
    for note in library:
        if any(_fold(alias) == wanted for alias in note.aliases):
            return note
    return None


def _anchor_in(note: Note, fragment: str) -> str | None:
    if not fragment:
        return None
    slug = slugify(unquote(fragment))
    for section in note.sections:
        if section.anchor == slug or _fold(section.title) == _fold(unquote(fragment)):
            return section.anchor
    return slug


def resolve_link(href: str, note: Note, library: Library) -> LinkTarget:
    """Follow `href` as written in `note` (a wikilink's text, a path, `#anchor` or a URL)."""
    href = href.strip()
    if not href:
        return LinkTarget("broken", reason="empty link")
    if href.lower().startswith(WEB_PREFIXES):
        return LinkTarget("url", url=href)
    if href.startswith("#"):
        return LinkTarget("anchor", note_id=note.id, anchor=_anchor_in(note, href[1:]))
    by_id = library.get(href.partition("#")[0].split("|", 1)[0].strip())
    if by_id is not None and ":" in by_id.id:  # `[[source:id]]`: a note of another source
        fragment = href.partition("#")[2]
        return LinkTarget("note", note_id=by_id.id, anchor=_anchor_in(by_id, fragment))
    if ":" in href.split("/", 1)[0] and not href.lower().endswith(".md"):
        return LinkTarget("broken", reason=f"unsupported link: {href}")
    name, _, fragment = href.partition("#")
    name = name.split("|", 1)[0]
    target = find_note(name, library) or library.get(name.strip())
    if target is not None:
        return LinkTarget("note", note_id=target.id, anchor=_anchor_in(target, fragment))
    try:
        path = (note.path.parent / fs_name(unquote(name))).resolve()
    except (OSError, ValueError):  # a NUL byte, or a name the file system cannot hold
        return LinkTarget("broken", reason=f"no note called {href}")
    if not any(is_within(path, root) for root in library.roots):
        return LinkTarget("broken", reason=f"refused: {href} points outside the content root")
    for candidate in library:
        if candidate.path == path or candidate.path == path.with_suffix(".md"):
            return LinkTarget("note", note_id=candidate.id, anchor=_anchor_in(candidate, fragment))
    return LinkTarget("broken", reason=f"no note called {href}")
