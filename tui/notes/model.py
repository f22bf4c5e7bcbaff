"""The content model: notes, their sections and images, and the library that holds them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Section:
    """A `##` or `###` heading inside a note."""

    level: int
    title: str
    anchor: str
    line: int
    """0-based line of the heading within the note's body."""


@dataclass(frozen=True)
class ImageRef:
    """An image referenced by a note, resolved against the content roots."""

    alt: str
    target: str
    """The target as written in the Markdown."""
    path: Path | None
    """The resolved file, or None when it is missing or refused."""
    problem: str = ""
    """Why `path` is None ("missing", "outside the content root"), empty when resolved."""


@dataclass(frozen=True)
class Note:
    """One note: a Markdown body with its front matter and derived structure."""

    id: str
    """Stable id: relative path without suffix, plus `#slug` for notes split from one file."""
    title: str
    category: str
    """Display name of the category (the tree's top level)."""
    body: str
    """Markdown body without front matter, as written."""
    path: Path
    """The file the note came from."""
    body_line: int = 0
    """0-based line of the file where `body` starts (for opening in an editor)."""
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    order: int = 0
    sections: tuple[Section, ...] = ()
    images: tuple[ImageRef, ...] = ()


@dataclass(frozen=True)
class LoadWarning:
    """A file, or part of one, that could not be loaded as it is, and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Category:
    """A top-level group of notes (a folder of the content directory)."""

    id: str
    title: str
    order: int = 0
    notes: list[Note] = field(default_factory=list)


@dataclass
class Library:
    """Everything loaded from one content path."""

    root: Path
    categories: list[Category]
    warnings: list[LoadWarning] = field(default_factory=list)
    image_roots: tuple[Path, ...] = ()
    _by_id: dict[str, Note] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def notes(self) -> list[Note]:
        """All notes in tree order."""
        return [note for category in self.categories for note in category.notes]

    def __iter__(self) -> Iterator[Note]:
        return iter(self.notes)

    def __len__(self) -> int:
        return sum(len(category.notes) for category in self.categories)

    def get(self, note_id: str) -> Note | None:
        """The note with this id, or None."""
        if self._by_id is None:
            self._by_id = {note.id: note for note in self.notes}
        return self._by_id.get(note_id)
