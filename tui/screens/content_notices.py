"""What the browser says about its content: the `check` to run, the load-problems notice, and
the words for a note whose file went away."""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from tui.i18n import _, ngettext
from tui.notes import Library, Note
from tui.notes.sources import Source


def check_command(sources: Sequence[Source] = (), named: bool = False) -> str:
    """The `kumonote check` that checks the notes shown: the same `--content` options when they
    were named on the command line (a configured set of sources is read again from the config)."""
    folders = [source.path for source in sources if source.path is not None]
    if not named or not folders:
        return "kumonote check"
    return "kumonote check" + "".join(f" --content {shlex.quote(str(p))}" for p in folders)


def problems_notice(library: Library, sources: Sequence[Source], named: bool) -> str | None:
    """ "29 problems in 26 files of notes: see `kumonote check`", or None when there are none."""
    warnings = library.warnings
    if not warnings:
        return None
    files = len({warning.path for warning in warnings})
    return ngettext(
        "{count} problem in {files}: see `{command}`",
        "{count} problems in {files}: see `{command}`",
        len(warnings),
    ).format(
        count=len(warnings),
        files=ngettext("{count} file of notes", "{count} files of notes", files).format(
            count=files
        ),
        command=check_command(sources, named),
    )


def shown_path(note: Note, library: Library) -> str:
    """The note's file, relative to the content folder when it is inside it."""
    try:
        return note.path.relative_to(library.root).as_posix()
    except ValueError:
        return note.path.name


def gone_message(note: Note, library: Library) -> tuple[str, str]:
    """The title and text shown in place of a note whose file was deleted or renamed."""
    body = _("The file of “{title}” is no longer there: {path}").format(
        title=note.title, path=shown_path(note, library)
    )
    return _("This note is gone"), body + "\n\n" + _("Pick another note in the tree.")
