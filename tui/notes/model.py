"""The content model: notes, their sections and images, and the library that holds them.

A note loaded from the metadata cache (`tui.notes.cache`) is a `StoredNote`: everything the
tree and the search index need to know about it came from the cache, and its file is read only
when its body is asked for.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol


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

    @cached_property
    def fingerprint(self) -> str:
        """A digest of everything the note's file says of it: title, aliases, tags, section
        titles and body (see `note_fingerprint`). A note from the metadata cache has it
        without its body being read; the search index compares it to find changed notes."""
        return note_fingerprint(
            self.title, self.aliases, self.tags, [s.title for s in self.sections], self.body
        )


def note_fingerprint(
    title: str,
    aliases: tuple[str, ...],
    tags: tuple[str, ...],
    section_titles: list[str],
    body: str,
) -> str:
    """CRC-32 of the title, aliases, tags and section titles, CRC-32 of the body and the
    body's length, in hex.

    UTF-16 because CPython encodes its two-byte strings (Japanese text) to it ~3× faster
    than to UTF-8; the bytes only feed the checksums. Enough to notice an edit, and much
    cheaper than a cryptographic hash over 10,000 notes.
    """
    head = "\x00".join(
        (title, "\x1f".join(aliases), "\x1f".join(tags), "\x1f".join(section_titles))
    ).encode("utf-16", "surrogatepass")
    data = body.encode("utf-16", "surrogatepass")
    return f"{zlib.crc32(head):08x}{zlib.crc32(data):08x}{len(data):x}"


Place = tuple[str, str, tuple[int, int, int, int], int, int, str]
"""Where a `StoredNote`'s body is (see `StoredNote.place`)."""


class BodySource(Protocol):
    """Where a `StoredNote` reads its body from, when it is first asked for."""

    def read_body(self, note: StoredNote) -> str:
        """The note's body as its file holds it now (never raises: a file that changed
        beyond recognition or vanished gives a short Markdown message instead)."""
        ...


class StoredNote(Note):
    """A note from the metadata cache: its body is read from its file when first asked for,
    its sections and path are made when first asked for.

    Made by `StoredNote.of` (no dataclass ``__init__``: at 10,000 notes that alone costs tens
    of milliseconds); `dataclasses.replace` still works, and gives a note with those values.
    """

    @classmethod
    def of(
        cls,
        id: str,
        title: str,
        category: str,
        path: str,
        body_line: int,
        aliases: tuple[str, ...],
        tags: tuple[str, ...],
        order: int,
        sections: bytes | tuple[Section, ...],
        images: tuple[ImageRef, ...],
        fingerprint: str,
        source: BodySource,
        place: Place,
    ) -> StoredNote:
        """A note whose `sections` may still be in their cached form (see `pack_sections`)."""
        note = _new(cls)
        _set(
            note,
            "__dict__",
            {
                "id": id,
                "title": title,
                "category": category,
                "body_line": body_line,
                "aliases": aliases,
                "tags": tags,
                "order": order,
                "images": images,
                "fingerprint": fingerprint,
                "place": place,
                "_path": path,
                "_sections": sections,
                "_source": source,
            },
        )
        return note

    place: Place
    """Where the body is: (file, its path relative to the content root, the stamp it had when
    loaded (`tui.notes.cache`), first line, end line or -1 for the end of the file, the id the
    note had when loaded)."""

    # `body`, `sections` and `path` are dataclass fields of `Note`; here they are properties
    # (a property on the class wins over the instance's dictionary), whose setters the
    # dataclass __init__ uses when `dataclasses.replace` makes a copy.

    @property
    def body(self) -> str:
        """The Markdown body, read from the file the first time it is asked for."""
        found: str | None = self.__dict__.get("_body")
        if found is None:
            found = self.__dict__["_source"].read_body(self)
            self.__dict__["_body"] = found
        return found

    @body.setter
    def body(self, value: str) -> None:
        self.__dict__["_body"] = value

    @property
    def body_loaded(self) -> bool:
        """Whether the body has been read (or was given)."""
        return "_body" in self.__dict__

    @property
    def sections(self) -> tuple[Section, ...]:
        """The `##` and `###` sections, made from their cached form when first asked for."""
        found: Any = self.__dict__["_sections"]
        if isinstance(found, bytes):
            found = unpack_sections(found)
            self.__dict__["_sections"] = found
        return found  # type: ignore[no-any-return]

    @sections.setter
    def sections(self, value: tuple[Section, ...]) -> None:
        self.__dict__["_sections"] = value

    @property
    def path(self) -> Path:
        """The file the note came from."""
        found: Any = self.__dict__["_path"]
        if isinstance(found, str):
            found = Path(found)
            self.__dict__["_path"] = found
        return found  # type: ignore[no-any-return]

    @path.setter
    def path(self, value: Path) -> None:
        self.__dict__["_path"] = value


_new = object.__new__
_set = object.__setattr__
_FIELD, _RECORD = "\x1f", "\x1e"


def pack_sections(sections: tuple[Section, ...]) -> bytes | tuple[Section, ...]:
    """Sections as one UTF-8 string of bytes (one object to store and load instead of a
    dozen, and bytes load from the cache without being decoded: only the notes whose sections
    are shown pay for that); as they are when a title holds one of the separators."""
    if any(_FIELD in s.title or _RECORD in s.title for s in sections):
        return sections
    return _RECORD.join(
        f"{s.level}{_FIELD}{s.title}{_FIELD}{s.anchor}{_FIELD}{s.line}" for s in sections
    ).encode("utf-8", "surrogatepass")


def _section_fields(packed: bytes) -> Iterator[tuple[str, str, str, str]]:
    if not packed:
        return
    for record in packed.decode("utf-8", "surrogatepass").split(_RECORD):
        level, title, anchor, line = record.split(_FIELD)
        yield level, title, anchor, line


def unpack_sections(packed: bytes) -> tuple[Section, ...]:
    """The sections `pack_sections` packed (made without the frozen dataclass's __init__,
    three times faster: the tree makes a thousand notes' sections for its first screen)."""
    sections = []
    for level, title, anchor, line in _section_fields(packed):
        section = _new(Section)
        _set(
            section,
            "__dict__",
            {"level": int(level), "title": title, "anchor": anchor, "line": int(line)},
        )
        sections.append(section)
    return tuple(sections)


@dataclass(frozen=True)
class LoadWarning:
    """A file, or part of one, that could not be loaded as it is, and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        from tui.notes.reasons import shown_reason

        return f"{self.path}: {shown_reason(self.reason)}"


@dataclass
class Category:
    """A top-level group of notes (a folder of the content directory)."""

    id: str
    title: str
    order: int = 0
    notes: list[Note] = field(default_factory=list)
    source: str = ""
    """The key of the content source it comes from (`SourceInfo.key`)."""


@dataclass(frozen=True)
class SourceInfo:
    """One content source of a library: its key, its label, where it is, and why it is missing."""

    key: str
    title: str
    root: Path
    problem: str = ""
    reference: bool = False
    """A reference built by kumonote (the AWS API docset), not notes of the learner's."""


@dataclass
class Library:
    """Everything loaded from one content path."""

    root: Path
    categories: list[Category]
    warnings: list[LoadWarning] = field(default_factory=list)
    image_roots: tuple[Path, ...] = ()
    sources: tuple[SourceInfo, ...] = ()
    """The content sources, in tree order (one, or none for a library made in code)."""
    _by_id: dict[str, Note] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def roots(self) -> tuple[Path, ...]:
        """The folder of every source that loaded (links and images may point into any)."""
        found = tuple(info.root for info in self.sources if not info.problem)
        return found or (self.root,)

    @property
    def notes(self) -> list[Note]:
        """All notes in tree order."""
        return [note for category in self.categories for note in category.notes]

    def __iter__(self) -> Iterator[Note]:
        return iter(self.notes)

    def __len__(self) -> int:
        return sum(len(category.notes) for category in self.categories)

    def source_of(self, note_id: str) -> str:
        """The key of the source a note comes from ("" for a library made in code)."""
        first = self.sources[0].key if self.sources else ""
        head, colon, _rest = note_id.partition(":")
        if colon and any(info.key == head for info in self.sources[1:]):
            return head
        return first

    def get(self, note_id: str) -> Note | None:
        """The note with this id, or None."""
        if self._by_id is None:
            self._by_id = {note.id: note for note in self.notes}
        return self._by_id.get(note_id)
