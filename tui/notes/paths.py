"""Path safety: nothing outside the content roots is ever read on a note's behalf."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

REMOTE_PREFIXES = ("http://", "https://", "data:", "ftp://")


def fs_name(text: str) -> str:
    """`text` (a path written in a note) as this process names files.

    Under a locale whose file system encoding cannot spell it (ASCII in a C locale without
    UTF-8 mode), names on disk are read as UTF-8 bytes escaped into surrogates; a note's
    ``画像.png`` must be spelled the same way to be found.
    """
    try:
        os.fsencode(text)
    except UnicodeEncodeError:
        return os.fsdecode(text.encode("utf-8", "surrogateescape"))
    return text


def is_within(path: Path, root: Path) -> bool:
    """True when the resolved `path` is `root` or below it."""
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def resolve_target(target: str, note_dir: Path, roots: tuple[Path, ...]) -> tuple[Path | None, str]:
    """Resolve a relative link or image target against the note's folder, then each root.

    `roots[0]` is the content root; any further root is an images folder that stands for
    `<content root>/images`, so `images/x.png` finds `x.png` in it.
    Returns (path, "") when found inside a root, else (None, reason).
    """
    if not target or target.lower().startswith(REMOTE_PREFIXES):
        return None, "remote or empty target"
    clean = fs_name(unquote(target.split("#", 1)[0]))
    if "\x00" in clean:
        return None, "invalid path"
    if os.path.isabs(clean) or clean.startswith("~"):
        return None, "absolute paths are refused (outside the content root)"
    refused = False
    candidates = [note_dir / clean, *(root / clean for root in roots)]
    head, _, rest = clean.replace("\\", "/").partition("/")
    if head == "images" and rest:
        candidates += [root / rest for root in roots[1:]]
    for raw in candidates:
        try:
            candidate = raw.resolve()
            if not any(is_within(candidate, root) for root in roots):
                refused = True
                continue
            if candidate.is_file():
                return candidate, ""
        except (OSError, ValueError):  # a name the file system cannot hold
            continue
    if refused:
        return None, "refused: it points outside the content root"
    return None, "missing"


def resolve_image(
    target: str, note_dir: Path, content_root: Path, image_roots: tuple[Path, ...]
) -> tuple[Path | None, str]:
    """Resolve an image target: relative to the note, then to the image roots."""
    roots = tuple(dict.fromkeys((content_root, *image_roots)))
    path, problem = resolve_target(target, note_dir, roots)
    if problem == "remote or empty target":
        return None, "remote images are not fetched"
    return path, problem
