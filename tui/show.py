"""`kumonote show NOTE`: print one note rendered for the terminal (or its raw Markdown)."""

from __future__ import annotations

import shutil
import sys

from rich.console import Console
from rich.theme import Theme

from tui.i18n import _
from tui.notes import Library, Note
from tui.notes.safe_text import inert
from tui.render.blocks import DEFAULT_STYLES
from tui.render.markdown import parse
from tui.search.lookup import find_note_named

EXIT_OK, EXIT_NOT_FOUND = 0, 1


def render_note(note: Note, width: int) -> list[str]:
    """The note's lines as the note pane draws them, as ANSI for `Console`'s colour settings."""
    console = Console(theme=Theme(DEFAULT_STYLES, inherit=True), width=width, soft_wrap=True)
    rendered = parse(note.body, note).render(width, image_paths=True)
    out = []
    for line in rendered.lines:
        with console.capture() as capture:
            console.print(line, end="")
        out.append(capture.get())
    return out


def cmd_show(library: Library, name: str, *, markdown: bool = False) -> int:
    """Print the note best matching `name`; exit 1 when nothing matches."""
    note = find_note_named(library, name)
    if note is None:
        print(
            "kumonote: " + _("no note matches {name}").format(name=repr(inert(name))),
            file=sys.stderr,
        )
        return EXIT_NOT_FOUND
    if markdown:
        sys.stdout.write(inert(note.body))
        if not note.body.endswith("\n"):
            sys.stdout.write("\n")
        return EXIT_OK
    width = max(20, min(100, shutil.get_terminal_size((80, 24)).columns))
    print(f"# {inert(note.title)}  ({inert(note.category)})\n")
    for line in render_note(note, width):
        print(line)
    return EXIT_OK
