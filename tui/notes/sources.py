"""Content sources: the bundled notes and folders (or files) of your own, loaded as one library.

Each source becomes a top-level branch of the tree. The first source keeps its note ids as they
are (so bookmarks made with one source survive adding a second); the notes of every other
source are named `key:id`, where the key is the source's name made into a slug, so that
`[[mine:aws/kms]]` reaches a note of the source called "mine" and two sources may hold files of
the same name. A source that cannot be opened is reported in the library's warnings; the others
still load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tui.i18n import _
from tui.notes.bundled import bundled_paths
from tui.notes.loader import ContentNotFound, load_library, renamed_note
from tui.notes.model import Category, Library, LoadWarning, SourceInfo
from tui.notes.slug import slugify

BUNDLED_NAME = "kumonote"
"""The key of the bundled notes (their branch is labelled in the interface language)."""


@dataclass(frozen=True)
class Source:
    """Where notes come from: a folder or a Markdown file, or the bundled notes (`path` None)."""

    path: Path | None
    name: str = ""
    reference: bool = False
    """A reference built by kumonote (a docset): its pages may share titles, and a search
    ranks the learner's own notes above them."""
    label: str = ""
    """The branch label when it is not the name (a docset's, in the interface language)."""

    @classmethod
    def bundled(cls) -> Source:
        """The notes that ship with kumonote."""
        return cls(None, "")

    @property
    def is_bundled(self) -> bool:
        """True for the notes that ship with kumonote."""
        return self.path is None

    @property
    def key(self) -> str:
        """The prefix of this source's note ids (when it is not the first source)."""
        if self.path is None:
            return BUNDLED_NAME
        return slugify(self.name or _path_name(self.path)) or "notes"

    @property
    def title(self) -> str:
        """The branch label: the name given, else the folder's name ("" for the bundled notes)."""
        if self.path is None:
            return self.label or self.name
        return self.label or self.name or _path_name(self.path)

    def describe(self) -> str:
        """The source as a user would write it: its path, or `bundled`."""
        return "bundled" if self.path is None else str(self.path)


def _path_name(path: Path) -> str:
    expanded = path.expanduser()
    return (expanded.stem if expanded.suffix.lower() == ".md" else expanded.name) or str(path)


def _unique_keys(sources: Sequence[Source]) -> list[str]:
    keys: list[str] = []
    for source in sources:
        key, n = source.key, 1
        while key in keys:
            n += 1
            key = f"{source.key}-{n}"
        keys.append(key)
    return keys


def load_source(source: Source, *, cache: bool = True, cache_dir: Path | None = None) -> Library:
    """One source's notes (raises `ContentNotFound` when its path is missing)."""
    if source.path is None:
        content, images = bundled_paths()
        return load_library(content, images_dir=images, cache=cache, cache_dir=cache_dir)
    return load_library(
        source.path, cache=cache, cache_dir=cache_dir, warn_duplicates=not source.reference
    )


def load_sources(
    sources: Sequence[Source], *, cache: bool = True, cache_dir: Path | None = None
) -> Library:
    """Every source's notes in one library, in the order given.

    One source loads as it always has (its library, with no source prefix). With several, a
    missing source is reported as a warning and left out; `ContentNotFound` only when every
    source is missing (or none is given).
    """
    if not sources:
        raise ContentNotFound(
            _("no content sources: switch the bundled notes on or add a source (kumonote config)")
        )
    keys = _unique_keys(sources)
    if len(sources) == 1:
        library = load_source(sources[0], cache=cache, cache_dir=cache_dir)
        library.sources = (
            SourceInfo(keys[0], sources[0].title, library.root, reference=sources[0].reference),
        )
        return library
    loaded: list[tuple[int, Library]] = []
    failures: list[tuple[int, ContentNotFound]] = []
    for index, source in enumerate(sources):
        try:
            loaded.append((index, load_source(source, cache=cache, cache_dir=cache_dir)))
        except ContentNotFound as error:
            failures.append((index, error))
    if not loaded:
        raise failures[0][1]
    return _merged(sources, keys, loaded, failures)


def _merged(
    sources: Sequence[Source],
    keys: list[str],
    loaded: list[tuple[int, Library]],
    failures: list[tuple[int, ContentNotFound]],
) -> Library:
    first = loaded[0][0]
    categories: list[Category] = []
    warnings: list[LoadWarning] = []
    infos: list[SourceInfo] = []
    image_roots: list[Path] = []
    for index, library in loaded:
        key = keys[index]
        prefix = "" if index == first else f"{key}:"
        for category in library.categories:
            notes = [
                renamed_note(note, prefix + note.id) if prefix else note for note in category.notes
            ]
            categories.append(replace(category, id=prefix + category.id, source=key, notes=notes))
        warnings.extend(library.warnings)
        image_roots.extend(library.image_roots)
        infos.append(
            SourceInfo(key, sources[index].title, library.root, reference=sources[index].reference)
        )
    for index, error in failures:
        source = sources[index]
        path = source.path.expanduser() if source.path is not None else Path(BUNDLED_NAME)
        name = source.title or keys[index]
        warnings.append(
            LoadWarning(path, _("source {name} not loaded: {error}").format(name=name, error=error))
        )
        infos.append(SourceInfo(keys[index], source.title, path, problem=str(error)))
    infos.sort(key=lambda info: keys.index(info.key))
    return Library(
        root=loaded[0][1].root,
        categories=categories,
        warnings=warnings,
        image_roots=tuple(dict.fromkeys(image_roots)),
        sources=tuple(infos),
    )
