"""Lab workflow on the main screen: history, bookmarks, links, copy, editor, images, live reload.

`Lab` holds what these need (notices already told, the section last asked for) and acts on the
main screen it is given; the screen binds the keys and calls it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import SuspendNotSupported
from textual.binding import Binding, BindingType

from tui.i18n import N_, _, ngettext
from tui.notes.links import resolve_link
from tui.notes.reasons import shown_reason
from tui.notes.safe_text import inert
from tui.render.spots import image_of
from tui.screens.live_keys import keys_of
from tui.state import HistoryEntry, StateStore
from tui.widgets.note_view import NoteView

if TYPE_CHECKING:
    from textual.worker import Worker

    from tui.notes import Library, Note
    from tui.screens.main import MainScreen


class Lab:
    """Actions for people in the middle of a lab, on the main screen."""

    LAB_BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "alt+left,left_square_bracket",
            "history_back",
            N_("History back"),
            id="lab.back",
            show=False,
        ),
        Binding(
            "alt+right,right_square_bracket",
            "history_forward",
            N_("History forward"),
            id="lab.forward",
            show=False,
        ),
        Binding("b", "toggle_bookmark", N_("Bookmark"), id="lab.bookmark"),
        Binding("B", "bookmarks", N_("Bookmarks"), id="lab.bookmarks", show=False),
        Binding("f", "links", N_("Links"), id="lab.links", show=False),
        Binding("y", "copy_note", N_("Copy note"), id="lab.copy_note", show=False),
        Binding("c", "copy_block", N_("Copy block"), id="lab.copy_block", show=False),
        Binding("e", "edit", N_("Edit"), id="lab.edit", show=False),
        Binding("o", "open_image", N_("Open image"), id="lab.open_image", show=False),
    ]

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen
        self._told_notices: set[str] = set()
        self.asked_anchor: tuple[str, int] | None = None
        """The section last asked for, and the view's top line then (for the editor)."""

    @property
    def store(self) -> StateStore:
        """Bookmarks, history and settings."""
        return self._screen.store

    @property
    def library(self) -> Library | None:
        """The notes shown (None while they load)."""
        return self._screen.library

    def _view(self) -> NoteView:
        return self._screen.query_one(NoteView)

    # ----- history -------------------------------------------------------------------------

    def record_visit(self, note_id: str, anchor: str | None) -> None:
        """Remember where the reader is now (called whenever they open a note or section)."""
        history = self.store.history
        self.remember_scroll()
        history.visit(HistoryEntry(note_id, anchor or "", 0))
        self.save_state()
        self._screen.refresh_bindings()

    def save_state(self) -> None:
        """Save bookmarks, history and settings; say once what went wrong, if anything did.

        A state file that another program broke is set aside when saving, and a save can fail
        (a full disk, a read-only directory): each distinct notice is shown once a session.
        """
        self.store.save()
        self.tell_state_notices()

    def tell_state_notices(self) -> None:
        """Show the state store's waiting notices, each distinct one once a session."""
        for notice in self.store.take_notices():
            if notice not in self._told_notices:
                self._told_notices.add(notice)
                self._screen.notify(inert(notice), severity="warning", timeout=8)

    def remember_scroll(self) -> None:
        """Keep the scroll position of the visit being read, while its note is still shown.

        A note the tree only previews is not a visit: its scroll is not the reader's place.
        """
        current = self.store.history.current
        view = self._view()
        if current is not None and view.note is not None and view.note.id == current.note_id:
            self.store.history.update_current(scroll=view.scroll_y)

    def _restore(self, entry: HistoryEntry | None) -> None:
        if entry is None:
            self._screen.notify(_("no more history in that direction"), timeout=2)
            return
        self._screen.open_note(entry.note_id, entry.anchor or None, record=False)
        view = self._view()
        view.call_after_refresh(view.scroll_to, y=entry.scroll, animate=False)
        self.save_state()
        self._screen.refresh_bindings()

    def history_back(self) -> None:
        """Go back to the previous note or section, where you were reading it."""
        self.remember_scroll()
        self._restore(self.store.history.back())

    def history_forward(self) -> None:
        """Go forward again."""
        self.remember_scroll()
        self._restore(self.store.history.forward())

    # ----- bookmarks -----------------------------------------------------------------------

    def _current_note(self) -> Note | None:
        return self._view().note

    def toggle_bookmark(self) -> None:
        """Bookmark the open note, or remove its bookmark."""
        note = self._current_note()
        if note is None:
            self._screen.notify(_("no note is open: pick one in the tree"), timeout=3)
            return
        added = self.store.bookmarks.toggle(note.id, note.title)
        told = _("bookmarked: {title}") if added else _("bookmark removed: {title}")
        self._screen.notify(told.format(title=inert(note.title)), timeout=3)
        self.save_state()

    def bookmarks(self) -> None:
        """Open the bookmark list."""
        library = self.library
        if library is None:
            return
        items = []
        for bookmark in self.store.bookmarks.items:
            note = library.get(bookmark.note_id)
            detail = note.category if note else _("(not in this content)")
            items.append((bookmark.note_id, note.title if note else bookmark.title, detail))
        from tui.screens.choose import ChooseScreen  # dialogs load when first used

        keys = " / ".join(keys_of(self._screen, "toggle_bookmark"))
        title = _("Bookmarks")  # the dialog only opens them: the key to toggle is said below
        empty = (
            _("No bookmarks yet: press {keys} on a note.").format(keys=keys)
            if keys
            else _("No bookmarks yet: bookmark a note from the palette (ctrl+p).")
        )
        self._screen.app.push_screen(ChooseScreen(title, items, empty), self._chosen_note)

    def _chosen_note(self, note_id: str | None) -> None:
        if note_id and self.library is not None and self.library.get(note_id) is not None:
            self._screen.open_note(note_id)
        elif note_id:
            self._screen.notify(_("that note is not in this content"), severity="warning")

    # ----- links ---------------------------------------------------------------------------

    def links(self) -> None:
        """List the links of the note, to follow one from the keyboard."""
        view = self._view()
        note = view.note
        if note is None:
            return
        hrefs = dict.fromkeys(spot.href for spot in view.links)
        # `[[target|label]]` reads as its label
        items = [
            (href, href.partition("|")[2] or href, self._link_detail(href, note)) for href in hrefs
        ]
        from tui.screens.choose import ChooseScreen

        self._screen.app.push_screen(
            ChooseScreen(_("Links"), items, _("This note has no links.")), self.follow
        )

    def _link_detail(self, href: str, note: Note) -> str:
        """Where a link leads, for the link list: a note's title, web, section or why not."""
        if self.library is None:
            return ""
        target = resolve_link(href, note, self.library)
        if target.kind == "note" and target.note_id:
            found = self.library.get(target.note_id)
            if found is None or found.title == href:
                return _("note")  # the link already reads as the note's title
            return f"→ {inert(found.title)}"
        if target.kind == "broken":
            return f"✗ {inert(shown_reason(target.reason))}"
        if target.kind == "url":
            return _("web")
        if target.kind == "anchor":
            return _("section in this note")
        return target.kind

    def follow(self, href: str | None) -> None:
        """Follow a link of the note shown: another note, a section, or (asked first) the web."""
        note = self._current_note()
        if not href or note is None or self.library is None:
            return
        target = resolve_link(href, note, self.library)
        if target.kind == "note" and target.note_id:
            self._screen.open_note(target.note_id, target.anchor)
        elif target.kind == "anchor":
            if not (target.anchor and self._view().goto_anchor(target.anchor)):
                self._screen.notify(
                    _("no section {anchor} in this note").format(anchor=inert(href)),
                    severity="warning",
                )
        elif target.kind == "url" and target.url:
            url = target.url
            from tui.screens.choose import ConfirmUrlScreen

            self._screen.app.push_screen(
                ConfirmUrlScreen(url), lambda yes: self._open_url(url) if yes else None
            )
        else:
            self._screen.notify(inert(target.reason), severity="warning")

    def _open_url(self, url: str) -> None:
        import webbrowser  # only for the rare web link: it is slow to import

        if not webbrowser.open(url):
            self._screen.notify(
                _("no web browser found; the address is {url}").format(url=inert(url)), timeout=8
            )

    # ----- copy ----------------------------------------------------------------------------

    def copy_note(self) -> None:
        """Copy the open note as Markdown (through the terminal's clipboard, OSC 52)."""
        note = self._current_note()
        if note is None:
            self._screen.notify(_("no note is open: pick one in the tree"), timeout=3)
            return
        self._screen.app.copy_to_clipboard(note.body)
        self._screen.notify(
            _("copied {title} as Markdown ({count} characters)").format(
                title=inert(note.title), count=len(note.body)
            ),
            timeout=3,
        )

    def copy_block(self) -> None:
        """Copy the code block or table at the top of the note view."""
        view = self._view()
        near = view.block_near_view(("code", "table"))
        if near is None:
            self._screen.notify(
                _("this note has no code block or table to copy"), severity="warning", timeout=4
            )
            return
        spot, where = near
        if where != "view":
            view.scroll_to_line(spot.start)  # the block copied is the block shown
        block = spot.source
        self._screen.app.copy_to_clipboard(block)
        first = block.strip().splitlines()[0] if block.strip() else ""
        lines = len(block.splitlines())
        told = ngettext("copied {count} line: {first}", "copied {count} lines: {first}", lines)
        self._screen.notify(told.format(count=lines, first=inert(first[:40])), timeout=3)

    # ----- editor and images ---------------------------------------------------------------

    def edit(self) -> None:
        """Open the note's file in $VISUAL / $EDITOR at the current section, then reload."""
        view = self._view()
        note = view.note
        if note is None:
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self._screen.notify(_("set $VISUAL or $EDITOR to edit notes"), severity="warning")
            return
        anchor = view.current_section_anchor()
        asked = self.asked_anchor
        if asked is not None and asked[1] == view.top_line:
            anchor = asked[0]  # a short note cannot scroll its section to the top
        line = note.body_line
        for section in note.sections:
            if section.anchor == anchor:
                line += section.line
        command = [*shlex.split(editor), f"+{line + 1}", str(note.path)]
        try:
            try:
                with self._screen.app.suspend():
                    subprocess.run(command, check=False)
            except SuspendNotSupported:  # no terminal to hand over (headless): run it anyway
                subprocess.run(command, check=False, stdin=subprocess.DEVNULL)
        except (OSError, ValueError) as error:
            self._screen.notify(
                _("could not run the editor: {error}").format(error=inert(str(error))),
                severity="error",
            )
            return
        self._screen.reload_content()

    def open_image(self) -> None:
        """Open the image at the top of the view in the system image viewer."""
        view = self._view()
        near = view.block_near_view(("image",))
        if near is None:
            self._screen.notify(_("this note has no image"), timeout=3)
            return
        spot, where = near
        if where != "view":
            view.scroll_to_line(spot.start)
        image = image_of(spot)
        if image.path is None:
            self._screen.notify(
                _("image not found: {path}").format(path=inert(image.target)), severity="warning"
            )
            return
        self._open_file(image.path)

    def _open_file(self, path: Path) -> None:
        opener = shutil.which("xdg-open") or shutil.which("open")
        if opener is None:
            self._screen.app.copy_to_clipboard(str(path))
            self._screen.notify(
                _(
                    "no image viewer found: install xdg-utils (xdg-open) to open images here; "
                    "the image's path is copied: {name}"
                ).format(name=inert(path.name)),
                timeout=8,
            )
            return
        subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    # ----- live reload ---------------------------------------------------------------------

    def watch_content(self, roots: Sequence[Path]) -> None:
        """Reload when a file under a content folder changes (polled in a thread worker)."""
        self._screen.run_worker(
            partial(self._watch, tuple(roots)),
            thread=True,
            exclusive=True,
            group="watch",
            exit_on_error=False,
        )

    def _watch(self, roots: tuple[Path, ...]) -> None:
        try:
            from watchfiles import watch
        except ImportError:
            return
        from textual.worker import get_current_worker

        worker = get_current_worker()
        for _changes in watch(
            *roots,
            stop_event=_WorkerStop(worker),
            debounce=200,
            step=50,
            rust_timeout=500,
            yield_on_timeout=False,
        ):
            if worker.is_cancelled:
                return
            self._screen.app.call_from_thread(self._screen.reload_content)


class _WorkerStop:
    """watchfiles asks `is_set()` to know when to stop; a cancelled worker says yes."""

    def __init__(self, worker: Worker[None]) -> None:
        self._worker = worker

    def is_set(self) -> bool:
        return bool(self._worker.is_cancelled)
