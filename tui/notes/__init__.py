"""The content layer: note model, Markdown loader and the bundled notes. No UI code here."""

from tui.notes.bundled import bundled_library, bundled_paths
from tui.notes.loader import ContentNotFound, load_library
from tui.notes.model import Category, ImageRef, Library, LoadWarning, Note, Section

__all__ = [
    "Category",
    "ContentNotFound",
    "ImageRef",
    "Library",
    "LoadWarning",
    "Note",
    "Section",
    "bundled_library",
    "bundled_paths",
    "load_library",
]
