"""Where the bundled notes are: inside the installed package, or at the top of a source checkout."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tui.notes.loader import load_library
from tui.notes.model import Library

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_paths() -> tuple[Path, Path]:
    """(content folder, images folder) of the notes that ship with kumonote."""
    installed = _PACKAGE_DIR / "_content", _PACKAGE_DIR / "_images"
    if installed[0].is_dir():
        return installed
    spec = importlib.util.find_spec("tui._content")
    if spec is not None and spec.submodule_search_locations:
        content = Path(next(iter(spec.submodule_search_locations)))
        images_spec = importlib.util.find_spec("tui._images")
        if images_spec is not None and images_spec.submodule_search_locations:
            return content, Path(next(iter(images_spec.submodule_search_locations)))
        return content, content.parent / "images"
    checkout = _PACKAGE_DIR.parent
    return checkout / "content", checkout / "images"


def bundled_library() -> Library:
    """Load the notes that ship with kumonote."""
    content, images = bundled_paths()
    return load_library(content, images_dir=images)
