"""Load a content directory (folders = categories, `.md` files = notes) or a single Markdown file.

Nothing here raises on bad content: every problem becomes a `LoadWarning` and the rest loads.
Only a content path that does not exist at all is an error (`ContentNotFound`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui.notes.decode import MAX_NOTE_BYTES, decode_note, readable_name, too_large
from tui.notes.frontmatter import (
    FrontMatter,
    YamlProblem,
    load_yaml,
    parse_front_matter,
    split_front_matter,
)
from tui.notes.model import Category, ImageRef, Library, LoadWarning, Note
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
    warnings: list[LoadWarning] = field(default_factory=list)

    def warn(self, path: Path, reason: str) -> None:
        self.warnings.append(LoadWarning(path, reason))


def load_library(path: Path | str, *, images_dir: Path | None = None) -> Library:
    """Load every note under `path` (a directory or one file).

    Images resolve relative to the note, then to `images_dir` (default: `images/` in the
    content root). Raises `ContentNotFound` only when `path` itself is missing.
    """
    path = Path(path).expanduser()
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.is_file()
    except OSError as error:
        raise ContentNotFound(f"cannot open content path {path}: {error.strerror}") from error
    if not exists:
        raise ContentNotFound(f"content path does not exist: {path}")
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
    state = _Loading(root, tuple(dict.fromkeys(roots)))
    if refused_images:
        state.warn(default_images, "symbolic link leads outside the content folder; skipped")
    if is_dir:
        categories = _load_directory(state)
    else:
        title, _ = readable_name(path.stem)
        category = Category(id=path.stem, title=title)
        category.notes = _load_file(state, path.resolve(), category.title, path.name)
        categories = [category] if category.notes else []
    _make_ids_unique(state, categories)
    _warn_duplicate_titles(state, categories)
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
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as error:
            state.warn(directory, f"cannot list folder: {error.strerror}")
            return
        for entry in entries:
            if entry.name.startswith((".", "_")) and entry.name != CATEGORY_FILE:
                continue
            entry_path = Path(entry.path)
            try:
                if entry.is_dir():
                    if not rel_parts and entry.name == "images":
                        continue
                    walk(entry_path, (*rel_parts, entry.name))
                    continue
                named = entry.name.lower().endswith(NOTE_SUFFIXES)
                is_note = named and entry.is_file()
                link = named and entry.is_symlink()
            except OSError as error:
                state.warn(entry_path, f"cannot read: {error.strerror}")
                continue
            if not is_note:
                if link and not entry_path.exists():
                    state.warn(entry_path, "broken symbolic link (its target does not exist)")
                continue
            # The folder is inside the content root, so only a link can lead out of it.
            if link and not is_within(entry_path.resolve(), state.root):
                state.warn(entry_path, "symbolic link leads outside the content folder; skipped")
                continue
            category = _category_for(state, categories, rel_parts)
            rel = "/".join((*rel_parts, entry.name))
            category.notes.extend(_load_file(state, entry_path, category.title, rel))

    walk(state.root, ())
    ordered = sorted(categories.values(), key=lambda c: (c.order, c.title))
    for category in ordered:
        category.notes.sort(key=lambda n: (n.order, n.title))
    return [c for c in ordered if c.notes]


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


def _load_file(state: _Loading, path: Path, category: str, rel: str) -> list[Note]:
    try:
        size = path.stat().st_size
        if size > MAX_NOTE_BYTES:  # not even read
            state.warn(path, too_large(size))
            return []
        data = path.read_bytes()
    except FileNotFoundError:
        state.warn(path, "file disappeared while loading")
        return []
    except OSError as error:
        state.warn(path, f"cannot read: {error.strerror or error}")
        return []
    decoded = decode_note(data)
    if decoded.text is None:
        state.warn(path, decoded.problem)
        return []
    if decoded.encoding_note:
        state.warn(path, decoded.encoding_note)
    text = decoded.text
    if not text.strip():
        state.warn(path, "empty file")
        return []
    if has_controls(text):
        state.warn(
            path,
            "contains control characters (terminal escapes?): shown as visible "
            "escapes, never sent to the terminal",
        )
    stem, name_problem = readable_name(path.stem)
    if name_problem:
        state.warn(path, name_problem)
    note_id = rel.rsplit(".", 1)[0] if "." in rel else rel
    source, body, body_line = split_front_matter(text)
    if source is None:
        top = [h for h in headings(text) if h.level == 1 and h.text]
        if len(top) > 1:
            starts = [h.line for h in top]
            return _split_notes(state, path, stem, category, note_id, text, starts)
        meta = FrontMatter()
    else:
        meta = parse_front_matter(source)
        for problem in meta.problems:
            state.warn(path, problem)
    return [_make_note(state, path, stem, category, note_id, body, body_line, meta)]


def _split_notes(
    state: _Loading,
    path: Path,
    stem: str,
    category: str,
    file_id: str,
    text: str,
    starts: list[int],
) -> list[Note]:
    """One note per `#` heading; text before the first heading becomes a note of its own."""
    lines = text.split("\n")
    bounds = list(zip(starts, [*starts[1:], len(lines)], strict=True))
    if "\n".join(lines[: starts[0]]).strip():
        bounds.insert(0, (0, starts[0]))
    taken: set[str] = set()
    notes = []
    for index, (start, end) in enumerate(bounds):
        body = "\n".join(lines[start:end]).rstrip("\n") + "\n"
        first = next(iter(headings(body)), None)
        title = first.text if first is not None and first.level == 1 else stem
        slug = unique_slug(title, taken, fallback="note")
        meta = FrontMatter(title=title, order=index)
        note_id = f"{file_id}#{slug}"
        notes.append(_make_note(state, path, stem, category, note_id, body, start, meta))
    return notes


def _make_note(
    state: _Loading,
    path: Path,
    stem: str,
    category: str,
    note_id: str,
    body: str,
    body_line: int,
    meta: FrontMatter,
) -> Note:
    title = meta.title
    if title is None:
        first = next((h for h in headings(body) if h.level == 1 and h.text), None)
        title = first.text if first is not None else stem
    images = []
    for alt, target in image_targets(body):
        resolved, problem = resolve_image(target, path.parent, state.root, state.image_roots)
        if problem:
            state.warn(path, f"image {target}: {problem}")
        images.append(ImageRef(alt=alt, target=target, path=resolved, problem=problem))
    return Note(
        id=note_id,
        title=title,
        category=category,
        body=body,
        path=path,
        body_line=body_line,
        aliases=meta.aliases,
        tags=meta.tags,
        order=meta.order if meta.order is not None else 0,
        sections=sections(body),
        images=tuple(images),
    )


def _make_ids_unique(state: _Loading, categories: list[Category]) -> None:
    """Give every note its own id: `a.md` and `a.markdown` in one folder would both be `a`.

    The file that sorts first keeps the plain id; the other gets its suffix (`a.markdown`),
    or a number when that is taken too, so bookmarks and the index never mix two notes up.
    """
    places = [
        (str(note.path), c, n)
        for c, category in enumerate(categories)
        for n, note in enumerate(category.notes)
    ]
    taken: dict[str, Path] = {}
    for _, c, n in sorted(places, key=lambda place: place[0]):
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
        categories[c].notes[n] = replace(note, id=new)


def _warn_duplicate_titles(state: _Loading, categories: list[Category]) -> None:
    seen: dict[str, Note] = {}
    for category in categories:
        for note in category.notes:
            key = note.title.casefold()
            if key in seen and seen[key].path != note.path:
                state.warn(note.path, f"same title as {seen[key].path.name}: {note.title}")
            seen.setdefault(key, note)
