"""The status line while searching, as a pure function of what the search found.

Kept apart from the screen so that it is plain text in, plain text out (tested without an
app). What it says, most important first, so that a narrow status line keeps the start:
"did you mean", how many notes were found (and whether they hold every word of the query or
only some: ``全語一致 2 件 · 一部 5 件``), then for the note shown why it matched (when its
text does not show the words typed) or its number of matches, and ``n/N``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len


@dataclass(frozen=True)
class Found:
    """What a search found, as the status line tells it."""

    shown: int
    """Notes listed (at most the tree's limit)."""
    more: bool
    """More notes were found than are listed."""
    words: int = 1
    """Things the query asks for."""
    complete: int = -1
    """Listed notes that hold every word (-1: all of them)."""

    def count(self, short: bool = False) -> str:
        """``12 件``, or with several words ``全語一致 2 件 · 一部 5 件`` (`short`:
        ``全語 2 · 一部 5 件``)."""
        plus = "+" if self.more else ""
        complete = self.shown if self.complete < 0 else min(self.complete, self.shown)
        every, some = ("全語", "一部") if short else ("全語一致", "一部一致")
        if self.words <= 1:
            return f"{self.shown}{plus} 件"
        if complete == self.shown:
            return f"{every} {self.shown}{plus} 件"
        if complete == 0:
            return f"{some} {self.shown}{plus} 件"
        if short:
            return f"{every} {complete} · 一部 {self.shown - complete}{plus} 件"
        return f"{every} {complete} 件 · 一部 {self.shown - complete}{plus} 件"


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
    count = found.count()
    if suggestion:
        text = f"もしかして {suggestion}? · {count}"
        return text if cell_len(text) <= room else f"{suggestion}? · {count}"
    about: list[str] = []
    if reason:
        about.append(reason)
    if matches or more_matches:
        plural = "match" if matches == 1 and not more_matches else "matches"
        about.append(f"{matches}{'+' if more_matches else ''} {plural}")
        about.append("n/N")
    # The whole of it; else without n/N; else the count in short with what it found; else
    # the count alone.
    candidates = [[count, *about], [count, *about[:-1]], [found.count(short=True), *about[:-1]]]
    candidates.append([found.count(short=True), *about[:1]])
    if reason:  # ``読み: ファーゲート → Fargate`` in short: ``読み → Fargate``
        head, arrow, target = reason.partition(" → ")
        if arrow:
            candidates.append([found.count(short=True), f"{head.split(':')[0]} → {target}"])
    for pieces in candidates:
        text = " · ".join(pieces)
        if cell_len(text) <= room:
            return text
    if cell_len(count) <= room:
        return count
    short = found.count(short=True)
    if cell_len(short) <= room or found.words <= 1:
        return short
    complete = found.shown if found.complete < 0 else min(found.complete, found.shown)
    return f"{complete}/{found.shown}{'+' if found.more else ''} 件"  # notes holding all / found


def empty_status(suggestion: str | None, room: int = 1000) -> str:
    """The status when nothing was found."""
    if not suggestion:
        return "0 件"
    text = f"もしかして {suggestion}? · 0 件"
    return text if cell_len(text) <= room else f"{suggestion}? · 0 件"
