"""Textual's own words that kumonote's screens show, marked for the catalogue.

The help screen and the key bar show the descriptions of every live binding, Textual's
inherited ones included (the search bar's cursor keys, the tree's paging keys); they are
translated where shown, like kumonote's own (`_(binding.description)`). A description not
listed here stays as Textual wrote it.
"""

from __future__ import annotations

from tui.i18n import N_

TEXTUAL_BINDINGS = (
    # App
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
    # Input
    N_("Move cursor left"),
    N_("Move cursor right or accept the completion suggestion"),
    N_("Go to start"),
    N_("Go to end"),
    N_("Move cursor left and select"),
    N_("Move cursor left a word"),
    N_("Move cursor left a word and select"),
    N_("Move cursor right and select"),
    N_("Move cursor right a word"),
    N_("Move cursor right a word and select"),
    N_("Delete character left"),
    N_("Select all"),
    N_("Select line start"),
    N_("Select line end"),
    N_("Delete character right"),
    N_("Delete all to the left"),
    N_("Delete all to the right"),
    N_("Cut selected text"),
    N_("Paste text from the clipboard"),
    # Tree and scrolling
    N_("Cursor Up"),
    N_("Cursor Down"),
    N_("Scroll Home"),
    N_("Scroll End"),
    N_("Page Up"),
    N_("Page Down"),
    N_("Cursor to parent"),
    N_("Cursor to next ancestor"),
    N_("Cursor to previous sibling"),
    N_("Cursor to next sibling"),
    N_("Toggle"),
    N_("Expand or collapse all"),
    # Option lists (the dialogs)
    N_("Select"),
    N_("First"),
    N_("Last"),
)
"""Descriptions of Textual's bindings that the help screen lists."""
