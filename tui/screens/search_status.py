"""The status line while searching, as a pure function of what the search found.

Kept apart from the screen so that it is plain text in, plain text out (tested without an
app). What it says, most important first, so that a narrow status line keeps the start:
"did you mean", how many notes were found (and whether they hold every word of the query or
only some: ``全語一致 2 件 · 一部 5 件``), then for the note shown why it matched (when its
text does not show the words typed) or its number of matches, and ``n/N``.
"""

from __future__ import annotations

from rich.cells import cell_len

from tui.i18n import _, ngettext
from tui.search.report import reason_text
from tui.search.session import Found


def notes_found(found: Found, short: bool = False) -> str:
    """How many notes were found: ``12 件`` / ``12 notes``; with several words
    ``全語一致 2 件 · 一部 5 件`` / ``2 with all words · 5 with some`` (`short`: shorter)."""
    plus = "+" if found.more else ""
    shown = found.shown
    complete = shown if found.complete < 0 else min(found.complete, shown)
    notes = ngettext("{count} note", "{count} notes", shown).format(count=f"{shown}{plus}")
    if found.words <= 1:
        return notes
    if complete == shown:
        return (_("all: {notes}") if short else _("all words: {notes}")).format(notes=notes)
    if complete == 0:
        return (_("some: {notes}") if short else _("some words: {notes}")).format(notes=notes)
    some = f"{shown - complete}{plus}"
    if short:
        return _("all {complete} · some {some}").format(complete=complete, some=some)
    return _("{complete} with all words · {some} with some").format(complete=complete, some=some)


def _did_you_mean(suggestion: str, count: str, room: int) -> str:
    """ "Did you mean" first, then the count: whatever of the two fits, in that order."""
    asked = _("did you mean {suggestion}?").format(suggestion=suggestion)
    for text in (f"{asked} · {count}", asked, f"{suggestion}? · {count}"):
        if cell_len(text) <= room:
            return text
    return f"{suggestion}?"


def status_line(
    found: Found,
    *,
    matches: int,
    more_matches: bool = False,
    reason: str = "",
    suggestion: str | None = None,
    room: int = 1000,
) -> str:
    """The status for a search that found something; `matches` are those of the note shown
    (`more_matches`: its end is not counted yet), `reason` why it matched when its text does
    not show the query, `room` the width in cells."""
    count = notes_found(found)
    if suggestion:
        return _did_you_mean(suggestion, count, room)
    reason = reason_text(reason)
    about: list[str] = []
    if reason:
        about.append(reason)
    if matches or more_matches:
        if more_matches:
            about.append(_("{count}+ matches").format(count=matches))
        else:
            about.append(
                ngettext("{count} match", "{count} matches", matches).format(count=matches)
            )
        about.append("n/N")
    short = notes_found(found, short=True)
    # The whole of it; else without n/N; else the count in short with what it found; else
    # the count alone.
    candidates = [[count, *about], [count, *about[:-1]], [short, *about[:-1]]]
    candidates.append([short, *about[:1]])
    if reason:  # ``読み: ファーゲート → Fargate`` in short: ``読み → Fargate``
        head, arrow, target = reason.partition(" → ")
        if arrow:
            candidates.append([short, f"{head.split(':')[0]} → {target}"])
    for pieces in candidates:
        text = " · ".join(pieces)
        if cell_len(text) <= room:
            return text
    if cell_len(count) <= room:
        return count
    if cell_len(short) <= room or found.words <= 1:
        return short
    complete = found.shown if found.complete < 0 else min(found.complete, found.shown)
    # notes holding all / found
    return _("{complete}/{shown} found").format(
        complete=complete, shown=f"{found.shown}{'+' if found.more else ''}"
    )


def empty_status(suggestion: str | None, room: int = 1000) -> str:
    """The status when nothing was found."""
    none = ngettext("{count} note", "{count} notes", 0).format(count=0)
    if not suggestion:
        return none
    return _did_you_mean(suggestion, none, room)


def nothing_found(query: str, suggestion: str | None, closest: list[str]) -> str:
    """The note pane's text when nothing matched: what to try instead."""
    lines = [_("No notes match “{query}”.").format(query=query)]
    if suggestion:
        lines.append(_("Did you mean: {suggestion}").format(suggestion=suggestion))
    if closest:
        lines.append(_("Closest titles: {titles}").format(titles=" / ".join(closest)))
    if not suggestion and not closest:
        lines.append(_("Try other words, or kana or romaji."))
    return "\n".join(lines)
