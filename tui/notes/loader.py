"""Load a content directory (folders = categories, `.md` files = notes) or a single Markdown file.

Nothing here raises on bad content: every problem becomes a `LoadWarning` and the rest loads.
Only a content path that does not exist at all is an error (`ContentNotFound`).
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from tui.i18n import _
from tui.notes.cache import (
    FileBodies,
    FileRecord,
    NoteRecord,
    NotesCache,
    file_record,
    stamp_of,
)
from tui.notes.collector import collector_paused
from tui.notes.decode import MAX_NOTE_BYTES, decode_note, readable_name, too_large
from tui.notes.frontmatter import (
    FrontMatter,
    YamlProblem,
    load_yaml,
    parse_front_matter,
    split_front_matter,
)
from tui.notes.model import (
    Category,
    ImageRef,
    Library,
    LoadWarning,
    Note,
    Section,
    StoredNote,
    note_fingerprint,
    pack_sections,
)
from tui.notes.paths import is_within, resolve_image
from tui.notes.safe_text import has_controls
from tui.notes.slug import unique_slug
from tui.notes.structure import headings, image_targets, sections

NOTE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
CATEGORY_FILE = "_category.yaml"
MAX_DEPTH = 16
OTHER_CATEGORY = "その他 (Other)"


class ContentNotFound(Exception):
    """The content path does not exist or cannot be opened at all."""


@dataclass
class _Loading:
    root: Path
    image_roots: tuple[Path, ...]
    cache: NotesCache | None
    warnings: list[LoadWarning] = field(default_factory=list)
    bodies: FileBodies = field(init=False)

    def __post_init__(self) -> None:
        self.bodies = FileBodies(_bodies_of, self.warnings)

    def warn(self, path: Path | str, reason: str) -> None:
        self.warnings.append(LoadWarning(Path(path), reason))


def load_library(
    path: Path | str,
    *,
    images_dir: Path | None = None,
    cache: bool = True,
    cache_dir: Path | None = None,
    warn_duplicates: bool = True,
) -> Library:
    """Load every note under `path` (a directory or one file).

    Images resolve relative to the note, then to `images_dir` (default: `images/` in the
    content root). Raises `ContentNotFound` only when `path` itself is missing.

    With `cache` (the default), files unchanged since an earlier load are not read: their notes
    come from the metadata cache in `cache_dir` (default: the user cache folder) and read their
    bodies when first asked for (`tui.notes.cache`).
    """
    path = Path(path).expanduser()
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.is_file()
    except OSError as error:
        raise ContentNotFound(
            _("cannot open content path {path}: {reason}").format(path=path, reason=error.strerror)
        ) from error
    if not exists:
        raise ContentNotFound(_("content path does not exist: {path}").format(path=path))
    root = path.resolve() if is_dir else path.resolve().parent
    roots = [root]
    default_images = root / "images"
    refused_images = False
    if images_dir is not None:
        roots.append(images_dir.resolve())
    elif default_images.is_dir():
        # A content folder from someone else may link `images` anywhere: not followed out.
        if is_within(default_images.resolve(), root):
            roots.append(default_images.resolve())
        else:
            refused_images = True
    with collector_paused():  # 10,000 notes are 100,000 objects, none in a cycle
        notes_cache = NotesCache.open(root, not is_dir, cache_dir) if cache else None
        state = _Loading(root, tuple(dict.fromkeys(roots)), notes_cache)
        if refused_images:
            state.warn(default_images, "symbolic link leads outside the content folder; skipped")
        if is_dir:
            categories = _load_directory(state)
        else:
            title, _order = readable_name(path.stem)
            category = Category(id=path.stem, title=title)
            category.notes = _load_file(state, str(path.resolve()), category.title, path.name)
            categories = [category] if category.notes else []
        _make_ids_unique(state, categories)
        if warn_duplicates:  # a reference has many `TagResource` pages, one per service
            _warn_duplicate_titles(state, categories)
        if notes_cache is not None:
            notes_cache.save()
    return Library(
        root=root, categories=categories, warnings=state.warnings, image_roots=state.image_roots
    )


def _load_directory(state: _Loading) -> list[Category]:
    categories: dict[str, Category] = {}
    seen_dirs: set[tuple[int, int]] = set()

    def walk(directory: Path, rel_parts: tuple[str, ...]) -> None:
        try:
            info = directory.stat()
        except OSError as error:
            state.warn(directory, f"cannot read folder: {error.strerror}")
            return
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:
            state.warn(directory, "folder visited twice (symbolic link loop?); skipped")
            return
        seen_dirs.add(key)
        if len(rel_parts) > MAX_DEPTH:
            state.warn(directory, f"folders nested deeper than {MAX_DEPTH}; skipped")
            return
        if not is_within(directory.resolve(), state.root):
            state.warn(directory, "symbolic link leads outside the content folder; skipped")
            return
        try:
            entries = sorted(os.scandir(directory), key=_name)
        except OSError as error:
            state.warn(directory, f"cannot list folder: {error.strerror}")
            return
        category: Category | None = None
        prefix = "".join(part + "/" for part in rel_parts)
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")) and name != CATEGORY_FILE:
                continue
            try:
                if entry.is_dir():
                    if not rel_parts and name == "images":
                        continue
                    walk(Path(entry.path), (*rel_parts, name))
                    continue
                if not name.lower().endswith(NOTE_SUFFIXES):
                    continue
                is_note = entry.is_file()
                link = entry.is_symlink()
            except OSError as error:
                state.warn(entry.path, f"cannot read: {error.strerror}")
                continue
            if not is_note:
                if link and not os.path.exists(entry.path):
                    state.warn(entry.path, "broken symbolic link (its target does not exist)")
                continue
            # The folder is inside the content root, so only a link can lead out of it.
            if link and not is_within(Path(entry.path).resolve(), state.root):
                state.warn(entry.path, "symbolic link leads outside the content folder; skipped")
                continue
            if category is None:
                category = _category_for(state, categories, rel_parts)
            rel = prefix + name
            try:
                info = entry.stat()
            except FileNotFoundError:
                state.warn(entry.path, "file disappeared while loading")
                continue
            except OSError as error:
                state.warn(entry.path, f"cannot read: {error.strerror or error}")
                continue
            category.notes.extend(_load_file(state, entry.path, category.title, rel, info))

    walk(state.root, ())
    ordered = sorted(categories.values(), key=lambda c: (c.order, c.title))
    for category in ordered:
        category.notes.sort(key=lambda n: (n.order, n.title))
    return [c for c in ordered if c.notes]


_name = attrgetter("name")


def _category_for(
    state: _Loading, categories: dict[str, Category], rel_parts: tuple[str, ...]
) -> Category:
    key = rel_parts[0] if rel_parts else ""
    if key in categories:
        return categories[key]
    title, name_problem = readable_name(key)
    if name_problem:
        state.warn(state.root / key, name_problem)
    category = Category(
        id=key or "_other", title=title or OTHER_CATEGORY, order=0 if key else 1_000_000
    )
    meta_path = state.root / key / CATEGORY_FILE
    if key and meta_path.is_file() and not is_within(meta_path.resolve(), state.root):
        state.warn(meta_path, "symbolic link leads outside the content folder; skipped")
    elif key and meta_path.is_file():
        try:
            data = load_yaml(meta_path.read_text(encoding="utf-8"))
        except YamlProblem as error:
            state.warn(meta_path, f"category file ignored: invalid YAML{error}")
            data = None
        except (OSError, UnicodeDecodeError) as error:
            state.warn(meta_path, f"category file ignored: {error}")
            data = None
        if isinstance(data, dict):
            if isinstance(data.get("title"), str) and data["title"].strip():
                category.title = data["title"].strip()
            if isinstance(data.get("order"), int):
                category.order = data["order"]
        elif data is not None:
            state.warn(meta_path, "category file is not a mapping; ignored")
    categories[key] = category
    return category


def _load_file(
    state: _Loading, path: str, category: str, rel: str, info: os.stat_result | None = None
) -> list[Note]:
    """The notes of one file: from the metadata cache when the file is unchanged, else read."""
    try:
        if info is None:
            info = os.stat(path)
        if state.cache is not None:
            record = state.cache.lookup(rel, info)
            stored = None if record is None else _stored_notes(state, path, category, rel, record)
            if stored is not None:
                return stored
        if info.st_size > MAX_NOTE_BYTES:  # not even read
            record = file_record(stamp_of(info), (too_large(info.st_size),), [])
            return _fresh_notes(state, path, category, rel, record, [])
        data = Path(path).read_bytes()
        stamp = stamp_of(info)
        if stamp_of(os.stat(path)) != stamp:  # changed while being read: not cached
            stamp = (-1, -1, -1, -1)
    except FileNotFoundError:
        state.warn(path, "file disappeared while loading")
        return []
    except OSError as error:
        state.warn(path, f"cannot read: {error.strerror or error}")
        return []
    warnings, pieces = _parse_file(data, path, rel)
    records = [
        NoteRecord(
            id=piece.id,
            title=piece.title,
            body_line=piece.body_line,
            body_end=piece.body_end,
            aliases=piece.meta.aliases,
            tags=piece.meta.tags,
            order=piece.order,
            sections=pack_sections(piece.sections),
            images=piece.images,
            fingerprint=note_fingerprint(
                piece.title,
                piece.meta.aliases,
                piece.meta.tags,
                [s.title for s in piece.sections],
                piece.body,
            ),
        )
        for piece in pieces
    ]
    record = file_record(stamp, warnings, records)
    return _fresh_notes(state, path, category, rel, record, pieces)


@dataclass
class _Piece:
    """One note as parsed from its file's text."""

    id: str
    title: str
    body: str
    body_line: int
    body_end: int
    """-1: to the end of the file."""
    meta: FrontMatter
    sections: tuple[Section, ...]
    images: tuple[tuple[str, str], ...]

    @property
    def order(self) -> int:
        return self.meta.order if self.meta.order is not None else 0


def _file_id(rel: str) -> str:
    return rel.rsplit(".", 1)[0] if "." in rel else rel


def _parse_file(data: bytes, path: str, rel: str) -> tuple[tuple[str, ...], list[_Piece]]:
    """The warnings about a file's bytes and the notes they hold (no notes: not loadable)."""
    warnings: list[str] = []
    decoded = decode_note(data)
    if decoded.text is None:
        return (decoded.problem,), []
    if decoded.encoding_note:
        warnings.append(decoded.encoding_note)
    text = decoded.text
    if not text.strip():
        return (*warnings, "empty file"), []
    if has_controls(text):
        warnings.append(
            "contains control characters (terminal escapes?): shown as visible "
            "escapes, never sent to the terminal"
        )
    stem, name_problem = readable_name(Path(path).stem)
    if name_problem:
        warnings.append(name_problem)
    pieces = _pieces(text, stem, _file_id(rel), warnings)
    return tuple(warnings), pieces


def _pieces(text: str, stem: str, file_id: str, warnings: list[str]) -> list[_Piece]:
    """The notes of a file's text: one, or one per `#` heading when it has several and no
    front matter."""
    source, body, body_line = split_front_matter(text)
    if source is None:
        top = [h for h in headings(text) if h.level == 1 and h.text]
        if len(top) > 1:
            return _split_notes(stem, file_id, text, [h.line for h in top])
        meta = FrontMatter()
    else:
        meta = parse_front_matter(source)
        warnings.extend(meta.problems)
    return [_piece(stem, file_id, body, body_line, -1, meta)]


def _bodies_of(text: str, rel: str) -> list[tuple[str, str]]:
    """(note id, body) of each note of the text of the file `rel` (relative to the content
    root), as `_load_file` makes them."""
    return [(piece.id, piece.body) for piece in _pieces(text, "", _file_id(rel), [])]


def _split_notes(stem: str, file_id: str, text: str, starts: list[int]) -> list[_Piece]:
    """One note per `#` heading; text before the first heading becomes a note of its own."""
    lines = text.split("\n")
    bounds = list(zip(starts, [*starts[1:], len(lines)], strict=True))
    if "\n".join(lines[: starts[0]]).strip():
        bounds.insert(0, (0, starts[0]))
    taken: set[str] = set()
    pieces = []
    for index, (start, end) in enumerate(bounds):
        body = "\n".join(lines[start:end]).rstrip("\n") + "\n"
        first = next(iter(headings(body)), None)
        title = first.text if first is not None and first.level == 1 else stem
        slug = unique_slug(title, taken, fallback="note")
        meta = FrontMatter(title=title, order=index)
        pieces.append(_piece(stem, f"{file_id}#{slug}", body, start, end, meta))
    return pieces


def _piece(
    stem: str, note_id: str, body: str, body_line: int, body_end: int, meta: FrontMatter
) -> _Piece:
    title = meta.title
    if title is None:
        first = next((h for h in headings(body) if h.level == 1 and h.text), None)
        title = first.text if first is not None else stem
    images = tuple(image_targets(body))
    return _Piece(note_id, title, body, body_line, body_end, meta, sections(body), images)


def _images(state: _Loading, path: str, targets: tuple[tuple[str, str], ...]) -> list[ImageRef]:
    """The images of a note, resolved now (a missing picture may have appeared since)."""
    images = []
    for alt, target in targets:
        folder = Path(path).parent
        resolved, problem = resolve_image(target, folder, state.root, state.image_roots)
        if problem:
            state.warn(path, f"image {target}: {problem}")
        images.append(ImageRef(alt=alt, target=target, path=resolved, problem=problem))
    return images


def _fresh_notes(
    state: _Loading,
    path: str,
    category: str,
    rel: str,
    record: FileRecord,
    pieces: list[_Piece],
) -> list[Note]:
    """The notes of a file just read (their bodies in hand), kept in the cache."""
    if state.cache is not None:
        state.cache.store(rel, record)
    _stamp, warnings, records = record
    for reason in warnings:
        state.warn(path, reason)
    notes: list[Note] = []
    for piece, cached in zip(pieces, records, strict=True):
        note = Note(
            id=piece.id,
            title=piece.title,
            category=category,
            body=piece.body,
            path=Path(path),
            body_line=piece.body_line,
            aliases=piece.meta.aliases,
            tags=piece.meta.tags,
            order=piece.order,
            sections=piece.sections,
            images=tuple(_images(state, path, piece.images)),
        )
        note.__dict__["fingerprint"] = cached[_FINGERPRINT]  # computed for the cache already
        notes.append(note)
    return notes


_FINGERPRINT = NoteRecord._fields.index("fingerprint")


def _stored_notes(
    state: _Loading, path: str, category: str, rel: str, record: FileRecord
) -> list[Note] | None:
    """The notes of an unchanged file, from the cache (their bodies are read when needed);
    None when the record is not what it should be."""
    try:
        stamp, warnings, records = record
        notes: list[Note] = []
        source = state.bodies
        for note_id, title, first, end, aliases, tags, order, packed, images, digest in records:
            resolved = tuple(_images(state, path, images)) if images else ()
            place = (path, rel, stamp, first, end, note_id)
            notes.append(
                StoredNote.of(
                    note_id,
                    title,
                    category,
                    path,
                    first,
                    aliases,
                    tags,
                    order,
                    packed,
                    resolved,
                    digest,
                    source,
                    place,
                )
            )
    except (TypeError, ValueError):
        return None
    for reason in warnings:
        state.warn(path, reason)
    return notes


def _file_of(note: Note) -> str:
    """The file of a note as loaded (without making a `Path` of a cached note's)."""
    return note.place[0] if isinstance(note, StoredNote) else str(note.path)


def renamed_note(note: Note, new_id: str) -> Note:
    """`note` under another id (its body, read or not, kept)."""
    clone = copy.copy(note)
    object.__setattr__(clone, "id", new_id)
    return clone


def _make_ids_unique(state: _Loading, categories: list[Category]) -> None:
    """Give every note its own id: `a.md` and `a.markdown` in one folder would both be `a`.

    The file that sorts first keeps the plain id; the other gets its suffix (`a.markdown`),
    or a number when that is taken too, so bookmarks and the index never mix two notes up.
    """
    total = sum(len(category.notes) for category in categories)
    if len({note.id for category in categories for note in category.notes}) == total:
        return
    places = [
        (_file_of(note), c, n)
        for c, category in enumerate(categories)
        for n, note in enumerate(category.notes)
    ]
    taken: dict[str, Path] = {}
    for _place, c, n in sorted(places, key=lambda place: place[0]):
        note = categories[c].notes[n]
        if note.id not in taken:
            taken[note.id] = note.path
            continue
        base = note.id if "#" in note.id else note.id + note.path.suffix
        new, number = base, 2
        while new in taken:
            new, number = f"{base}~{number}", number + 1
        state.warn(
            note.path, f"note id {note.id} is taken by {taken[note.id].name}; this note is {new}"
        )
        taken[new] = note.path
        categories[c].notes[n] = renamed_note(note, new)


def _warn_duplicate_titles(state: _Loading, categories: list[Category]) -> None:
    seen: dict[str, Note] = {}
    for category in categories:
        for note in category.notes:
            first = seen.setdefault(note.title.casefold(), note)
            if first is not note and first.path != note.path:
                state.warn(note.path, f"same title as {first.path.name}: {note.title}")
