"""Links between the learner's notes and the API reference, both ways, found as they are shown.

A note that names an operation (`InvokeEndpoint`, `invoke_endpoint`) gets a section linking its
API page; an API page gets a `関連ノート` section listing the notes that name it. Neither is
written to any file: they are Markdown added below the note when it is shown, so `f` lists
them and Enter follows them like any other link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from tui.i18n import _
from tui.notes.model import Library, Note

_CAMEL = re.compile(r"\b[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+\b")
"""An API name as written in prose: two or more capitalised parts (InvokeEndpoint)."""
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
"""A boto3 method name (invoke_endpoint)."""
_BOTO3_NAME = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

MAX_PAGES = 5
"""At most this many API pages linked from one note (an op name shared by services)."""
MAX_NOTES = 10
"""At most this many notes listed on one API page."""


def _snake(name: str) -> str:
    return _BOTO3_NAME.sub("_", name).lower()


class CrossLinks:
    """The operations of a library's references, by name, and the notes that name them.

    `candidates(name)` gives the ids of notes that may mention `name` (a search of the index);
    each is checked for the name itself before it is listed.
    """

    def __init__(self, library: Library) -> None:
        self._library = library
        self._reference = tuple(
            f"{info.key}:" for info in library.sources[1:] if info.reference and not info.problem
        )
        self._by_name: dict[str, list[str]] = {}
        if not self._reference:
            return
        for category in library.categories:
            for note in category.notes:
                if not note.id.startswith(self._reference):
                    continue
                _service, _slash, page = note.id.partition(":")[2].partition("/")
                if not page or "/" in page or page == "index":
                    continue  # shapes and overviews are not operations
                for name in (page, _snake(page)):
                    self._by_name.setdefault(name, []).append(note.id)

    @property
    def active(self) -> bool:
        """True when the library holds a reference with operations."""
        return bool(self._by_name)

    def is_reference(self, note: Note) -> bool:
        """True for a page of a reference (not a note of the learner's)."""
        return note.id.startswith(self._reference) if self._reference else False

    def api_pages(self, note: Note) -> list[str]:
        """The API pages of the operations `note` names, in the order it names them."""
        if not self._by_name or self.is_reference(note):
            return []
        text = "\n".join((note.title, *note.aliases, note.body))
        found: dict[str, None] = {}
        for match in [*_CAMEL.finditer(text), *_SNAKE.finditer(text)]:
            pages = self._by_name.get(match.group())
            if pages and len(pages) <= MAX_PAGES:  # `TagResource` in 60 services says nothing
                found.update(dict.fromkeys(pages))
        return list(found)[:MAX_PAGES]

    def mentions(self, page: Note, candidates: Callable[[str], Iterable[str]]) -> list[str]:
        """The learner's notes that name the operation of API page `page`."""
        if not self.is_reference(page):
            return []
        name = page.id.rpartition("/")[2]
        wanted = re.compile(rf"\b(?:{re.escape(name)}|{re.escape(_snake(name))})\b")
        found: list[str] = []
        for note_id in candidates(name):
            note = self._library.get(note_id)
            if note is None or self.is_reference(note) or note_id in found:
                continue
            if wanted.search("\n".join((note.title, *note.aliases, note.body))):
                found.append(note_id)
            if len(found) >= MAX_NOTES:
                break
        return found

    def _label(self, note_id: str) -> str:
        note = self._library.get(note_id)
        title = note.title if note is not None else note_id
        return title.replace("|", "/").replace("]", ")").replace("[", "(")

    def shown_text(self, note: Note, candidates: Callable[[str], Iterable[str]]) -> str | None:
        """The note's Markdown with its cross-links below it, or None when it has none."""
        if not self._by_name:
            return None
        if self.is_reference(note):
            ids, heading = self.mentions(note, candidates), _("Related notes")
        else:
            ids, heading = self.api_pages(note), _("API reference")
        if not ids:
            return None
        lines = [f"- [[{note_id}|{self._label(note_id)}]]" for note_id in ids]
        return note.body.rstrip("\n") + f"\n\n## {heading}\n\n" + "\n".join(lines) + "\n"
