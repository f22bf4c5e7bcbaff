"""The status line while searching, as a pure function of what the search found.

Kept apart from the screen so that it is plain text in, plain text out (tested without an
app). What it says, most important first, so that a narrow status line keeps the start:
"did you mean", how many notes were found (and whether they hold every word of the query or
only some: ``全語一致 2 件 · 一部 5 件``), then for the note shown why it matched (when its
text does not show the words typed) or its number of matches, and ``n/N``.
"""

from __future__ import annotations

from rich.cells import cell_len

from tui.search.session import Found


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


def nothing_found(query: str, suggestion: str | None, closest: list[str]) -> str:
    """The note pane's text when nothing matched: what to try instead."""
    lines = [f"「{query}」に一致するノートはありません。"]
    if suggestion:
        lines.append(f"もしかして (did you mean): {suggestion}")
    if closest:
        lines.append("近いタイトル (closest titles): " + " / ".join(closest))
    if not suggestion and not closest:
        lines.append(
            "別の言葉やひらがな・ローマ字でも検索できます (try other words, kana or romaji)."
        )
    return "\n".join(lines)
